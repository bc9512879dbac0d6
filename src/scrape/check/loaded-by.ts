import {matches, type Requirement} from '../../config/label-selector.js';
import type {Item} from '../../krm/item.js';
import {itemResult, type Result} from '../../krm/results.js';
import {monitorSelector} from '../model/label-selector.js';
import {showLabels} from './near-miss.js';

type MonitorKind = 'PodMonitor' | 'ServiceMonitor' | 'Probe';

const selectorFields: Record<MonitorKind, [string, string]> = {
	ServiceMonitor: ['serviceMonitorSelector', 'serviceMonitorNamespaceSelector'],
	PodMonitor: ['podMonitorSelector', 'podMonitorNamespaceSelector'],
	Probe: ['probeSelector', 'probeNamespaceSelector'],
};

/** The Prometheus and PrometheusAgent objects of the list: the operator loads monitors into them. */
export function prometheusesOf(items: readonly Item[]): Item[] {
	return items.filter(
		item =>
			(item.kind === 'Prometheus' || item.kind === 'PrometheusAgent') && item.group === 'monitoring.coreos.com' && item.map !== undefined,
	);
}

/** A namespace's labels: those the input gives it, and the name label Kubernetes sets on every namespace. */
function namespaceLabels(items: readonly Item[], namespace: string): Record<string, string> {
	const object = items.find(item => item.kind === 'Namespace' && item.group === '' && item.name === namespace);
	return {...(object?.labels ?? {}), 'kubernetes.io/metadata.name': namespace};
}

/**
 * Why a Prometheus does not load the monitor, or undefined when it does. As the operator reads
 * them: an absent monitor selector selects no monitor and an empty one every monitor; an absent
 * namespace selector means the Prometheus's own namespace, an empty one every namespace.
 */
function whyNot(prometheus: Item, monitor: Item, kind: MonitorKind, items: readonly Item[]): string | undefined {
	const [selectorField, namespaceField] = selectorFields[kind];
	const selector = prometheus.getValue(['spec', selectorField]);
	if (selector === undefined || selector === null) return `${prometheus} sets no \`spec.${selectorField}\`, so it loads no ${kind}`;
	const requirements = monitorSelector(selector);
	if (typeof requirements === 'string') return `\`spec.${selectorField}\` of ${prometheus} ${requirements}`;
	if (!matches(requirements, monitor.labels))
		return `${prometheus} loads only ${kind}s with \`spec.${selectorField}\` ${describe(requirements)}${toAdd(requirements, monitor.labels)}`;
	const namespace = monitor.namespace ?? '';
	const namespaceSelector = prometheus.getValue(['spec', namespaceField]);
	if (namespaceSelector === undefined || namespaceSelector === null) {
		return namespace === (prometheus.namespace ?? '')
			? undefined
			: `${prometheus} sets no \`spec.${namespaceField}\`, so it loads monitors of its own namespace only; set \`spec.${namespaceField}: {}\` for every namespace`;
	}
	const namespaceRequirements = monitorSelector(namespaceSelector);
	if (typeof namespaceRequirements === 'string') return `\`spec.${namespaceField}\` of ${prometheus} ${namespaceRequirements}`;
	if (!matches(namespaceRequirements, namespaceLabels(items, namespace)))
		return `\`spec.${namespaceField}\` of ${prometheus} (${describe(namespaceRequirements)}) does not select namespace ${JSON.stringify(namespace)}`;
	return undefined;
}

function describe(requirements: readonly Requirement[]): string {
	return (
		requirements.map(({key, operator, values}) => `${key} ${operator}${values.length > 0 ? ` (${values.join(', ')})` : ''}`).join(', ') ||
		'(any)'
	);
}

/** The `key: value` labels that would satisfy the failing single-value requirements. */
export function missingLabels(requirements: readonly Requirement[], labels: Record<string, string>): Record<string, string> {
	const add: Record<string, string> = {};
	for (const requirement of requirements)
		if (!matches([requirement], labels) && requirement.operator === 'In' && requirement.values.length === 1)
			add[requirement.key] = requirement.values[0]!;
	return add;
}

function toAdd(requirements: readonly Requirement[], labels: Record<string, string>): string {
	const add = missingLabels(requirements, labels);
	return Object.keys(add).length > 0 ? `; add \`metadata.labels: ${showLabels(add)}\`` : '';
}

/**
 * Monitors no Prometheus would load: checked against the Prometheus objects of the list, or,
 * when it holds none, against the `prometheusSelector` setting. Neither: nothing is known.
 */
export function loadedByChecks(items: readonly Item[], monitors: readonly Item[], prometheusSelector: Requirement[] | undefined): Result[] {
	const prometheuses = prometheusesOf(items);
	const results: Result[] = [];
	for (const monitor of monitors) {
		const kind = monitor.kind as MonitorKind;
		if (prometheuses.length === 0) {
			if (prometheusSelector && !matches(prometheusSelector, monitor.labels))
				results.push(
					itemResult(
						monitor,
						'warning',
						`the cluster's Prometheus loads only monitors with labels ${describe(prometheusSelector)} (prometheusSelector), so it ignores ${monitor}${toAdd(prometheusSelector, monitor.labels)}`,
						'metadata.labels',
					),
				);
			continue;
		}
		const reasons = prometheuses.map(prometheus => whyNot(prometheus, monitor, kind, items));
		if (reasons.some(reason => reason === undefined)) continue;
		results.push(itemResult(monitor, 'warning', `no Prometheus in the input loads ${monitor}: ${reasons.join('; ')}`, 'metadata.labels'));
	}
	return results;
}
