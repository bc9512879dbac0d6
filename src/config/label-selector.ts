import {quoteText} from '../krm/quote-text.js';

/** One requirement of a Kubernetes label selector: `key op values`. */
export interface Requirement {
	key: string;
	operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
	values: string[];
}

/** A selector string the parser could not read, with what it expected. */
export class SelectorSyntaxError extends Error {}

/**
 * Parses the Kubernetes selector syntax that kubectl `-l` and kustomize `labelSelector` take:
 * `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`, joined by commas.
 */
export function parseSelector(source: string): Requirement[] {
	const requirements: Requirement[] = [];
	for (const part of splitTopLevel(source)) {
		const text = part.trim();
		let match: RegExpMatchArray | null;
		if ((match = text.match(/^!\s*([^\s!=(),]+)$/))) {
			requirements.push({key: match[1]!, operator: 'DoesNotExist', values: []});
		} else if ((match = text.match(/^([^\s!=(),]+)\s*(==|=|!=)\s*([^\s!=(),]*)$/))) {
			requirements.push({key: match[1]!, operator: match[2] === '!=' ? 'NotIn' : 'In', values: [match[3]!]});
		} else if ((match = text.match(/^([^\s!=(),]+)\s+(in|notin)\s*\(([^()]*)\)$/))) {
			const values = match[3]!.split(',').map(value => value.trim());
			if (values.includes('')) {
				throw new SelectorSyntaxError(
					values.length === 1
						? `cannot read ${quoteText(text)}: \`${match[2]}\` needs at least one value in the parentheses`
						: `cannot read ${quoteText(text)}: a value between commas is empty`,
				);
			}
			requirements.push({key: match[1]!, operator: match[2] === 'in' ? 'In' : 'NotIn', values});
		} else if ((match = text.match(/^([^\s!=(),]+)$/))) {
			requirements.push({key: match[1]!, operator: 'Exists', values: []});
		} else {
			throw new SelectorSyntaxError(
				`cannot read ${quoteText(text)}: expected key=value, key!=value, key in (a,b), key notin (a,b), key or !key`,
			);
		}
		checkRequirement(requirements.at(-1)!);
	}
	return requirements;
}

// Kubernetes label syntax: a key is an optional DNS subdomain and `/`, then a name; a value is a
// name or empty. Lengths are checked first, so the patterns never run over long text.
const dnsSubdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const labelName = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const nameRule = 'at most 63 letters, digits, `-`, `_` or `.`, beginning and ending with a letter or digit';

/** Refuses keys and values that Kubernetes (and so kubectl and kustomize) would refuse. */
function checkRequirement({key, values}: Requirement): void {
	const slash = key.indexOf('/');
	const [prefix, name] = slash === -1 ? [undefined, key] : [key.slice(0, slash), key.slice(slash + 1)];
	const prefixOk = prefix === undefined || (prefix.length <= 253 && dnsSubdomain.test(prefix));
	if (!prefixOk || name.length > 63 || !labelName.test(name)) {
		throw new SelectorSyntaxError(
			`has the key ${quoteText(key)}, which is not a valid label key: an optional DNS subdomain prefix and \`/\`, then a name of ${nameRule}`,
		);
	}
	for (const value of values) {
		if (value !== '' && (value.length > 63 || !labelName.test(value)))
			throw new SelectorSyntaxError(`has the value ${quoteText(value)}, which is not a valid label value: ${nameRule}, or empty`);
	}
}

export function matches(requirements: readonly Requirement[], labels: Record<string, string>): boolean {
	return requirements.every(({key, operator, values}) => {
		const has = Object.hasOwn(labels, key);
		switch (operator) {
			case 'Exists':
				return has;
			case 'DoesNotExist':
				return !has;
			case 'In':
				return has && values.includes(labels[key]!);
			case 'NotIn':
				return !has || !values.includes(labels[key]!);
		}
	});
}

function splitTopLevel(source: string): string[] {
	const parts: string[] = [];
	let depth = 0;
	let current = '';
	for (const char of source) {
		if (char === '(') depth++;
		if (char === ')') depth--;
		if (char === ',' && depth === 0) {
			parts.push(current);
			current = '';
		} else current += char;
	}
	parts.push(current);
	return parts;
}
