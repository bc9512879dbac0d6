import {generatedKind} from '../../config/monitor-kinds.js';
import type {Item} from '../../krm/item.js';
import {itemResult} from '../../krm/results.js';
import {podSelector} from '../pod-selector.js';
import {podMonitoringPort, serviceTargetPort} from '../resolve-port.js';
import type {Planning} from '../workloads.js';
import type {Monitor} from './build.js';
import {podMonitoringEndpoint, podMonitoringSpec} from './gmp.js';
import {checkServiceHasPods, distinct, overlapping} from './plan.js';
import {othersPicked} from './restrict.js';

/**
 * The GMP monitor a target should have (backend gmp): a PodMonitoring in the target's namespace,
 * or a ClusterPodMonitoring with `namespaceSelector.any`. A workload's selects its pods; a
 * Service's selects the Service's pods by its spec.selector and scrapes their port directly, since
 * GMP has no ServiceMonitor. GMP has no target relabeling, so a selector that also picks others'
 * pods cannot be confined as a prometheus-operator monitor is (restrict.ts): a warning says so.
 */
export function planPodMonitoring(
	target: Item,
	base: {target: Item; name: string; namespace?: string},
	planning: Planning,
): Monitor | undefined {
	const {config, results, workloads} = planning;
	const {kind} = generatedKind(config.spec);
	const cluster = kind === 'ClusterPodMonitoring';
	let selector: Record<string, unknown> | undefined;
	let ports: (number | string | undefined)[];
	let others: string;
	if (target.kind === 'Service') {
		const matchLabels = target.stringMap(['spec', 'selector']);
		if (Object.keys(matchLabels).length === 0) {
			const message = `the Service has no spec.selector, and GMP has no ServiceMonitor: a ${kind} selects the Service's pods by that selector, so give it one`;
			results.push(itemResult(target, 'error', message, 'spec.selector'));
			return undefined;
		}
		checkServiceHasPods(target, planning, kind);
		selector = {matchLabels};
		ports = config.endpoints.map((endpoint, index) => serviceTargetPort(target, endpoint, index, planning));
		// The Services that front any of the same pods: one index, not a pass over the namespace's Services for each.
		const pods = workloads.behindService(target);
		const shared =
			pods.length === 1
				? workloads.servicesFronting(pods[0]!)
				: [...new Set(pods.flatMap(workload => workloads.servicesFronting(workload)))].sort((a, b) => a.index - b.index);
		others = othersPicked(target, shared);
		results.push(
			itemResult(
				target,
				'info',
				`GMP has no ServiceMonitor: ${kind} ${base.name} selects this Service's pods by its spec.selector and scrapes their target port directly, not through the Service`,
			),
		);
	} else {
		const workload = workloads.of(target)!;
		selector = podSelector(workload, results);
		if (!selector) return undefined;
		others = othersPicked(workload, overlapping(workload, selector, planning));
		ports = config.endpoints.map((endpoint, index) => podMonitoringPort(workload, endpoint, index, planning));
	}
	if (others !== '') {
		const message = `the ${kind}'s selector also picks the pods of ${others}, and GMP has no target relabeling to confine it to ${target.name}: monitors of both would scrape those pods twice; give each its own pod labels`;
		results.push(itemResult(target, 'warning', message));
	}
	if (!distinct(target, ports, planning)) return undefined;
	if (cluster && target.namespace === undefined && config.endpoints.some(hasSecrets)) {
		const message = `a ClusterPodMonitoring has no namespace, so its Secret references must name one, and this ${target.kind} has no metadata.namespace to give them; set it`;
		results.push(itemResult(target, 'error', message, 'metadata.namespace'));
		return undefined;
	}
	// A ClusterPodMonitoring is cluster-scoped: no namespace of its own; its Secrets are the target's.
	const endpoints = config.endpoints.map((endpoint, index) =>
		podMonitoringEndpoint(endpoint, ports[index]!, cluster ? target.namespace : undefined),
	);
	const namespace = cluster ? {} : base.namespace === undefined ? {} : {namespace: base.namespace};
	return {target, name: base.name, ...namespace, kind, spec: podMonitoringSpec(config, selector, endpoints)};
}

/** Whether the endpoint references a Secret (TLS settings may be only a server name). */
function hasSecrets({tls, basicAuth, authorization, oauth2}: Planning['config']['endpoints'][number]): boolean {
	return [tls?.ca?.secret, tls?.cert?.secret, tls?.keySecret, basicAuth, authorization, oauth2].some(ref => ref !== undefined);
}
