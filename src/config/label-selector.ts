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
			requirements.push({key: match[1]!, operator: match[2] === 'in' ? 'In' : 'NotIn', values});
		} else if ((match = text.match(/^([^\s!=(),]+)$/))) {
			requirements.push({key: match[1]!, operator: 'Exists', values: []});
		} else {
			throw new SelectorSyntaxError(
				`cannot read ${JSON.stringify(text)}: expected key=value, key!=value, key in (a,b), key notin (a,b), key or !key`,
			);
		}
	}
	return requirements;
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
