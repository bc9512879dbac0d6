import type {Endpoint} from '../generated/config-types.js';
import type {ResolvedEndpoint, Spec} from './config.js';
import {resolve, specSchema, type SchemaNode} from './schema-at.js';

/**
 * The one place defaults are applied. First the schema's own `default`s, into the settings the
 * user left out, at every level the user's settings reach (`prober.module` when a prober is
 * given); the validator is generated without ajv's useDefaults, so nothing else fills them in.
 */
export function applySchemaDefaults(spec: Record<string, unknown>, node: SchemaNode = specSchema): void {
	for (const [key, field] of Object.entries(resolve(node)?.properties ?? {})) {
		const value = spec[key];
		const schema = resolve(field);
		if (value === undefined && schema && 'default' in schema) spec[key] = structuredClone(schema.default);
		else if (value && typeof value === 'object' && !Array.isArray(value) && schema?.properties)
			applySchemaDefaults(value as Record<string, unknown>, schema);
	}
}

/**
 * Then the endpoints: each one takes the spec's port, path, scheme, interval, timeout and params where it
 * sets none. Without `endpoints`, the spec's own settings describe the one endpoint.
 */
export function resolveEndpoints(spec: Spec): ResolvedEndpoint[] {
	const given: Endpoint[] = Array.isArray(spec.endpoints)
		? spec.endpoints.map(endpoint => (endpoint && typeof endpoint === 'object' ? endpoint : {}))
		: [{}];
	return given.map(endpoint => ({
		...endpoint,
		port: endpoint.port ?? spec.port,
		path: endpoint.path ?? spec.path,
		scheme: endpoint.scheme ?? spec.scheme,
		interval: endpoint.interval ?? spec.interval,
		timeout: endpoint.timeout ?? spec.timeout,
		params: endpoint.params ?? spec.params,
	}));
}
