import {alloyDefaults} from '../../config/conventions.js';
import {durationMs} from '../../config/durations.js';
import {sanitize, sanitizedAnnotations} from './annotations.js';
import type {Cluster} from './cluster.js';
import {podTargets, scrapedPort} from './pod-targets.js';
import {declaredPort} from './pods.js';
import {servicePorts} from '../ports.js';
import {podAddress, type ScrapeTarget} from './scrape-target.js';

/**
 * Grafana Alloy's annotation autodiscovery, as the k8s-monitoring chart configures it
 * (feature-annotation-autodiscovery): one job over pods and one over Services, reading
 * `k8s.grafana.com/*`.
 */
export const alloyJobs = {pods: 'annotation_autodiscovery_pods', services: 'annotation_autodiscovery_services'} as const;

const key = (name: string) => sanitize(`k8s.grafana.com/${name}`);

type Settings = Pick<ScrapeTarget, 'scheme' | 'path' | 'params' | 'interval' | 'timeout'>;

/**
 * What the keys of a Pod or Service say when `scrape` is "true": the settings of its targets and
 * the port keys; undefined when Alloy keeps none of them.
 */
function read(
	given: Record<string, string>,
): {settings: Settings; annotations: Map<string, string>; portName?: string; portNumber?: string} | undefined {
	const annotations = sanitizedAnnotations(given);
	if (annotations.get(key('scrape')) !== 'true') return undefined;
	const scrape = settings(annotations);
	if (!scrape) return undefined;
	const portName = annotations.get(key('metrics.portName'));
	const portNumber = annotations.get(key('metrics.portNumber'));
	return {settings: scrape, annotations, ...(portName ? {portName} : {}), ...(portNumber ? {portNumber} : {})};
}

/** The scheme, path, interval, timeout and params the keys give, or undefined when Alloy drops the target. */
function settings(annotations: Map<string, string>): Settings | undefined {
	const interval = annotations.get(key('metrics.scrapeInterval')) || alloyDefaults.interval;
	const timeout = annotations.get(key('metrics.scrapeTimeout')) || alloyDefaults.timeout;
	// Like Prometheus, Alloy refuses a target whose timeout is longer than its interval.
	if (durationMs(timeout) > durationMs(interval)) return undefined;
	const params: Record<string, string> = {};
	const param = key('metrics.param_');
	for (const [label, value] of annotations)
		if (label.startsWith(param) && label.length > param.length) params[label.slice(param.length)] = value;
	return {
		scheme: annotations.get(key('metrics.scheme')) === 'https' ? 'https' : 'http',
		path: annotations.get(key('metrics.path')) || '/metrics',
		interval,
		timeout,
		params,
	};
}

/**
 * Pods whose `k8s.grafana.com/scrape` is "true": every pod discovery target but those of init
 * containers; `metrics.container` keeps one container's, `metrics.portName` the port of that name
 * (a port-less target has none), and `metrics.portNumber` replaces the port of the pod address.
 * The job keeps the container label, so a number dialled from two containers is two scrapes.
 */
export function alloyPodTargets(cluster: Cluster): ScrapeTarget[] {
	const targets: ScrapeTarget[] = [];
	for (const pod of cluster.pods) {
		const scrape = read(pod.annotations);
		if (!scrape) continue;
		const {portName, portNumber} = scrape;
		const container = scrape.annotations.get(key('metrics.container'));
		const number = portNumber !== undefined && /^\d+$/.test(portNumber) ? Number(portNumber) : undefined;
		for (const target of podTargets(pod)) {
			if (target.container.init || (container && target.container.name !== container)) continue;
			if (portName && target.port?.name !== portName) continue;
			const dialled = number ?? target.port?.number;
			const declared = number === undefined ? target.port && {container: target.container, port: target.port} : declaredPort(pod, number);
			targets.push({
				job: alloyJobs.pods,
				via: pod.workload,
				workload: pod.workload,
				...(dialled !== undefined ? {port: scrapedPort(dialled, declared)} : {}),
				...scrape.settings,
				labels: {namespace: pod.namespace, container: target.container.name},
				address: podAddress(pod.workload, dialled),
			});
		}
	}
	return targets;
}

/**
 * Services whose `k8s.grafana.com/scrape` is "true": Alloy's service discovery, one target per
 * Service port (`metrics.portName` and `metrics.portNumber` keep the port with that name or
 * number), dialled at the Service's DNS name, so each scrape reaches whichever pod the cluster IP
 * picks. No pod is named: which one answers is not known.
 */
export function alloyServiceTargets(cluster: Cluster): ScrapeTarget[] {
	const targets: ScrapeTarget[] = [];
	for (const service of cluster.services) {
		const scrape = read(service.annotations);
		if (!scrape) continue;
		const {portName, portNumber} = scrape;
		for (const port of servicePorts(service)) {
			if (portName && port.name !== portName) continue;
			if (portNumber && String(port.port) !== portNumber) continue;
			targets.push({
				job: alloyJobs.services,
				via: service,
				service,
				...scrape.settings,
				labels: {namespace: service.namespace ?? '', service: service.name},
				address: `${service.name}.${service.namespace ?? 'default'}.svc:${port.port}`,
			});
		}
	}
	return targets;
}
