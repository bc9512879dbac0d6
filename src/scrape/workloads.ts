import type {V1Service} from '@kubernetes/client-node';
import type {Config} from '../config/config.js';
import {matches, type Requirement} from '../config/label-selector.js';
import {fieldsOf} from '../krm/fields-of.js';
import type {Item} from '../krm/item.js';
import {itemResult, type Result, type Severity} from '../krm/results.js';
import {injectedNamespaces, isInjected} from './istio.js';
import {podTemplate, type PodTemplate} from './model/pods.js';
import type {ContainerPort} from './ports.js';
import {LabelIndex} from './label-index.js';

/** A workload's pods, as its pod template describes them. */
export interface Workload {
	item: Item;
	labels: Record<string, string>;
	ports: ContainerPort[];
	template: PodTemplate;
}

/**
 * The workloads of the input with their pods' labels and ports, which are Istio-injected, and the
 * Services and Ingresses by label. Gathered once, and indexed by label, so that each lookup costs
 * the objects that share a label with the selector, not a pass over the namespace.
 */
export class Workloads {
	private readonly byItem = new Map<Item, Workload>();
	private readonly pods = new LabelIndex<Workload>();
	/** Services and Ingresses by label, gathered when first asked for: most runs never ask. */
	private others?: Map<string, LabelIndex<Item>>;
	private namespaces?: Set<string>;
	private readonly answers = new Map<string, readonly Workload[]>();
	/** Services by the workloads they front, gathered when first asked for. */
	private fronting?: Map<Workload, Item[]>;

	constructor(private readonly items: readonly Item[]) {
		for (const item of items) {
			const template = podTemplate(item);
			if (!template) continue;
			const workload = {item, template, labels: template.labels, ports: template.declared};
			this.byItem.set(item, workload);
			this.pods.add(scope(item), workload.labels, workload);
		}
	}

	private index(kind: 'Service' | 'Ingress'): LabelIndex<Item> | undefined {
		if (!this.others) {
			this.others = new Map();
			for (const item of this.items) {
				if ((item.kind !== 'Service' && item.kind !== 'Ingress') || item.isLocalConfig || !item.map) continue;
				let index = this.others.get(item.kind);
				if (!index) this.others.set(item.kind, (index = new LabelIndex()));
				index.add(scope(item), item.labels, item);
			}
		}
		return this.others.get(kind);
	}

	of(item: Item): Workload | undefined {
		return this.byItem.get(item);
	}

	/** The workloads whose pods a Service's spec.selector picks. */
	behindService(service: Item): readonly Workload[] {
		return this.pods.matching(scope(service), service.stringMap(fieldsOf<V1Service>()('spec', 'selector')), workload => workload.labels);
	}

	/**
	 * The workloads beside `near` (its package and namespace) whose pods meet every requirement. The
	 * same question gets the same list, which callers must not change: same-labelled workloads ask it
	 * once each.
	 */
	podsMatching(near: Item, requirements: readonly Requirement[]): readonly Workload[] {
		const key = JSON.stringify([scope(near), requirements]);
		const known = this.answers.get(key);
		if (known) return known;
		const exact = requirements.filter(requirement => requirement.operator === 'In' && requirement.values.length === 1);
		const candidates =
			exact.length > 0
				? this.pods.matching(scope(near), Object.fromEntries(exact.map(({key, values}) => [key, values[0]!])), workload => workload.labels)
				: this.pods.all(scope(near));
		const answer = candidates.filter(workload => matches(requirements, workload.labels));
		this.answers.set(key, answer);
		return answer;
	}

	/** The Services or Ingresses beside `near` (its package and namespace) that carry every label given. */
	objectsWithLabels(kind: 'Service' | 'Ingress', near: Item, labels: Record<string, string>): readonly Item[] {
		return this.index(kind)?.matching(scope(near), labels, item => item.labels) ?? [];
	}

	/** The Services whose spec.selector picks the workload's pods, in input order. */
	servicesFronting(workload: Workload): readonly Item[] {
		if (!this.fronting) {
			this.fronting = new Map();
			for (const service of this.items) {
				if (service.kind !== 'Service' || service.isLocalConfig || !service.map) continue;
				for (const behind of this.behindService(service)) {
					const list = this.fronting.get(behind);
					if (list) list.push(service);
					else this.fronting.set(behind, [service]);
				}
			}
		}
		return this.fronting.get(workload) ?? [];
	}

	/** The workloads a target's scrape reaches: itself, or those behind a Service. */
	behind(target: Item): readonly Workload[] {
		if (target.kind === 'Service') return this.behindService(target);
		const workload = this.of(target);
		return workload ? [workload] : [];
	}

	/** Istio injection is asked about only when the config involves Istio or https. */
	injected(workload: Workload): boolean {
		this.namespaces ??= injectedNamespaces(this.items);
		return isInjected(workload.item, workload.template, this.namespaces);
	}
}

/** What planning a target needs besides the target: the config, the workloads, and where results go. */
export interface Planning {
	config: Config;
	workloads: Workloads;
	results: Result[];
}

/**
 * A function that reports on a target a problem with one of the config's settings (`setting`, a
 * field path in the config), and returns undefined for `return report(…)`. The result names the
 * target; a result's field path is a field of the object it names, so the setting goes into the
 * message instead.
 */
export function reporter(planning: Planning, item: Item, setting: string): (severity: Severity, message: string) => undefined {
	return (severity, message) => void planning.results.push(itemResult(item, severity, `${message} (config: \`${setting}\`)`));
}

/**
 * Where an object can meet others: its namespace, within its kpt package. Subpackages may hold
 * same-name objects for other clusters, which never select each other.
 */
function scope(item: Item): string {
	return `${item.packagePath}\0${item.namespace ?? ''}`;
}
