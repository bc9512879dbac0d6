import type {Pod} from './pods.js';

// The same few keys are asked of every pod and Service, for each prefix and each reading of the
// package; a run's distinct keys are bounded by its input.
const sanitized = new Map<string, string>();

/** Prometheus' label-name sanitising: discovery exposes `prometheus.io/port` as `..._annotation_prometheus_io_port`. */
export function sanitize(name: string): string {
	let label = sanitized.get(name);
	if (label === undefined) sanitized.set(name, (label = name.replace(/[^a-zA-Z0-9_]/g, '_')));
	return label;
}

/**
 * Annotations as the chart's relabel rules read them: by sanitised name, so `prometheus.io/scrape-slow`
 * and `prometheus.io/scrape_slow` are one key (when both are set Prometheus keeps one of them; here the later).
 */
export function sanitizedAnnotations(annotations: Record<string, string>): Map<string, string> {
	return new Map(Object.entries(annotations).map(([key, value]) => [sanitize(key), value]));
}

const istioStatusPort = '15020';
/** Go's strconv.ParseBool false values: only these turn Istio's behaviour off. */
const parsesFalse = new Set(['0', 'f', 'F', 'false', 'FALSE', 'False']);

/**
 * The pod annotations Prometheus discovers. Istio's sidecar injector rewrites them on the Pod it
 * admits (never on a Service): unless `prometheus.io/scrape` or `prometheus.istio.io/merge-metrics`
 * parses as false, every variant of the scrape, port and path keys is replaced so that Prometheus
 * scrapes the agent's merged metrics at :15020/stats/prometheus. The mesh-wide switch
 * (enablePrometheusMerge) is not in the list; its default, on, is assumed.
 */
export function podAnnotations(pod: Pod): {annotations: Map<string, string>; istioMerged: boolean} {
	const annotations = sanitizedAnnotations(pod.annotations);
	const merge = pod.annotations['prometheus.istio.io/merge-metrics'];
	const scrape = pod.annotations['prometheus.io/scrape'];
	if (!pod.injected || parsesFalse.has(merge ?? '') || parsesFalse.has(scrape ?? '')) return {annotations, istioMerged: false};
	annotations.set('prometheus_io_scrape', 'true');
	annotations.set('prometheus_io_port', istioStatusPort);
	annotations.set('prometheus_io_path', '/stats/prometheus');
	return {annotations, istioMerged: true};
}

/** What the chart's relabel rules make of the annotations; undefined: neither job keeps the target. */
export interface AnnotatedScrape {
	slow: boolean;
	scheme: 'http' | 'https';
	path: string;
	/** `prometheus.io/port` when it is digits: the rules then replace the port of the address. */
	port?: number;
	params: Record<string, string>;
}

/**
 * The chart's rules, in order: keep `scrape == "true"` (the -slow job: `scrape_slow == "true"`,
 * which the main job drops), `__scheme__` only from exactly http or https, `__metrics_path__`
 * from a non-empty path, the port only when all digits, `param_<name>` as query parameters. A
 * Prometheus whose jobs read another prefix (`customized.prometheus`) reads the same keys under it.
 */
export function annotatedScrape(annotations: Map<string, string>, prefix = 'prometheus.io'): AnnotatedScrape | undefined {
	const base = sanitize(prefix);
	const key = (name: string) => `${base}_${name}`;
	const param = key('param_');
	const slow = annotations.get(key('scrape_slow')) === 'true';
	if (!slow && annotations.get(key('scrape')) !== 'true') return undefined;
	const scheme = annotations.get(key('scheme'));
	const path = annotations.get(key('path'));
	const port = annotations.get(key('port'));
	const params: Record<string, string> = {};
	for (const [label, value] of annotations) {
		if (label.startsWith(param) && label.length > param.length) params[label.slice(param.length)] = value;
	}
	return {
		slow,
		scheme: scheme === 'https' ? 'https' : 'http',
		path: path ? path : '/metrics',
		...(port !== undefined && /^\d+$/.test(port) ? {port: Number(port)} : {}),
		params,
	};
}
