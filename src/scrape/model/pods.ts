import type {V1Container, V1ContainerPort, V1PodTemplateSpec} from '@kubernetes/client-node';
import {isMap, isSeq} from 'yaml';
import {fieldsOf, type Unchecked} from '../../krm/fields-of.js';
import type {Item} from '../../krm/item.js';
import {injectedNamespaces, isInjected} from '../istio.js';
import {podTemplatePath} from '../targets.js';

export interface PodPort {
	name?: string;
	number: number;
	/** Kubernetes defaults it to TCP; a Service's named targetPort only finds a port of its own protocol. */
	protocol: string;
}

export interface PodContainer {
	name: string;
	init: boolean;
	/** An init container with `restartPolicy: Always` (a sidecar) keeps running, and Services can reach its ports. */
	sidecar: boolean;
	ports: PodPort[];
}

/**
 * A pod as discovery sees it: one per workload (every replica has the same labels and ports, so
 * one stands for all), with the labels and annotations of the pod template. It is taken to be
 * running: the phase filters of the operator and the chart (a finished Job's pods) are not modelled.
 */
export interface Pod {
	workload: Item;
	namespace: string;
	labels: Record<string, string>;
	annotations: Record<string, string>;
	/** Containers first, then init containers: Prometheus' pod discovery lists them in that order. */
	containers: PodContainer[];
	/** An Istio sidecar is injected (by the namespace's label or the pod's own switch). */
	injected: boolean;
}

/** A workload's pod as its template says, read once: generation asks the model of its input and of its output. */
const read = new WeakMap<Item, Omit<Pod, 'injected'>>();

/** The pods the workloads of the list run; objects the orchestrator does not deploy run none. */
export function podsOf(items: readonly Item[]): Pod[] {
	const namespaces = injectedNamespaces(items);
	const pods: Pod[] = [];
	for (const item of items) {
		const template = podTemplatePath(item);
		if (!template || item.isLocalConfig || !item.map) continue;
		let pod = read.get(item);
		if (!pod) {
			pod = {
				workload: item,
				namespace: item.namespace ?? '',
				labels: item.stringMap([...template, 'metadata', 'labels']),
				annotations: item.stringMap([...template, 'metadata', 'annotations']),
				containers: [
					...containers(item, [...template, ...podSpec('spec', 'containers')], false),
					...containers(item, [...template, ...podSpec('spec', 'initContainers')], true),
				],
			};
			read.set(item, pod);
		}
		pods.push({...pod, injected: isInjected(item, template, namespaces)});
	}
	return pods;
}

const podSpec = fieldsOf<V1PodTemplateSpec>();

// Only the fields the model reads are made values: a container's env, probes and volumes can be most of a workload.
function containers(item: Item, path: readonly string[], init: boolean): PodContainer[] {
	const list = item.getNode(path);
	if (!isSeq(list)) return [];
	return list.items.flatMap((_, index) => {
		const at = [...path, index];
		const name = item.getValue([...at, 'name' satisfies keyof V1Container]);
		if (!isMap(item.getNode(at)) || typeof name !== 'string') return [];
		const declared = item.getValue([...at, 'ports' satisfies keyof V1Container]);
		const ports = Array.isArray(declared) ? declared.flatMap(podPort) : [];
		const sidecar = init && item.getValue([...at, 'restartPolicy' satisfies keyof V1Container]) === 'Always';
		return [{name, init, sidecar, ports}];
	});
}

function podPort(port: unknown): PodPort[] {
	if (!isObject<V1ContainerPort>(port)) return [];
	const number = portNumber(port.containerPort);
	if (number === undefined) return [];
	const protocol = typeof port.protocol === 'string' ? port.protocol : 'TCP';
	return [{number, protocol, ...(typeof port.name === 'string' && port.name !== '' ? {name: port.name} : {})}];
}

/** A port number as Kubernetes accepts it; digits in a string too, as people write them by mistake. */
export function portNumber(value: unknown): number | undefined {
	const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
	return typeof number === 'number' && Number.isInteger(number) && number >= 1 && number <= 65535 ? number : undefined;
}

/** An object, with the fields of `T` (a Kubernetes type) still to be checked. */
export function isObject<T = Record<string, unknown>>(value: unknown): value is Unchecked<T> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The declared port with this number, for the record of a scrape (the last container wins, as in discovery). */
export function declaredPort(pod: Pod, number: number): {container: PodContainer; port: PodPort} | undefined {
	let found: {container: PodContainer; port: PodPort} | undefined;
	for (const container of pod.containers) {
		const port = container.ports.find(candidate => candidate.number === number);
		if (port) found = {container, port};
	}
	return found;
}
