import type {Item} from '../../krm/item.js';
import {itemResult} from '../../krm/results.js';
import {istioTls} from '../istio.js';
import {podSelector} from '../pod-selector.js';
import {podMonitorPort, serviceMonitorPort} from '../resolve-port.js';
import type {Planning} from '../workloads.js';
import {endpointSpec, monitorName, podMonitorSpec, probeSpec, serviceMonitorSpec, type Monitor} from './build.js';

/** The monitor a target should have, or undefined (with an error result) when it cannot have one. */
export function planMonitor(target: Item, planning: Planning): Monitor | undefined {
	const {config, results} = planning;
	if (!target.name) {
		results.push(
			itemResult(
				target,
				'error',
				`the ${target.kind} has no metadata.name, and its monitor is named after it; give it a name`,
				'metadata.name',
			),
		);
		return undefined;
	}
	const base = {target, name: monitorName(target, config), ...(target.namespace !== undefined ? {namespace: target.namespace} : {})};
	switch (config.spec.monitorType) {
		case 'pod': {
			const workload = planning.workloads.of(target)!;
			const selector = podSelector(workload, results);
			const istio = istioTls(target, planning, 'PodMonitor');
			if (!selector || istio === null) return undefined;
			const endpoints = config.endpoints.map((endpoint, index) => {
				const port = podMonitorPort(workload, endpoint, index, planning);
				return port && endpointSpec(endpoint, port, istio);
			});
			if (endpoints.some(endpoint => endpoint === undefined)) return undefined;
			return {...base, kind: 'PodMonitor', spec: podMonitorSpec(config, selector, endpoints as Record<string, unknown>[])};
		}
		case 'service': {
			const labels = target.labels;
			if (Object.keys(labels).length === 0) {
				results.push(
					itemResult(
						target,
						'error',
						'the Service has no labels: a ServiceMonitor selects Services by label, so give it some',
						'metadata.labels',
					),
				);
				return undefined;
			}
			checkServiceHasPods(target, planning);
			const istio = istioTls(target, planning, 'ServiceMonitor');
			const endpoints = config.endpoints.map((endpoint, index) => {
				const port = serviceMonitorPort(target, endpoint, index, planning);
				return port && endpointSpec(endpoint, port, istio ?? undefined);
			});
			if (endpoints.some(endpoint => endpoint === undefined)) return undefined;
			return {
				...base,
				kind: 'ServiceMonitor',
				spec: serviceMonitorSpec(config, {matchLabels: labels}, endpoints as Record<string, unknown>[]),
			};
		}
		case 'ingress': {
			if (Object.keys(target.labels).length === 0) {
				results.push(
					itemResult(target, 'error', 'the Ingress has no labels: a Probe selects Ingresses by label, so give it some', 'metadata.labels'),
				);
				return undefined;
			}
			return {...base, kind: 'Probe', spec: probeSpec(config, target)};
		}
	}
}

/** A ServiceMonitor scrapes the endpoints of the Service, so its selector should match some pods. */
function checkServiceHasPods(service: Item, planning: Planning): void {
	if (Object.keys(service.stringMap(['spec', 'selector'])).length === 0 || planning.workloads.behindService(service).length > 0) return;
	planning.results.push(
		itemResult(
			service,
			'warning',
			"no workload in the input has pods that this Service's spec.selector matches; the ServiceMonitor scrapes nothing unless those pods are deployed from elsewhere",
			'spec.selector',
		),
	);
}
