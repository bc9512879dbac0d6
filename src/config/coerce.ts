import {show, type ConfigProblem} from './config.js';
import {schemaAt, type SchemaNode} from './schema-at.js';

/**
 * ConfigMap data (what `kpt fn eval -- k=v` and a Kptfile `configMap:` make) is flat strings. A
 * dotted key reaches one level down (`prober.url`, `selector.labelSelector`,
 * `monitorLabels.release`), and strings become booleans or numbers where the schema's field takes
 * them. The result is a spec for the schema to validate like any other.
 */
export function coerceConfigMap(data: Record<string, unknown>): {spec: Record<string, unknown>; problems: ConfigProblem[]} {
	// Null-prototype maps: a key such as `__proto__.x` stays data and cannot reach Object.prototype.
	const spec: Record<string, unknown> = Object.create(null);
	const problems: ConfigProblem[] = [];
	for (const [key, raw] of Object.entries(data)) {
		if (raw !== null && typeof raw === 'object') {
			problems.push({path: `data.${key}`, message: `\`data.${key}\` must be a string; got ${show(raw)}`});
			continue;
		}
		const text = raw === null ? '' : String(raw);
		const dot = key.indexOf('.');
		if (dot === -1) {
			spec[key] = coerce(text, schemaAt([key]));
		} else {
			const [outer, inner] = [key.slice(0, dot), key.slice(dot + 1)];
			const holder = (spec[outer] ??= Object.create(null)) as Record<string, unknown>;
			if (typeof holder === 'object') holder[inner] = coerce(text, schemaAt([outer, inner]));
		}
	}
	return {spec, problems};
}

function coerce(text: string, field: SchemaNode | undefined): unknown {
	const types = new Set([field?.type, ...(field?.anyOf ?? []).map(branch => branch.type)]);
	if (types.has('boolean') && (text === 'true' || text === 'false')) return text === 'true';
	if (types.has('integer') && /^-?\d+$/.test(text)) return Number(text);
	return text;
}
