import {matches, type Requirement} from '../../config/label-selector.js';
import type {Item} from '../../krm/item.js';
import {LabelIndex} from '../label-index.js';
import type {Cluster} from './cluster.js';
import {inScope, monitorSelector, namespaceScope, type NamespaceScope} from './label-selector.js';
import type {Finding} from './scrape-target.js';

/** An object the monitor just missed: it would be selected but for one thing, which `reason` says. */
export interface NearMiss {
	item: Item;
	reason: string;
}

/** What a monitor selects: Services (ServiceMonitor), the workloads whose pods it selects (PodMonitor), Ingresses (Probe). */
export interface Selection {
	kind: 'Service' | 'Pod' | 'Ingress';
	/** Where the selector is, for messages: `spec.selector`, `spec.targets.ingress.selector`. */
	path: string;
	scope: NamespaceScope;
	selected: Item[];
	nearMisses: NearMiss[];
	/** Set when the selector cannot be read; it then selects nothing. */
	problem?: string;
}

interface Candidate {
	item: Item;
	namespace: string;
	labels: Record<string, string>;
}

const objectView = (item: Item): Candidate => ({item, namespace: item.namespace ?? '', labels: item.labels});

const sources = {
	ServiceMonitor: {kind: 'Service', at: ['spec'], candidates: (cluster: Cluster) => cluster.services.map(objectView)},
	PodMonitor: {kind: 'Pod', at: ['spec'], candidates: (cluster: Cluster) => cluster.pods.map(pod => ({...pod, item: pod.workload}))},
	Probe: {kind: 'Ingress', at: ['spec', 'targets', 'ingress'], candidates: (cluster: Cluster) => cluster.ingresses.map(objectView)},
} as const;

/**
 * What a monitor's selector and namespaceSelector pick, and the objects they nearly pick: those
 * whose labels match in a namespace outside the monitor's scope, and those in scope that fail one
 * requirement only (unless `withNearMisses` is false: the scrape model needs only what is picked).
 * A Probe without `targets.ingress` selects no Ingress.
 */
export function monitorSelection(monitor: Item, cluster: Cluster, withNearMisses = true): Selection {
	const source = sources[monitor.kind as keyof typeof sources];
	if (!source) throw new Error(`${monitor} is not a monitor`);
	const {kind, at} = source;
	const path = [...at, 'selector'].join('.');
	const scope = namespaceScope(monitor, monitor.getValue([...at, 'namespaceSelector']));
	const none: Selection = {kind, path, scope, selected: [], nearMisses: []};
	if (kind === 'Ingress' && monitor.getValue(at) === undefined) return none;
	const requirements = monitorSelector(monitor.getValue([...at, 'selector']));
	if (typeof requirements === 'string') return {...none, problem: `${path} ${requirements}`};
	if (!withNearMisses) {
		const picked = candidatesFor(monitor.kind, requirements, () => source.candidates(cluster), cluster);
		const selected = picked
			.filter(({namespace, labels}) => inScope(scope, namespace) && matches(requirements, labels))
			.map(({item}) => item);
		return {kind, path, scope, selected, nearMisses: []};
	}
	const selected: Item[] = [];
	const nearMisses: NearMiss[] = [];
	for (const {item, namespace, labels} of source.candidates(cluster)) {
		const failed = requirements.filter(requirement => !matches([requirement], labels));
		const here = inScope(scope, namespace);
		if (here && failed.length === 0) selected.push(item);
		else if (failed.length === 0)
			nearMisses.push({
				item,
				reason: `its labels match, but namespace ${JSON.stringify(namespace)} is not one the monitor looks in (${describeScope(scope)})`,
			});
		else if (here && failed.length === 1) nearMisses.push({item, reason: explain(failed[0]!, labels)});
	}
	return {kind, path, scope, selected, nearMisses};
}

function describeScope(scope: NamespaceScope): string {
	return 'any' in scope ? 'any' : scope.names.map(name => JSON.stringify(name)).join(', ');
}

/** Why the labels fail one requirement. */
function explain({key, operator, values}: Requirement, labels: Record<string, string>): string {
	const value = labels[key];
	const shown = JSON.stringify(key);
	if (value === undefined) return `it has no label ${shown}`;
	if (operator === 'In') return `its label ${shown} is ${JSON.stringify(value)}, not ${values.map(v => JSON.stringify(v)).join(' or ')}`;
	if (operator === 'NotIn') return `its label ${shown} is ${JSON.stringify(value)}, which the selector excludes`;
	return `it has the label ${shown}, which the selector excludes`;
}

const indexes = new WeakMap<Cluster, Map<string, LabelIndex<Candidate>>>();

/**
 * The candidates that can meet the requirements: those with every label of an exact requirement
 * (`key: value`), from a label index made once per cluster and kind (one scope: a monitor may look
 * in any namespace), so that a thousand monitors over a thousand pods cost the pods each one picks,
 * not a pass over all of them; all of them otherwise.
 */
function candidatesFor(kind: string, requirements: readonly Requirement[], all: () => Candidate[], cluster: Cluster): readonly Candidate[] {
	const exact = requirements.filter(requirement => requirement.operator === 'In' && requirement.values.length === 1);
	if (exact.length === 0) return all();
	let byKind = indexes.get(cluster);
	if (!byKind) indexes.set(cluster, (byKind = new Map()));
	let index = byKind.get(kind);
	if (!index) {
		byKind.set(kind, (index = new LabelIndex()));
		for (const candidate of all()) index.add('', candidate.labels, candidate);
	}
	return index.matching('', Object.fromEntries(exact.map(({key, values}) => [key, values[0]!])), candidate => candidate.labels);
}

/** The objects a monitor selects; a selector that cannot be read selects nothing and is a finding. */
export function selectedBy(monitor: Item, cluster: Cluster, findings: Finding[]): Item[] {
	const {selected, problem, path} = monitorSelection(monitor, cluster, false);
	if (problem) findings.push({type: 'invalid-selector', item: monitor, path, message: problem});
	return selected;
}
