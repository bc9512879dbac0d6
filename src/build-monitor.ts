import type {Item} from './item.js';
import type {Config, ResolvedEndpoint} from './load-config.js';

export const monitoringApiVersion = 'monitoring.coreos.com/v1';

/** The monitor kind each monitorType generates, and the suffix of its name. */
export const monitorKinds = {
	pod: {kind: 'PodMonitor', suffix: 'pod-monitor'},
	service: {kind: 'ServiceMonitor', suffix: 'service-monitor'},
	ingress: {kind: 'Probe', suffix: 'probe'},
} as const;

export type MonitorKind = (typeof monitorKinds)[keyof typeof monitorKinds]['kind'];

/** How an endpoint names its port once resolved against the target. */
export type EndpointPort = {port: string} | {portNumber: number} | {targetPort: number};

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
	return `${target.name}-${monitorKinds[config.spec.monitorType].suffix}`;
}

/** Drops the undefined fields, so that only what was configured is written. */
function defined(fields: Record<string, unknown>): Record<string, unknown> {
	return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

/** The settings of a monitor as a whole, common to every kind (Probe: see probeSpec). */
function monitorWide(config: Config): Record<string, unknown> {
	const {spec} = config;
	return defined({
		jobLabel: spec.jobLabel,
		targetLabels: spec.targetLabels,
		podTargetLabels: spec.podTargetLabels,
		namespaceSelector: spec.namespaceSelector,
		...limits(config),
	});
}

function limits(config: Config): Record<string, unknown> {
	const {spec} = config;
	return defined({
		sampleLimit: spec.sampleLimit,
		targetLimit: spec.targetLimit,
		labelLimit: spec.labelLimit,
		labelNameLengthLimit: spec.labelNameLengthLimit,
		labelValueLengthLimit: spec.labelValueLengthLimit,
		scrapeClass: spec.scrapeClass,
		fallbackScrapeProtocol: spec.fallbackScrapeProtocol,
	});
}

/** One PodMonitor or ServiceMonitor endpoint: the config's names mapped onto the CRD's. */
export function endpointSpec(endpoint: ResolvedEndpoint, port: EndpointPort, istio: 'files' | 'https' | undefined): Record<string, unknown> {
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
		relabelings: endpoint.relabelings,
		metricRelabelings: endpoint.metricRelabelings,
	});
}

export function podMonitorSpec(config: Config, selector: Record<string, unknown>, endpoints: Record<string, unknown>[]): Record<string, unknown> {
	return {selector, ...monitorWide(config), podMetricsEndpoints: endpoints};
}

export function serviceMonitorSpec(config: Config, selector: Record<string, unknown>, endpoints: Record<string, unknown>[]): Record<string, unknown> {
	return {selector, ...monitorWide(config), endpoints};
}

/**
 * A Probe asks the blackbox exporter at prober.url to fetch every Ingress its selector picks. It
 * has one prober, so the one endpoint's settings go on the Probe itself: target relabelings under
 * targets.ingress, and `params` in the Probe's list form.
 */
export function probeSpec(config: Config, target: Item): Record<string, unknown> {
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
				namespaceSelector: namespaceSelector ?? (target.namespace ? {matchNames: [target.namespace]} : undefined),
				relabelingConfigs: endpoint.relabelings,
			}),
		},
	});
}
