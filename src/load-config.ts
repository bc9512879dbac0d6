import type {Endpoint, PrometheusScrapingSpec, Selector} from './generated/config-types.js';
import {schema} from './generated/schema.js';
import validateSpec from './generated/validate-spec.js';
import {describeErrors, fieldPath, show, type ConfigProblem} from './config-errors.js';
import {durationMs} from './durations.js';
import type {Item} from './item.js';
import {parseSelector, SelectorSyntaxError, type Requirement} from './label-selector.js';
import {introducedIn, supports} from './operator-version.js';

export const typedApiVersion = 'fn.kpt.dev/v1alpha1';
export const typedKind = 'PrometheusScraping';

/** The spec once the schema's defaults are in: every v0.1 setting has a value. */
export type Spec = PrometheusScrapingSpec &
	Required<Pick<PrometheusScrapingSpec, 'scheme' | 'path' | 'port' | 'interval' | 'timeout' | 'operatorMode' | 'monitorType'>>;

/** An endpoint with the spec's own port, path, scheme, interval and timeout filled in. */
export type ResolvedEndpoint = Endpoint & Required<Pick<Endpoint, 'port' | 'path' | 'scheme' | 'interval' | 'timeout'>>;

export interface CompiledSelector {
	name?: RegExp;
	namespace?: RegExp;
	labels?: Requirement[];
	annotations?: Requirement[];
}

export interface Config {
	spec: Spec;
	/** `spec.endpoints`, or the one endpoint the spec's own settings describe. */
	endpoints: ResolvedEndpoint[];
	/** The settings the user gave, as opposed to defaults. */
	explicit: ReadonlySet<string>;
	/** `Kind/name` of the config, written on what it owns so that later runs find it. */
	owner: string;
	/** Where the settings live in the config object: `spec` or `data`, for field paths in results. */
	prefix: string;
	selector?: CompiledSelector;
	exclude?: CompiledSelector;
}

export type LoadedConfig = {config: Config; problems?: undefined} | {config?: undefined; problems: ConfigProblem[]};

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
		return fromConfigMap(data as Record<string, unknown>, owner);
	}
	if (kind === typedKind && apiVersion === typedApiVersion) {
		const value = functionConfig.getValue([]) as Record<string, unknown>;
		const unknown = Object.keys(value).filter(key => !['apiVersion', 'kind', 'metadata', 'spec'].includes(key));
		if (unknown.length > 0) {
			return {
				problems: unknown.map(key => ({
					path: key,
					message: `\`${key}\` is not a field of ${typedKind}; settings go under \`spec\``,
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
				message: `the function config must be a ConfigMap (v1) or a ${typedKind} (${typedApiVersion}); got ${kind || 'no kind'}${apiVersion ? ` (${apiVersion})` : ''}`,
			},
		],
	};
}

/**
 * ConfigMap data is flat strings. A dotted key reaches one level down (`prober.url`,
 * `selector.labelSelector`, `monitorLabels.release`), and strings become booleans or numbers where
 * the schema's field takes them.
 */
function fromConfigMap(data: Record<string, unknown>, owner: string): LoadedConfig {
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
			spec[key] = coerce(text, fieldSchema([key]));
		} else {
			const [outer, inner] = [key.slice(0, dot), key.slice(dot + 1)];
			const holder = (spec[outer] ??= Object.create(null)) as Record<string, unknown>;
			if (typeof holder === 'object') holder[inner] = coerce(text, fieldSchema([outer, inner]));
		}
	}
	if (problems.length > 0) return {problems};
	return validate(spec, 'data', owner);
}

type FieldSchema = {type?: string; anyOf?: FieldSchema[]; $ref?: string; properties?: Record<string, FieldSchema>; additionalProperties?: FieldSchema | boolean};

function fieldSchema(path: readonly string[]): FieldSchema | undefined {
	const definitions = schema.definitions as unknown as Record<string, FieldSchema>;
	const resolve = (node?: FieldSchema) => (node?.$ref ? definitions[node.$ref.replace('#/definitions/', '')] : node);
	let node: FieldSchema | undefined = definitions.PrometheusScrapingSpec;
	for (const key of path) {
		const here = resolve(node);
		node = resolve(here?.properties?.[key] ?? (typeof here?.additionalProperties === 'object' ? here.additionalProperties : undefined));
	}
	return node;
}

function coerce(text: string, field: FieldSchema | undefined): unknown {
	const types = new Set([field?.type, ...(field?.anyOf ?? []).map(branch => branch.type)]);
	if (types.has('boolean') && (text === 'true' || text === 'false')) return text === 'true';
	if (types.has('integer') && /^-?\d+$/.test(text)) return Number(text);
	return text;
}

function validate(spec: Record<string, unknown>, prefix: string, owner: string): LoadedConfig {
	const explicit = new Set(Object.keys(spec));
	// Checks across fields run even when the schema fails elsewhere, so that one run reports every
	// problem; each runs only on values the schema accepted.
	const problems = validateSpec(spec) ? [] : describeErrors(validateSpec.errors ?? [], spec, prefix);
	const bad = new Set(problems.map(problem => problem.path));
	const valid = spec as unknown as Spec;
	const at = (...segments: string[]) => fieldPath(prefix, segments);
	const given: Endpoint[] = Array.isArray(valid.endpoints) ? valid.endpoints.map(endpoint => (endpoint && typeof endpoint === 'object' ? endpoint : {})) : [{}];
	const endpoints = given.map(
		(endpoint): ResolvedEndpoint => ({...endpoint, port: endpoint.port ?? valid.port, path: endpoint.path ?? valid.path, scheme: endpoint.scheme ?? valid.scheme, interval: endpoint.interval ?? valid.interval, timeout: endpoint.timeout ?? valid.timeout}),
	);
	endpoints.forEach((endpoint, index) => {
		// Without spec.endpoints, the endpoint's settings are the spec's own, and so are the paths.
		const here = (...segments: string[]) => (valid.endpoints ? at('endpoints', String(index), ...segments) : at(...segments));
		const inherited = (field: 'interval' | 'timeout') => (valid.endpoints?.[index]?.[field] === undefined ? at(field) : here(field));
		const intervalPath = inherited('interval');
		const timeoutPath = inherited('timeout');
		if (bad.has(intervalPath) || bad.has(timeoutPath)) return;
		if (durationMs(endpoint.interval) === 0) {
			problems.push({path: intervalPath, message: `\`${intervalPath}\` must be longer than zero; got ${show(endpoint.interval)}`});
		} else if (durationMs(endpoint.timeout) > durationMs(endpoint.interval)) {
			problems.push({
				path: timeoutPath,
				message: `\`${timeoutPath}\` (${show(endpoint.timeout)}) must not be longer than \`${intervalPath}\` (${show(endpoint.interval)}); prometheus-operator rejects such monitors`,
			});
		}
		const auths = (['basicAuth', 'authorization', 'oauth2'] as const).filter(field => endpoint[field] !== undefined);
		if (auths.length > 1) {
			problems.push({path: here(auths[1]!), message: `\`${here()}\` sets ${auths.join(' and ')}: an endpoint authenticates one way, so keep only one`});
		}
		const tls = endpoint.tls;
		if (tls && typeof tls === 'object') {
			const files = (['caFile', 'certFile', 'keyFile'] as const).filter(field => tls[field] !== undefined);
			if (files.length > 0 && valid.monitorType !== 'service') {
				problems.push({
					path: here('tls', files[0]!),
					message: `\`${here('tls', files[0]!)}\` is a file in the Prometheus pod, which only a ServiceMonitor may name (monitorType service); a ${valid.monitorType === 'pod' ? 'PodMonitor' : 'Probe'} takes ca, cert and keySecret from Secrets or ConfigMaps, or a scrapeClass can supply files`,
				});
			}
			for (const [file, ref] of [['caFile', 'ca'], ['certFile', 'cert'], ['keyFile', 'keySecret']] as const) {
				if (tls[file] !== undefined && tls[ref] !== undefined) problems.push({path: here('tls', file), message: `\`${here('tls')}\` sets both ${file} and ${ref}; give one`});
			}
			const hasCert = tls.cert !== undefined || tls.certFile !== undefined;
			const hasKey = tls.keySecret !== undefined || tls.keyFile !== undefined;
			if (hasCert !== hasKey) problems.push({path: here('tls'), message: `\`${here('tls')}\` needs a client certificate and its key together (cert or certFile with keySecret or keyFile)`});
		}
		if (valid.monitorType === 'ingress') {
			for (const field of ['honorLabels', 'honorTimestamps'] as const) {
				if (endpoint[field] !== undefined) problems.push({path: here(field), message: `\`${here(field)}\` has no place in a Probe (monitorType ingress)`});
			}
		}
	});
	if (valid.monitorType === 'ingress' && endpoints.length > 1) {
		problems.push({path: at('endpoints'), message: `\`${at('endpoints')}\` may hold one endpoint for monitorType ingress: a Probe has one prober`});
	}
	if (!valid.operatorMode && endpoints.length > 1) {
		problems.push({path: at('endpoints'), message: `\`${at('endpoints')}\` holds ${endpoints.length} endpoints, but prometheus.io annotations describe one port; use operatorMode: true for several`});
	}
	for (const field of ['jobLabel', 'targetLabels', 'podTargetLabels'] as const) {
		const allowed = field === 'targetLabels' ? valid.monitorType === 'service' : valid.monitorType !== 'ingress';
		if (valid[field] !== undefined && !allowed) {
			problems.push({path: at(field), message: `\`${at(field)}\` has no place in a ${{pod: 'PodMonitor', service: 'ServiceMonitor', ingress: 'Probe'}[valid.monitorType] ?? 'monitor'} (monitorType ${valid.monitorType})`});
		}
	}
	const version = typeof valid.operatorVersion === 'string' && !bad.has(at('operatorVersion')) ? valid.operatorVersion : undefined;
	if (!supports(version, introducedIn.minimumSupported)) {
		problems.push({path: at('operatorVersion'), message: `\`${at('operatorVersion')}\` is ${show(version)}; the function supports prometheus-operator v${introducedIn.minimumSupported} and later`});
	}
	for (const field of ['scrapeClass', 'fallbackScrapeProtocol'] as const) {
		if (valid[field] !== undefined && !supports(version, introducedIn[field])) {
			problems.push({path: at(field), message: `\`${at(field)}\` needs prometheus-operator v${introducedIn[field]} or later, and \`${at('operatorVersion')}\` is ${show(version)}`});
		}
	}
	if (valid.operatorMode === true && valid.monitorType === 'ingress' && typeof valid.prober?.url !== 'string') {
		problems.push({
			path: at('prober', 'url'),
			message: `\`${at('prober', 'url')}\` is required for monitorType ingress in operator mode: a Probe asks a prober (a blackbox exporter) to fetch each Ingress URL, so give the exporter's address as host:port, for example blackbox-exporter.monitoring.svc:9115`,
		});
	}
	const selector = compileSelector(valid.selector, at('selector'), problems);
	const exclude = compileSelector(valid.exclude, at('exclude'), problems);
	if (problems.length > 0) return {problems};
	return {config: {spec: valid, endpoints, explicit, owner, prefix, selector, exclude}};
}

function compileSelector(selector: Selector | undefined, path: string, problems: ConfigProblem[]): CompiledSelector | undefined {
	if (!selector || typeof selector !== 'object') return undefined;
	const compiled: CompiledSelector = {};
	for (const field of ['name', 'namespace'] as const) {
		const source = selector[field];
		if (typeof source !== 'string') continue;
		try {
			compiled[field] = new RegExp(`^(?:${source})$`);
		} catch (error) {
			problems.push({path: `${path}.${field}`, message: `\`${path}.${field}\` is not a valid regular expression (${(error as Error).message}); got ${show(source)}`});
		}
	}
	for (const [field, key] of [['labelSelector', 'labels'], ['annotationSelector', 'annotations']] as const) {
		const source = selector[field];
		if (typeof source !== 'string') continue;
		try {
			compiled[key] = parseSelector(source);
		} catch (error) {
			if (!(error instanceof SelectorSyntaxError)) throw error;
			problems.push({path: `${path}.${field}`, message: `\`${path}.${field}\` ${error.message}`});
		}
	}
	return compiled;
}
