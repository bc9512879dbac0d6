import type {Item} from '../../krm/item.js';
import type {Cluster} from './cluster.js';
import {endpointList} from './endpoint-settings.js';
import {podMeta, serviceMeta} from './discovery-labels.js';
import {selectedBy} from './monitor-selection.js';
import {scrapedPort} from './pod-targets.js';
import {endpointLabel, portRule, type PortRule} from './port-rule.js';
import {relabeling} from './relabel.js';
import {endpointJob, scrapeRecord} from './scrape-record.js';
import {invalidPort, type Finding, type ScrapeTarget} from './scrape-target.js';
import type {ServiceEndpoint} from './service-endpoints.js';

/**
 * Which endpoint discovery targets the port rule keeps: `port` is the EndpointSlice port's name
 * (the Service port's); `targetPort` the container port's name or number, which discovery knows
 * only where a container declares the port, including ports the Service does not expose.
 */
function keeps(rule: PortRule): (target: ServiceEndpoint) => boolean {
	if (rule.field === 'port' && 'name' in rule) return target => target.servicePort?.name === rule.name;
	if ('name' in rule) return target => target.declared?.port.name === rule.name;
	if ('number' in rule) return target => target.declared?.port.number === rule.number;
	return () => true;
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
		const rule = portRule(endpoint, ['port', 'targetPort']);
		if ('invalid' in rule) return void findings.push(invalidPort(monitor, `spec.endpoints.${index}.${rule.field}`, rule.invalid));
		const job = endpointJob(monitor, index, `serviceMonitor/${namespace}/${monitor.name}/${index}`, endpoint);
		const relabel = relabeling(endpoint.relabelings);
		for (const service of services) {
			for (const target of cluster.endpoints(service).filter(keeps(rule))) {
				const {pod, number, declared} = target;
				const labels = {
					namespace: pod.namespace,
					service: service.name,
					container: declared?.container.name ?? '',
					endpoint: endpointLabel(rule),
				};
				const meta = {...podMeta(pod, declared?.container, declared?.port), ...serviceMeta(service, target.servicePort)};
				const relabeled = relabel({...meta, ...labels, job: service.name});
				if (relabeled === false) continue;
				const scraped = {workload: pod.workload, service, port: scrapedPort(number, declared), labels};
				targets.push(scrapeRecord(job, scraped, relabeled));
			}
		}
	});
	return targets;
}
