import type {CompiledSelector, Config} from '../config/config.js';
import {matches} from '../config/label-selector.js';
import type {MonitorType} from '../config/monitor-kinds.js';
import type {Item} from '../krm/item.js';

/** A kind the function can scrape, and where its pods' template lives (`[]`: the object is the pod). */
interface TargetKind {
	group: string;
	kind: string;
	template?: readonly string[];
}

const podTemplate = ['spec', 'template'];

export const targetKinds: Record<MonitorType, readonly TargetKind[]> = {
	pod: [
		{group: 'apps', kind: 'Deployment', template: podTemplate},
		{group: 'apps', kind: 'StatefulSet', template: podTemplate},
		{group: 'apps', kind: 'DaemonSet', template: podTemplate},
		{group: 'apps', kind: 'ReplicaSet', template: podTemplate},
		{group: 'batch', kind: 'Job', template: podTemplate},
		{group: 'batch', kind: 'CronJob', template: ['spec', 'jobTemplate', 'spec', 'template']},
		{group: '', kind: 'Pod', template: []},
		{group: 'argoproj.io', kind: 'Rollout', template: podTemplate},
	],
	service: [{group: '', kind: 'Service'}],
	ingress: [{group: 'networking.k8s.io', kind: 'Ingress'}],
};

/** The path to the pod template of a workload item, or undefined when it is not a workload. */
export function podTemplatePath(item: Item): readonly string[] | undefined {
	return targetKinds.pod.find(kind => kind.group === item.group && kind.kind === item.kind)?.template;
}

/**
 * The items this config scrapes, in input order: objects of the monitorType's kinds that the
 * selector picks and `exclude` does not. Objects the orchestrator does not deploy (local-config,
 * the Kptfile) are never targets; neither are monitors, which are not of these kinds.
 */
export function selectTargets(items: readonly Item[], config: Config): Item[] {
	const kinds = targetKinds[config.spec.monitorType];
	return items.filter(
		item =>
			kinds.some(kind => kind.group === item.group && kind.kind === item.kind) &&
			item.map !== undefined &&
			!item.isLocalConfig &&
			(!config.selector || selects(config.selector, item)) &&
			(!config.exclude || !selects(config.exclude, item)),
	);
}

function selects(selector: CompiledSelector, item: Item): boolean {
	return (
		(!selector.name || selector.name.test(item.name)) &&
		(!selector.namespace || selector.namespace.test(item.namespace ?? '')) &&
		(!selector.labels || matches(selector.labels, item.labels)) &&
		(!selector.annotations || matches(selector.annotations, item.annotations))
	);
}
