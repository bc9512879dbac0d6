import {fieldPath} from '../config/config.js';
import type {Item} from '../krm/item.js';
import {itemResult} from '../krm/results.js';
import type {PodTemplate} from './model/pods.js';
import {someOf} from './some-of.js';
import {reporter, type Planning} from './workloads.js';

/** Istio's per-pod switch for metrics merging; the function writes only "false". */
export const mergeMetricsAnnotation = 'prometheus.istio.io/merge-metrics';

type PodMetadata = Pick<PodTemplate, 'labels' | 'annotations'>;

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

/** True when a workload's pod template (its labels and annotations) asks for the sidecar, or its namespace does. */
export function isInjected(item: Item, template: PodMetadata, namespaces: ReadonlySet<string>): boolean {
	const key = 'sidecar.istio.io/inject';
	const asked = template.labels[key] ?? template.annotations[key];
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
 * changes), and without one the target is an error (null). A Service in front of injected and
 * plain pods at once cannot be scraped one way, nor can Istio's files stand beside the user's own
 * certificates: errors too.
 */
export function istioTls(target: Item, planning: Planning, kind: 'PodMonitor' | 'ServiceMonitor'): 'files' | 'https' | undefined | null {
	const {config} = planning;
	if (config.spec.istio?.mtls !== 'strict' || !reachesInjected(target, planning)) return undefined;
	const report = reporter(planning, target, fieldPath(config.prefix, ['istio', 'mtls']));
	const behind = planning.workloads.behind(target);
	const plain = behind.filter(workload => !planning.workloads.injected(workload));
	if (plain.length > 0) {
		report(
			'error',
			`istio.mtls is strict, but of the pods behind this ${target.kind} only some are Istio-injected (not ${someOf(plain.map(workload => workload.item.name))}): one monitor cannot scrape both with mTLS and in plain text; split the Service, or scrape the pods (monitorType: pod)`,
		);
		return null;
	}
	if (kind === 'ServiceMonitor') {
		const own = config.endpoints.flatMap(endpoint =>
			(['ca', 'cert', 'keySecret', 'caFile', 'certFile', 'keyFile'] as const).filter(field => endpoint.tls?.[field] !== undefined),
		);
		if (own.length === 0) return 'files';
		report(
			'error',
			`istio.mtls is strict, so the ServiceMonitor uses the certificates Istio writes (/etc/prom-certs/), and the config's tls also sets ${[...new Set(own)].join(', ')}; give one or the other`,
		);
		return null;
	}
	if (config.spec.scrapeClass) return 'https';
	report(
		'error',
		`the pods are Istio-injected and istio.mtls is strict, but a ${kind} cannot name the certificate files Istio writes (/etc/prom-certs/); scrape them through their Service (monitorType: service) or set scrapeClass to a Prometheus scrape class that carries that tlsConfig`,
	);
	return null;
}
