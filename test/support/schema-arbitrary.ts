import fc from 'fast-check';
import {schema} from '../../src/generated/schema.js';

type Schema = {
	$ref?: string;
	type?: string;
	enum?: readonly unknown[];
	anyOf?: readonly Schema[];
	not?: Schema;
	pattern?: string;
	minLength?: number;
	minimum?: number;
	maximum?: number;
	items?: Schema;
	minItems?: number;
	properties?: Record<string, Schema>;
	required?: readonly string[];
	additionalProperties?: Schema | boolean;
	propertyNames?: Schema;
	maxProperties?: number;
};

const definitions = schema.definitions as unknown as Record<string, Schema>;

/**
 * Values for the schema's patterns. Regular expressions cannot be inverted in general, so each
 * pattern the schema uses has a few valid samples here; a pattern without samples fails loudly,
 * which keeps this generator in step with the schema.
 */
const patternSamples: Record<string, readonly string[]> = {
	'^/': ['/metrics', '/actuator/prometheus', '/probe', '/a/b'],
	'^[A-Z][A-Za-z]*(,[A-Z][A-Za-z]*)*$': ['Deployment', 'StatefulSet,DaemonSet', 'Job,CronJob', 'Service', 'Ingress', 'Unknown'],
	[definitions.PrometheusScrapingSpec!.properties!.interval!.pattern!]: ['1s', '5s', '15s', '30s', '1m', '1m30s', '500ms', '2h', '0'],
	'^(?=.{1,15}$)(?!.*--)[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$': ['metrics', 'http', 'http-metrics', 'nope'],
	[definitions.PrometheusScrapingSpec!.properties!.monitorLabels!.propertyNames!.pattern!]: [
		'release',
		'app.kubernetes.io/part-of',
		'team',
	],
	[(definitions.PrometheusScrapingSpec!.properties!.monitorLabels!.additionalProperties as Schema).pattern!]: [
		'kube-prometheus-stack',
		'a',
		'',
		'x.y_z',
	],
	'^[^:/\\s]+(:[0-9]{1,5})?$': ['blackbox:9115', 'blackbox-exporter.monitoring.svc:9115', 'prober'],
	'^[a-zA-Z_][a-zA-Z0-9_]*$': ['__name__', 'job', 'instance', '__meta_kubernetes_pod_name'],
	'^(http|https)://.+$': ['https://auth.example.com/token', 'http://idp/token'],
	'^v?[0-9]+\\.[0-9]+\\.[0-9]+$': ['v0.93.0', '0.79.0', 'v0.75.0', 'v0.72.0', 'v0.50.0'],
	[definitions.PrometheusScrapingSpec!.properties!.annotations!.pattern!]: [
		'prometheus.io',
		'k8s.grafana.com',
		'customized.prometheus',
		'a',
	],
};

/** Ports the test package declares, so that most generated configs resolve. */
const portSamples = fc.constantFrom<number | string>(9100, 8080, 9102, 'metrics', 'http', 7777);

function resolve(node: Schema): Schema {
	return node.$ref ? definitions[node.$ref.replace('#/definitions/', '')]! : node;
}

/** A fast-check arbitrary for values valid under `node` (the subset of JSON Schema ours uses). */
export function arbitraryFor(node: Schema, name = ''): fc.Arbitrary<unknown> {
	node = resolve(node);
	if (name === 'port') return portSamples;
	if (node.enum) return fc.constantFrom(...node.enum);
	if (node.anyOf) return fc.oneof(...node.anyOf.map(branch => arbitraryFor(branch)));
	switch (node.type) {
		case 'boolean':
			return fc.boolean();
		case 'integer':
			return fc.integer({min: node.minimum ?? 0, max: node.maximum ?? 100_000});
		case 'string': {
			if (node.pattern) {
				const samples = patternSamples[node.pattern];
				if (!samples) throw new Error(`no samples for the schema pattern ${node.pattern}`);
				return fc.constantFrom(...samples);
			}
			const strings = fc.constantFrom('a', 'web', 'Bearer', 'token', 'ca.crt', '/etc/prom/ca.pem', 'x y');
			return node.not ? strings.filter(value => !new RegExp(node.not!.pattern!).test(value)) : strings;
		}
		case 'array':
			return fc.array(arbitraryFor(node.items!, name), {minLength: node.minItems ?? 0, maxLength: 3});
		case 'object': {
			if (node.properties && node.maxProperties === 1) {
				return fc.oneof(...Object.entries(node.properties).map(([key, value]) => arbitraryFor(value, key).map(inner => ({[key]: inner}))));
			}
			if (node.properties) {
				const shape = Object.fromEntries(Object.entries(node.properties).map(([key, value]) => [key, arbitraryFor(value, key)]));
				const required = [...(node.required ?? [])];
				// Wide objects (the spec, an endpoint) get a few settings at a time: all of them at once
				// nearly always trip some rule across fields, and nothing would get past validation.
				const optional = Object.keys(shape).filter(key => !required.includes(key));
				if (optional.length > 6) {
					return fc
						.subarray(optional, {maxLength: 4})
						.chain(keys => fc.record(Object.fromEntries([...required, ...keys].map(key => [key, shape[key]!]))));
				}
				return fc.record(shape, {requiredKeys: required as never[]});
			}
			if (typeof node.additionalProperties === 'object') {
				const keys = node.propertyNames ? arbitraryFor({type: 'string', ...node.propertyNames}) : fc.constantFrom('a', 'b', 'module');
				return fc.dictionary(keys as fc.Arbitrary<string>, arbitraryFor(node.additionalProperties), {maxKeys: 2});
			}
			return fc.constant({});
		}
	}
	throw new Error(`no arbitrary for the schema node ${JSON.stringify(node).slice(0, 80)}`);
}

/** Random specs the schema accepts, sparse at the top so that each run exercises a few settings. */
export const specArbitrary = arbitraryFor(definitions.PrometheusScrapingSpec!) as fc.Arbitrary<Record<string, unknown>>;
