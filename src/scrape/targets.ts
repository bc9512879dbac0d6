import type {V1CronJob, V1Deployment} from '@kubernetes/client-node';
import type {CompiledSelector, Config} from '../config/config.js';
import {matches} from '../config/label-selector.js';
import type {MonitorType} from '../config/monitor-kinds.js';
import {fieldsOf} from '../krm/fields-of.js';
import type {Item} from '../krm/item.js';
import {itemResult, type Result} from '../krm/results.js';

/** A kind the function can scrape, and where its pods' template lives (`[]`: the object is the pod). */
interface TargetKind {
	group: string;
	kind: string;
	template?: readonly string[];
	/** Only when `selector.kinds` names it: pods that come and go (Jobs, CronJobs). */
	onRequest?: boolean;
}

/** Where Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs and Rollouts keep the pod template. */
const podTemplate = fieldsOf<V1Deployment>()('spec', 'template');

export const targetKinds: Record<MonitorType, readonly TargetKind[]> = {
	pod: [
		{group: 'apps', kind: 'Deployment', template: podTemplate},
		{group: 'apps', kind: 'StatefulSet', template: podTemplate},
		{group: 'apps', kind: 'DaemonSet', template: podTemplate},
		{group: 'apps', kind: 'ReplicaSet', template: podTemplate},
		{group: 'batch', kind: 'Job', template: podTemplate, onRequest: true},
		{group: 'batch', kind: 'CronJob', template: fieldsOf<V1CronJob>()('spec', 'jobTemplate', 'spec', 'template'), onRequest: true},
		{group: '', kind: 'Pod', template: []},
		{group: 'argoproj.io', kind: 'Rollout', template: podTemplate},
	],
	service: [{group: '', kind: 'Service'}],
	ingress: [{group: 'networking.k8s.io', kind: 'Ingress'}],
};

/** Kinds of API groups Kubernetes no longer serves, which a package may still hold. */
const retired: Record<string, string> = {
	'extensions/v1beta1': 'Kubernetes 1.16 (Deployments, DaemonSets, ReplicaSets) and 1.22 (Ingresses)',
	'apps/v1beta1': 'Kubernetes 1.16',
	'apps/v1beta2': 'Kubernetes 1.16',
	'networking.k8s.io/v1beta1': 'Kubernetes 1.22',
};

const workloadKinds = new Map(targetKinds.pod.map(kind => [kind.kind, kind]));

/** The path to the pod template of a workload item, or undefined when it is not a workload. */
export function podTemplatePath(item: Item): readonly string[] | undefined {
	// The group is read only for a workload's kind.
	const kind = workloadKinds.get(item.kind);
	return kind && kind.group === item.group ? kind.template : undefined;
}

export interface Selection {
	targets: Item[];
	/** How many objects the selector picked that `exclude` then left out. */
	excluded: number;
	/** Objects that look like targets but are not, each with the reason. */
	results: Result[];
}

/**
 * The items this config scrapes, in input order: objects of the monitorType's kinds that the
 * selector picks and `exclude` does not. Objects the orchestrator does not deploy (local-config,
 * the Kptfile) are never targets; neither are monitors, which are not of these kinds. What is left
 * out for a reason a person may not expect is said, once per object.
 */
export function selectTargets(items: readonly Item[], config: Config): Selection {
	const kinds = targetKinds[config.spec.monitorType];
	const results: Result[] = [];
	const candidates: Item[] = [];
	const wanted = config.selector?.kinds;
	for (const item of items) {
		// The kind first: it comes from the item's lines, and an item of another kind is never read.
		const kind = kinds.find(candidate => candidate.kind === item.kind && (wanted === undefined || wanted.has(candidate.kind)));
		if (!kind || item.map === undefined || item.isLocalConfig) continue;
		if (kind.group !== item.group) {
			if (retired[item.apiVersion]) {
				results.push(
					itemResult(
						item,
						'warning',
						`skipped: ${item.apiVersion} is no longer served (since ${retired[item.apiVersion]}); move it to ${kind.group}/v1 to scrape it`,
						'apiVersion',
					),
				);
			}
			continue;
		}
		if (config.selector && !selects(config.selector, item)) continue;
		if (kind.onRequest && wanted === undefined) {
			const message = `skipped: a ${kind.kind}'s pods are short-lived, so scraping them loses samples (a Pushgateway serves them better); name ${kind.kind} in \`selector.kinds\` to scrape it anyway`;
			results.push(itemResult(item, 'info', message));
			continue;
		}
		candidates.push(item);
	}
	const targets = config.exclude ? candidates.filter(item => !selects(config.exclude!, item)) : candidates;
	for (const item of targets) {
		const reference = item.kind === 'Rollout' ? item.getValue(['spec', 'workloadRef']) : undefined;
		if (reference !== undefined) {
			results.push(
				itemResult(
					item,
					'warning',
					`skipped: this Rollout takes its pod template from spec.workloadRef (${describeRef(reference)}), and Argo Rollouts refuses a spec.template beside it; select the referenced Deployment instead`,
					'spec.workloadRef',
				),
			);
		}
	}
	const excluded = candidates.length - targets.length;
	return {
		targets: targets.filter(item => item.kind !== 'Rollout' || item.getValue(['spec', 'workloadRef']) === undefined),
		excluded,
		results,
	};
}

function describeRef(reference: unknown): string {
	const {kind, name} = (reference ?? {}) as {kind?: unknown; name?: unknown};
	return `${typeof kind === 'string' ? kind : 'a workload'} ${typeof name === 'string' ? name : ''}`.trim();
}

function selects(selector: CompiledSelector, item: Item): boolean {
	return (
		(!selector.name || selector.name.test(item.name)) &&
		(!selector.namespace || selector.namespace.test(item.namespace ?? '')) &&
		(!selector.labels || matches(selector.labels, item.labels)) &&
		(!selector.annotations || matches(selector.annotations, item.annotations)) &&
		(!selector.kinds || selector.kinds.has(item.kind))
	);
}
