import type {Spec} from './config.js';

export type MonitorType = Spec['monitorType'];

/** The monitor kind each monitorType generates in operator mode, and the suffix of its name. */
export const monitorKinds = {
	pod: {kind: 'PodMonitor', suffix: 'pod-monitor'},
	service: {kind: 'ServiceMonitor', suffix: 'service-monitor'},
	ingress: {kind: 'Probe', suffix: 'probe'},
} as const satisfies Record<MonitorType, {kind: string; suffix: string}>;

export type MonitorKind = (typeof monitorKinds)[MonitorType]['kind'];
