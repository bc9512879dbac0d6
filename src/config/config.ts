import type {Endpoint, PrometheusScrapingSpec} from '../generated/config-types.js';
import {maxQuoted, oneLine, quoteText} from '../krm/quote-text.js';
import type {Requirement} from './label-selector.js';
import type {Matcher} from './regex.js';

export const typedApiVersion = 'fn.kpt.dev/v1alpha1';
export const typedKind = 'PrometheusScraping';

/** The spec once the schema's defaults are in (defaults.ts): every v0.1 setting has a value. */
export type Spec = PrometheusScrapingSpec &
	Required<Pick<PrometheusScrapingSpec, 'scheme' | 'path' | 'port' | 'operatorMode' | 'monitorType' | 'annotations'>>;

/** An endpoint with the spec's own port, path, scheme, interval and timeout filled in (the last two only when set). */
export type ResolvedEndpoint = Endpoint & Required<Pick<Endpoint, 'port' | 'path' | 'scheme'>>;

export interface CompiledSelector {
	name?: Matcher;
	namespace?: Matcher;
	labels?: Requirement[];
	annotations?: Requirement[];
	kinds?: ReadonlySet<string>;
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
	/** `prometheusSelector`: the labels the cluster's Prometheus loads monitors by (check mode). */
	prometheusSelector?: Requirement[];
}

/** One thing wrong with the function config, at a field path such as `spec.port` or `data.port`. */
export interface ConfigProblem {
	path: string;
	message: string;
}

export type LoadedConfig = {config: Config; problems?: undefined} | {config?: undefined; problems: ConfigProblem[]};

/** Segments are keys the user wrote, so each is kept to one line and a bounded length. */
export function fieldPath(prefix: string, segments: readonly string[]): string {
	return [prefix, ...segments.map(segment => oneLine(segment, maxSegment))].filter(Boolean).join('.');
}

const maxSegment = 100;

/**
 * The path of an endpoint's setting: under `endpoints.<index>` when the spec lists endpoints,
 * else the spec's own setting, which describes the one endpoint.
 */
export function endpointPath(prefix: string, spec: {endpoints?: unknown}, index: number, ...segments: string[]): string {
	return spec.endpoints ? fieldPath(prefix, ['endpoints', String(index), ...segments]) : fieldPath(prefix, segments);
}

/** A value as it is quoted in a message: JSON, on one line and cut short. */
export function show(value: unknown): string {
	if (value === undefined) return 'nothing';
	if (typeof value === 'string') return quoteText(value);
	return oneLine(JSON.stringify(value) ?? String(value), maxQuoted);
}
