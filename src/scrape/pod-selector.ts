import type {V1Deployment, V1LabelSelector} from '@kubernetes/client-node';
import {matches, type Requirement} from '../config/label-selector.js';
import {fieldsOf} from '../krm/fields-of.js';
import {itemResult, type Result} from '../krm/results.js';
import {monitorSelector} from './model/label-selector.js';
import type {Workload} from './workloads.js';

/** The workload's own pod selector, or else its pod template's labels; it must select its pods. */
export function podSelector({item: target, template, labels}: Workload, results: Result[]): Record<string, unknown> | undefined {
	const selector = template.path.length > 0 ? target.getValue(fieldsOf<V1Deployment>()('spec', 'selector')) : undefined;
	if (selector && typeof selector === 'object' && ('matchLabels' in selector || 'matchExpressions' in selector)) {
		const requirements = toRequirements(selector as V1LabelSelector);
		if (!requirements) {
			results.push(
				itemResult(
					target,
					'error',
					'spec.selector is not a label selector: matchLabels must be a map of strings, and matchExpressions a list of {key, operator (In, NotIn, Exists or DoesNotExist), values: [strings]}',
					'spec.selector.matchExpressions',
				),
			);
			return undefined;
		}
		if (!matches(requirements, labels)) {
			results.push(
				itemResult(
					target,
					'error',
					"spec.selector does not match the pod template's labels, so the PodMonitor would select no pods; make them agree",
					'spec.selector',
				),
			);
			return undefined;
		}
		return selector as Record<string, unknown>;
	}
	if (Object.keys(labels).length > 0) return {matchLabels: labels};
	results.push(
		itemResult(
			target,
			'error',
			'the pods have no labels to select them by: a PodMonitor selects pods by label, so give the pod template labels',
			[...template.path, 'metadata', 'labels'].join('.') || 'metadata.labels',
		),
	);
	return undefined;
}

/** The selector as requirements, or undefined when it does not have a LabelSelector's shape. */
export function toRequirements(selector: V1LabelSelector): Requirement[] | undefined {
	const requirements = monitorSelector(selector);
	return typeof requirements === 'string' ? undefined : requirements;
}
