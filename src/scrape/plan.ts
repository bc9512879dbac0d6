import type {Config} from '../config/config.js';
import type {Item} from '../krm/item.js';
import type {ResourceList} from '../krm/resource-list.js';
import {itemResult, type Result} from '../krm/results.js';
import {planAnnotations} from './annotations/plan.js';
import {Coverage} from './covered.js';
import {annotationIntent, monitorIntent, type Intent} from './intent.js';
import {packageScrapes} from './intent-check.js';
import type {ScrapeTarget} from './model/scrape-target.js';
import {someOf} from './some-of.js';
import {mergeMetricsAnnotation} from './istio.js';
import type {Monitor} from './monitors/build.js';
import {planMonitor} from './monitors/plan.js';
import {reconcileMonitors, type MonitorPlan} from './monitors/reconcile.js';
import {optedOut, planAnnotationEdits, type AnnotationPlan} from './ownership.js';
import {Workloads, type Planning} from './workloads.js';

/** Everything a run changes, decided before any text is touched; apply steps only write it out. */
export interface Plan {
	annotations: AnnotationPlan;
	monitors: MonitorPlan;
	/** What planning found about the targets, in target order. */
	results: Result[];
	/** What each target is meant to get, for the scrape model of the output to be held to. */
	intents: Intent[];
	/** The scrape model of the input (made once, when first asked for). */
	inputScrapes: () => ScrapeTarget[];
}

/**
 * Decides what the run changes: the monitors that should exist (operator mode) and the
 * annotations each object should carry (annotation mode, or Istio's merge switch in operator
 * mode), and what this config wrote earlier and no longer wants, when the run may prune.
 */
export function planChanges(list: ResourceList, targets: readonly Item[], config: Config, prune: boolean): Plan {
	const planning: Planning = {config, workloads: new Workloads(list.items), results: []};
	let model: ScrapeTarget[] | undefined;
	const inputScrapes = () => (model ??= packageScrapes(list.items, config.spec.annotations));
	const coverage = new Coverage(inputScrapes, planning.workloads, config);
	const wanted = new Map<Item, Record<string, string>>();
	const monitors: Monitor[] = [];
	const intents: Intent[] = [];
	for (const target of targets) {
		if (optedOut(target, config)) {
			planning.results.push(
				itemResult(
					target,
					'info',
					'skipped: prometheus.io/scrape is "false" here, which a person wrote to opt out; name the object in `selector.name`, or set `override: true`, to scrape it anyway',
				),
			);
			continue;
		}
		// Planned first, so that what already scrapes the target is judged by what it is meant to get.
		const scratch: Planning = {...planning, results: []};
		const monitor = config.spec.operatorMode ? planMonitor(target, scratch) : undefined;
		const entries = config.spec.operatorMode ? undefined : planAnnotations(target, scratch);
		const intent = monitor
			? monitorIntent(monitor, config, planning.workloads)
			: entries && annotationIntent(target, entries, config, planning.workloads);
		const covering = coverage.of(target, intent);
		if (covering.length > 0) {
			const names = someOf(covering.map(monitor => `${monitor.kind} ${monitor.namespace ? `${monitor.namespace}/` : ''}${monitor.name}`));
			const scrapes = `scrape${covering.length === 1 ? 's' : ''}`;
			// A second monitor would scrape the pods twice in any Prometheus that loads both, so the
			// target is skipped. Annotations are read by the chart's jobs, which a Prometheus run by
			// the operator often lacks: they are written, and the overlap is said.
			if (config.spec.operatorMode) {
				const message = `skipped: ${names} already ${scrapes} this target, and a second monitor would scrape its pods twice; exclude the target, or remove that monitor to let this config generate one`;
				planning.results.push(itemResult(target, 'warning', message));
				continue;
			}
			const message = `${names} already ${scrapes} this target: a Prometheus that also runs the chart's annotation jobs scrapes its pods twice`;
			planning.results.push(itemResult(target, 'warning', message));
		}
		if (config.spec.operatorMode) {
			// The chart's annotation jobs and the operator's monitors often run in different Prometheus
			// setups (a pipeline may write both on purpose), so an overlap is said, not skipped.
			const annotated = coverage.annotated(target, intent);
			if (annotated.length > 0) {
				const names = someOf(annotated.map(item => `${item.kind} ${item.name}`));
				const message = `prometheus.io/scrape "true" on ${names} (not this config's) has the chart's annotation jobs scrape these pods too: a Prometheus that runs those jobs and loads this monitor scrapes them twice`;
				planning.results.push(itemResult(target, 'warning', message));
			}
		}
		planning.results.push(...scratch.results);
		if (intent) intents.push(intent);
		if (entries) wanted.set(target, entries);
		if (!monitor) continue;
		monitors.push(monitor);
		if (config.spec.istio?.mergeMetrics === false) {
			for (const workload of planning.workloads.behind(target)) {
				if (planning.workloads.injected(workload)) wanted.set(workload.item, {[mergeMetricsAnnotation]: 'false'});
			}
		}
	}
	return {
		annotations: planAnnotationEdits(list.items, wanted, planning, prune),
		// An annotation run wants no monitors, so a switch from operator mode removes this config's.
		monitors: reconcileMonitors(list, monitors, config, prune),
		results: planning.results,
		intents,
		inputScrapes,
	};
}
