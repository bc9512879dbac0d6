import type {Config} from '../config/config.js';
import {matches} from '../config/label-selector.js';
import type {Item} from '../krm/item.js';
import {isMonitor} from './monitors/build.js';
import {annotationPath, isOwnedBy, ownerAnnotation} from './ownership.js';
import {toRequirements} from './pod-selector.js';
import type {Workload, Workloads} from './workloads.js';

/**
 * The monitors in the input that this config did not generate (a person's, a chart's, another
 * config's) and that already scrape a target: kube-prometheus alone ships a dozen ServiceMonitors.
 * A second monitor for the same target would scrape its pods twice.
 */
export class Coverage {
	private readonly foreign: Item[];

	constructor(
		items: readonly Item[],
		private readonly workloads: Workloads,
		config: Config,
	) {
		// Every monitor but this config's own: a person's, a chart's, or another config's (a pipeline
		// step that scrapes the same pods through their Services, say).
		this.foreign = items.filter(item => isMonitor(item) && item.annotation(ownerAnnotation) !== config.owner);
	}

	/**
	 * What scrapes the target through prometheus.io annotations that are not this config's (a
	 * chart's, a person's, another config's): the target's own, or those on the pod templates behind
	 * a Service. A monitor beside them would scrape the same pods twice.
	 */
	annotated(target: Item, config: Config): Item[] {
		const scraped = (item: Item) => !isOwnedBy(item, config) && item.stringMap(annotationPath(item))['prometheus.io/scrape'] === 'true';
		return [target, ...this.workloads.behind(target).map(workload => workload.item)].filter(
			(item, i, all) => all.indexOf(item) === i && scraped(item),
		);
	}

	/** The foreign monitors whose selectors reach the target's pods (or, for an Ingress, the Ingress). */
	of(target: Item): Item[] {
		if (this.foreign.length === 0) return [];
		const pods = this.workloads.behind(target);
		return this.foreign.filter(monitor => {
			if (!inScope(monitor, target.namespace)) return false;
			const selector = selectorOf(monitor);
			if (!selector) return false;
			switch (monitor.kind) {
				case 'PodMonitor':
				case 'PodMonitoring':
				case 'ClusterPodMonitoring':
					return pods.some(pod => matches(selector, pod.labels));
				case 'ServiceMonitor':
					return this.servicesFor(target, pods).some(service => matches(selector, service.labels));
				default:
					return target.kind === 'Ingress' && matches(selector, target.labels);
			}
		});
	}

	/** The Services in front of the target's pods: the target itself when it is one. */
	private servicesFor(target: Item, pods: readonly Workload[]): Item[] {
		if (target.kind === 'Service') return [target];
		return this.workloads.servicesNear(target).filter(service => this.workloads.behindService(service).some(pod => pods.includes(pod)));
	}
}

function selectorOf(monitor: Item) {
	const selector = monitor.getValue(monitor.kind === 'Probe' ? ['spec', 'targets', 'ingress', 'selector'] : ['spec', 'selector']);
	return selector && typeof selector === 'object' ? toRequirements(selector) : undefined;
}

/** A monitor looks in its own namespace unless its namespaceSelector says `any` or names others; GMP's ClusterPodMonitoring in all. */
function inScope(monitor: Item, namespace: string | undefined): boolean {
	if (monitor.kind === 'ClusterPodMonitoring') return true;
	const path = monitor.kind === 'Probe' ? ['spec', 'targets', 'ingress', 'namespaceSelector'] : ['spec', 'namespaceSelector'];
	const selector = monitor.getValue(path) as {any?: unknown; matchNames?: unknown} | undefined;
	if (selector?.any === true) return true;
	if (Array.isArray(selector?.matchNames) && selector.matchNames.length > 0) return selector.matchNames.includes(namespace ?? '');
	return (monitor.namespace ?? '') === (namespace ?? '');
}
