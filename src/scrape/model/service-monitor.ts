import type {Item} from '../../krm/item.js';
import type {Cluster} from './cluster.js';
import {endpointList, endpointSettings} from './endpoint-settings.js';
import {selectedBy} from './monitor-selection.js';
import {scrapedPort} from './pod-targets.js';
import {isObject, portNumber} from './pods.js';
import {podAddress, type Finding, type ScrapeTarget} from './scrape-target.js';
import type {ServiceEndpoint} from './service-endpoints.js';

/**
 * How the operator's keep rule for an endpoint filters discovery targets: `port` is the
 * EndpointSlice port's name (the Service port's); else `targetPort` is the container port's name
 * or number, which discovery knows only where a regular container declares the port; else all pass.
 */
function keeps(endpoint: Record<string, unknown>): {filter: (target: ServiceEndpoint) => boolean; label: string} {
	const {port, targetPort} = endpoint;
	if (typeof port === 'string' && port !== '') return {filter: target => target.servicePort?.name === port, label: port};
	// A string is a name even when it is digits: the operator keeps it as intstr's string form.
	if (typeof targetPort === 'string' && targetPort !== '')
		return {filter: target => target.declared?.port.name === targetPort, label: targetPort};
	const number = typeof targetPort === 'number' ? portNumber(targetPort) : undefined;
	if (number !== undefined) return {filter: target => target.declared?.port.number === number, label: String(number)};
	return {filter: () => true, label: ''};
}

/**
 * The scrapes of a ServiceMonitor, one job per endpoint (`serviceMonitor/<ns>/<name>/<i>`): the
 * endpoint targets of every selected Service that the endpoint's port rule keeps.
 */
export function serviceMonitorTargets(monitor: Item, cluster: Cluster, findings: Finding[]): ScrapeTarget[] {
	const services = selectedBy(monitor, cluster, findings);
	const namespace = monitor.namespace ?? '';
	const targets: ScrapeTarget[] = [];
	endpointList(monitor.getValue(['spec', 'endpoints'])).forEach((endpoint, index) => {
		const job = `serviceMonitor/${namespace}/${monitor.name}/${index}`;
		const {filter, label} = keeps(endpoint);
		const settings = endpointSettings(endpoint, '/metrics');
		for (const service of services) {
			for (const target of cluster.endpoints(service).filter(filter)) {
				const {pod, number, declared} = target;
				targets.push({
					job,
					via: monitor,
					endpoint: index,
					workload: pod.workload,
					service,
					port: scrapedPort(number, declared),
					...settings,
					params: endpointParams(endpoint),
					labels: {namespace: pod.namespace, service: service.name, container: declared?.container.name ?? '', endpoint: label},
					address: podAddress(pod.workload, number),
				});
			}
		}
	});
	return targets;
}

/** An endpoint's `params` (name: [values]) as the query they add, values joined as Prometheus repeats them. */
export function endpointParams(endpoint: Record<string, unknown>): Record<string, string> {
	const params: Record<string, string> = {};
	if (!isObject(endpoint.params)) return params;
	for (const [name, values] of Object.entries(endpoint.params))
		params[name] = (Array.isArray(values) ? values : [values]).map(String).join(',');
	return params;
}
