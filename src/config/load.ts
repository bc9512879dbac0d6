import type {Item} from '../krm/item.js';
import {coerceConfigMap} from './coerce.js';
import {quoteText} from '../krm/quote-text.js';
import {fieldPath, show, typedApiVersion, typedKind, type LoadedConfig} from './config.js';
import {validate} from './validate.js';

/**
 * Reads the function config: none at all, a ConfigMap (what `kpt fn eval -- k=v` and a Kptfile
 * `configMap:` make, all strings), or the typed PrometheusScraping. Both forms go through the one
 * schema; ConfigMap strings are first turned into the types the schema asks for.
 */
export function loadConfig(functionConfig: Item | undefined): LoadedConfig {
	if (!functionConfig) return validate({}, 'spec', `${typedKind}/defaults`);
	const {apiVersion, kind} = functionConfig;
	const owner = `${kind}/${functionConfig.name}`;
	if (kind === 'ConfigMap' && (apiVersion === 'v1' || apiVersion === '')) {
		const data = functionConfig.getValue(['data']);
		if (data === undefined || data === null) return validate({}, 'data', owner);
		if (typeof data !== 'object' || Array.isArray(data)) {
			return {problems: [{path: 'data', message: `the ConfigMap's \`data\` must be a map of strings; got ${show(data)}`}]};
		}
		const {spec, problems} = coerceConfigMap(data as Record<string, unknown>);
		return problems.length > 0 ? {problems} : validate(spec, 'data', owner);
	}
	if (kind === typedKind && apiVersion === typedApiVersion) {
		const value = functionConfig.getValue([]) as Record<string, unknown>;
		const unknown = Object.keys(value).filter(key => !['apiVersion', 'kind', 'metadata', 'spec'].includes(key));
		if (unknown.length > 0) {
			return {
				problems: unknown.map(key => ({
					path: fieldPath('', [key]),
					message: `\`${fieldPath('', [key])}\` is not a field of ${typedKind}; settings go under \`spec\``,
				})),
			};
		}
		const spec = value.spec ?? {};
		if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
			return {problems: [{path: 'spec', message: `\`spec\` must be a map of settings; got ${show(spec)}`}]};
		}
		return validate(spec as Record<string, unknown>, 'spec', owner);
	}
	return {
		problems: [
			{
				path: 'kind',
				message: `the function config must be a ConfigMap (v1) or a ${typedKind} (${typedApiVersion}); got ${kind ? quoteText(kind) : 'no kind'}${apiVersion ? ` (${quoteText(apiVersion)})` : ''}`,
			},
		],
	};
}
