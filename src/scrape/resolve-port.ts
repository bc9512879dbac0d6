import {endpointPath, fieldPath, type ResolvedEndpoint} from '../config/config.js';
import {introducedIn, supports} from '../config/operator-version.js';
import type {Item} from '../krm/item.js';
import {listContainerPorts, listServicePorts, servicePorts, type ContainerPort, type ServicePort} from './ports.js';
import {podTemplatePath} from './targets.js';
import {reporter, type Planning, type Workload} from './workloads.js';

/** How a monitor endpoint names its port once resolved against the target. */
export type EndpointPort = {port: string} | {portNumber: number} | {targetPort: number | string};

type Report = ReturnType<typeof reporter>;

/**
 * The port number for `prometheus.io/port`. Discovery keeps only digits, and the chart's jobs put
 * that number on the pod's address, so it must be the number a container listens on: a name
 * resolves to its container port, and a number must be one a (non-init) container declares. On a
 * Service the annotation replaces the port of each endpoint (a pod address), so a Service port,
 * by name or number, resolves to its target port on the pods.
 */
export function annotationPort(target: Item, port: number | string, planning: Planning): number | undefined {
	const report = reporter(planning, target, fieldPath(planning.config.prefix, ['port']));
	if (podTemplatePath(target))
		return containerPort(planning.workloads.of(target)?.ports ?? [], port, {annotation: `${planning.config.spec.annotations}/port`}, report)
			?.containerPort;
	if (target.kind === 'Service') {
		// Discovery lists every port the pods behind a Service declare, so a number they all declare
		// is one the chart's job can scrape, whether or not the Service exposes it.
		const behind = planning.workloads.behindService(target);
		const declaredByAll =
			behind.length > 0 && behind.every(workload => workload.ports.some(candidate => !candidate.init && candidate.containerPort === port));
		if (
			typeof port === 'number' &&
			declaredByAll &&
			!servicePorts(target).some(candidate => candidate.port === port || candidate.targetPort === port)
		)
			return port;
		const found = servicePort(target, port, report);
		return found && podPortNumber(target, found, planning, report);
	}
	if (typeof port === 'number') return port;
	return report(
		'error',
		`port ${JSON.stringify(port)} is a name, which an ${target.kind} cannot resolve; prometheus.io/port needs a number, so give one`,
	);
}

/** How Grafana's annotations name a port: by name, or by number with the container that declares it. */
export type GrafanaPort = {name: string} | {number: number; container?: string};

/**
 * The port for Grafana's `metrics.portName` or `metrics.portNumber`. On a pod a name keeps the
 * discovery target of the container port with that name, and a number replaces the port of the pod
 * address, so a declared port with a name is named. On a Service Alloy scrapes the Service's own
 * port (through its cluster IP), so the config's port resolves to a Service port as a
 * ServiceMonitor's does.
 */
export function grafanaPort(target: Item, port: number | string, planning: Planning): GrafanaPort | undefined {
	const report = reporter(planning, target, fieldPath(planning.config.prefix, ['port']));
	if (target.kind === 'Service') {
		const found = servicePort(target, port, report);
		return found && (found.name ? {name: found.name} : {number: found.port});
	}
	const found = containerPort(planning.workloads.of(target)?.ports ?? [], port, {annotation: 'k8s.grafana.com/metrics.portNumber'}, report);
	if (!found) return undefined;
	return found.name ? {name: found.name} : {number: found.containerPort, ...(found.container ? {container: found.container} : {})};
}

/**
 * What asks for a container port: an annotation (its key), whose number Prometheus dials whether
 * or not a container declares it, or a monitor (its kind), which reaches only declared ports.
 */
type Asker = {annotation: string} | {monitor: 'PodMonitor' | 'PodMonitoring'};

/**
 * The declared container port a name or number means. Init containers' ports are never scraped:
 * they have exited by then. A pod template that declares no ports cannot be checked; an
 * annotation's number is then taken as it is, with a warning.
 */
function containerPort(declared: readonly ContainerPort[], port: number | string, asker: Asker, report: Report): ContainerPort | undefined {
	const matches = (candidate: ContainerPort) => (typeof port === 'number' ? candidate.containerPort === port : candidate.name === port);
	const running = declared.filter(candidate => !candidate.init);
	const found = running.find(matches);
	if (found) return found;
	if (declared.some(matches)) {
		return report(
			'error',
			`port ${JSON.stringify(port)} is declared only by an init container, which has exited by the time Prometheus scrapes; give a port of a running container`,
		);
	}
	if (typeof port === 'number' && declared.length === 0 && 'annotation' in asker) {
		report(
			'warning',
			`the pod template declares no container ports, so port ${port} cannot be checked; Prometheus scrapes the pod's address at that port`,
		);
		return {containerPort: port};
	}
	const needs =
		'annotation' in asker
			? `${asker.annotation} must be a port a container listens on`
			: `a ${asker.monitor} only scrapes declared container ports`;
	return report(
		'error',
		`port ${JSON.stringify(port)} is not declared by any container: ${listContainerPorts(running)}; ${needs}, so give one of those or declare it in the pod template`,
	);
}

/**
 * The Service port a config port means: a name is a port's name (or, for annotations, a named
 * targetPort); a number is a Service `port` first, then a `targetPort`. More than one match is an
 * error: the answer must not depend on the order of spec.ports.
 */
function servicePort(service: Item, port: number | string, report: Report): ServicePort | undefined {
	const declared = servicePorts(service);
	const byName = declared.filter(candidate => candidate.name === port);
	const byPort = declared.filter(candidate => candidate.port === port);
	const byTarget = declared.filter(candidate => candidate.targetPort === port);
	const found = [byName, byPort, byTarget].find(group => group.length > 0) ?? [];
	if (found.length === 1) return found[0];
	if (found.length > 1) {
		return report(
			'error',
			`port ${JSON.stringify(port)} matches ${found.length} Service ports (${listServicePorts(found)}); name the one to scrape`,
		);
	}
	return report('error', `port ${JSON.stringify(port)} matches no Service port by name, port or targetPort: ${listServicePorts(declared)}`);
}

/** The number the pods behind a Service listen on for one of its ports; they must agree. */
function podPortNumber(service: Item, found: ServicePort, planning: Planning, report: Report): number | undefined {
	const target = found.targetPort ?? found.port;
	if (typeof target === 'number') return target;
	const numbers = new Set<number>();
	for (const workload of planning.workloads.behindService(service)) {
		const port = workload.ports.find(candidate => candidate.name === target && !candidate.init);
		if (port) numbers.add(port.containerPort);
	}
	if (numbers.size === 1) return [...numbers][0];
	if (numbers.size > 1) {
		return report(
			'error',
			`Service port ${found.name ?? found.port} targets the container port ${JSON.stringify(target)}, which is ${[...numbers].join(' on some pods and ')} on others; prometheus.io/port holds one number, so give the pods one number or scrape them by pod (monitorType: pod)`,
		);
	}
	return report(
		'error',
		`Service port ${found.name ?? found.port} targets the container port ${JSON.stringify(target)}, and no workload in the input that this Service selects declares a port with that name; prometheus.io/port needs a number, so give one`,
	);
}

/**
 * A PodMonitor endpoint can only reach a declared container port: a number becomes the name of
 * the container port it is, or `portNumber` (operator v0.79.0 and later) when that port has no
 * name; before v0.79.0 the deprecated `targetPort` is the only way. An integer `port` is invalid.
 */
export function podMonitorPort(
	workload: Workload,
	endpoint: ResolvedEndpoint,
	index: number,
	planning: Planning,
): EndpointPort | undefined {
	const {config} = planning;
	const report = reporter(planning, workload.item, endpointPath(config.prefix, config.spec, index, 'port'));
	const found = containerPort(workload.ports, endpoint.port, {monitor: 'PodMonitor'}, report);
	if (!found) return undefined;
	if (found.name) return {port: found.name};
	if (supports(config.spec.operatorVersion, introducedIn.portNumber)) return {portNumber: found.containerPort};
	report(
		'warning',
		`container port ${found.containerPort} has no name, and prometheus-operator ${config.spec.operatorVersion} predates portNumber (v${introducedIn.portNumber}), so the PodMonitor uses the deprecated targetPort; naming the port avoids that`,
	);
	return {targetPort: found.containerPort};
}

/**
 * A ServiceMonitor endpoint names the Service port it scrapes. A Service's one unnamed port (a
 * Service with several must name them all) is reached through `targetPort`, the pods' port.
 */
export function serviceMonitorPort(target: Item, endpoint: ResolvedEndpoint, index: number, planning: Planning): EndpointPort | undefined {
	const {config} = planning;
	const found = servicePort(target, endpoint.port, reporter(planning, target, endpointPath(config.prefix, config.spec, index, 'port')));
	if (!found) return undefined;
	return found.name ? {port: found.name} : {targetPort: found.targetPort ?? found.port};
}

/**
 * A GMP PodMonitoring endpoint's port for a workload: a number as it is (GMP sends it to the pod's
 * IP whether or not a container declares it), a name only if a running container declares it (GMP
 * keeps the discovery targets of that container port name).
 */
export function podMonitoringPort(
	workload: Workload,
	endpoint: ResolvedEndpoint,
	index: number,
	planning: Planning,
): number | string | undefined {
	if (typeof endpoint.port === 'number') return endpoint.port;
	const {config} = planning;
	const report = reporter(planning, workload.item, endpointPath(config.prefix, config.spec, index, 'port'));
	return containerPort(workload.ports, endpoint.port, {monitor: 'PodMonitoring'}, report)?.name;
}

/**
 * A GMP PodMonitoring for a Service scrapes the Service's pods directly, so its port is the
 * targetPort of the Service port the config names: the number, or the container port name, that
 * the pods declare. A name no workload behind the Service declares is an error when some are in
 * the input.
 */
export function serviceTargetPort(
	service: Item,
	endpoint: ResolvedEndpoint,
	index: number,
	planning: Planning,
): number | string | undefined {
	const {config} = planning;
	const report = reporter(planning, service, endpointPath(config.prefix, config.spec, index, 'port'));
	const found = servicePort(service, endpoint.port, report);
	if (!found) return undefined;
	const target = found.targetPort ?? found.port;
	const behind = planning.workloads.behindService(service);
	if (typeof target === 'number' || behind.length === 0) return target;
	if (behind.some(workload => workload.ports.some(port => port.name === target && !port.init))) return target;
	return report(
		'error',
		`Service port ${found.name ?? found.port} targets the container port ${JSON.stringify(target)}, which no workload the Service selects declares, so a PodMonitoring over its pods would scrape nothing; name a declared port`,
	);
}
