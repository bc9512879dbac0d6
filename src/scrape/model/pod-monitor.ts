import type {Item} from '../../krm/item.js';
import type {Cluster} from './cluster.js';
import {endpointList, endpointSettings} from './endpoint-settings.js';
import {selectedBy} from './monitor-selection.js';
import {podTargets, scrapedPort, type PodTarget} from './pod-targets.js';
import {portNumber} from './pods.js';
import {podAddress, type Finding, type ScrapeTarget} from './scrape-target.js';
import {endpointParams} from './service-monitor.js';

/**
 * The operator's keep rule for a pod metrics endpoint: `port` (a container port name) wins over
 * `portNumber`, which wins over the deprecated `targetPort` (a string is a name, an integer a
 * number). Port-less targets have neither, so any of these drops them.
 */
function keeps(endpoint: Record<string, unknown>): {filter: (target: PodTarget) => boolean; label: string} {
	const {port, portNumber: number, targetPort} = endpoint;
	if (typeof port === 'string' && port !== '') return {filter: target => target.port?.name === port, label: port};
	if (typeof number === 'number' && number !== 0) return {filter: target => target.port?.number === number, label: String(number)};
	if (typeof targetPort === 'string' && targetPort !== '') return {filter: target => target.port?.name === targetPort, label: targetPort};
	const targetNumber = typeof targetPort === 'number' ? portNumber(targetPort) : undefined;
	if (targetNumber !== undefined) return {filter: target => target.port?.number === targetNumber, label: String(targetNumber)};
	return {filter: () => true, label: ''};
}

/**
 * The scrapes of a PodMonitor, one job per endpoint (`podMonitor/<ns>/<name>/<i>`). The operator
 * does not drop init containers, so a port of one is scraped (and is down once it has exited).
 */
export function podMonitorTargets(monitor: Item, cluster: Cluster, findings: Finding[]): ScrapeTarget[] {
	const workloads = new Set(selectedBy(monitor, cluster, findings));
	const pods = cluster.pods.filter(pod => workloads.has(pod.workload));
	const namespace = monitor.namespace ?? '';
	const targets: ScrapeTarget[] = [];
	endpointList(monitor.getValue(['spec', 'podMetricsEndpoints'])).forEach((endpoint, index) => {
		const job = `podMonitor/${namespace}/${monitor.name}/${index}`;
		const {filter, label} = keeps(endpoint);
		const settings = endpointSettings(endpoint, '/metrics');
		for (const {pod, container, port} of pods.flatMap(podTargets).filter(filter)) {
			targets.push({
				job,
				via: monitor,
				endpoint: index,
				workload: pod.workload,
				...(port ? {port: scrapedPort(port.number, {container, port})} : {}),
				...settings,
				params: endpointParams(endpoint),
				labels: {namespace: pod.namespace, container: container.name, endpoint: label},
				address: podAddress(pod.workload, port?.number),
			});
		}
	});
	return targets;
}
