import type {Item} from './item.js';
import type {Config} from './load-config.js';

export const monitoringApiVersion = 'monitoring.coreos.com/v1';

/** The monitor kind each monitorType generates, and the suffix of its name. */
export const monitorKinds = {
	pod: {kind: 'PodMonitor', suffix: 'pod-monitor'},
	service: {kind: 'ServiceMonitor', suffix: 'service-monitor'},
	ingress: {kind: 'Probe', suffix: 'probe'},
} as const;

export type MonitorKind = (typeof monitorKinds)[keyof typeof monitorKinds]['kind'];

/** How a PodMonitor or ServiceMonitor endpoint names its port, once resolved against the target. */
export type EndpointPort = {port: string} | {portNumber: number};

/** A monitor the function wants in the output, and the target it scrapes. */
export interface Monitor {
	target: Item;
	kind: MonitorKind;
	name: string;
	namespace?: string;
	spec: Record<string, unknown>;
}

export function monitorName(target: Item, config: Config): string {
	return `${target.name}-${monitorKinds[config.spec.monitorType].suffix}`;
}

/** The endpoint settings every monitor kind shares. */
function scrapeSettings(config: Config) {
	const {spec} = config;
	return {path: spec.path, scheme: spec.scheme.toLowerCase(), interval: spec.interval, scrapeTimeout: spec.timeout};
}

export function podMonitorSpec(config: Config, selector: Record<string, unknown>, port: EndpointPort): Record<string, unknown> {
	return {selector, podMetricsEndpoints: [{...port, ...scrapeSettings(config)}]};
}

export function serviceMonitorSpec(config: Config, selector: Record<string, unknown>, port: string): Record<string, unknown> {
	return {selector, endpoints: [{port, ...scrapeSettings(config)}]};
}

/** A Probe asks the blackbox exporter at prober.url to fetch every Ingress its selector picks. */
export function probeSpec(config: Config, target: Item): Record<string, unknown> {
	const {prober, interval, timeout} = config.spec;
	return {
		prober: {url: prober!.url, ...(prober!.path ? {path: prober!.path} : {})},
		module: prober!.module,
		interval,
		scrapeTimeout: timeout,
		targets: {
			ingress: {
				selector: {matchLabels: target.labels},
				...(target.namespace ? {namespaceSelector: {matchNames: [target.namespace]}} : {}),
			},
		},
	};
}
