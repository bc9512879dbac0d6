import type {V1Service, V1ServicePort} from '@kubernetes/client-node';
import {fieldsOf} from '../../krm/fields-of.js';
import type {Item} from '../../krm/item.js';
import type {LabelIndex} from '../label-index.js';
import {servicePorts, type ServicePort} from '../ports.js';
import {declaredPort, type Pod, type PodContainer, type PodPort} from './pods.js';

/**
 * One target of Prometheus' endpointslice (or endpoints) discovery for a Service: a pod behind it
 * at a port. `servicePort` is the Service port the EndpointSlice lists it under; it is absent for a
 * declared container port that no Service port covers, which discovery still lists for every pod
 * the slice names ("for all seen pods, check all container ports").
 */
export interface ServiceEndpoint {
	pod: Pod;
	number: number;
	servicePort?: ServicePort;
	/** The container declaring this number (the last, init containers included): only then are the `pod_container_*` labels set. */
	declared?: {container: PodContainer; port: PodPort};
}

/** The pods a Service's spec.selector picks (in its namespace); none without a selector or for ExternalName. */
export function podsBehind(service: Item, pods: LabelIndex<Pod>): readonly Pod[] {
	if (service.getString('spec', 'type') === 'ExternalName') return [];
	// An empty selector selects nothing here (the index's `matching` holds to that too).
	return pods.matching(service.namespace ?? '', service.stringMap(['spec', 'selector']), pod => pod.labels);
}

/**
 * The number a Service port reaches on a pod: targetPort as a number, a named targetPort looked up
 * on the pod's containers (and sidecar init containers) with the same protocol, as the EndpointSlice
 * controller's FindPort does; no targetPort means `port`. Undefined: the pod is left out of that port.
 */
export function targetNumber(servicePort: ServicePort, pod: Pod): number | undefined {
	const target = servicePort.targetPort ?? servicePort.port;
	if (typeof target === 'number') return target;
	for (const container of pod.containers) {
		if (container.init && !container.sidecar) continue;
		const port = container.ports.find(candidate => candidate.name === target && candidate.protocol === servicePort.protocol);
		if (port) return port.number;
	}
	return undefined;
}

/** Every discovery target of the Service's endpoints, in the order discovery lists them. */
export function serviceEndpoints(service: Item, pods: LabelIndex<Pod>): ServiceEndpoint[] {
	const ports = servicePorts(service);
	const endpoints: ServiceEndpoint[] = [];
	for (const pod of podsBehind(service, pods)) {
		const covered = new Set<number>();
		for (const servicePort of ports) {
			const number = targetNumber(servicePort, pod);
			if (number === undefined) continue;
			covered.add(number);
			const declared = declaredPort(pod, number);
			endpoints.push({pod, number, servicePort, ...(declared ? {declared} : {})});
		}
		// A pod no Service port reaches is in no slice, so discovery never sees its other ports.
		if (covered.size === 0) continue;
		// Init containers too: discovery lists their ports, which are closed once they have exited.
		for (const container of pod.containers) {
			for (const port of container.ports) {
				if (!covered.has(port.number)) endpoints.push({pod, number: port.number, declared: {container, port}});
			}
		}
	}
	return endpoints;
}
