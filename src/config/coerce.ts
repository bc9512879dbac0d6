import {fieldPath, show, type ConfigProblem} from './config.js';
import {schemaAt, type SchemaNode} from './schema-at.js';

/**
 * ConfigMap data (what `kpt fn eval -- k=v` and a Kptfile `configMap:` make) is flat strings. A
 * dotted key reaches one level down (`prober.url`, `selector.labelSelector`,
 * `monitorLabels.release`, `params.module`), and strings become booleans, numbers or one-value lists
 * where the schema's field takes them. The result is a spec for the schema to validate like any other.
 */
export function coerceConfigMap(data: Record<string, unknown>): {spec: Record<string, unknown>; problems: ConfigProblem[]} {
	// Null-prototype maps: a key such as `__proto__.x` stays data and cannot reach Object.prototype.
	const spec: Record<string, unknown> = Object.create(null);
	const problems: ConfigProblem[] = [];
	for (const [key, raw] of Object.entries(data)) {
		const at = fieldPath('data', [key]);
		if (raw !== null && typeof raw === 'object') {
			problems.push({path: at, message: `\`${at}\` must be a string; got ${show(raw)}`});
			continue;
		}
		const text = raw === null ? '' : String(raw);
		const dot = key.indexOf('.');
		const path = dot === -1 ? [key] : [key.slice(0, dot), key.slice(dot + 1)];
		const field = schemaAt(path);
		if (
			field &&
			(typeof raw === 'number' || typeof raw === 'boolean') &&
			!typesOf(field).has(typeof raw === 'number' ? 'integer' : 'boolean')
		) {
			// YAML has already turned `1.10` into 1.1: what was written is gone, so ask for quotes.
			problems.push({
				path: at,
				message: `\`${at}\` must be a string; got ${show(raw)}: write the value in quotes so that YAML keeps it as text`,
			});
			continue;
		}
		if (path.length === 1) {
			spec[key] = coerce(text, field);
		} else {
			const holder = (spec[path[0]!] ??= Object.create(null)) as Record<string, unknown>;
			if (typeof holder === 'object') holder[path[1]!] = coerce(text, field, true);
		}
	}
	return {spec, problems};
}

function typesOf(field: SchemaNode | undefined): Set<string | undefined> {
	return new Set([field?.type, ...(field?.anyOf ?? []).map(branch => branch.type)]);
}

function coerce(text: string, field: SchemaNode | undefined, nested = false): unknown {
	const types = typesOf(field);
	// `params.module=http_2xx`: a map's value that is a list of strings takes the one value given.
	if (nested && types.has('array')) return [text];
	if (types.has('boolean') && (text === 'true' || text === 'false')) return text === 'true';
	if (types.has('integer') && /^-?\d+$/.test(text)) return Number(text);
	return text;
}
