import type {Item} from '../krm/item.js';
import {itemResult} from '../krm/results.js';
import type {Planning} from './workloads.js';

/** Istio's per-pod switch for metrics merging; the function writes only "false". */
export const mergeMetricsAnnotation = 'prometheus.istio.io/merge-metrics';

/**
 * Namespaces in the input that inject Istio sidecars into their pods: labelled
 * istio-injection=enabled, or with a revision label (istio.io/rev) for revision-based injection.
 */
export function injectedNamespaces(items: readonly Item[]): Set<string> {
	const names = new Set<string>();
	for (const item of items) {
		if (item.kind !== 'Namespace' || item.group !== '') continue;
		const labels = item.labels;
		if (labels['istio-injection'] === 'enabled' || labels['istio.io/rev'] !== undefined) names.add(item.name);
	}
	return names;
}

/** True when a pod template (at `template` in the item) asks for the sidecar, or its namespace does. */
export function isInjected(item: Item, template: readonly string[], namespaces: ReadonlySet<string>): boolean {
	const key = 'sidecar.istio.io/inject';
	const asked = item.stringMap([...template, 'metadata', 'labels'])[key] ?? item.stringMap([...template, 'metadata', 'annotations'])[key];
	if (asked !== undefined) return asked === 'true';
	return namespaces.has(item.namespace ?? '');
}

/** True when any pod a target's scrape reaches is Istio-injected. */
export function reachesInjected(target: Item, planning: Planning): boolean {
	return planning.workloads.behind(target).some(workload => planning.workloads.injected(workload));
}

/**
 * With `istio.mtls: strict`, an injected target is scraped over mTLS. Only a ServiceMonitor may
 * name the certificate files; elsewhere a scrapeClass has to bring them (then only the scheme
 * changes), and without one the target is an error (null).
 */
export function istioTls(target: Item, planning: Planning, kind: 'PodMonitor' | 'ServiceMonitor'): 'files' | 'https' | undefined | null {
	const {config} = planning;
	if (config.spec.istio?.mtls !== 'strict' || !reachesInjected(target, planning)) return undefined;
	if (kind === 'ServiceMonitor') return 'files';
	if (config.spec.scrapeClass) return 'https';
	planning.results.push(
		itemResult(
			target,
			'error',
			`the pods are Istio-injected and istio.mtls is strict, but a ${kind} cannot name the certificate files Istio writes (/etc/prom-certs/); scrape them through their Service (monitorType: service) or set scrapeClass to a Prometheus scrape class that carries that tlsConfig`,
			`${config.prefix}.istio.mtls`,
		),
	);
	return null;
}
