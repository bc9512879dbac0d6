import type {ConfigProblem} from '../../config/config.js';
import {proberUrlProblems, relabelProblems, tlsProblems, type Gate} from '../../config/operator-rules.js';
import {introducedIn} from '../../config/operator-version.js';
import type {Item} from '../../krm/item.js';
import {itemResult, type Result} from '../../krm/results.js';
import {isObject} from '../model/pods.js';

/** Fields and the operator version that introduced them. */
type Gated = readonly (readonly [field: string, since: string])[];

const everyMonitor: Gated = [
	['scrapeClass', introducedIn.scrapeClass],
	['scrapeProtocols', introducedIn.scrapeProtocols],
	['fallbackScrapeProtocol', introducedIn.fallbackScrapeProtocol],
	['keepDroppedTargets', introducedIn.keepDroppedTargets],
	['convertClassicHistogramsToNHCB', introducedIn.convertClassicHistogramsToNHCB],
	['scrapeNativeHistograms', introducedIn.scrapeNativeHistograms],
];
const everyEndpoint: Gated = [
	['followRedirects', introducedIn.followRedirects],
	['enableHttp2', introducedIn.enableHttp2],
	['trackTimestampsStaleness', introducedIn.trackTimestampsStaleness],
];

/** The fields some operator versions lack, by kind: in the spec, and in each endpoint (a Probe has none apart from its spec). */
const gatedFields: Record<string, {spec: Gated; endpoint: Gated}> = {
	PodMonitor: {
		spec: [
			...everyMonitor,
			['bodySizeLimit', introducedIn.bodySizeLimit],
			['attachMetadata', introducedIn.podMonitorAttachMetadata],
			['selectorMechanism', introducedIn.selectorMechanism],
		],
		endpoint: [...everyEndpoint, ['portNumber', introducedIn.portNumber]],
	},
	ServiceMonitor: {
		spec: [
			...everyMonitor,
			['bodySizeLimit', introducedIn.bodySizeLimit],
			['attachMetadata', introducedIn.serviceMonitorAttachMetadata],
			['selectorMechanism', introducedIn.selectorMechanism],
		],
		endpoint: everyEndpoint,
	},
	Probe: {
		spec: [
			...everyMonitor,
			['params', introducedIn.probeParams],
			['metricRelabelings', introducedIn.probeMetricRelabelings],
			['followRedirects', introducedIn.probeHttpSettings],
			['enableHttp2', introducedIn.probeHttpSettings],
		],
		endpoint: [],
	},
};

/**
 * What prometheus-operator refuses in a monitor a person wrote: relabel rules, TLS versions, a
 * Probe's prober address, and fields the configured operator version lacks, in its spec and in each
 * of its `endpoints` (a Probe's spec is its one endpoint). The rules are the ones the function's
 * own config is held to (config/operator-rules.ts); each problem is an error on the monitor.
 */
export function operatorRefusals(monitor: Item, endpoints: readonly Endpoint[], gate: Gate): Result[] {
	const spec = monitor.getValue(['spec']);
	if (!isObject(spec)) return [];
	const fields = gatedFields[monitor.kind] ?? {spec: [], endpoint: []};
	const problems = gated(spec, 'spec', fields.spec, monitor.kind, gate);
	for (const {endpoint, at} of endpoints) {
		problems.push(...gated(endpoint, at, fields.endpoint, monitor.kind, gate));
		problems.push(...tlsProblems(endpoint.tlsConfig, `${at}.tlsConfig`, gate));
		if (isObject(endpoint.oauth2)) problems.push(...tlsProblems(endpoint.oauth2.tlsConfig, `${at}.oauth2.tlsConfig`, gate));
		problems.push(...ruleLists(endpoint, at, ['relabelings', 'metricRelabelings'], gate));
	}
	if (monitor.kind === 'Probe') {
		const targets = isObject(spec.targets) ? spec.targets : {};
		for (const source of ['ingress', 'staticConfig'])
			if (isObject(targets[source])) problems.push(...ruleLists(targets[source], `spec.targets.${source}`, ['relabelingConfigs'], gate));
		if (isObject(spec.prober)) problems.push(...proberUrlProblems(spec.prober.url, 'spec.prober.url'));
	}
	return problems.map(problem => itemResult(monitor, 'error', problem.message, problem.path));
}

/** One endpoint of a monitor, and its field path (`spec.endpoints.0`; a Probe's `spec`). */
export interface Endpoint {
	endpoint: Record<string, unknown>;
	at: string;
}

function gated(holder: Record<string, unknown>, at: string, fields: Gated, kind: string, gate: Gate): ConfigProblem[] {
	return fields.flatMap(([field, since]) => (holder[field] !== undefined ? gate(`${at}.${field}`, `${kind} ${field}`, since) : []));
}

function ruleLists(holder: Record<string, unknown>, at: string, lists: readonly string[], gate: Gate): ConfigProblem[] {
	return lists.flatMap(list => {
		const rules = holder[list];
		return Array.isArray(rules) ? rules.flatMap((rule, index) => relabelProblems(rule, `${at}.${list}.${index}`, gate)) : [];
	});
}
