import {isMap} from 'yaml';
import {monitorName, podMonitorSpec, probeSpec, serviceMonitorSpec, monitorKinds, type EndpointPort, type Monitor} from './build-monitor.js';
import type {Item} from './item.js';
import {matches, type Requirement} from './label-selector.js';
import type {Config} from './load-config.js';
import {ownerAnnotation, scrapeAnnotationKeys} from './ownership.js';
import {containerPorts, servicePorts, type ContainerPort, type ServicePort} from './ports.js';
import {itemResult, type Result} from './results.js';
import {podTemplatePath} from './select-targets.js';

/** String entries to set in the map at `path` of an item (created on the way if missing). */
export interface SetAnnotations {
	item: Item;
	path: readonly string[];
	entries: Record<string, string>;
}

/** Keys to take out of the map at `path` of an item. */
export interface RemoveAnnotations {
	item: Item;
	path: readonly string[];
	keys: readonly string[];
}

export interface Plan {
	set: SetAnnotations[];
	remove: RemoveAnnotations[];
	/** Every monitor this config should own after the run; what it owns beyond these is stale. */
	monitors: Monitor[];
	results: Result[];
}

const metadataAnnotations = ['metadata', 'annotations'] as const;

/**
 * Decides what the run changes, without touching text: annotations for each target (annotation
 * mode) or the monitors that should exist (operator mode), and the clean-up of what this config
 * wrote earlier but no longer wants. Ports are resolved here, against the target and, for
 * Services, the workloads whose pods they select.
 */
export function planChanges(items: readonly Item[], targets: readonly Item[], config: Config): Plan {
	const plan: Plan = {set: [], remove: [], monitors: [], results: []};
	const annotated = new Set<Item>();
	const workloads = new WorkloadIndex(items);
	for (const target of targets) {
		if (config.spec.operatorMode) {
			const monitor = planMonitor(target, config, workloads, plan.results);
			if (monitor) plan.monitors.push(monitor);
		} else if (planAnnotations(target, config, workloads, plan)) {
			annotated.add(target);
		}
	}
	// Annotations this config wrote on objects it no longer annotates (a mode switch, a narrower
	// selector) are its own to take back.
	for (const item of items) {
		if (annotated.has(item) || item.annotation(ownerAnnotation) !== config.owner || isMonitor(item)) continue;
		const path = annotationPath(item);
		if (path.length === metadataAnnotations.length) {
			plan.remove.push({item, path, keys: [...scrapeAnnotationKeys, ownerAnnotation]});
		} else {
			plan.remove.push({item, path, keys: scrapeAnnotationKeys});
			plan.remove.push({item, path: metadataAnnotations, keys: [ownerAnnotation]});
		}
	}
	return plan;
}

export function isMonitor(item: Item): boolean {
	return item.group === 'monitoring.coreos.com' && Object.values(monitorKinds).some(kind => kind.kind === item.kind);
}

/** Where Prometheus's discovery reads the annotations: the pod template, or the object itself. */
function annotationPath(item: Item): readonly string[] {
	return [...(podTemplatePath(item) ?? []), ...metadataAnnotations];
}

function planAnnotations(target: Item, config: Config, workloads: WorkloadIndex, plan: Plan): boolean {
	const port = annotationPort(target, config, workloads, plan.results);
	if (port === undefined) return false;
	const {spec} = config;
	const entries: Record<string, string> = {
		'prometheus.io/scrape': 'true',
		'prometheus.io/scheme': spec.scheme.toLowerCase(),
		'prometheus.io/path': spec.path,
		'prometheus.io/port': String(port),
	};
	// The only Ingress convention Prometheus configs use is the blackbox `probe` key.
	if (spec.monitorType === 'ingress') entries['prometheus.io/probe'] = 'true';
	const path = annotationPath(target);
	const owner = {[ownerAnnotation]: config.owner};
	if (path.length === metadataAnnotations.length) {
		plan.set.push({item: target, path, entries: {...entries, ...owner}});
	} else {
		plan.set.push({item: target, path, entries});
		plan.set.push({item: target, path: metadataAnnotations, entries: owner});
	}
	return true;
}

/**
 * The port number for `prometheus.io/port`: discovery keeps only digits, so a name must resolve.
 * On a Service the annotation replaces the port of each endpoint (a pod address), so a Service
 * port name resolves to its target port on the pods.
 */
function annotationPort(target: Item, config: Config, workloads: WorkloadIndex, results: Result[]): number | undefined {
	const {port} = config.spec;
	if (typeof port === 'number') return port;
	const at = `${config.prefix}.port`;
	const template = podTemplatePath(target);
	if (template) {
		const declared = containerPorts(target, template);
		const found = declared.find(candidate => candidate.name === port);
		if (found) return found.containerPort;
		results.push(itemResult(target, 'error', `port ${JSON.stringify(port)} is not the name of any container port: ${listContainerPorts(declared)}; prometheus.io/port needs a number, so give one or name a container port`, at));
		return undefined;
	}
	if (target.kind === 'Service') {
		const declared = servicePorts(target);
		const found = declared.find(candidate => candidate.name === port || candidate.targetPort === port);
		if (!found) {
			results.push(itemResult(target, 'error', `port ${JSON.stringify(port)} is not the name or target port of any Service port: ${listServicePorts(declared)}`, at));
			return undefined;
		}
		if (found.targetPort === undefined) return found.port;
		if (typeof found.targetPort === 'number') return found.targetPort;
		const number = workloads.resolveTargetPort(target, found.targetPort);
		if (number !== undefined) return number;
		results.push(itemResult(target, 'error', `Service port ${JSON.stringify(port)} targets the container port ${JSON.stringify(found.targetPort)}, and no workload in the input that this Service selects declares a port with that name; prometheus.io/port needs a number, so give one`, at));
		return undefined;
	}
	results.push(itemResult(target, 'error', `port ${JSON.stringify(port)} is a name, which an ${target.kind} cannot resolve; prometheus.io/port needs a number, so give one`, at));
	return undefined;
}

function planMonitor(target: Item, config: Config, workloads: WorkloadIndex, results: Result[]): Monitor | undefined {
	const at = `${config.prefix}.port`;
	const base = {target, name: monitorName(target, config), ...(target.namespace !== undefined ? {namespace: target.namespace} : {})};
	switch (config.spec.monitorType) {
		case 'pod': {
			const template = podTemplatePath(target)!;
			const selector = podSelector(target, template);
			if (!selector) {
				results.push(itemResult(target, 'error', 'the pods have no labels to select them by: a PodMonitor selects pods by label, so give the pod template labels', `${[...template, 'metadata', 'labels'].join('.') || 'metadata.labels'}`));
				return undefined;
			}
			const port = podMonitorPort(target, template, config, results);
			return port && {...base, kind: 'PodMonitor', spec: podMonitorSpec(config, selector, port)};
		}
		case 'service': {
			const labels = target.labels;
			if (Object.keys(labels).length === 0) {
				results.push(itemResult(target, 'error', 'the Service has no labels: a ServiceMonitor selects Services by label, so give it some', 'metadata.labels'));
				return undefined;
			}
			const declared = servicePorts(target);
			const {port} = config.spec;
			const found = declared.find(candidate => candidate.name === port || candidate.port === port || candidate.targetPort === port);
			if (!found) {
				results.push(itemResult(target, 'error', `port ${JSON.stringify(port)} matches no Service port by name, port or targetPort: ${listServicePorts(declared)}`, at));
				return undefined;
			}
			if (!found.name) {
				results.push(itemResult(target, 'error', `Service port ${found.port} matches port ${JSON.stringify(port)} but has no name; a ServiceMonitor endpoint selects Service ports by name, so name it`, `spec.ports.${found.index}.name`));
				return undefined;
			}
			return {...base, kind: 'ServiceMonitor', spec: serviceMonitorSpec(config, {matchLabels: labels}, found.name)};
		}
		case 'ingress': {
			if (Object.keys(target.labels).length === 0) {
				results.push(itemResult(target, 'error', 'the Ingress has no labels: a Probe selects Ingresses by label, so give it some', 'metadata.labels'));
				return undefined;
			}
			return {...base, kind: 'Probe', spec: probeSpec(config, target)};
		}
	}
}

/** The workload's own pod selector, or else its pod template's labels. */
function podSelector(target: Item, template: readonly string[]): Record<string, unknown> | undefined {
	const selector = template.length > 0 ? target.getValue(['spec', 'selector']) : undefined;
	if (selector && typeof selector === 'object' && ('matchLabels' in selector || 'matchExpressions' in selector)) {
		return selector as Record<string, unknown>;
	}
	const labels = target.stringMap([...template, 'metadata', 'labels']);
	return Object.keys(labels).length > 0 ? {matchLabels: labels} : undefined;
}

/**
 * A PodMonitor endpoint can only reach a declared container port: by its name, or (operator
 * v0.79.0 and later) by `portNumber` when the port has none. An integer `port` is invalid.
 */
function podMonitorPort(target: Item, template: readonly string[], config: Config, results: Result[]): EndpointPort | undefined {
	const {port} = config.spec;
	const declared = containerPorts(target, template);
	const found = declared.find(candidate => (typeof port === 'number' ? candidate.containerPort === port : candidate.name === port));
	if (found) return found.name ? {port: found.name} : {portNumber: found.containerPort};
	results.push(
		itemResult(target, 'error', `port ${JSON.stringify(port)} is not declared by any container: ${listContainerPorts(declared)}; a PodMonitor only scrapes declared container ports, so declare it in the pod template`, `${config.prefix}.port`),
	);
	return undefined;
}

function listContainerPorts(ports: readonly ContainerPort[]): string {
	if (ports.length === 0) return 'the pod template declares no container ports';
	return `the declared ports are ${ports.map(port => (port.name ? `${port.name} (${port.containerPort})` : String(port.containerPort))).join(', ')}`;
}

function listServicePorts(ports: readonly ServicePort[]): string {
	if (ports.length === 0) return 'the Service declares no ports';
	return `the Service's ports are ${ports.map(port => `${port.name ?? '(no name)'} port ${port.port}${port.targetPort !== undefined ? ` targetPort ${port.targetPort}` : ''}`).join(', ')}`;
}

/**
 * The workloads in the input and their pods' labels and ports, gathered once so that resolving
 * a Service's named target port is a lookup, not a scan of every item per Service.
 */
class WorkloadIndex {
	private readonly workloads: {labels: Record<string, string>; ports: ContainerPort[]; namespace?: string}[] = [];

	constructor(items: readonly Item[]) {
		for (const item of items) {
			const template = podTemplatePath(item);
			if (!template || !isMap(item.node)) continue;
			const ports = containerPorts(item, template);
			if (ports.length === 0) continue;
			this.workloads.push({labels: item.stringMap([...template, 'metadata', 'labels']), ports, namespace: item.namespace});
		}
	}

	resolveTargetPort(service: Item, name: string): number | undefined {
		const selector = service.stringMap(['spec', 'selector']);
		const requirements: Requirement[] = Object.entries(selector).map(([key, value]) => ({key, operator: 'In', values: [value]}));
		if (requirements.length === 0) return undefined;
		for (const workload of this.workloads) {
			if (workload.namespace !== service.namespace || !matches(requirements, workload.labels)) continue;
			const port = workload.ports.find(candidate => candidate.name === name);
			if (port) return port.containerPort;
		}
		return undefined;
	}
}
