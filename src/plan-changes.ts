import {endpointSpec, monitorKinds, monitorName, podMonitorSpec, probeSpec, serviceMonitorSpec, type EndpointPort, type Monitor} from './build-monitor.js';
import {injectedNamespaces, isInjected, mergeMetricsAnnotation} from './istio.js';
import type {Item} from './item.js';
import {matches, type Requirement} from './label-selector.js';
import type {Config, ResolvedEndpoint} from './load-config.js';
import {introducedIn, supports} from './operator-version.js';
import {ownerAnnotation, replacedAnnotation, scrapeAnnotationKeys} from './ownership.js';
import {asWritten} from './edit-map.js';
import {containerPorts, servicePorts, type ContainerPort, type ServicePort} from './ports.js';
import {itemResult, type Result} from './results.js';
import {podTemplatePath, targetKinds} from './select-targets.js';

/** String entries to set in the map at `path` of an item (created on the way if missing). */
export interface SetAnnotations {
	item: Item;
	path: readonly string[];
	entries: Record<string, string>;
	/** The values are YAML text to write as they are (values a person wrote, put back). */
	asWritten?: boolean;
}

/** Keys to take out of the map at `path` of an item; `keepMap` when entries are also set there. */
export interface RemoveAnnotations {
	item: Item;
	path: readonly string[];
	keys: readonly string[];
	keepMap: boolean;
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
 * The annotation keys this config answers for on an item: the scrape keys on the kinds its
 * monitorType targets, and Istio's merge switch on the workloads behind them. Two steps of a
 * pipeline with different monitorTypes then never take back each other's annotations.
 */
function ownedKeysHere(item: Item, config: Config): readonly string[] {
	const {monitorType} = config.spec;
	const targetKind = targetKinds[monitorType].some(kind => kind.group === item.group && kind.kind === item.kind);
	const workload = podTemplatePath(item) !== undefined;
	if (targetKind) return workload ? [...scrapeAnnotationKeys, mergeMetricsAnnotation] : scrapeAnnotationKeys;
	return monitorType === 'service' && workload ? [mergeMetricsAnnotation] : [];
}

/**
 * Decides what the run changes, without touching text: the monitors that should exist (operator
 * mode) and the annotations each object should carry (annotation mode, or Istio's merge switch in
 * operator mode). Annotations this config wrote earlier and no longer wants are taken back, which
 * is what makes a mode switch or a narrower selector leave nothing stale behind.
 */
export function planChanges(items: readonly Item[], targets: readonly Item[], config: Config, prune: boolean): Plan {
	const plan: Plan = {set: [], remove: [], monitors: [], results: []};
	const context = new Context(items, config, plan.results);
	const wanted = new Map<Item, Record<string, string>>();
	for (const target of targets) {
		if (config.spec.operatorMode) {
			const monitor = planMonitor(target, context);
			if (!monitor) continue;
			plan.monitors.push(monitor);
			if (config.spec.istio?.mergeMetrics === false) {
				for (const workload of context.injectedWorkloadsBehind(target)) wanted.set(workload, {[mergeMetricsAnnotation]: 'false'});
			}
		} else {
			const entries = planAnnotations(target, context);
			if (entries) wanted.set(target, entries);
		}
	}
	for (const item of items) {
		const entries = wanted.get(item);
		const keys = prune ? ownedKeysHere(item, config) : [];
		const owned = keys.length > 0 && item.mentions(ownerAnnotation) && item.annotation(ownerAnnotation) === config.owner;
		if (!entries && !owned) continue;
		const path = annotationPath(item);
		const together = path.length === metadataAnnotations.length;
		const replaced = owned ? replacedValues(item) : {};
		if (!entries) {
			// Taking back: what a person had set before is written back, the rest goes.
			const restore = Object.fromEntries(Object.entries(replaced).filter(([key]) => keys.includes(key)));
			const gone = keys.filter(key => !(key in restore));
			const marks = [ownerAnnotation, replacedAnnotation];
			if (Object.keys(restore).length > 0) plan.set.push({item, path, entries: restore, asWritten: true});
			plan.remove.push({item, path, keys: together ? [...gone, ...marks] : gone, keepMap: Object.keys(restore).length > 0});
			if (!together) plan.remove.push({item, path: metadataAnnotations, keys: marks, keepMap: false});
			continue;
		}
		// A value a person set is replaced (with a warning when applied) but kept aside, the first
		// time this config takes the key, so that taking the key back can restore it.
		const current = item.stringMap(path);
		for (const [key, value] of Object.entries(entries)) {
			if (current[key] === undefined || current[key] === value || (owned && keys.includes(key)) || key in replaced) continue;
			const written = asWritten(item.getNode([...path, key])!);
			if (written !== undefined) replaced[key] = written;
		}
		const marks = {[ownerAnnotation]: config.owner, ...(Object.keys(replaced).length > 0 ? {[replacedAnnotation]: JSON.stringify(replaced)} : {})};
		if (together) {
			plan.set.push({item, path, entries: {...entries, ...marks}});
		} else {
			plan.set.push({item, path, entries});
			plan.set.push({item, path: metadataAnnotations, entries: marks});
		}
		const stale = owned ? keys.filter(key => !(key in entries)) : [];
		if (stale.length > 0) plan.remove.push({item, path, keys: stale, keepMap: true});
	}
	return plan;
}

/** The values a person had set under keys this config took over, as written, as the config recorded them. */
function replacedValues(item: Item): Record<string, string> {
	const recorded = item.annotation(replacedAnnotation);
	if (recorded === undefined) return {};
	try {
		const parsed = JSON.parse(recorded) as unknown;
		if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
			return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
		}
	} catch {
		// An annotation edited into something else records nothing.
	}
	return {};
}

export function isMonitor(item: Item): boolean {
	return item.group === 'monitoring.coreos.com' && Object.values(monitorKinds).some(kind => kind.kind === item.kind);
}

/** Where Prometheus's discovery reads the annotations: the pod template, or the object itself. */
function annotationPath(item: Item): readonly string[] {
	return [...(podTemplatePath(item) ?? []), ...metadataAnnotations];
}

function planAnnotations(target: Item, context: Context): Record<string, string> | undefined {
	const {config} = context;
	const endpoint = config.endpoints[0]!;
	const port = annotationPort(target, endpoint.port, context);
	if (port === undefined) return undefined;
	const scheme = endpoint.scheme.toLowerCase();
	if (scheme === 'https' && context.isInjected(target)) {
		context.results.push(
			itemResult(target, 'warning', 'the pods are Istio-injected: with metrics merging the sidecar scrapes the app over plain HTTP and serves the result on port 15020, so prometheus.io/scheme "https" is ignored by Istio and would make Prometheus use HTTPS against that plain port', `${config.prefix}.scheme`),
		);
	}
	const entries: Record<string, string> = {
		'prometheus.io/scrape': 'true',
		'prometheus.io/scheme': scheme,
		'prometheus.io/path': endpoint.path,
		'prometheus.io/port': String(port),
	};
	// The only Ingress convention Prometheus configs use is the blackbox `probe` key.
	if (config.spec.monitorType === 'ingress') entries['prometheus.io/probe'] = 'true';
	return entries;
}

/**
 * The port number for `prometheus.io/port`: discovery keeps only digits, so a name must resolve.
 * On a Service the annotation replaces the port of each endpoint (a pod address), so a Service
 * port name resolves to its target port on the pods.
 */
function annotationPort(target: Item, port: number | string, context: Context): number | undefined {
	if (typeof port === 'number') return port;
	const {results} = context;
	const at = `${context.config.prefix}.port`;
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
		const number = context.resolveTargetPort(target, found.targetPort);
		if (number !== undefined) return number;
		results.push(itemResult(target, 'error', `Service port ${JSON.stringify(port)} targets the container port ${JSON.stringify(found.targetPort)}, and no workload in the input that this Service selects declares a port with that name; prometheus.io/port needs a number, so give one`, at));
		return undefined;
	}
	results.push(itemResult(target, 'error', `port ${JSON.stringify(port)} is a name, which an ${target.kind} cannot resolve; prometheus.io/port needs a number, so give one`, at));
	return undefined;
}

function planMonitor(target: Item, context: Context): Monitor | undefined {
	const {config, results} = context;
	if (!target.name) {
		results.push(itemResult(target, 'error', `the ${target.kind} has no metadata.name, and its monitor is named after it; give it a name`, 'metadata.name'));
		return undefined;
	}
	const base = {target, name: monitorName(target, config), ...(target.namespace !== undefined ? {namespace: target.namespace} : {})};
	switch (config.spec.monitorType) {
		case 'pod': {
			const workload = context.workloadOf(target)!;
			const selector = podSelector(workload, results);
			const istio = istioTls(target, context, 'PodMonitor');
			if (!selector || istio === null) return undefined;
			const endpoints = config.endpoints.map((endpoint, index) => {
				const port = podMonitorPort(workload, endpoint, index, context);
				return port && endpointSpec(endpoint, port, istio);
			});
			if (endpoints.some(endpoint => endpoint === undefined)) return undefined;
			return {...base, kind: 'PodMonitor', spec: podMonitorSpec(config, selector, endpoints as Record<string, unknown>[])};
		}
		case 'service': {
			const labels = target.labels;
			if (Object.keys(labels).length === 0) {
				results.push(itemResult(target, 'error', 'the Service has no labels: a ServiceMonitor selects Services by label, so give it some', 'metadata.labels'));
				return undefined;
			}
			context.checkServiceHasPods(target);
			const istio = istioTls(target, context, 'ServiceMonitor');
			const endpoints = config.endpoints.map((endpoint, index) => {
				const port = serviceMonitorPort(target, endpoint, index, context);
				return port && endpointSpec(endpoint, {port}, istio ?? undefined);
			});
			if (endpoints.some(endpoint => endpoint === undefined)) return undefined;
			return {...base, kind: 'ServiceMonitor', spec: serviceMonitorSpec(config, {matchLabels: labels}, endpoints as Record<string, unknown>[])};
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

/**
 * With `istio.mtls: strict`, an injected target is scraped over mTLS. Only a ServiceMonitor may
 * name the certificate files; elsewhere a scrapeClass has to bring them (then only the scheme
 * changes), and without one the target is an error (null).
 */
function istioTls(target: Item, context: Context, kind: 'PodMonitor' | 'ServiceMonitor'): 'files' | 'https' | undefined | null {
	const {config} = context;
	if (config.spec.istio?.mtls !== 'strict' || !context.isInjected(target)) return undefined;
	if (kind === 'ServiceMonitor') return 'files';
	if (config.spec.scrapeClass) return 'https';
	context.results.push(
		itemResult(target, 'error', `the pods are Istio-injected and istio.mtls is strict, but a ${kind} cannot name the certificate files Istio writes (/etc/prom-certs/); scrape them through their Service (monitorType: service) or set scrapeClass to a Prometheus scrape class that carries that tlsConfig`, `${config.prefix}.istio.mtls`),
	);
	return null;
}

/** The workload's own pod selector, or else its pod template's labels; it must select its pods. */
function podSelector({item: target, template, labels}: Workload, results: Result[]): Record<string, unknown> | undefined {
	const selector = template.length > 0 ? target.getValue(['spec', 'selector']) : undefined;
	if (selector && typeof selector === 'object' && ('matchLabels' in selector || 'matchExpressions' in selector)) {
		const requirements = toRequirements(selector as LabelSelector);
		if (!requirements) {
			results.push(itemResult(target, 'error', 'spec.selector is not a label selector: matchLabels must be a map of strings, and matchExpressions a list of {key, operator (In, NotIn, Exists or DoesNotExist), values: [strings]}', 'spec.selector.matchExpressions'));
			return undefined;
		}
		if (!matches(requirements, labels)) {
			results.push(itemResult(target, 'error', "spec.selector does not match the pod template's labels, so the PodMonitor would select no pods; make them agree", 'spec.selector'));
			return undefined;
		}
		return selector as Record<string, unknown>;
	}
	if (Object.keys(labels).length > 0) return {matchLabels: labels};
	results.push(itemResult(target, 'error', 'the pods have no labels to select them by: a PodMonitor selects pods by label, so give the pod template labels', [...template, 'metadata', 'labels'].join('.') || 'metadata.labels'));
	return undefined;
}

interface LabelSelector {
	matchLabels?: Record<string, string>;
	matchExpressions?: Requirement[];
}

/** The selector as requirements, or undefined when it does not have a LabelSelector's shape. */
function toRequirements(selector: LabelSelector): Requirement[] | undefined {
	const {matchLabels = {}, matchExpressions = []} = selector as {matchLabels?: unknown; matchExpressions?: unknown};
	if (typeof matchLabels !== 'object' || matchLabels === null || Array.isArray(matchLabels) || !Array.isArray(matchExpressions)) return undefined;
	const requirements: Requirement[] = Object.entries(matchLabels).map(([key, value]) => ({key, operator: 'In', values: [String(value)]}));
	for (const expression of matchExpressions as unknown[]) {
		const {key, operator, values = []} = (expression ?? {}) as {key?: unknown; operator?: unknown; values?: unknown};
		if (typeof key !== 'string' || !['In', 'NotIn', 'Exists', 'DoesNotExist'].includes(operator as string) || !Array.isArray(values)) return undefined;
		requirements.push({key, operator: operator as Requirement['operator'], values: values.map(String)});
	}
	return requirements;
}

/**
 * A PodMonitor endpoint can only reach a declared container port: by its name, or by
 * `portNumber` (operator v0.79.0 and later) when it has none; before v0.79.0 the deprecated
 * `targetPort` is the only way. An integer `port` is invalid.
 */
function podMonitorPort({item: target, ports: declared}: Workload, endpoint: ResolvedEndpoint, index: number, context: Context): EndpointPort | undefined {
	const {config, results} = context;
	const {port} = endpoint;
	const found = declared.find(candidate => (typeof port === 'number' ? candidate.containerPort === port : candidate.name === port));
	const at = config.spec.endpoints ? `${config.prefix}.endpoints.${index}.port` : `${config.prefix}.port`;
	if (!found) {
		results.push(itemResult(target, 'error', `port ${JSON.stringify(port)} is not declared by any container: ${listContainerPorts(declared)}; a PodMonitor only scrapes declared container ports, so declare it in the pod template`, at));
		return undefined;
	}
	if (found.name) return {port: found.name};
	if (supports(config.spec.operatorVersion, introducedIn.portNumber)) return {portNumber: found.containerPort};
	results.push(
		itemResult(target, 'warning', `container port ${found.containerPort} has no name, and prometheus-operator ${config.spec.operatorVersion} predates portNumber (v${introducedIn.portNumber}), so the PodMonitor uses the deprecated targetPort; naming the port avoids that`, at),
	);
	return {targetPort: found.containerPort};
}

/** A ServiceMonitor endpoint names the Service port whose name, port or targetPort matches. */
function serviceMonitorPort(target: Item, endpoint: ResolvedEndpoint, index: number, context: Context): string | undefined {
	const {config, results} = context;
	const {port} = endpoint;
	const declared = servicePorts(target);
	const found = declared.find(candidate => candidate.name === port || candidate.port === port || candidate.targetPort === port);
	const at = config.spec.endpoints ? `${config.prefix}.endpoints.${index}.port` : `${config.prefix}.port`;
	if (!found) {
		results.push(itemResult(target, 'error', `port ${JSON.stringify(port)} matches no Service port by name, port or targetPort: ${listServicePorts(declared)}`, at));
		return undefined;
	}
	if (!found.name) {
		results.push(itemResult(target, 'error', `Service port ${found.port} matches port ${JSON.stringify(port)} but has no name; a ServiceMonitor endpoint selects Service ports by name, so name it`, `spec.ports.${found.index}.name`));
		return undefined;
	}
	return found.name;
}

function listContainerPorts(ports: readonly ContainerPort[]): string {
	if (ports.length === 0) return 'the pod template declares no container ports';
	return `the declared ports are ${ports.map(port => (port.name ? `${port.name} (${port.containerPort})` : String(port.containerPort))).join(', ')}`;
}

function listServicePorts(ports: readonly ServicePort[]): string {
	if (ports.length === 0) return 'the Service declares no ports';
	return `the Service's ports are ${ports.map(port => `${port.name ?? '(no name)'} port ${port.port}${port.targetPort !== undefined ? ` targetPort ${port.targetPort}` : ''}`).join(', ')}`;
}

interface Workload {
	item: Item;
	labels: Record<string, string>;
	ports: ContainerPort[];
	template: readonly string[];
}

/**
 * What planning needs to know about the input beyond the target: the workloads with their pods'
 * labels and ports, and which are Istio-injected. Gathered once, so that each Service's lookup is
 * a pass over the workloads of its namespace, not over every item.
 */
class Context {
	private readonly workloads = new Map<Item, Workload>();
	private readonly workloadsByNamespace = new Map<string, Workload[]>();
	private namespaces?: Set<string>;

	constructor(
		private readonly items: readonly Item[],
		readonly config: Config,
		readonly results: Result[],
	) {
		for (const item of items) {
			const template = podTemplatePath(item);
			if (!template || item.isLocalConfig || !item.map) continue;
			const workload = {item, template, labels: item.stringMap([...template, 'metadata', 'labels']), ports: containerPorts(item, template)};
			this.workloads.set(item, workload);
			const key = item.namespace ?? '';
			const peers = this.workloadsByNamespace.get(key);
			if (peers) peers.push(workload);
			else this.workloadsByNamespace.set(key, [workload]);
		}
	}

	workloadOf(item: Item): Workload | undefined {
		return this.workloads.get(item);
	}

	/** Istio injection is asked about only when the config involves Istio or https. */
	private injected(workload: Workload): boolean {
		this.namespaces ??= injectedNamespaces(this.items);
		return isInjected(workload.item, workload.template, this.namespaces);
	}

	/** The workloads whose pods a Service's spec.selector picks. */
	private workloadsOf(service: Item): Workload[] {
		const selector = service.stringMap(['spec', 'selector']);
		const requirements: Requirement[] = Object.entries(selector).map(([key, value]) => ({key, operator: 'In', values: [value]}));
		if (requirements.length === 0) return [];
		return (this.workloadsByNamespace.get(service.namespace ?? '') ?? []).filter(workload => matches(requirements, workload.labels));
	}

	resolveTargetPort(service: Item, name: string): number | undefined {
		for (const workload of this.workloadsOf(service)) {
			const port = workload.ports.find(candidate => candidate.name === name);
			if (port) return port.containerPort;
		}
		return undefined;
	}

	/** A ServiceMonitor scrapes the endpoints of the Service, so its selector should match some pods. */
	checkServiceHasPods(service: Item): void {
		if (Object.keys(service.stringMap(['spec', 'selector'])).length === 0 || this.workloadsOf(service).length > 0) return;
		this.results.push(
			itemResult(service, 'warning', "no workload in the input has pods that this Service's spec.selector matches; the ServiceMonitor scrapes nothing unless those pods are deployed from elsewhere", 'spec.selector'),
		);
	}

	/** The Istio-injected workloads a target's monitor scrapes: itself, or those behind a Service. */
	injectedWorkloadsBehind(target: Item): Item[] {
		const workloads = target.kind === 'Service' ? this.workloadsOf(target) : [this.workloadOf(target)].filter(workload => workload !== undefined);
		return workloads.filter(workload => this.injected(workload)).map(workload => workload.item);
	}

	isInjected(target: Item): boolean {
		const workloads = target.kind === 'Service' ? this.workloadsOf(target) : [this.workloadOf(target)].filter(workload => workload !== undefined);
		return workloads.some(workload => this.injected(workload));
	}
}
