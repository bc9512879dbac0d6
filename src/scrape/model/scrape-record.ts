import type {Item} from '../../krm/item.js';
import {endpointSettings} from './endpoint-settings.js';
import {isObject} from './pods.js';
import type {Relabeled} from './relabel.js';
import {podAddress, type ScrapedPort, type ScrapeTarget} from './scrape-target.js';

/** What every scrape of one monitor endpoint's job shares: the job, the endpoint, its settings and query. */
export interface EndpointJob {
	job: string;
	via: Item;
	endpoint: number;
	settings: Pick<ScrapeTarget, 'scheme' | 'path' | 'interval' | 'timeout'>;
	params: Record<string, string>;
}

/** One pod a job scrapes: its workload, the port (absent for a container without ports), its target labels. */
export interface ScrapedPod {
	workload: Item;
	/** The Service a ServiceMonitor reached the pod through. */
	service?: Item;
	port: ScrapedPort | undefined;
	labels: Record<string, string>;
}

/** The job of endpoint `index` of a PodMonitor, ServiceMonitor or PodMonitoring, named `job`. */
export function endpointJob(monitor: Item, index: number, job: string, endpoint: Record<string, unknown>): EndpointJob {
	return {job, via: monitor, endpoint: index, settings: endpointSettings(endpoint, '/metrics'), params: endpointParams(endpoint)};
}

/**
 * The record of one scrape of a monitor endpoint's job at a pod, which its relabelings keep (true)
 * or may change in a way the model does not follow (why).
 */
export function scrapeRecord(job: EndpointJob, pod: ScrapedPod, kept: Exclude<Relabeled, false> = true): ScrapeTarget {
	return {
		job: job.job,
		via: job.via,
		endpoint: job.endpoint,
		workload: pod.workload,
		...(pod.service ? {service: pod.service} : {}),
		...(pod.port ? {port: pod.port} : {}),
		...job.settings,
		params: job.params,
		labels: pod.labels,
		address: podAddress(pod.workload, pod.port?.number),
		...(typeof kept === 'string' ? {unmodelled: kept} : {}),
	};
}

/** An endpoint's `params` (name: [values]) as the query they add, values joined as Prometheus repeats them. */
function endpointParams(endpoint: Record<string, unknown>): Record<string, string> {
	const params: Record<string, string> = {};
	if (!isObject(endpoint.params)) return params;
	for (const [name, values] of Object.entries(endpoint.params))
		params[name] = (Array.isArray(values) ? values : [values]).map(String).join(',');
	return params;
}
