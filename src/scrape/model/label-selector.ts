import type {Requirement} from '../../config/label-selector.js';
import type {Item} from '../../krm/item.js';
import {isObject} from './pods.js';

const operators = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);

/**
 * A monitor's LabelSelector (matchLabels AND matchExpressions) as requirements. The operator turns
 * each into a keep (In, Exists) or drop (NotIn, DoesNotExist) rule on the discovered labels, which
 * selects what Kubernetes' own selector semantics select. An absent or empty selector selects
 * everything. A string is the problem when the selector has not that shape. A workload's own
 * spec.selector is read the same way (pod-selector.ts).
 */
export function monitorSelector(value: unknown): Requirement[] | string {
	if (value === undefined || value === null) return [];
	if (!isObject(value)) return 'is not a label selector (a map with matchLabels and matchExpressions)';
	const {matchLabels = {}, matchExpressions = []} = value;
	if (!isObject(matchLabels)) return 'matchLabels is not a map';
	if (!Array.isArray(matchExpressions)) return 'matchExpressions is not a list';
	const requirements: Requirement[] = Object.entries(matchLabels).map(([key, v]) => ({key, operator: 'In', values: [String(v)]}));
	for (const expression of matchExpressions) {
		if (
			!isObject(expression) ||
			typeof expression.key !== 'string' ||
			!operators.has(expression.operator as string) ||
			(expression.values !== undefined && !Array.isArray(expression.values))
		)
			return 'matchExpressions needs {key, operator: In, NotIn, Exists or DoesNotExist, values: [strings]}';
		const values = Array.isArray(expression.values) ? expression.values.map(String) : [];
		requirements.push({key: expression.key, operator: expression.operator as Requirement['operator'], values});
	}
	return requirements;
}

/** Which namespaces a monitor looks in: `any: true` is all; otherwise matchNames, or when empty its own. */
export type NamespaceScope = {any: true} | {names: string[]};

export function namespaceScope(monitor: Item, value: unknown): NamespaceScope {
	if (isObject(value) && value.any === true) return {any: true};
	const names = isObject(value) && Array.isArray(value.matchNames) ? value.matchNames.map(String) : [];
	return {names: names.length > 0 ? names : [monitor.namespace ?? '']};
}

export function inScope(scope: NamespaceScope, namespace: string): boolean {
	return 'any' in scope || scope.names.includes(namespace);
}
