import {fieldPath} from '../../config/config.js';
import type {Item} from '../../krm/item.js';
import {itemResult} from '../../krm/results.js';
import {reachesInjected} from '../istio.js';
import {annotationPath, keptMessage, personValue, replaces} from '../ownership.js';
import {annotationPort} from '../resolve-port.js';
import {reporter, type Planning} from '../workloads.js';

/** The prometheus.io annotations a target should carry, or undefined (with an error result). */
export function planAnnotations(target: Item, planning: Planning): Record<string, string> | undefined {
	const {config} = planning;
	// The only Ingress convention is the blackbox `probe` key: nothing reads the others there.
	if (config.spec.monitorType === 'ingress') return {'prometheus.io/probe': 'true'};
	const endpoint = config.endpoints[0]!;
	// A port a person wrote stays unless the config sets one: it is not checked against the default.
	const theirs = replaces(config, 'prometheus.io/port') ? undefined : personValue(target, config, 'prometheus.io/port');
	if (theirs !== undefined) {
		const at = [...annotationPath(target), 'prometheus.io/port'].join('.');
		planning.results.push(itemResult(target, 'info', keptMessage('prometheus.io/port', theirs), at));
	}
	const port = theirs ?? annotationPort(target, endpoint.port, planning);
	if (port === undefined) return undefined;
	const scheme = endpoint.scheme.toLowerCase();
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
	return {
		'prometheus.io/scrape': 'true',
		'prometheus.io/scheme': scheme,
		'prometheus.io/path': endpoint.path,
		'prometheus.io/port': String(port),
	};
}
