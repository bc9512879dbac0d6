import {compileRegex, type Matcher} from '../../config/regex.js';
import {isObject} from './pods.js';

/**
 * What a monitor's own relabelings do to one discovery target: keep it (true), drop it (false), or
 * a reason the model does not follow them: a rule that rewrites where or how Prometheus scrapes
 * (`__address__`, `__scheme__`, `__metrics_path__`, parameters), or reads a label whose value the
 * model does not know (the pod IP, the node, a label an earlier rewrite made).
 */
export type Relabeled = boolean | string;

/** Labels that decide what is scraped: a rule that writes one changes the scrape, which the model does not follow. */
const scrapeLabel = /^__(address|scheme|metrics_path|scrape_interval|scrape_timeout)__$|^__param_/;
/** Discovery labels set only when the object has that label or annotation: absent means empty. */
const presence = /^__meta_kubernetes_(pod|service|ingress)_(label|labelpresent|annotation|annotationpresent)_/;

interface Rule {
	action: string;
	sources: string[];
	separator: string;
	regex: Matcher | string;
	target: string;
	replacement: string;
}

function rule(value: unknown): Rule {
	const fields = isObject(value) ? value : {};
	const regex = typeof fields.regex === 'string' ? fields.regex : '(.*)';
	return {
		action: typeof fields.action === 'string' ? fields.action.toLowerCase() : 'replace',
		sources: Array.isArray(fields.sourceLabels) ? fields.sourceLabels.map(String) : [],
		separator: typeof fields.separator === 'string' ? fields.separator : ';',
		regex: compileRegex(regex),
		target: typeof fields.targetLabel === 'string' ? fields.targetLabel : '',
		replacement: typeof fields.replacement === 'string' ? fields.replacement : '$1',
	};
}

/**
 * The relabelings of one endpoint, compiled once, as a function of a target's labels (discovery's
 * and those the operator's own rules set before the user's). Keep and drop rules, and keepequal
 * and dropequal, are followed; a rule that only writes target labels is harmless until a later
 * rule reads what it wrote.
 */
export function relabeling(rules: unknown): (labels: Readonly<Record<string, string>>) => Relabeled {
	const compiled = Array.isArray(rules) ? rules.map(rule) : [];
	if (compiled.length === 0) return () => true;
	return labels => {
		// Labels an earlier rule wrote or dropped: their values are not followed.
		const rewritten = new Set<string>();
		let everything = false;
		const read = (name: string): string | undefined => {
			if (rewritten.has(name) || (everything && !name.startsWith('__meta_'))) return undefined;
			if (Object.hasOwn(labels, name)) return labels[name];
			return presence.test(name) || name.startsWith('__tmp') ? '' : undefined;
		};
		for (const [index, {action, sources, separator, regex, target, replacement}] of compiled.entries()) {
			const where = `relabeling ${index}`;
			if (['keep', 'drop', 'keepequal', 'dropequal'].includes(action)) {
				const values = sources.map(read);
				const unknown = sources.find((_, i) => values[i] === undefined);
				if (unknown !== undefined) return `${where} reads ${unknown}, whose value the model does not know`;
				const value = values.join(separator);
				let matched: boolean;
				if (action === 'keep' || action === 'drop') {
					if (typeof regex === 'string') return `${where} has a regex that ${regex}`;
					matched = regex.test(value);
				} else {
					const other = read(target);
					if (other === undefined) return `${where} reads ${target}, whose value the model does not know`;
					matched = value === other;
				}
				if (matched !== (action === 'keep' || action === 'keepequal')) return false;
				continue;
			}
			if (action === 'labelmap' || action === 'labeldrop' || action === 'labelkeep') {
				if (action === 'labelmap' && replacement.startsWith('__'))
					return `${where} (labelmap) writes labels named ${replacement}, which may change what is scraped`;
				everything = true;
				continue;
			}
			if (scrapeLabel.test(target)) return `${where} (${action}) writes ${target}, which changes what is scraped`;
			rewritten.add(target);
		}
		return true;
	};
}
