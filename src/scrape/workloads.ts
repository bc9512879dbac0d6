import type {Config} from '../config/config.js';
import {matches, type Requirement} from '../config/label-selector.js';
import type {Item} from '../krm/item.js';
import {itemResult, type Result, type Severity} from '../krm/results.js';
import {injectedNamespaces, isInjected} from './istio.js';
import {containerPorts, type ContainerPort} from './ports.js';
import {podTemplatePath} from './targets.js';

/** A workload's pods, as its pod template describes them. */
export interface Workload {
	item: Item;
	labels: Record<string, string>;
	ports: ContainerPort[];
	template: readonly string[];
}

/**
 * The workloads of the input with their pods' labels and ports, and which are Istio-injected.
 * Gathered once, so that each Service's lookup is a pass over the workloads of its namespace, not
 * over every item.
 */
export class Workloads {
	private readonly byItem = new Map<Item, Workload>();
	private readonly byNamespace = new Map<string, Workload[]>();
	private namespaces?: Set<string>;

	constructor(private readonly items: readonly Item[]) {
		for (const item of items) {
			const template = podTemplatePath(item);
			if (!template || item.isLocalConfig || !item.map) continue;
			const workload = {item, template, labels: item.stringMap([...template, 'metadata', 'labels']), ports: containerPorts(item, template)};
			this.byItem.set(item, workload);
			const key = item.namespace ?? '';
			const peers = this.byNamespace.get(key);
			if (peers) peers.push(workload);
			else this.byNamespace.set(key, [workload]);
		}
	}

	of(item: Item): Workload | undefined {
		return this.byItem.get(item);
	}

	/** The workloads whose pods a Service's spec.selector picks. */
	behindService(service: Item): Workload[] {
		const selector = service.stringMap(['spec', 'selector']);
		const requirements: Requirement[] = Object.entries(selector).map(([key, value]) => ({key, operator: 'In', values: [value]}));
		if (requirements.length === 0) return [];
		return (this.byNamespace.get(service.namespace ?? '') ?? []).filter(workload => matches(requirements, workload.labels));
	}

	/** The workloads a target's scrape reaches: itself, or those behind a Service. */
	behind(target: Item): Workload[] {
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
