import {endpointPath, fieldPath, type ResolvedEndpoint} from '../config/config.js';
import {introducedIn, supports} from '../config/operator-version.js';
import type {Item} from '../krm/item.js';
import {listContainerPorts, listServicePorts, servicePorts} from './ports.js';
import {podTemplatePath} from './targets.js';
import {reporter, type Planning, type Workload} from './workloads.js';

/** How a monitor endpoint names its port once resolved against the target. */
export type EndpointPort = {port: string} | {portNumber: number} | {targetPort: number};

/**
 * The port number for `prometheus.io/port`: discovery keeps only digits, so a name must resolve.
 * On a Service the annotation replaces the port of each endpoint (a pod address), so a Service
 * port name resolves to its target port on the pods.
 */
export function annotationPort(target: Item, port: number | string, planning: Planning): number | undefined {
	if (typeof port === 'number') return port;
	const report = reporter(planning, target, fieldPath(planning.config.prefix, ['port']));
	const template = podTemplatePath(target);
	if (template) {
		const declared = planning.workloads.of(target)?.ports ?? [];
		const found = declared.find(candidate => candidate.name === port);
		if (found) return found.containerPort;
		return report(
			'error',
			`port ${JSON.stringify(port)} is not the name of any container port: ${listContainerPorts(declared)}; prometheus.io/port needs a number, so give one or name a container port`,
		);
	}
	if (target.kind === 'Service') {
		const declared = servicePorts(target);
		const found = declared.find(candidate => candidate.name === port || candidate.targetPort === port);
		if (!found) {
			return report(
				'error',
				`port ${JSON.stringify(port)} is not the name or target port of any Service port: ${listServicePorts(declared)}`,
			);
		}
		if (found.targetPort === undefined) return found.port;
		if (typeof found.targetPort === 'number') return found.targetPort;
		const number = targetPortNumber(target, found.targetPort, planning);
		if (number !== undefined) return number;
		return report(
			'error',
			`Service port ${JSON.stringify(port)} targets the container port ${JSON.stringify(found.targetPort)}, and no workload in the input that this Service selects declares a port with that name; prometheus.io/port needs a number, so give one`,
		);
	}
	return report(
		'error',
		`port ${JSON.stringify(port)} is a name, which an ${target.kind} cannot resolve; prometheus.io/port needs a number, so give one`,
	);
}

/** The number a Service's named targetPort has on the pods it selects. */
function targetPortNumber(service: Item, name: string, planning: Planning): number | undefined {
	for (const workload of planning.workloads.behindService(service)) {
		const port = workload.ports.find(candidate => candidate.name === name);
		if (port) return port.containerPort;
	}
	return undefined;
}

/**
 * A PodMonitor endpoint can only reach a declared container port: a number becomes the name of
 * the container port it is, or `portNumber` (operator v0.79.0 and later) when that port has no
 * name; before v0.79.0 the deprecated `targetPort` is the only way. An integer `port` is invalid.
 */
export function podMonitorPort(
	{item: target, ports: declared}: Workload,
	endpoint: ResolvedEndpoint,
	index: number,
	planning: Planning,
): EndpointPort | undefined {
	const {config} = planning;
	const {port} = endpoint;
	const report = reporter(planning, target, endpointPath(config.prefix, config.spec, index, 'port'));
	const found = declared.find(candidate => (typeof port === 'number' ? candidate.containerPort === port : candidate.name === port));
	if (!found) {
		return report(
			'error',
			`port ${JSON.stringify(port)} is not declared by any container: ${listContainerPorts(declared)}; a PodMonitor only scrapes declared container ports, so declare it in the pod template`,
		);
	}
	if (found.name) return {port: found.name};
	if (supports(config.spec.operatorVersion, introducedIn.portNumber)) return {portNumber: found.containerPort};
	report(
		'warning',
		`container port ${found.containerPort} has no name, and prometheus-operator ${config.spec.operatorVersion} predates portNumber (v${introducedIn.portNumber}), so the PodMonitor uses the deprecated targetPort; naming the port avoids that`,
	);
	return {targetPort: found.containerPort};
}

/** A ServiceMonitor endpoint names the Service port whose name, port or targetPort matches. */
export function serviceMonitorPort(target: Item, endpoint: ResolvedEndpoint, index: number, planning: Planning): string | undefined {
	const {config} = planning;
	const {port} = endpoint;
	const declared = servicePorts(target);
	const found = declared.find(candidate => candidate.name === port || candidate.port === port || candidate.targetPort === port);
	if (!found) {
		const report = reporter(planning, target, endpointPath(config.prefix, config.spec, index, 'port'));
		return report(
			'error',
			`port ${JSON.stringify(port)} matches no Service port by name, port or targetPort: ${listServicePorts(declared)}`,
		);
	}
	if (!found.name) {
		const report = reporter(planning, target, `spec.ports.${found.index}.name`);
		return report(
			'error',
			`Service port ${found.port} matches port ${JSON.stringify(port)} but has no name; a ServiceMonitor endpoint selects Service ports by name, so name it`,
		);
	}
	return found.name;
}
