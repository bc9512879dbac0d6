import type {Config, ResolvedEndpoint, Spec} from '../../config/config.js';
import type {RelabelConfig} from '../../generated/config-types.js';
import type {PodMonitoringSpec, PodMonitorSpec, ProbeSpec, ServiceMonitorSpec} from '../../generated/monitor-types.js';
import {generatedKind, gmpApiVersion, gmpKinds, monitorKinds, type MonitorKind} from '../../config/monitor-kinds.js';
import {placementAnnotations, type FileSlot} from '../../krm/file-slots.js';
import type {Item} from '../../krm/item.js';
import {ownerAnnotation} from '../ownership.js';
import type {EndpointPort} from '../resolve-port.js';
import {operatorForm} from './credential-forms.js';

export const monitoringApiVersion = 'monitoring.coreos.com/v1';

/** A prometheus-operator or GMP monitor of a kind this function generates, whoever wrote it. */
export function isMonitor(item: Item): boolean {
	// Asked of every item: the kind first, which comes from the item's lines; the group only of a monitor's kind.
	const kind = item.kind;
	if (gmpMonitorKinds.has(kind) && item.group === 'monitoring.googleapis.com') return true;
	return operatorMonitorKinds.has(kind) && item.group === 'monitoring.coreos.com';
}

const gmpMonitorKinds = new Set<string>(gmpKinds);
const operatorMonitorKinds = new Set<string>(Object.values(monitorKinds).map(kind => kind.kind));

/** The spec of a monitor the function writes, typed from the prometheus-operator CRDs (scripts/build.mjs). */
export type MonitorSpec = PodMonitorSpec | ServiceMonitorSpec | ProbeSpec | PodMonitoringSpec;

/**
 * One endpoint, for a PodMonitor or a ServiceMonitor: the fields the two CRDs share, and the port
 * field each has (resolve-port.ts decides which).
 */
export type MonitorEndpoint = NonNullable<PodMonitorSpec['podMetricsEndpoints']>[number] & ServiceMonitorSpec['endpoints'][number];

/** A monitor the function wants in the output, and the target it scrapes. */
export interface Monitor {
	target: Item;
	kind: MonitorKind;
	name: string;
	namespace?: string;
	spec: MonitorSpec;
}

/**
 * The TLS settings Istio documents for scraping workloads under STRICT mTLS: the certificates its
 * sidecar writes into the Prometheus pod, and no server-name check (Istio's identities are not
 * host names).
 */
export const istioMtlsTls = {
	caFile: '/etc/prom-certs/root-cert.pem',
	certFile: '/etc/prom-certs/cert-chain.pem',
	keyFile: '/etc/prom-certs/key.pem',
	insecureSkipVerify: true,
};

export function monitorName(target: Item, config: Config): string {
	return `${target.name}-${generatedKind(config.spec).suffix}`;
}

/** Drops the undefined fields, so that only what was configured is written. */
export function defined<T extends object>(fields: T): T {
	return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as T;
}

/** The spec's settings that are written as they are, under the same names, when set. */
function copied<Key extends keyof Spec>(spec: Spec, keys: readonly Key[]): Pick<Spec, Key> {
	return defined(Object.fromEntries(keys.map(key => [key, spec[key]])) as Pick<Spec, Key>);
}

/** The settings of a monitor as a whole, common to every kind (Probe: see probeSpec). */
function monitorWide(config: Config) {
	return {...copied(config.spec, ['jobLabel', 'targetLabels', 'podTargetLabels', 'namespaceSelector']), ...limits(config)};
}

/** The limits and scrape settings a Probe takes too. */
function limits(config: Config) {
	return copied(config.spec, [
		'sampleLimit',
		'targetLimit',
		'labelLimit',
		'labelNameLengthLimit',
		'labelValueLengthLimit',
		'scrapeClass',
		'fallbackScrapeProtocol',
	]);
}

/** One PodMonitor or ServiceMonitor endpoint: the config's names mapped onto the CRD's. */
export function endpointSpec(
	endpoint: ResolvedEndpoint,
	port: EndpointPort,
	istio: 'files' | 'https' | undefined,
	restrict: readonly RelabelConfig[] = [],
): MonitorEndpoint {
	return defined<MonitorEndpoint>({
		...port,
		path: endpoint.path,
		scheme: istio ? 'https' : lowercase(endpoint.scheme),
		interval: endpoint.interval,
		scrapeTimeout: endpoint.timeout,
		params: endpoint.params,
		honorLabels: endpoint.honorLabels,
		honorTimestamps: endpoint.honorTimestamps,
		tlsConfig: istio === 'files' ? {...istioMtlsTls, ...endpoint.tls} : endpoint.tls,
		...operatorCredentials(endpoint),
		authorization: endpoint.authorization,
		relabelings: withRules(restrict, endpoint.relabelings),
		metricRelabelings: endpoint.metricRelabelings,
	});
}

/** basicAuth and oauth2 as prometheus-operator takes them: the username and client id from a Secret (or ConfigMap). */
function operatorCredentials({basicAuth, oauth2}: ResolvedEndpoint) {
	const username = operatorForm(basicAuth?.username);
	const clientId = operatorForm(oauth2?.clientId);
	return {
		basicAuth: basicAuth && username !== undefined ? {...basicAuth, username} : undefined,
		oauth2: oauth2 && clientId !== undefined ? {...oauth2, clientId} : undefined,
	};
}

export function podMonitorSpec(config: Config, selector: PodMonitorSpec['selector'], endpoints: MonitorEndpoint[]): PodMonitorSpec {
	return {selector, ...monitorWide(config), podMetricsEndpoints: endpoints};
}

export function serviceMonitorSpec(
	config: Config,
	selector: ServiceMonitorSpec['selector'],
	endpoints: MonitorEndpoint[],
): ServiceMonitorSpec {
	return {selector, ...monitorWide(config), endpoints};
}

/**
 * A Probe asks the blackbox exporter at prober.url to fetch every Ingress its selector picks. It
 * has one prober, so the one endpoint's settings go on the Probe itself: target relabelings under
 * targets.ingress, and `params` in the Probe's list form.
 */
export function probeSpec(config: Config, target: Item, restrict: readonly RelabelConfig[] = []): ProbeSpec {
	const {prober, namespaceSelector} = config.spec;
	// config/checks.ts refuses operator mode for Ingresses without prober.url.
	const url = prober!.url!;
	const endpoint = config.endpoints[0]!;
	const params = endpoint.params && Object.entries(endpoint.params).map(([name, values]) => ({name, values}));
	return defined<ProbeSpec>({
		prober: defined({url, path: prober!.path, scheme: prober!.scheme && lowercase(prober!.scheme)}),
		module: prober!.module,
		interval: endpoint.interval,
		scrapeTimeout: endpoint.timeout,
		params: params && nonEmpty(params) ? params : undefined,
		tlsConfig: endpoint.tls,
		...operatorCredentials(endpoint),
		authorization: endpoint.authorization,
		metricRelabelings: endpoint.metricRelabelings,
		...limits(config),
		targets: {
			ingress: defined({
				selector: {matchLabels: target.labels},
				// Only what the user set: a pinned namespace would keep a kustomize `namespace:` overlay's Probe
				// looking in the old one. Without it, the operator looks in the Probe's own namespace.
				namespaceSelector,
				relabelingConfigs: withRules(restrict, endpoint.relabelings),
			}),
		},
	});
}

/** A new monitor as the object to append, marked as this config's and placed in its own file. */
export function monitorObject(monitor: Monitor, config: Config, slot: FileSlot): Record<string, unknown> {
	const {monitorLabels} = config.spec;
	return {
		apiVersion: (gmpKinds as readonly string[]).includes(monitor.kind) ? gmpApiVersion : monitoringApiVersion,
		kind: monitor.kind,
		metadata: {
			name: monitor.name,
			...(monitor.namespace !== undefined ? {namespace: monitor.namespace} : {}),
			...(monitorLabels && Object.keys(monitorLabels).length > 0 ? {labels: monitorLabels} : {}),
			annotations: {[ownerAnnotation]: config.owner, ...placementAnnotations(slot)},
		},
		spec: monitor.spec,
	};
}

/** The CRDs' enums of schemes are lowercase and uppercase; the function writes lowercase. */
export function lowercase<Text extends string>(text: Text): Lowercase<Text> {
	return text.toLowerCase() as Lowercase<Text>;
}

/** The CRDs' lists that must not be empty are written only when they are not. */
function nonEmpty<T>(list: T[]): list is [T, ...T[]] {
	return list.length > 0;
}

/** The keep rules that confine a monitor to its target, before the user's own. */
function withRules(restrict: readonly RelabelConfig[], own: RelabelConfig[] | undefined): RelabelConfig[] | undefined {
	return restrict.length === 0 ? own : [...restrict, ...(own ?? [])];
}
