import type {Config} from '../config/config.js';
import type {Item} from '../krm/item.js';
import {place, type Intent} from './intent.js';
import {chartJobs} from './model/chart-jobs.js';
import type {ScrapeTarget} from './model/scrape-target.js';
import {isMonitor} from './monitors/build.js';
import {discoveryAnnotations, isOwnedBy, ownerAnnotation} from './ownership.js';
import type {Workloads} from './workloads.js';

const chart = new Set<string>(Object.values(chartJobs));

/**
 * What in the input already scrapes a target, by the scrape model of the input: monitors this
 * config did not generate (a person's, a chart's, another config's: kube-prometheus alone ships a
 * dozen ServiceMonitors), and prometheus.io annotations that are not this config's. Only a scrape
 * of what the config means counts (the same pod port and path, or the same probed URL), so a
 * monitor that selects the pods but names another port, or a port they lack, covers nothing.
 */
export class Coverage {
	private index?: {byPlace: Map<string, ScrapeTarget[]>; byWorkload: Map<string, ScrapeTarget[]>; probes: ScrapeTarget[]};

	constructor(
		private readonly model: () => readonly ScrapeTarget[],
		private readonly workloads: Workloads,
		private readonly config: Config,
	) {}

	/** The monitors, not this config's, that already make a scrape the target is meant to get. */
	of(target: Item, intent: Intent | undefined): Item[] {
		return this.covering(target, intent, via => isMonitor(via) && via.annotation(ownerAnnotation) !== this.config.owner);
	}

	/**
	 * The objects whose prometheus.io annotations (not this config's) have the chart's jobs make a
	 * scrape the target is meant to get: the target's own, or those of the pod templates behind a
	 * Service. A monitor beside them would scrape the same pods twice.
	 */
	annotated(target: Item, intent: Intent | undefined): Item[] {
		return this.covering(target, intent, via => !isOwnedBy(via, this.config), true);
	}

	/**
	 * The objects (by `whose`) behind the input's scrapes of what the intent means; without an
	 * intent (the target could not be planned), of any port of its pods or any URL of its rules.
	 */
	private covering(target: Item, intent: Intent | undefined, whose: (via: Item) => boolean, chartOnly = false): Item[] {
		const {byPlace, byWorkload, probes} = (this.index ??= indexed(this.model()));
		const scrapes =
			intent && intent.scrapes.length > 0
				? intent.scrapes.flatMap(scrape => [
						...(byPlace.get(place(scrape)) ?? []),
						// Istio's agent serves the app's metrics merged, whatever port the intent names.
						...(scrape.workload ? (byWorkload.get(scrape.workload.key) ?? []).filter(other => other.istioMerged) : []),
					])
				: target.kind === 'Ingress'
					? probes.filter(scrape => scrape.labels.ingress === target.name && scrape.labels.namespace === (target.namespace ?? ''))
					: this.workloads.behind(target).flatMap(workload => byWorkload.get(workload.item.key) ?? []);
		const found: Item[] = [];
		for (const scrape of scrapes) {
			if (chart.has(scrape.job) !== chartOnly || found.includes(scrape.via) || !whose(scrape.via)) continue;
			// Istio's injector makes every injected pod look annotated; its agent serves the app's own
			// metrics only where the pod's annotations asked for them.
			if (scrape.istioMerged && discoveryAnnotations(scrape.via)['prometheus.io/scrape'] !== 'true') continue;
			found.push(scrape.via);
		}
		return found;
	}
}

/** The input's scrapes by pod port and path (or URL), by workload, and the probes. */
function indexed(scrapes: readonly ScrapeTarget[]) {
	const byPlace = new Map<string, ScrapeTarget[]>();
	const byWorkload = new Map<string, ScrapeTarget[]>();
	const add = (map: Map<string, ScrapeTarget[]>, key: string, scrape: ScrapeTarget) => map.set(key, [...(map.get(key) ?? []), scrape]);
	for (const scrape of scrapes) {
		add(byPlace, place(scrape), scrape);
		if (scrape.workload) add(byWorkload, scrape.workload.key, scrape);
	}
	return {byPlace, byWorkload, probes: scrapes.filter(scrape => scrape.job.startsWith('probe/'))};
}
