import type {Item} from './item.js';

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
