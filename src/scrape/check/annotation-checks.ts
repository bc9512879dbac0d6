import type {Item} from '../../krm/item.js';
import {chartConvention} from '../../config/conventions.js';
import {itemResult, type Result} from '../../krm/results.js';
import type {Cluster} from '../model/cluster.js';
import type {Pod} from '../model/pods.js';
import {podTemplatePath} from '../targets.js';

/** `prometheus.io.port`, `prometheus_io_port`: the key other tools read is `prometheus.io/port`. */
const misspelt = /^prometheus[._]io[._](scrape|scrape_slow|port|path|scheme|param_.+)$/;

/**
 * The prometheus.io annotations of pod templates and Services: keys spelt without the slash, a
 * port that is not a number or that no container declares, a Service's own port given where the
 * pods' port is meant, a scheme other than http or https.
 */
export function annotationChecks(cluster: Cluster, prefix: string = chartConvention): Result[] {
	const results: Result[] = [];
	for (const pod of cluster.pods) results.push(...checks(pod.workload, pod.annotations, annotationsPath(pod.workload), prefix, pod));
	for (const service of cluster.services)
		results.push(...checks(service, service.annotations, 'metadata.annotations', prefix, undefined, cluster));
	return results;
}

export function annotationsPath(item: Item): string {
	return [...(podTemplatePath(item) ?? []), 'metadata', 'annotations'].join('.');
}

function checks(item: Item, annotations: Record<string, string>, path: string, prefix: string, pod?: Pod, cluster?: Cluster): Result[] {
	const results: Result[] = [];
	const warn = (message: string) => results.push(itemResult(item, 'warning', message, path));
	const port = annotations[`${prefix}/port`];
	const scheme = annotations[`${prefix}/scheme`];
	for (const key of prefix === chartConvention ? Object.keys(annotations) : []) {
		const name = misspelt.exec(key)?.[1];
		if (name !== undefined)
			warn(
				`annotation ${JSON.stringify(key)} is spelt without the slash: the prometheus-community chart reads it, but most tools read only \`prometheus.io/${name.replace('_', '-')}\`; write \`prometheus.io/${name}\``,
			);
	}
	if (scheme !== undefined && scheme !== 'http' && scheme !== 'https')
		warn(
			`\`${prefix}/scheme\` is ${JSON.stringify(scheme)}; Prometheus takes exactly http or https (lower case) and otherwise scrapes over http`,
		);
	if (port === undefined) return results;
	if (!/^\d+$/.test(port)) {
		warn(
			`\`${prefix}/port\` is ${JSON.stringify(port)}, not a number: Prometheus ignores it and scrapes every declared port; write the container port's number`,
		);
		return results;
	}
	const number = Number(port);
	if (pod && !pod.containers.some(container => container.ports.some(declared => declared.number === number))) {
		const declared = pod.containers.flatMap(container => container.ports.map(p => p.number));
		warn(
			`\`${prefix}/port\` is ${port}, which no container of ${item} declares${declared.length > 0 ? ` (they declare ${declared.join(', ')})` : ''}: check the pods listen on it, or write the metrics port`,
		);
	}
	if (cluster && !pod) {
		const ports = (item.getValue(['spec', 'ports']) ?? []) as Record<string, unknown>[];
		const match = Array.isArray(ports)
			? ports.find(entry => entry?.port === number && entry.targetPort !== undefined && entry.targetPort !== number)
			: undefined;
		if (match)
			warn(
				`\`${prefix}/port\` is ${port}, a port of the Service; Prometheus dials the pods behind it, which listen on targetPort ${JSON.stringify(match.targetPort)}: write the pods' port number`,
			);
	}
	return results;
}
