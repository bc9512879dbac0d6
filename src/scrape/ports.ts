import type {V1ContainerPort, V1Service, V1ServicePort} from '@kubernetes/client-node';
import {isMap, isScalar, isSeq} from 'yaml';
import {fieldsOf} from '../krm/fields-of.js';
import type {Item} from '../krm/item.js';
import {readsOtherwiseIn11} from '../krm/scalar-text.js';
import {someOf} from './some-of.js';

export interface ContainerPort extends Pick<V1ContainerPort, 'name' | 'containerPort'> {
	/** The container that declares it, which Grafana's `metrics.container` names. */
	container?: string;
	/** Declared by an init container, which has exited by the time Prometheus scrapes. */
	init?: true;
}

export interface ServicePort extends Pick<V1ServicePort, 'name' | 'port' | 'targetPort'> {
	/** The port's position in spec.ports, for field paths. */
	index: number;
	/** TCP unless set: a named targetPort finds only a container port of the same protocol. */
	protocol: string;
}

export function servicePorts(item: Item): ServicePort[] {
	const declared = item.getNode(fieldsOf<V1Service>()('spec', 'ports'));
	if (!isSeq(declared)) return [];
	const ports: ServicePort[] = [];
	declared.items.forEach((port, index) => {
		if (!isMap(port)) return;
		const number = toPort(port.get('port' satisfies keyof V1ServicePort, true), item);
		if (number === undefined) return;
		const name = port.get('name' satisfies keyof V1ServicePort);
		const protocol = port.get('protocol' satisfies keyof V1ServicePort);
		const target = port.get('targetPort' satisfies keyof V1ServicePort, true);
		const targetPort =
			toPort(target, item) ?? (isScalar(target) && typeof target.value === 'string' && target.value !== '' ? target.value : undefined);
		ports.push({
			index,
			port: number,
			protocol: typeof protocol === 'string' ? protocol : 'TCP',
			...(typeof name === 'string' ? {name} : {}),
			...(targetPort !== undefined ? {targetPort} : {}),
		});
	});
	return ports;
}

/**
 * A port number from YAML, which may be written as a number or, wrongly but commonly, a string.
 * A number Go YAML reads otherwise (`0755` is 493 to kubectl) is no port: which one was meant?
 */
export function toPort(node: unknown, item: Item): number | undefined {
	if (!isScalar(node)) return undefined;
	const source = typeof node.value === 'number' ? item.sourceOf(node) : undefined;
	if (source !== undefined && readsOtherwiseIn11(source)) return undefined;
	const value = typeof node.value === 'string' && /^\d+$/.test(node.value) ? Number(node.value) : node.value;
	return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 65535 ? value : undefined;
}

/** The declared ports, for a message that says what could have been named. */
export function listContainerPorts(ports: readonly ContainerPort[]): string {
	if (ports.length === 0) return 'the pod template declares no container ports';
	return `the declared ports are ${someOf(
		ports.map(port => (port.name ? `${port.name} (${port.containerPort})` : String(port.containerPort))),
		10,
	)}`;
}

export function listServicePorts(ports: readonly ServicePort[]): string {
	if (ports.length === 0) return 'the Service declares no ports';
	return `the Service's ports are ${someOf(
		ports.map(
			port => `${port.name ?? '(no name)'} port ${port.port}${port.targetPort !== undefined ? ` targetPort ${port.targetPort}` : ''}`,
		),
		10,
	)}`;
}
