import type {Selector} from '../generated/config-types.js';
import {show, type CompiledSelector, type ConfigProblem} from './config.js';
import {parseSelector, SelectorSyntaxError, type Requirement} from './label-selector.js';
import {compileRegex} from './regex.js';

/** A `selector` or `exclude` setting made ready to match: whole-string regexes and label requirements. */
export function compileSelector(selector: Selector | undefined, path: string, problems: ConfigProblem[]): CompiledSelector | undefined {
	if (!selector || typeof selector !== 'object') return undefined;
	const compiled: CompiledSelector = {};
	for (const field of ['name', 'namespace'] as const) {
		const source = selector[field];
		if (typeof source !== 'string') continue;
		const matcher = compileRegex(source);
		if (typeof matcher === 'string')
			problems.push({path: `${path}.${field}`, message: `\`${path}.${field}\` ${matcher}; got ${show(source)}`});
		else compiled[field] = matcher;
	}
	for (const [field, key] of [
		['labelSelector', 'labels'],
		['annotationSelector', 'annotations'],
	] as const) {
		const requirements = compileLabelSelector(selector[field], `${path}.${field}`, problems);
		if (requirements) compiled[key] = requirements;
	}
	if (typeof selector.kinds === 'string') compiled.kinds = new Set(selector.kinds.split(','));
	return compiled;
}

/** A setting in kubectl label-selector syntax as requirements; a problem at `path` when it cannot be read. */
export function compileLabelSelector(source: unknown, path: string, problems: ConfigProblem[]): Requirement[] | undefined {
	if (typeof source !== 'string') return undefined;
	try {
		return parseSelector(source);
	} catch (error) {
		if (!(error instanceof SelectorSyntaxError)) throw error;
		problems.push({path, message: `\`${path}\` ${error.message}`});
		return undefined;
	}
}
