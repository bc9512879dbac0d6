import type {Selector} from '../generated/config-types.js';
import {show, type CompiledSelector, type ConfigProblem} from './config.js';
import {parseSelector, SelectorSyntaxError} from './label-selector.js';

/** A `selector` or `exclude` setting made ready to match: anchored regexes and label requirements. */
export function compileSelector(selector: Selector | undefined, path: string, problems: ConfigProblem[]): CompiledSelector | undefined {
	if (!selector || typeof selector !== 'object') return undefined;
	const compiled: CompiledSelector = {};
	for (const field of ['name', 'namespace'] as const) {
		const source = selector[field];
		if (typeof source !== 'string') continue;
		try {
			compiled[field] = new RegExp(`^(?:${source})$`);
		} catch (error) {
			problems.push({
				path: `${path}.${field}`,
				message: `\`${path}.${field}\` is not a valid regular expression (${(error as Error).message}); got ${show(source)}`,
			});
		}
	}
	for (const [field, key] of [
		['labelSelector', 'labels'],
		['annotationSelector', 'annotations'],
	] as const) {
		const source = selector[field];
		if (typeof source !== 'string') continue;
		try {
			compiled[key] = parseSelector(source);
		} catch (error) {
			if (!(error instanceof SelectorSyntaxError)) throw error;
			problems.push({path: `${path}.${field}`, message: `\`${path}.${field}\` ${error.message}`});
		}
	}
	if (typeof selector.kinds === 'string') compiled.kinds = new Set(selector.kinds.split(','));
	return compiled;
}
