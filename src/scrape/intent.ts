import type {Config} from '../config/config.js';
import {grafanaConvention} from '../config/conventions.js';
import {objectKey, type Item} from '../krm/item.js';
import {chartKeys, grafanaKeys} from './annotations/keys.js';
import {ingressRules} from './model/probe.js';
import {isObject, podTemplate} from './model/pods.js';
import type {Monitor} from './monitors/build.js';
import {personValue, replaces} from './ownership.js';
import {servicePorts} from './ports.js';
import {podTemplatePath} from './targets.js';
import type {Workload, Workloads} from './workloads.js';

/** One scrape the config means: a port and path of a workload's pods, or a URL the prober fetches. */
export interface IntendedScrape {
	workload?: Item;
	port?: number;
	url?: string;
	path: string;
	scheme: 'http' | 'https';
}

/**
 * What a run means one target to get, stated from the config and the target, apart from the
 * monitor or annotations written for it: intent-check.ts holds the scrape model of the output to it.
 */
export interface Intent {
	target: Item;
	/** The object whose jobs make the scrapes: the monitor, or the target itself (its annotations), by key. */
	via: string;
	/** The same, for messages. */
	by: string;
	scrapes: IntendedScrape[];
}

type Scheme = IntendedScrape['scheme'];

/**
 * Where a scrape goes, as far as the series it writes: a pod port at a path (of a workload's pods),
 * or a probed URL. Two scrapes of one place write the same series twice; the scheme is not part of
 * it (one of the two is then refused, or both succeed on a port that speaks both).
 */
export function place(scrape: {workload?: Item; port?: {number: number} | number; url?: string; path: string}): string {
	if (scrape.url !== undefined) return JSON.stringify(['url', scrape.url]);
	const port = typeof scrape.port === 'number' ? scrape.port : scrape.port?.number;
	return JSON.stringify([scrape.workload?.key ?? '', port ?? null, scrape.path]);
}

/**
 * The scrapes a planned monitor is meant to make: for each of the config's endpoints, the pods of
 * the target (or behind it) at the container port the endpoint's port resolved to, at the
 * endpoint's path and scheme; for a Probe, each Ingress rule's URL. Istio's strict mTLS makes the
 * scheme https. A Service port that reaches no port of some pods means none of theirs.
 */
export function monitorIntent(monitor: Monitor, config: Config, workloads: Workloads): Intent {
	const {target, kind} = monitor;
	const via = objectKey(target.packagePath, kind, monitor.namespace, monitor.name);
	const by = `${kind} ${monitor.namespace ? `${monitor.namespace}/` : ''}${monitor.name}`;
	if (kind === 'Probe') {
		const prober = config.spec.prober;
		const scheme: Scheme = prober?.scheme?.toLowerCase() === 'https' ? 'https' : 'http';
		const scrapes = ingressRules(target)
			// A wildcard host is meant too, if useless; planning has said so (as of a rule without host).
			.filter(rule => rule.host !== '')
			.map(rule => ({url: `${rule.scheme}://${rule.host}${rule.path}`, path: prober?.path || '/probe', scheme}));
		return {target, via, by, scrapes};
	}
	// GMP's PodMonitoring and ClusterPodMonitoring select pods, as a PodMonitor does: a Service's, or a workload's.
	const podSelecting = kind !== 'ServiceMonitor';
	const {spec} = monitor;
	const written: unknown[] = 'podMetricsEndpoints' in spec ? (spec.podMetricsEndpoints ?? []) : 'endpoints' in spec ? spec.endpoints : [];
	const scrapes = config.endpoints.flatMap((endpoint, index) => {
		const spec = isObject(written[index]) ? written[index] : {};
		const strict = config.spec.istio?.mtls === 'strict' && spec.scheme === 'https';
		const scheme: Scheme = strict || endpoint.scheme.toLowerCase() === 'https' ? 'https' : 'http';
		const pods = target.kind === 'Service' ? workloads.behindService(target) : [workloads.of(target)!];
		const reached = podSelecting
			? pods.map(workload => ({workload, port: numberOn(workload, portOf(spec))}))
			: serviceReach(target, spec, workloads);
		return reached.flatMap(({workload, port}) =>
			port === undefined || !runsContainers(workload.item) ? [] : [{workload: workload.item, port, path: endpoint.path, scheme}],
		);
	});
	return {target, via, by, scrapes};
}

/**
 * A pod template that lists no containers describes no pod Kubernetes would run (the API server
 * refuses it), so there is nothing to hold its scrapes to; planning has said what it could.
 */
function runsContainers(workload: Item): boolean {
	return podTemplate(workload)?.runs ?? false;
}

/** The port an endpoint names, as written: `port` (a name), `portNumber`, or the intstr `targetPort`. */
function portOf(endpoint: Record<string, unknown>): number | string | undefined {
	const value = endpoint.port ?? endpoint.portNumber ?? endpoint.targetPort;
	return typeof value === 'number' || typeof value === 'string' ? value : undefined;
}

/** A port number as it is, a name as the number of the running container port of that name. */
function numberOn(workload: Workload, port: number | string | undefined): number | undefined {
	if (typeof port !== 'string') return port;
	return workload.ports.find(candidate => candidate.name === port && !candidate.init)?.containerPort;
}

/** The pods behind a Service and the port each is reached on through the Service port the endpoint names. */
function serviceReach(service: Item, endpoint: Record<string, unknown>, workloads: Workloads): {workload: Workload; port?: number}[] {
	const ports = servicePorts(service);
	// `port` names a Service port; `targetPort` is the pods' port (a Service's one unnamed port).
	const found = typeof endpoint.port === 'string' ? ports.find(candidate => candidate.name === endpoint.port) : undefined;
	const reach = found ? (found.targetPort ?? found.port) : portOf(endpoint);
	return workloads.behindService(service).map(workload => ({workload, port: numberOn(workload, reach)}));
}

/**
 * The scrapes the prometheus.io annotations planned for a target are meant to make, read as the
 * chart's jobs read them: the pods of the workload, or of the workloads behind the Service, at the
 * port, path and scheme written (a value a person wrote and the config keeps, in its place). None
 * for an Ingress, whose `probe` key no job of the chart reads, nor for a port that is not digits.
 */
export function annotationIntent(target: Item, entries: Record<string, string>, config: Config, workloads: Workloads): Intent | undefined {
	if (target.kind === 'Ingress') return undefined;
	const grafana = config.spec.annotations === grafanaConvention;
	// Alloy scrapes an annotated Service at its cluster IP, one pod a scrape: no pod port to hold it to.
	if (grafana && !podTemplatePath(target)) return undefined;
	const keys = grafana
		? {port: grafanaKeys.portNumber, scheme: grafanaKeys.scheme, path: grafanaKeys.path}
		: chartKeys(config.spec.annotations);
	const value = (key: string) => (replaces(config, key) ? undefined : personValue(target, config, key)) ?? entries[key];
	const named = grafana ? value(grafanaKeys.portName) : undefined;
	const workload = workloads.of(target);
	const port = named !== undefined && workload ? String(numberOn(workload, named) ?? '') : value(keys.port);
	if (port === undefined || !/^\d+$/.test(port)) return undefined;
	const scheme: Scheme = value(keys.scheme) === 'https' ? 'https' : 'http';
	const path = value(keys.path) || '/metrics';
	const reached = (podTemplatePath(target) ? [target] : workloads.behindService(target).map(workload => workload.item)).filter(
		runsContainers,
	);
	return {
		target,
		via: target.key,
		by: `its ${config.spec.annotations} annotations`,
		scrapes: reached.map(workload => ({workload, port: Number(port), path, scheme})),
	};
}
