import {endpointPath, fieldPath, show, type ConfigProblem, type ResolvedEndpoint, type Spec} from './config.js';
import {durationMs} from './durations.js';

/** The prometheus-community chart's keys, and the default of `annotations`. */
export const chartConvention = 'prometheus.io';
/** Grafana Alloy's annotation autodiscovery (the k8s-monitoring chart's `annotationAutodiscovery`). */
export const grafanaConvention = 'k8s.grafana.com';

/**
 * The chart's jobs: the global scrape_interval of its values (1m), and its -slow jobs, which scrape
 * what `<prefix>/scrape_slow: "true"` marks every 5m with a 30s timeout.
 */
export const chartIntervals = {regular: '1m', slow: '5m', slowTimeout: '30s'} as const;
/**
 * k8s-monitoring's defaults for a target without `metrics.scrapeInterval` or `metrics.scrapeTimeout`.
 * Alloy, like Prometheus, drops a target whose timeout is longer than its interval.
 */
export const alloyDefaults = {interval: '60s', timeout: '10s'} as const;

/** True when the config writes Grafana's keys (annotation mode). */
export function writesGrafana(spec: Pick<Spec, 'annotations' | 'operatorMode'>): boolean {
	return !spec.operatorMode && spec.annotations === grafanaConvention;
}

/**
 * Whether the chart-style keys mark the targets slow: `scrapeSlow`, or else an interval above the
 * chart's regular one (the -slow jobs are the only longer interval the chart has).
 */
export function scrapesSlow(spec: Pick<Spec, 'scrapeSlow'>, endpoint: Pick<ResolvedEndpoint, 'interval'>): boolean {
	if (spec.scrapeSlow !== undefined) return spec.scrapeSlow;
	return endpoint.interval !== undefined && durationMs(endpoint.interval) > durationMs(chartIntervals.regular);
}

// Discovery exposes `<prefix>/param_<name>` as a label name with every character outside
// [a-zA-Z0-9_] turned into `_`, and the relabeling makes `__param_<name>` of what follows; an
// annotation key's name part must also end in a letter or digit and hold at most 63 characters.
const paramName = /^[A-Za-z0-9_]*[A-Za-z0-9]$/;

/**
 * What annotation mode cannot write for the chosen convention: Grafana's keys describe no Ingress
 * and no slow job, and Alloy drops targets whose timeout (given, or its 10s default) is longer than
 * their interval (given, or its 60s default); an annotation holds one value per query parameter,
 * under a name discovery passes on unchanged.
 */
export function conventionProblems(
	spec: Spec,
	endpoints: readonly ResolvedEndpoint[],
	prefix: string,
	bad: ReadonlySet<string>,
): ConfigProblem[] {
	if (spec.operatorMode) return [];
	const problems: ConfigProblem[] = [];
	const at = (...segments: string[]) => fieldPath(prefix, segments);
	const grafana = spec.annotations === grafanaConvention && !bad.has(at('annotations'));
	if (grafana && spec.monitorType === 'ingress')
		problems.push({
			path: at('annotations'),
			message: `\`${at('annotations')}\` is ${show(grafanaConvention)}, whose annotations Alloy reads on Pods and Services only; Ingresses get prometheus.io/probe, or use operatorMode: true for Probes`,
		});
	if (grafana && spec.scrapeSlow !== undefined)
		problems.push({
			path: at('scrapeSlow'),
			message: `\`${at('scrapeSlow')}\` selects the prometheus-community chart's -slow jobs; Alloy has none, and honours \`${at('interval')}\` per target instead, so set that`,
		});
	const endpoint = endpoints[0];
	if (!endpoint) return problems;
	const here = (field: string) =>
		spec.endpoints?.[0]?.[field as 'interval'] === undefined ? at(field) : endpointPath(prefix, spec, 0, field);
	if (grafana && !bad.has(here('interval')) && !bad.has(here('timeout'))) {
		const {interval, timeout} = endpoint;
		if (interval === undefined && timeout !== undefined && durationMs(timeout) > durationMs(alloyDefaults.interval))
			problems.push({
				path: here('timeout'),
				message: `\`${here('timeout')}\` (${show(timeout)}) is longer than the ${alloyDefaults.interval} interval Alloy uses when \`${here('interval')}\` is not set, and Alloy drops such targets; set an interval at least as long`,
			});
		if (interval !== undefined && timeout === undefined && durationMs(interval) < durationMs(alloyDefaults.timeout))
			problems.push({
				path: here('interval'),
				message: `\`${here('interval')}\` (${show(interval)}) is shorter than the ${alloyDefaults.timeout} timeout Alloy uses when \`${here('timeout')}\` is not set, and Alloy drops such targets; set a timeout no longer than the interval`,
			});
	}
	const paramsPath = spec.endpoints?.[0]?.params === undefined ? at('params') : endpointPath(prefix, spec, 0, 'params');
	const keyPart = grafana ? 'metrics.param_' : 'param_';
	for (const [name, values] of Object.entries(endpoint.params ?? {})) {
		const path = fieldPath(paramsPath, [name]);
		if (bad.has(path) || bad.has(paramsPath) || !Array.isArray(values)) continue;
		if (!paramName.test(name) || keyPart.length + name.length > 63)
			problems.push({
				path,
				message: `\`${path}\` names the query parameter ${show(name)}, which annotation discovery cannot pass on: the name becomes part of the annotation key ${keyPart}<name>, so it takes letters, digits and \`_\`, ends in a letter or digit, and has at most ${63 - keyPart.length} characters`,
			});
		if (values.length > 1)
			problems.push({
				path,
				message: `\`${path}\` holds ${values.length} values, but an annotation holds one; give one value, or use operatorMode: true for several`,
			});
	}
	return problems;
}
