import {schema} from '../generated/schema.js';

export type SchemaNode = {
	type?: string;
	description?: string;
	default?: unknown;
	enum?: unknown[];
	anyOf?: SchemaNode[];
	$ref?: string;
	properties?: Record<string, SchemaNode>;
	additionalProperties?: SchemaNode | boolean;
};

const definitions = schema.definitions as unknown as Record<string, SchemaNode>;

/** A schema node with its `$ref` followed into the definitions. */
export function resolve(node: SchemaNode | undefined): SchemaNode | undefined {
	return node?.$ref ? definitions[node.$ref.replace('#/definitions/', '')] : node;
}

/** The spec's own schema. */
export const specSchema = definitions.PrometheusScrapingSpec!;

/**
 * The schema of the spec field at `path`: a named property, or else the map's schema for its
 * values (`monitorLabels.release`).
 */
export function schemaAt(path: readonly string[]): SchemaNode | undefined {
	let node: SchemaNode | undefined = specSchema;
	for (const key of path) {
		const here = resolve(node);
		node = resolve(here?.properties?.[key] ?? (typeof here?.additionalProperties === 'object' ? here.additionalProperties : undefined));
	}
	return node;
}
