import {inScope, monitorSelector} from '../model/label-selector.js';
import {durationMs, operatorDefaultInterval} from '../../config/durations.js';
import type {Gate} from '../../config/operator-rules.js';
import type {Item} from '../../krm/item.js';
import {itemResult, type Result} from '../../krm/results.js';
import type {Cluster} from '../model/cluster.js';
import {endpointList} from '../model/endpoint-settings.js';
import {monitorSelection, type Selection} from '../model/monitor-selection.js';
import {portRule} from '../model/port-rule.js';
import {renamedSelector, showLabels} from './near-miss.js';
import {operatorRefusals, type Endpoint} from './operator-refusals.js';

const endpointsField = {PodMonitor: 'podMetricsEndpoints', ServiceMonitor: 'endpoints'} as const;
const described = {Pod: 'pod template', Service: 'Service', Ingress: 'Ingress'} as const;
/** Settings Prometheus only honours over TLS, or sends in clear text over http. */
const secured = ['tlsConfig', 'basicAuth', 'authorization', 'oauth2', 'bearerTokenSecret', 'bearerTokenFile'] as const;
const durationGrammar = /^(\d+(ms|[ywdhms]))+$/;

/** Whether the monitor selects anything; the results for one that does not. */
export function selectionChecks(monitor: Item, cluster: Cluster): {selection: Selection; results: Result[]} {
	const selection = monitorSelection(monitor, cluster);
	const results: Result[] = [];
	const staticProbe = monitor.kind === 'Probe' && monitor.getValue(['spec', 'targets', 'ingress']) === undefined;
	if (selection.problem || staticProbe || selection.selected.length > 0) return {selection, results};
	const candidates = (
		selection.kind === 'Pod'
			? cluster.pods.map(pod => ({item: pod.workload, namespace: pod.namespace, labels: pod.labels}))
			: (selection.kind === 'Service' ? cluster.services : cluster.ingresses).map(item => ({
					item,
					namespace: item.namespace ?? '',
					labels: item.labels,
				}))
	).filter(candidate => inScope(selection.scope, candidate.namespace));
	const where =
		'any' in selection.scope ? 'any namespace' : `namespace ${selection.scope.names.map(name => JSON.stringify(name)).join(', ')}`;
	const what = described[selection.kind];
	const requirements = monitorSelector(monitor.getValue(selection.path.split('.')));
	const hints: string[] = [];
	for (const {item, labels} of candidates) {
		const renamed = typeof requirements === 'string' ? undefined : renamedSelector(requirements, labels);
		if (renamed)
			hints.push(`${item} has the value under another key: write \`${selection.path}.matchLabels: ${showLabels(renamed)}\` to select it`);
	}
	for (const {item, reason} of selection.nearMisses) if (!hints.some(hint => hint.startsWith(`${item} `))) hints.push(`${item}: ${reason}`);
	const message =
		candidates.length > 0
			? `\`${selection.path}\` matches no ${what} in ${where}, so ${monitor} scrapes nothing`
			: `the input holds no ${what} in ${where}, so \`${selection.path}\` selects nothing here; if the targets are deployed from elsewhere, check their labels match`;
	const near = hints.length > 0 ? `. Near misses: ${hints.slice(0, 3).join('; ')}` : '';
	results.push(itemResult(monitor, candidates.length > 0 ? 'error' : 'warning', message + near, selection.path));
	return {selection, results};
}

/**
 * Endpoint settings that cannot mean what they say: timeouts beyond the interval, secrets over
 * http, the deprecated targetPort; and what the operator refuses (`gate`: the configured operatorVersion).
 */
export function endpointChecks(monitor: Item, gate: Gate): Result[] {
	const field = endpointsField[monitor.kind as keyof typeof endpointsField];
	const entries: Endpoint[] = field
		? endpointList(monitor.getValue(['spec', field])).map((endpoint, index) => ({endpoint, at: `spec.${field}.${index}`}))
		: [];
	if (monitor.kind === 'Probe') entries.push({endpoint: (monitor.getValue(['spec']) ?? {}) as Record<string, unknown>, at: 'spec'});
	const results = operatorRefusals(monitor, entries, gate);
	for (const {endpoint, at} of entries) {
		const interval = typeof endpoint.interval === 'string' && durationGrammar.test(endpoint.interval) ? endpoint.interval : undefined;
		const timeout =
			typeof endpoint.scrapeTimeout === 'string' && durationGrammar.test(endpoint.scrapeTimeout) ? endpoint.scrapeTimeout : undefined;
		if (timeout && durationMs(timeout) > durationMs(interval ?? operatorDefaultInterval)) {
			const shown = interval
				? `\`${at}.interval\` (${interval})`
				: `the Prometheus default interval (${operatorDefaultInterval}, as none is set)`;
			results.push(
				itemResult(
					monitor,
					'error',
					`\`${at}.scrapeTimeout\` (${timeout}) is longer than ${shown}; Prometheus refuses such a scrape config: write a scrapeTimeout of at most ${interval ?? operatorDefaultInterval}`,
					`${at}.scrapeTimeout`,
				),
			);
		}
		const scheme = monitor.kind === 'Probe' ? (monitor.getValue(['spec', 'prober', 'scheme']) as unknown) : endpoint.scheme;
		const setting = secured.find(name => endpoint[name] !== undefined);
		if (setting && String(scheme ?? 'http').toLowerCase() !== 'https') {
			const credentials = setting !== 'tlsConfig';
			results.push(
				itemResult(
					monitor,
					credentials ? 'error' : 'warning',
					`\`${at}.${setting}\` is set, but the scheme is http: Prometheus ${credentials ? 'would send the credentials in clear text' : 'ignores TLS settings over plain HTTP'}; write \`scheme: https\``,
					`${at}.${setting}`,
				),
			);
		}
		if (
			monitor.kind === 'PodMonitor' &&
			endpoint.targetPort !== undefined &&
			endpoint.port === undefined &&
			endpoint.portNumber === undefined
		) {
			const rule = portRule(endpoint, ['targetPort']);
			const instead = 'number' in rule ? `portNumber: ${rule.number}` : 'name' in rule ? `port: ${rule.name}` : 'port or portNumber';
			results.push(
				itemResult(
					monitor,
					'warning',
					`\`${at}.targetPort\` is deprecated in PodMonitors; write \`${instead}\` instead (portNumber needs prometheus-operator v0.79.0 or later)`,
					`${at}.targetPort`,
				),
			);
		}
	}
	return results;
}

interface OfferedPort {
	name?: string;
	number: number;
}

/** The ports a monitor's endpoints could name: those of the selected pods' containers, or of the selected Services. */
function portsOnOffer(selection: Selection, cluster: Cluster): OfferedPort[] {
	if (selection.kind === 'Pod')
		return cluster.pods
			.filter(pod => selection.selected.includes(pod.workload))
			.flatMap(pod => pod.containers.flatMap(container => container.ports));
	if (selection.kind !== 'Service') return [];
	return selection.selected.flatMap(service => {
		const list = service.getValue(['spec', 'ports']);
		return Array.isArray(list)
			? list
					.filter(port => typeof port?.port === 'number')
					.map(port => ({...(typeof port.name === 'string' ? {name: port.name} : {}), number: port.port}))
			: [];
	});
}

/**
 * An endpoint that scrapes nothing although its monitor selects something: an error when no
 * selected object has the port it names (with those they have), a warning when they have it but
 * the input holds no pods behind them, which may be deployed from elsewhere.
 */
export function scrapesNothing(monitor: Item, path: string, message: string, selection: Selection, cluster: Cluster): Result {
	const endpoint = monitor.getValue(path.split('.').map(part => (/^\d+$/.test(part) ? Number(part) : part)));
	const rule = portRule((endpoint ?? {}) as Record<string, unknown>, ['port', 'portNumber', 'targetPort']);
	const offered = portsOnOffer(selection, cluster);
	const named = offered.some(port => ('name' in rule && port.name === rule.name) || ('number' in rule && port.number === rule.number));
	if (named || !('name' in rule || 'number' in rule))
		return itemResult(
			monitor,
			'warning',
			`${message}; the input holds no pods behind the objects it selects that declare the port, so this holds unless they are deployed from elsewhere`,
			path,
		);
	const shown = [...new Set(offered.map(port => (port.name ? `${port.name} (${port.number})` : `${port.number}`)))];
	const what = selection.kind === 'Pod' ? 'the selected pods declare' : 'the selected Services have';
	const offer = shown.length > 0 ? `; ${what} ${shown.slice(0, 8).join(', ')}: name one of those` : '';
	return itemResult(monitor, 'error', message + offer, path);
}
