import {alloyDefaults} from '../../config/conventions.js';
import {durationMs} from '../../config/durations.js';
import type {Item} from '../../krm/item.js';
import {itemResult, type Result} from '../../krm/results.js';
import {grafanaKeys} from '../annotations/keys.js';
import type {Cluster} from '../model/cluster.js';
import type {Pod} from '../model/pods.js';
import {servicePorts} from '../ports.js';
import {annotationsPath} from './annotation-checks.js';

// Prometheus' duration grammar, which Alloy's relabeled interval and timeout are parsed with.
const duration = /^(0|(\d+y)?(\d+w)?(\d+d)?(\d+h)?(\d+m)?(\d+s)?(\d+ms)?)$/;

/**
 * Grafana's k8s.grafana.com annotations on pod templates and Services, as Alloy's annotation
 * autodiscovery reads them: a port name no container (or Service port) has, a port number that is
 * not digits, a number dialled once per container, a scheme other than http or https, and an
 * interval or timeout Alloy cannot parse or whose timeout (given, or 10s) is longer than the
 * interval (given, or 60s), which drops the target.
 */
export function grafanaChecks(cluster: Cluster): Result[] {
	const results: Result[] = [];
	for (const pod of cluster.pods) results.push(...checks(pod.workload, pod.annotations, annotationsPath(pod.workload), pod));
	for (const service of cluster.services) results.push(...checks(service, service.annotations, 'metadata.annotations'));
	return results;
}

function checks(item: Item, annotations: Record<string, string>, path: string, pod?: Pod): Result[] {
	if (annotations[grafanaKeys.scrape] !== 'true') return [];
	const results: Result[] = [];
	const warn = (message: string) => results.push(itemResult(item, 'warning', message, path));
	const name = annotations[grafanaKeys.portName];
	const number = annotations[grafanaKeys.portNumber];
	const scheme = annotations[grafanaKeys.scheme];
	if (scheme !== undefined && scheme !== 'http' && scheme !== 'https')
		warn(`\`${grafanaKeys.scheme}\` is ${JSON.stringify(scheme)}; write http or https`);
	const names = pod
		? pod.containers
				.filter(container => !container.init)
				.flatMap(container => container.ports.flatMap(port => (port.name ? [port.name] : [])))
		: servicePorts(item).flatMap(port => (port.name ? [port.name] : []));
	if (name && !names.includes(name))
		warn(
			`\`${grafanaKeys.portName}\` is ${JSON.stringify(name)}, which no ${pod ? 'running container' : 'port of the Service'} of ${item} names${names.length > 0 ? ` (they name ${names.join(', ')})` : ''}: Alloy keeps only the port of that name, so it scrapes nothing`,
		);
	if (number !== undefined && !/^\d+$/.test(number))
		warn(`\`${grafanaKeys.portNumber}\` is ${JSON.stringify(number)}, not a number: Alloy ignores it; write the port's number`);
	else if (number !== undefined && pod && !annotations[grafanaKeys.container]) {
		const containers = pod.containers.filter(container => !container.init);
		if (containers.length > 1)
			warn(
				`\`${grafanaKeys.portNumber}\` is ${number} and ${item} runs ${containers.length} containers: Alloy dials the number once per container, so set \`${grafanaKeys.container}\` to the one that serves it`,
			);
	}
	const interval = annotations[grafanaKeys.interval];
	const timeout = annotations[grafanaKeys.timeout];
	const bad = [
		[grafanaKeys.interval, interval],
		[grafanaKeys.timeout, timeout],
	].filter(([, value]) => value !== undefined && !duration.test(value));
	for (const [key, value] of bad)
		warn(`\`${key}\` is ${JSON.stringify(value)}, not a duration such as 30s or 1m30s: Alloy drops the target`);
	if (bad.length === 0 && durationMs(timeout ?? alloyDefaults.timeout) > durationMs(interval ?? alloyDefaults.interval))
		warn(
			`the scrape timeout ${timeout ?? `${alloyDefaults.timeout} (Alloy's default)`} is longer than the interval ${interval ?? `${alloyDefaults.interval} (Alloy's default)`}: Alloy drops the target; make \`${grafanaKeys.timeout}\` no longer than \`${grafanaKeys.interval}\``,
		);
	return results;
}
