import {matches} from '../../config/label-selector.js';
import type {Item} from '../../krm/item.js';
import type {Cluster} from './cluster.js';
import {endpointList} from './endpoint-settings.js';
import {monitorSelector} from './label-selector.js';
import {podTargets, scrapedPort} from './pod-targets.js';
import {declaredPort, portNumber} from './pods.js';
import {endpointJob, scrapeRecord} from './scrape-record.js';
import {invalidPort, type Finding, type ScrapeTarget} from './scrape-target.js';

/** Google Managed Prometheus' monitors (monitoring.googleapis.com/v1), which its operator turns into scrape jobs. */
export function gmpKind(item: Item): 'PodMonitoring' | 'ClusterPodMonitoring' | undefined {
	// The kind first, as monitorKind (cluster.ts) does.
	const kind = item.kind;
	if (kind !== 'PodMonitoring' && kind !== 'ClusterPodMonitoring') return undefined;
	return item.group !== 'monitoring.googleapis.com' || item.isLocalConfig || !item.map ? undefined : kind;
}

/**
 * The scrapes of a GMP PodMonitoring (the pods of its own namespace) or ClusterPodMonitoring (of
 * every namespace), one job per endpoint, as GMP's pod_config.go writes it. A port name keeps the
 * discovery targets of container ports with that name (init containers' too); a number rewrites
 * every target of a selected pod to the pod's IP and that port, so each pod is scraped once there,
 * whether or not a container declares it, and without a container label.
 */
export function podMonitoringTargets(monitor: Item, cluster: Cluster, findings: Finding[]): ScrapeTarget[] {
	const requirements = monitorSelector(monitor.getValue(['spec', 'selector']));
	if (typeof requirements === 'string') {
		findings.push({type: 'invalid-selector', item: monitor, path: 'spec.selector', message: `spec.selector ${requirements}`});
		return [];
	}
	const everywhere = monitor.kind === 'ClusterPodMonitoring';
	const pods = cluster.pods.filter(pod => (everywhere || pod.namespace === (monitor.namespace ?? '')) && matches(requirements, pod.labels));
	const key = everywhere ? `ClusterPodMonitoring/${monitor.name}` : `PodMonitoring/${monitor.namespace ?? ''}/${monitor.name}`;
	const targets: ScrapeTarget[] = [];
	endpointList(monitor.getValue(['spec', 'endpoints'])).forEach((endpoint, index) => {
		const port = endpoint.port;
		const number = typeof port === 'number' ? portNumber(port) : undefined;
		if (typeof port !== 'string' && number === undefined) {
			const message = `port must be a port name or a number from 1 to 65535, not ${JSON.stringify(port)}`;
			return void findings.push(invalidPort(monitor, `spec.endpoints.${index}.port`, message));
		}
		// GMP names the timeout `timeout`, where the operator's monitors say `scrapeTimeout`.
		const job = endpointJob(monitor, index, `${key}/${String(port)}`, {...endpoint, scrapeTimeout: endpoint.timeout});
		for (const pod of pods) {
			const {workload, namespace} = pod;
			if (number !== undefined) {
				targets.push(scrapeRecord(job, {workload, port: scrapedPort(number, declaredPort(pod, number)), labels: {namespace}}));
				continue;
			}
			for (const {container, port: declared} of podTargets(pod).filter(target => target.port?.name === port)) {
				const scraped = scrapedPort(declared!.number, {container, port: declared!});
				targets.push(scrapeRecord(job, {workload, port: scraped, labels: {namespace, container: container.name}}));
			}
		}
	});
	return targets;
}
