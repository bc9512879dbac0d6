import type {Spec} from './config.js';

export type MonitorType = Spec['monitorType'];

/** The monitor kind each monitorType generates in operator mode, and the suffix of its name. */
export const monitorKinds = {
	pod: {kind: 'PodMonitor', suffix: 'pod-monitor'},
	service: {kind: 'ServiceMonitor', suffix: 'service-monitor'},
	ingress: {kind: 'Probe', suffix: 'probe'},
} as const satisfies Record<MonitorType, {kind: string; suffix: string}>;

/**
 * Google Managed Prometheus (`backend: gmp`) has one kind for pods and one for Services, both a
 * PodMonitoring (a ClusterPodMonitoring with `namespaceSelector.any`): the suffix tells which
 * monitorType generated one, so that a config prunes only its own.
 */
export const gmpSuffixes = {pod: 'pod-monitoring', service: 'service-monitoring'} as const;

export const gmpKinds = ['PodMonitoring', 'ClusterPodMonitoring'] as const;

export type GmpKind = (typeof gmpKinds)[number];

export type MonitorKind = (typeof monitorKinds)[MonitorType]['kind'] | GmpKind;

export const gmpApiVersion = 'monitoring.googleapis.com/v1';

/** The kind and name suffix operator mode generates under this config. */
export function generatedKind(spec: Spec): {kind: MonitorKind; suffix: string} {
	const {monitorType} = spec;
	if (spec.backend !== 'gmp' || monitorType === 'ingress') return monitorKinds[monitorType];
	return {kind: spec.namespaceSelector?.any === true ? 'ClusterPodMonitoring' : 'PodMonitoring', suffix: gmpSuffixes[monitorType]};
}

/**
 * The monitorType a monitor the function generated was generated for: by its kind, or for GMP's
 * kinds by its name's suffix. Undefined for anything else.
 */
export function generatedFor(monitor: {group: string; kind: string; name: string}): MonitorType | undefined {
	if (monitor.group === 'monitoring.googleapis.com' && (gmpKinds as readonly string[]).includes(monitor.kind))
		return (Object.keys(gmpSuffixes) as (keyof typeof gmpSuffixes)[]).find(type => monitor.name.endsWith(`-${gmpSuffixes[type]}`));
	if (monitor.group !== 'monitoring.coreos.com') return undefined;
	return (Object.keys(monitorKinds) as MonitorType[]).find(type => monitorKinds[type].kind === monitor.kind);
}
