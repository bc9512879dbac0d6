import {chartConvention, grafanaConvention} from '../../config/conventions.js';
import type {Item} from '../../krm/item.js';
import {alloyPodTargets, alloyServiceTargets} from './alloy-jobs.js';
import {podTemplatePath} from '../targets.js';
import {annotatedPodTargets, annotatedServiceTargets} from './chart-jobs.js';
import {Cluster, monitorKind} from './cluster.js';
import {endpointList} from './endpoint-settings.js';
import {podMonitorTargets} from './pod-monitor.js';
import {gmpKind, podMonitoringTargets} from './pod-monitoring.js';
import {probeTargets} from './probe.js';
import type {Finding, ScrapeTarget} from './scrape-target.js';
import {serviceMonitorTargets} from './service-monitor.js';

export interface ScrapeModel {
	targets: ScrapeTarget[];
	findings: Finding[];
}

const generate = {
	PodMonitor: podMonitorTargets,
	ServiceMonitor: serviceMonitorTargets,
	Probe: probeTargets,
	PodMonitoring: podMonitoringTargets,
	ClusterPodMonitoring: podMonitoringTargets,
};
const endpointsField = {
	PodMonitor: 'podMetricsEndpoints',
	ServiceMonitor: 'endpoints',
	PodMonitoring: 'endpoints',
	ClusterPodMonitoring: 'endpoints',
} as const;

/**
 * The scrapes Prometheus performs for the list: the jobs prometheus-operator generates from its
 * monitors, those Google Managed Prometheus generates from its PodMonitorings, and the
 * prometheus-community chart's annotation jobs; each target once, as Prometheus
 * keeps one target per label set in a job. Findings say what in them is most likely not meant.
 * `annotations` (the config's setting) adds the scraper its convention is for: Alloy's annotation
 * autodiscovery for k8s.grafana.com, or the chart's jobs reading another prefix.
 */
export function scrapeModel(items: readonly Item[], annotations: string = chartConvention): ScrapeModel {
	const cluster = new Cluster(items);
	const findings: Finding[] = [];
	const all: ScrapeTarget[] = [];
	for (const item of items) {
		const kind = monitorKind(item) ?? gmpKind(item);
		if (!kind) continue;
		const before = findings.length;
		const targets = generate[kind](item, cluster, findings);
		all.push(...targets);
		// What generation already reported (a selector or port field the API refuses) explains an empty job.
		const explained = (path: string) =>
			findings.slice(before).some(f => f.item === item && (f.type === 'invalid-selector' || f.path.startsWith(path)));
		if (kind === 'Probe') {
			if (targets.length === 0 && !explained('spec.targets'))
				findings.push(nothing(item, 'spec.targets', `probe/${item.namespace ?? ''}/${item.name} probes nothing`));
			continue;
		}
		const field = endpointsField[kind];
		endpointList(item.getValue(['spec', field])).forEach((_, index) => {
			if (targets.some(target => target.endpoint === index) || explained(`spec.${field}.${index}.`)) return;
			const what = kind === 'ServiceMonitor' ? 'no port of the Services it selects' : 'no container port of the pods it selects';
			findings.push(
				nothing(
					item,
					`spec.${field}.${index}`,
					`endpoint ${index} of ${item} scrapes nothing: its port matches ${what}, or it selects none`,
				),
			);
		});
	}
	all.push(...annotatedPodTargets(cluster), ...annotatedServiceTargets(cluster));
	if (annotations === grafanaConvention) all.push(...alloyPodTargets(cluster), ...alloyServiceTargets(cluster));
	else if (annotations !== chartConvention)
		all.push(...annotatedPodTargets(cluster, annotations), ...annotatedServiceTargets(cluster, annotations));
	const targets = dedupe(all);
	for (const target of targets) {
		if (!target.port?.init) continue;
		findings.push({
			type: 'init-container-port',
			item: target.via,
			path:
				target.endpoint !== undefined
					? `spec.${endpointsField[target.via.kind as keyof typeof endpointsField]}.${target.endpoint}`
					: annotationsPath(target.via),
			message: `${target.job} scrapes port ${target.port.name ?? target.port.number} of init container ${JSON.stringify(target.port.container)} of ${target.workload}, which has exited once the pod runs: the target is always down`,
			target,
		});
	}
	return {targets, findings};
}

/** The scrapes Prometheus performs for the list; see scrapeModel. */
export function scrapeTargets(items: readonly Item[], annotations?: string): ScrapeTarget[] {
	return scrapeModel(items, annotations).targets;
}

/** Where the prometheus.io annotations of a Service or a workload's pods are. */
function annotationsPath(item: Item): string {
	return [...(podTemplatePath(item) ?? []), 'metadata', 'annotations'].join('.');
}

function nothing(item: Item, path: string, message: string): Finding {
	return {type: 'endpoint-scrapes-nothing', item, path, message};
}

/**
 * Prometheus keeps one target per label set in a scrape pool: discovery targets that relabeling
 * made alike (a pod's container ports all rewritten to the annotated port) are scraped once.
 * Per item: one object written in two files is two alternatives for the one the cluster holds, so
 * neither's targets stand for the other's (doubleScrapes counts per item too).
 */
function dedupe(targets: readonly ScrapeTarget[]): ScrapeTarget[] {
	const seen = new Map<Item | undefined, Set<string>>();
	return targets.filter(target => {
		let keys = seen.get(target.workload);
		if (!keys) seen.set(target.workload, (keys = new Set()));
		const key = identity(target);
		if (keys.has(key)) return false;
		keys.add(key);
		return true;
	});
}

/** What tells two targets of a job apart after relabeling; a port-less address gets the scheme's port. */
export function identity(target: ScrapeTarget): string {
	const port = target.port?.number ?? (target.scheme === 'https' ? 443 : 80);
	const sorted = (record: Record<string, string>) =>
		JSON.stringify(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
	return JSON.stringify([
		target.job,
		target.workload?.key ?? '',
		target.workload ? port : target.address,
		target.scheme,
		target.path,
		target.url ?? '',
		sorted(target.params),
		sorted(target.labels),
	]);
}
