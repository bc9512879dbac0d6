import {matches} from '../config/label-selector.js';
import type {Item} from '../krm/item.js';
import {isMonitor} from './monitors/build.js';
import {ownerAnnotation} from './ownership.js';
import {toRequirements} from './pod-selector.js';
import type {Workload, Workloads} from './workloads.js';

/**
 * The monitors in the input that this function did not generate (a person's, a chart's) and that
 * already scrape a target: kube-prometheus alone ships a dozen ServiceMonitors.
 * A second monitor for the same target would scrape its pods twice.
 */
export class Coverage {
	private readonly foreign: Item[];

	constructor(
		items: readonly Item[],
		private readonly workloads: Workloads,
	) {
		// Monitors of other configs of this function are theirs to answer for (a pipeline may scrape
		// pods and Services in separate steps); what matters here is what people and charts wrote.
		this.foreign = items.filter(item => isMonitor(item) && item.annotation(ownerAnnotation) === undefined);
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

/** A monitor looks in its own namespace unless its namespaceSelector says `any` or names others. */
function inScope(monitor: Item, namespace: string | undefined): boolean {
	const path = monitor.kind === 'Probe' ? ['spec', 'targets', 'ingress', 'namespaceSelector'] : ['spec', 'namespaceSelector'];
	const selector = monitor.getValue(path) as {any?: unknown; matchNames?: unknown} | undefined;
	if (selector?.any === true) return true;
	if (Array.isArray(selector?.matchNames) && selector.matchNames.length > 0) return selector.matchNames.includes(namespace ?? '');
	return (monitor.namespace ?? '') === (namespace ?? '');
}
