import {fieldPath} from '../../config/config.js';
import type {Item} from '../../krm/item.js';
import {itemResult} from '../../krm/results.js';
import {reachesInjected} from '../istio.js';
import {annotationPath, keptMessage, personValue, replaces} from '../ownership.js';
import {annotationPort} from '../resolve-port.js';
import type {Planning} from '../workloads.js';

/** The prometheus.io annotations a target should carry, or undefined (with an error result). */
export function planAnnotations(target: Item, planning: Planning): Record<string, string> | undefined {
	const {config} = planning;
	const endpoint = config.endpoints[0]!;
	// A port a person wrote stays unless the config sets one: it is not checked against the default.
	const theirs = replaces(config, 'prometheus.io/port') ? undefined : personValue(target, config, 'prometheus.io/port');
	if (theirs !== undefined)
		planning.results.push(
			itemResult(target, 'info', keptMessage('prometheus.io/port', theirs), [...annotationPath(target), 'prometheus.io/port'].join('.')),
		);
	const port = theirs ?? annotationPort(target, endpoint.port, planning);
	if (port === undefined) return undefined;
	const scheme = endpoint.scheme.toLowerCase();
	if (scheme === 'https' && reachesInjected(target, planning)) {
		planning.results.push(
			itemResult(
				target,
				'warning',
				'the pods are Istio-injected: with metrics merging the sidecar scrapes the app over plain HTTP and serves the result on port 15020, so prometheus.io/scheme "https" is ignored by Istio and would make Prometheus use HTTPS against that plain port',
				fieldPath(config.prefix, ['scheme']),
			),
		);
	}
	const entries: Record<string, string> = {
		'prometheus.io/scrape': 'true',
		'prometheus.io/scheme': scheme,
		'prometheus.io/path': endpoint.path,
		'prometheus.io/port': String(port),
	};
	// The only Ingress convention Prometheus configs use is the blackbox `probe` key.
	if (config.spec.monitorType === 'ingress') entries['prometheus.io/probe'] = 'true';
	return entries;
}
