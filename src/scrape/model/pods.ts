import type {V1Container, V1ContainerPort, V1PodTemplateSpec} from '@kubernetes/client-node';
import {isMap, isScalar, isSeq, YAMLMap, YAMLSeq, type Node, type Scalar} from 'yaml';
import {fieldsOf, type Unchecked} from '../../krm/fields-of.js';
import type {Item} from '../../krm/item.js';
import {isPlainScalar} from '../../krm/plain-of.js';
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

/**
 * Container lists already read, by node: an edited item read again keeps the nodes its edits did
 * not reach (krm/block-reader.ts), so the output's containers are most often the input's. Without
 * a document (no alias to follow) a list reads the same from either item.
 */
const readLists = new WeakMap<object, Pick<PodTemplate, 'containers' | 'declared'>>();

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
			let lists = item.document ? undefined : readLists.get(list);
			if (!lists) {
				lists = {containers: [], declared: []};
				for (const node of list.items) readContainer(item, node, init, lists);
				if (!item.document) readLists.set(list, lists);
			}
			template.containers.push(...lists.containers);
			template.declared.push(...lists.declared);
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

/**
 * One container, for both readers. The model reads a container as `item.getValue` makes it (through
 * aliases; of a repeated key, the last); planning reads it as written (an alias is not followed; of
 * a repeated key, the first), and refuses a number Go YAML reads otherwise (ports.ts). Ports as
 * people write them (a list of maps of plain values) read alike both ways, and are read once;
 * only the fields the model reads are made values: env, probes and volumes can be most of a workload.
 */
function readContainer(item: Item, node: unknown, init: boolean, template: Pick<PodTemplate, 'containers' | 'declared'>): void {
	const container = item.resolve(node);
	if (!isMap(container)) return;
	const planned = container === node;
	const name = valueIn(item, container, 'name' satisfies keyof V1Container);
	const modelled = typeof name === 'string';
	const written = container.get('ports' satisfies keyof V1Container, true);
	const ports: PodPort[] = [];
	const declared: {number: number; name?: string}[] = [];
	const plain =
		isSeq(written) && written.constructor === YAMLSeq ? written.items.map(port => (port === null ? {} : plainPort(port))) : undefined;
	if (plain && !plain.includes(undefined)) {
		for (const fields of plain as PortFields[]) {
			const number = portNumber(fields.containerPort?.value ?? null);
			if (number === undefined) continue;
			const portName = fields.name?.value;
			const protocol = fields.protocol?.value;
			ports.push({
				number,
				protocol: typeof protocol === 'string' ? protocol : 'TCP',
				...(typeof portName === 'string' && portName !== '' ? {name: portName} : {}),
			});
			const declaredNumber = toPort(fields.containerPort, item);
			if (declaredNumber !== undefined) declared.push({number: declaredNumber, ...(typeof portName === 'string' ? {name: portName} : {})});
		}
	} else {
		if (modelled) {
			const values = valueIn(item, container, 'ports' satisfies keyof V1Container);
			if (Array.isArray(values)) ports.push(...values.flatMap(podPort));
		}
		if (isSeq(written)) {
			for (const port of written.items) {
				if (!isMap(port)) continue;
				const number = toPort(port.get('containerPort' satisfies keyof V1ContainerPort, true), item);
				const portName = port.get('name' satisfies keyof V1ContainerPort);
				if (number !== undefined) declared.push({number, ...(typeof portName === 'string' ? {name: portName} : {})});
			}
		}
	}
	if (modelled) {
		const sidecar = init && valueIn(item, container, 'restartPolicy' satisfies keyof V1Container) === 'Always';
		template.containers.push({name, init, sidecar, ports});
	}
	if (!planned) return;
	const containerName = container.get('name' satisfies keyof V1Container);
	for (const port of declared) {
		template.declared.push({
			containerPort: port.number,
			...(port.name !== undefined ? {name: port.name} : {}),
			...(typeof containerName === 'string' ? {container: containerName} : {}),
			...(init ? {init: true as const} : {}),
		});
	}
}

type PortFields = Partial<Record<'containerPort' | 'name' | 'protocol', Scalar>>;

/**
 * The fields of a port that both readers read, when they read them alike: every key a string and
 * every value a plain scalar (no alias, list or map, so `item.getValue` makes of it just its
 * value), and none of the three keys repeated. Otherwise undefined.
 */
function plainPort(port: unknown): PortFields | undefined {
	if (!isMap(port) || port.constructor !== YAMLMap) return undefined;
	const fields: PortFields = {};
	for (const {key, value} of port.items) {
		if (!isScalar(key) || typeof key.value !== 'string') return undefined;
		if (value !== null && !(isScalar(value) && isPlainScalar(value.value))) return undefined;
		if (key.value !== 'containerPort' && key.value !== 'name' && key.value !== 'protocol') continue;
		if (key.value in fields) return undefined;
		// A key without a value reads as null both ways: no number, no name.
		fields[key.value] = value ?? undefined;
	}
	return fields;
}

/** `item.getValue` of the entry `key` of a map already found in the item: one walk from the root per container, not per field. */
function valueIn(item: Item, map: YAMLMap, key: string): unknown {
	const node = item.resolve(map.get(key, true));
	return node === null || node === undefined ? undefined : item.valueOfNode(node as Node);
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
