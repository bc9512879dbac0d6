import type {RelabelConfig} from '../../generated/config-types.js';
import type {Item} from '../../krm/item.js';
import {itemResult} from '../../krm/results.js';
import {someOthers} from '../some-of.js';
import type {Planning, Workload} from '../workloads.js';

/**
 * A monitor selects by label, and labels are often shared: the regular and headless Services of a
 * StatefulSet chart, a workload whose pod selector also matches another's pods, Ingresses of one
 * app. Each of those objects gets its own monitor, so a selector that also picks the others would
 * scrape them twice. Then a keep rule on the object's own name confines the monitor to its target,
 * and a result says so; otherwise nothing is added.
 */
export function ownTargetOnly<T extends Item | Workload>(self: T, picked: readonly T[], planning: Planning): RelabelConfig[] {
	const names = othersPicked(self, picked);
	if (names === '') return [];
	const target = itemOf(self);
	planning.results.push(
		itemResult(
			target,
			'info',
			`the monitor's selector also picks ${names}; a keep relabeling confines it to ${target.name}, so that nothing is scraped twice by monitors that overlap`,
		),
	);
	return [keepRule(target)];
}

/**
 * A few of the objects a selector picks besides `self`, for a message; empty when there are none.
 * `picked` is the list the selector's objects are held in (workloads by pod labels, Services and
 * Ingresses by labels), which thousands of targets may share: naming them costs the few shown.
 */
export function othersPicked<T extends Item | Workload>(self: T, picked: readonly T[]): string {
	return someOthers(picked, self, other => {
		const item = itemOf(other);
		return `${item.kind} ${item.name}`;
	});
}

/** The object a workload is read from, or the object itself. */
function itemOf(object: Item | Workload): Item {
	return 'item' in object ? object.item : object;
}

/** The discovery labels that name the object a target came from, and the value that is this one. */
function keepRule(target: Item): RelabelConfig {
	const name = target.name.replace(/[.]/g, '\\.');
	switch (target.kind) {
		case 'Service':
			return {sourceLabels: ['__meta_kubernetes_service_name'], regex: name, action: 'keep'};
		case 'Ingress':
			return {sourceLabels: ['__meta_kubernetes_ingress_name'], regex: name, action: 'keep'};
		case 'Pod':
			return {sourceLabels: ['__meta_kubernetes_pod_name'], regex: name, action: 'keep'};
		default:
			return {
				sourceLabels: ['__meta_kubernetes_pod_controller_kind', '__meta_kubernetes_pod_controller_name'],
				regex: controller(target.kind, name),
				action: 'keep',
			};
	}
}

/** A pod's controller as discovery names it: Deployments and Rollouts through a `<name>-<hash>` ReplicaSet, CronJobs through `<name>-<n>` Jobs. */
function controller(kind: string, name: string): string {
	if (kind === 'Deployment' || kind === 'Rollout') return `ReplicaSet;${name}-[a-z0-9]+`;
	if (kind === 'CronJob') return `Job;${name}-[0-9]+`;
	return `${kind};${name}`;
}
