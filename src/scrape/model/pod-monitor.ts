import type {Item} from '../../krm/item.js';
import type {Cluster} from './cluster.js';
import {endpointList} from './endpoint-settings.js';
import {podMeta} from './discovery-labels.js';
import {selectedBy} from './monitor-selection.js';
import {podTargets, scrapedPort, type PodTarget} from './pod-targets.js';
import {endpointLabel, portRule, type PortRule} from './port-rule.js';
import {relabeling} from './relabel.js';
import {endpointJob, scrapeRecord} from './scrape-record.js';
import {invalidPort, type Finding, type ScrapeTarget} from './scrape-target.js';

/** Which pod discovery targets the port rule keeps; port-less targets have no name or number to match. */
function keeps(rule: PortRule): (target: PodTarget) => boolean {
	if ('name' in rule) return target => target.port?.name === rule.name;
	if ('number' in rule) return target => target.port?.number === rule.number;
	return () => true;
}

/**
 * The scrapes of a PodMonitor, one job per endpoint (`podMonitor/<ns>/<name>/<i>`). The operator
 * does not drop init containers, so a port of one is scraped (and is down once it has exited).
 */
export function podMonitorTargets(monitor: Item, cluster: Cluster, findings: Finding[]): ScrapeTarget[] {
	const pods = [...new Set(selectedBy(monitor, cluster, findings))].flatMap(workload => cluster.podsOfWorkload(workload));
	const namespace = monitor.namespace ?? '';
	const targets: ScrapeTarget[] = [];
	endpointList(monitor.getValue(['spec', 'podMetricsEndpoints'])).forEach((endpoint, index) => {
		const rule = portRule(endpoint, ['port', 'portNumber', 'targetPort']);
		if ('invalid' in rule) return void findings.push(invalidPort(monitor, `spec.podMetricsEndpoints.${index}.${rule.field}`, rule.invalid));
		const job = endpointJob(monitor, index, `podMonitor/${namespace}/${monitor.name}/${index}`, endpoint);
		const relabel = relabeling(endpoint.relabelings);
		for (const {pod, container, port} of pods.flatMap(podTargets).filter(keeps(rule))) {
			const labels = {namespace: pod.namespace, container: container.name, endpoint: endpointLabel(rule)};
			const relabeled = relabel({...podMeta(pod, container, port), ...labels, job: `${namespace}/${monitor.name}`});
			if (relabeled === false) continue;
			const scraped = port && scrapedPort(port.number, {container, port});
			targets.push(scrapeRecord(job, {workload: pod.workload, port: scraped, labels}, relabeled));
		}
	});
	return targets;
}
