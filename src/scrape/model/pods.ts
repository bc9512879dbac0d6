import type {V1Container, V1ContainerPort, V1PodTemplateSpec} from '@kubernetes/client-node';
import {isAlias, isMap, isSeq, type Node, type YAMLMap} from 'yaml';
import {fieldsOf, type Unchecked} from '../../krm/fields-of.js';
import type {Item} from '../../krm/item.js';
import {plainOf} from '../../krm/plain-of.js';
import {injectedNamespaces, isInjected} from '../istio.js';
import {toPort, type ContainerPort} from '../ports.js';
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

/**
 * A workload's pod template, read once for both of its readers: the model (labels, annotations,
 * containers) and planning (`declared`: the ports a config may name), which read ports by rules of
 * their own. Generation asks the model of its input and of its output and plans in between: one
 * pass over the containers, kept per item, serves all three.
 */
export interface PodTemplate {
	path: readonly string[];
	labels: Record<string, string>;
	annotations: Record<string, string>;
	/** As discovery sees them: containers first, then init containers. */
	containers: PodContainer[];
	/** As planning reads them, in the same order. */
	declared: ContainerPort[];
	/** The template lists containers: one that lists none describes no pod Kubernetes would run. */
	runs: boolean;
}

const read = new WeakMap<Item, PodTemplate>();

/** The pod template of a workload; undefined for other objects, and for those the orchestrator does not deploy. */
export function podTemplate(item: Item): PodTemplate | undefined {
	// The kind first: it comes from the item's lines, and an item of another kind is never read.
	const path = podTemplatePath(item);
	if (!path || item.isLocalConfig || !item.map) return undefined;
	let template = read.get(item);
	if (!template) {
		template = {
			path,
			labels: item.stringMap([...path, 'metadata', 'labels']),
			annotations: item.stringMap([...path, 'metadata', 'annotations']),
			containers: [],
			declared: [],
			runs: false,
		};
		for (const init of [false, true]) {
			const list = item.getNode([...path, ...podSpec('spec', init ? 'initContainers' : 'containers')]);
			if (!isSeq(list)) continue;
			if (!init) template.runs = list.items.length > 0;
			for (const node of list.items) {
				const container = podContainer(item, node, init);
				if (container) template.containers.push(container);
				if (isMap(node)) template.declared.push(...declaredPorts(item, node, init));
			}
		}
		read.set(item, template);
	}
	return template;
}

/** The pods the workloads of the list run; objects the orchestrator does not deploy run none. */
export function podsOf(items: readonly Item[]): Pod[] {
	const namespaces = injectedNamespaces(items);
	const pods: Pod[] = [];
	for (const item of items) {
		const template = podTemplate(item);
		if (!template) continue;
		const {labels, annotations, containers} = template;
		pods.push({
			workload: item,
			namespace: item.namespace ?? '',
			labels,
			annotations,
			containers,
			injected: isInjected(item, template, namespaces),
		});
	}
	return pods;
}

const podSpec = fieldsOf<V1PodTemplateSpec>();

// Only the fields the model reads are made values: a container's env, probes and volumes can be most of a workload.
function podContainer(item: Item, node: unknown, init: boolean): PodContainer | undefined {
	const container = resolved(item, node);
	if (!isMap(container)) return undefined;
	const name = valueIn(item, container, 'name' satisfies keyof V1Container);
	if (typeof name !== 'string') return undefined;
	const declared = valueIn(item, container, 'ports' satisfies keyof V1Container);
	const ports = Array.isArray(declared) ? declared.flatMap(podPort) : [];
	const sidecar = init && valueIn(item, container, 'restartPolicy' satisfies keyof V1Container) === 'Always';
	return {name, init, sidecar, ports};
}

/**
 * A container's ports as planning reads them, from the container as written: an alias, which the
 * model follows, is not read here, and a number Go YAML reads otherwise is no port (ports.ts).
 */
function declaredPorts(item: Item, container: YAMLMap, init: boolean): ContainerPort[] {
	const declared = container.get('ports' satisfies keyof V1Container, true);
	if (!isSeq(declared)) return [];
	const containerName = container.get('name' satisfies keyof V1Container);
	return declared.items.flatMap(port => {
		if (!isMap(port)) return [];
		const number = toPort(port.get('containerPort' satisfies keyof V1ContainerPort, true), item);
		if (number === undefined) return [];
		const name = port.get('name' satisfies keyof V1ContainerPort);
		return [
			{
				containerPort: number,
				...(typeof name === 'string' ? {name} : {}),
				...(typeof containerName === 'string' ? {container: containerName} : {}),
				...(init ? {init: true as const} : {}),
			},
		];
	});
}

/** `item.getValue` of the entry `key` of a map already found in the item: one walk from the root per container, not per field. */
function valueIn(item: Item, map: YAMLMap, key: string): unknown {
	const node = resolved(item, map.get(key, true));
	if (node === null || node === undefined) return undefined;
	return item.document ? (node as Node).toJS(item.document, {maxAliasCount: -1}) : plainOf(node as Node);
}

/** A node as `item.getNode` reaches it: through an alias to its anchor. */
function resolved(item: Item, node: unknown): unknown {
	return isAlias(node) && item.document ? node.resolve(item.document) : node;
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
