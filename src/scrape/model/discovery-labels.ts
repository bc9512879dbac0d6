import type {Item} from '../../krm/item.js';
import {sanitize} from './annotations.js';
import type {PodTarget} from './pod-targets.js';
import type {Pod} from './pods.js';
import type {ServicePort} from '../ports.js';

// What the controllers add to the names they make; any value of the right shape will do, since a
// relabeling can only match it by pattern (`web-[a-z0-9]+`).
const templateHash = '7f8b9c6d5';
const podSuffix = 'x2k9p';
const scheduledJob = '29405160';

/** The pod's name and its controller (kind and name) as Kubernetes names them for each kind of workload. */
function podIdentity(workload: Item): {name: string; controller?: {kind: string; name: string}} {
	const {kind, name} = workload;
	switch (kind) {
		case 'Pod':
			return {name};
		case 'Deployment':
		case 'Rollout':
			return {name: `${name}-${templateHash}-${podSuffix}`, controller: {kind: 'ReplicaSet', name: `${name}-${templateHash}`}};
		case 'StatefulSet':
			return {name: `${name}-0`, controller: {kind, name}};
		case 'CronJob':
			return {name: `${name}-${scheduledJob}-${podSuffix}`, controller: {kind: 'Job', name: `${name}-${scheduledJob}`}};
		default:
			return {name: `${name}-${podSuffix}`, controller: {kind, name}};
	}
}

function labelSet(prefix: string, labels: Record<string, string>, what: 'label' | 'annotation'): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [key, value] of Object.entries(labels)) {
		out[`${prefix}_${what}_${sanitize(key)}`] = value;
		out[`${prefix}_${what}present_${sanitize(key)}`] = 'true';
	}
	return out;
}

/** The `__meta_kubernetes_pod_*` labels of a pod, and of the container port when there is one. */
export function podMeta(pod: Pod, container?: PodTarget['container'], port?: PodTarget['port']): Record<string, string> {
	const {name, controller} = podIdentity(pod.workload);
	const prefix = '__meta_kubernetes_pod';
	return {
		__meta_kubernetes_namespace: pod.namespace,
		[`${prefix}_name`]: name,
		...(controller ? {[`${prefix}_controller_kind`]: controller.kind, [`${prefix}_controller_name`]: controller.name} : {}),
		[`${prefix}_phase`]: 'Running',
		[`${prefix}_ready`]: 'true',
		...labelSet(prefix, pod.labels, 'label'),
		...labelSet(prefix, pod.annotations, 'annotation'),
		...(container ? {[`${prefix}_container_name`]: container.name, [`${prefix}_container_init`]: String(container.init)} : {}),
		...(port
			? {
					[`${prefix}_container_port_name`]: port.name ?? '',
					[`${prefix}_container_port_number`]: String(port.number),
					[`${prefix}_container_port_protocol`]: port.protocol,
				}
			: {}),
	};
}

/** The `__meta_kubernetes_service_*` and endpoint port labels of an endpoint discovery target. */
export function serviceMeta(service: Item, servicePort?: ServicePort): Record<string, string> {
	const prefix = '__meta_kubernetes_service';
	const portName = servicePort?.name ?? '';
	return {
		[`${prefix}_name`]: service.name,
		...labelSet(prefix, service.labels, 'label'),
		...labelSet(prefix, service.annotations, 'annotation'),
		__meta_kubernetes_endpoint_port_name: portName,
		__meta_kubernetes_endpointslice_port_name: portName,
		__meta_kubernetes_endpoint_address_target_kind: 'Pod',
		__meta_kubernetes_endpointslice_address_target_kind: 'Pod',
	};
}

/** The `__meta_kubernetes_ingress_*` labels of one Ingress rule path. */
export function ingressMeta(ingress: Item, scheme: string, path: string): Record<string, string> {
	const prefix = '__meta_kubernetes_ingress';
	return {
		__meta_kubernetes_namespace: ingress.namespace ?? '',
		[`${prefix}_name`]: ingress.name,
		[`${prefix}_scheme`]: scheme,
		[`${prefix}_path`]: path,
		...labelSet(prefix, ingress.labels, 'label'),
		...labelSet(prefix, ingress.annotations, 'annotation'),
	};
}
