import type {RelabelConfig} from '../../generated/config-types.js';
import type {Item} from '../../krm/item.js';
import {itemResult} from '../../krm/results.js';
import {someOthers} from '../some-of.js';
import type {Planning} from '../workloads.js';

/**
 * A monitor selects by label, and labels are often shared: the regular and headless Services of a
 * StatefulSet chart, a workload whose pod selector also matches another's pods, Ingresses of one
 * app. Each of those objects gets its own monitor, so a selector that also picks the others would
 * scrape them twice. Then a keep rule on the object's own name confines the monitor to its target,
 * and a result says so; otherwise nothing is added.
 */
export function ownTargetOnly(target: Item, others: readonly Item[], planning: Planning): RelabelConfig[] {
	const names = someOthers(others, target, other => `${other.kind} ${other.name}`);
	if (names === '') return [];
	planning.results.push(
		itemResult(
			target,
			'info',
			`the monitor's selector also picks ${names}; a keep relabeling confines it to ${target.name}, so that nothing is scraped twice by monitors that overlap`,
		),
	);
	return [keepRule(target)];
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
