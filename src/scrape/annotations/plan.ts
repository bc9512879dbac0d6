import {fieldPath, type ResolvedEndpoint} from '../../config/config.js';
import {chartConvention, grafanaConvention, scrapesSlow} from '../../config/conventions.js';
import type {Item} from '../../krm/item.js';
import {itemResult} from '../../krm/results.js';
import {reachesInjected} from '../istio.js';
import {annotationPath, keptMessage, personValue, replaces} from '../ownership.js';
import {annotationPort, grafanaPort} from '../resolve-port.js';
import {reporter, type Planning} from '../workloads.js';
import {chartKeys, grafanaKeys} from './keys.js';

/** The annotations a target should carry in the configured convention, or undefined (with an error result). */
export function planAnnotations(target: Item, planning: Planning): Record<string, string> | undefined {
	const {config} = planning;
	const convention = config.spec.annotations;
	// The only Ingress convention is the blackbox `probe` key: nothing reads the others there.
	if (config.spec.monitorType === 'ingress') return {[chartKeys(convention).probe]: 'true'};
	const endpoint = config.endpoints[0]!;
	if (convention === grafanaConvention) return grafanaAnnotations(target, planning, endpoint);
	const keys = chartKeys(convention);
	const theirs = keptPort(target, planning, [keys.port]);
	const port = theirs?.value ?? annotationPort(target, endpoint.port, planning);
	if (port === undefined) return undefined;
	const scheme = endpoint.scheme.toLowerCase();
	if (convention === chartConvention) istioWarnings(target, planning, scheme);
	return {
		[keys.scrape]: 'true',
		[keys.scheme]: scheme,
		[keys.path]: endpoint.path,
		[keys.port]: String(port),
		// The chart's main jobs drop what is slow and its -slow jobs keep it; a scraper without -slow
		// jobs still reads `scrape`. Optional keys come last, where a later run that adds them puts them.
		...(scrapesSlow(config.spec, endpoint) ? {[keys.slow]: 'true'} : {}),
		...params(endpoint, keys.param),
	};
}

/**
 * Grafana's keys: the port by name, or by number (with the container, since Alloy otherwise dials
 * that number once per container of the pod), and the interval and timeout, which Alloy honours
 * per target.
 */
function grafanaAnnotations(target: Item, planning: Planning, endpoint: ResolvedEndpoint): Record<string, string> | undefined {
	const theirs = keptPort(target, planning, [grafanaKeys.portName, grafanaKeys.portNumber]);
	const port = theirs ? {[theirs.key]: theirs.value} : grafanaPortKeys(target, endpoint.port, planning);
	if (!port) return undefined;
	return {
		[grafanaKeys.scrape]: 'true',
		[grafanaKeys.scheme]: endpoint.scheme.toLowerCase(),
		[grafanaKeys.path]: endpoint.path,
		...port,
		...(endpoint.interval !== undefined ? {[grafanaKeys.interval]: endpoint.interval} : {}),
		...(endpoint.timeout !== undefined ? {[grafanaKeys.timeout]: endpoint.timeout} : {}),
		...params(endpoint, grafanaKeys.param),
	};
}

function grafanaPortKeys(target: Item, port: number | string, planning: Planning): Record<string, string> | undefined {
	const found = grafanaPort(target, port, planning);
	if (!found) return undefined;
	if ('name' in found) return {[grafanaKeys.portName]: found.name};
	return {[grafanaKeys.portNumber]: String(found.number), ...(found.container ? {[grafanaKeys.container]: found.container} : {})};
}

/**
 * A port a person wrote under one of `keys` stays unless the config sets one: it is not checked
 * against the default. An info result says so.
 */
function keptPort(target: Item, planning: Planning, keys: readonly string[]): {key: string; value: string} | undefined {
	const {config} = planning;
	for (const key of keys) {
		const theirs = replaces(config, key) ? undefined : personValue(target, config, key);
		if (theirs === undefined) continue;
		const at = [...annotationPath(target), key].join('.');
		planning.results.push(itemResult(target, 'info', keptMessage(key, theirs), at));
		return {key, value: theirs};
	}
	return undefined;
}

/** One key per query parameter; the config's checks allow one value each in annotation mode. */
function params(endpoint: ResolvedEndpoint, key: (name: string) => string): Record<string, string> {
	return Object.fromEntries(Object.entries(endpoint.params ?? {}).map(([name, values]) => [key(name), values[0]!]));
}

/** Istio's metrics merging reads the prometheus.io keys of pods only, and scrapes the app over plain HTTP. */
function istioWarnings(target: Item, planning: Planning, scheme: string): void {
	const {config} = planning;
	const injected = reachesInjected(target, planning);
	if (injected && target.kind === 'Service') {
		reporter(
			planning,
			target,
			fieldPath(config.prefix, ['monitorType']),
		)(
			'warning',
			"the pods behind this Service are Istio-injected, and Istio rewrites pod annotations only: under STRICT mTLS the chart's kubernetes-service-endpoints job scrapes them in plain text and is refused; annotate the workloads instead (monitorType: pod)",
		);
	}
	if (injected && scheme === 'https') {
		reporter(
			planning,
			target,
			fieldPath(config.prefix, ['scheme']),
		)(
			'warning',
			'the pods are Istio-injected: with metrics merging the sidecar scrapes the app over plain HTTP and serves the result on port 15020, so prometheus.io/scheme "https" is ignored by Istio and would make Prometheus use HTTPS against that plain port',
		);
	}
}
