import {chartConvention, chartIntervals} from '../../config/conventions.js';
import {annotatedScrape, podAnnotations, sanitizedAnnotations, type AnnotatedScrape} from './annotations.js';
import type {Cluster} from './cluster.js';
import {podTargets, scrapedPort} from './pod-targets.js';
import {declaredPort} from './pods.js';
import {podAddress, type ScrapeTarget} from './scrape-target.js';

/** The prometheus-community chart's annotation jobs; the -slow ones scrape every 5m with a 30s timeout. */
export const chartJobs = {
	pods: 'kubernetes-pods',
	podsSlow: 'kubernetes-pods-slow',
	services: 'kubernetes-service-endpoints',
	servicesSlow: 'kubernetes-service-endpoints-slow',
} as const;

const slowSettings = {interval: chartIntervals.slow, timeout: chartIntervals.slowTimeout};

/** The chart's job, or its copy in a Prometheus that reads another prefix: `kubernetes-pods (customized.prometheus)`. */
function jobName(job: string, prefix: string): string {
	return prefix === chartConvention ? job : `${job} (${prefix})`;
}

function settings(scrape: AnnotatedScrape): Pick<ScrapeTarget, 'scheme' | 'path' | 'params' | 'interval' | 'timeout'> {
	return {scheme: scrape.scheme, path: scrape.path, params: scrape.params, ...(scrape.slow ? slowSettings : {})};
}

/**
 * `kubernetes-pods`: every pod discovery target (each container port, each port-less container,
 * init containers included) of a pod whose annotations say scrape. `prometheus.io/port` replaces the
 * port of the pod IP, so all of a pod's targets become one address, whatever its containers declare;
 * they then carry the same labels (the job keeps no container label), which the dedupe of the
 * model, like Prometheus, makes one target.
 */
export function annotatedPodTargets(cluster: Cluster, prefix: string = chartConvention): ScrapeTarget[] {
	const targets: ScrapeTarget[] = [];
	for (const pod of cluster.pods) {
		// Istio's injector rewrites the prometheus.io keys only.
		const {annotations, istioMerged} =
			prefix === chartConvention ? podAnnotations(pod) : {annotations: sanitizedAnnotations(pod.annotations), istioMerged: false};
		const scrape = annotatedScrape(annotations, prefix);
		if (!scrape) continue;
		for (const target of podTargets(pod)) {
			const number = scrape.port ?? target.port?.number;
			const declared =
				scrape.port === undefined ? target.port && {container: target.container, port: target.port} : declaredPort(pod, scrape.port);
			targets.push({
				job: jobName(scrape.slow ? chartJobs.podsSlow : chartJobs.pods, prefix),
				via: pod.workload,
				workload: pod.workload,
				...(number !== undefined ? {port: scrapedPort(number, declared)} : {}),
				...settings(scrape),
				labels: {namespace: pod.namespace, ...pod.labels},
				address: podAddress(pod.workload, number),
				...(istioMerged ? {istioMerged} : {}),
			});
		}
	}
	return targets;
}

/**
 * `kubernetes-service-endpoints`: every endpoint discovery target of a Service whose own
 * annotations say scrape (Istio never rewrites them). `prometheus.io/port` replaces the port of
 * each endpoint address, a pod IP: the annotation is the number the pods must listen on, not the
 * Service port. Discovery also lists the pods' container ports that no Service port covers, and
 * they carry the Service's annotations too, so without a port annotation they are scraped as well.
 */
export function annotatedServiceTargets(cluster: Cluster, prefix: string = chartConvention): ScrapeTarget[] {
	const targets: ScrapeTarget[] = [];
	for (const service of cluster.services) {
		const scrape = annotatedScrape(sanitizedAnnotations(service.annotations), prefix);
		if (!scrape) continue;
		for (const {pod, number: discovered} of cluster.endpoints(service)) {
			const number = scrape.port ?? discovered;
			targets.push({
				job: jobName(scrape.slow ? chartJobs.servicesSlow : chartJobs.services, prefix),
				via: service,
				workload: pod.workload,
				service,
				port: scrapedPort(number, declaredPort(pod, number)),
				...settings(scrape),
				labels: {namespace: pod.namespace, service: service.name, ...service.labels},
				address: podAddress(pod.workload, number),
			});
		}
	}
	return targets;
}
