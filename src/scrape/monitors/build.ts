import type {Config, ResolvedEndpoint, Spec} from '../../config/config.js';
import type {RelabelConfig} from '../../generated/config-types.js';
import {generatedKind, gmpApiVersion, gmpKinds, monitorKinds, type MonitorKind} from '../../config/monitor-kinds.js';
import {placementAnnotations, type FileSlot} from '../../krm/file-slots.js';
import type {Item} from '../../krm/item.js';
import {ownerAnnotation} from '../ownership.js';
import type {EndpointPort} from '../resolve-port.js';

export const monitoringApiVersion = 'monitoring.coreos.com/v1';

/** A prometheus-operator or GMP monitor of a kind this function generates, whoever wrote it. */
export function isMonitor(item: Item): boolean {
	if (item.group === 'monitoring.googleapis.com') return (gmpKinds as readonly string[]).includes(item.kind);
	return item.group === 'monitoring.coreos.com' && Object.values(monitorKinds).some(kind => kind.kind === item.kind);
}

/** A monitor the function wants in the output, and the target it scrapes. */
export interface Monitor {
	target: Item;
	kind: MonitorKind;
	name: string;
	namespace?: string;
	spec: Record<string, unknown>;
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
export function defined(fields: Record<string, unknown>): Record<string, unknown> {
	return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

/** The spec's settings that are written as they are, under the same names, when set. */
function copied(spec: Spec, keys: readonly (keyof Spec)[]): Record<string, unknown> {
	return defined(Object.fromEntries(keys.map(key => [key, spec[key]])));
}

/** The settings of a monitor as a whole, common to every kind (Probe: see probeSpec). */
function monitorWide(config: Config): Record<string, unknown> {
	return {...copied(config.spec, ['jobLabel', 'targetLabels', 'podTargetLabels', 'namespaceSelector']), ...limits(config)};
}

/** The limits and scrape settings a Probe takes too. */
function limits(config: Config): Record<string, unknown> {
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
): Record<string, unknown> {
	return defined({
		...port,
		path: endpoint.path,
		scheme: istio ? 'https' : endpoint.scheme.toLowerCase(),
		interval: endpoint.interval,
		scrapeTimeout: endpoint.timeout,
		params: endpoint.params,
		honorLabels: endpoint.honorLabels,
		honorTimestamps: endpoint.honorTimestamps,
		tlsConfig: istio === 'files' ? {...istioMtlsTls, ...endpoint.tls} : endpoint.tls,
		basicAuth: endpoint.basicAuth,
		authorization: endpoint.authorization,
		oauth2: endpoint.oauth2,
		relabelings: withRules(restrict, endpoint.relabelings),
		metricRelabelings: endpoint.metricRelabelings,
	});
}

export function podMonitorSpec(
	config: Config,
	selector: Record<string, unknown>,
	endpoints: Record<string, unknown>[],
): Record<string, unknown> {
	return {selector, ...monitorWide(config), podMetricsEndpoints: endpoints};
}

export function serviceMonitorSpec(
	config: Config,
	selector: Record<string, unknown>,
	endpoints: Record<string, unknown>[],
): Record<string, unknown> {
	return {selector, ...monitorWide(config), endpoints};
}

/**
 * A Probe asks the blackbox exporter at prober.url to fetch every Ingress its selector picks. It
 * has one prober, so the one endpoint's settings go on the Probe itself: target relabelings under
 * targets.ingress, and `params` in the Probe's list form.
 */
export function probeSpec(config: Config, target: Item, restrict: readonly RelabelConfig[] = []): Record<string, unknown> {
	const {prober, namespaceSelector} = config.spec;
	const endpoint = config.endpoints[0]!;
	const params = endpoint.params && Object.entries(endpoint.params).map(([name, values]) => ({name, values}));
	return defined({
		prober: defined({url: prober!.url, path: prober!.path, scheme: prober!.scheme?.toLowerCase()}),
		module: prober!.module,
		interval: endpoint.interval,
		scrapeTimeout: endpoint.timeout,
		params: params && params.length > 0 ? params : undefined,
		tlsConfig: endpoint.tls,
		basicAuth: endpoint.basicAuth,
		authorization: endpoint.authorization,
		oauth2: endpoint.oauth2,
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

/** The keep rules that confine a monitor to its target, before the user's own. */
function withRules(restrict: readonly RelabelConfig[], own: RelabelConfig[] | undefined): RelabelConfig[] | undefined {
	return restrict.length === 0 ? own : [...restrict, ...(own ?? [])];
}
