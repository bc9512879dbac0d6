import type {Item} from '../../krm/item.js';
import {itemResult, type Result} from '../../krm/results.js';
import type {ScrapeTarget} from '../model/scrape-target.js';

/** One info result per scrape: what Prometheus would fetch, how often, and through which object; `unloaded` monitors only once a Prometheus loads them. */
export function scrapeReport(targets: readonly ScrapeTarget[], unloaded: ReadonlySet<Item>): Result[] {
	return targets.map(target => {
		const what =
			target.url !== undefined ? `probe of ${target.url} by ${target.address}` : `${target.scheme}://${target.address}${target.path}`;
		const every = target.interval ? `every ${target.interval}` : 'at the global scrape interval';
		const via = ['PodMonitor', 'ServiceMonitor', 'Probe', 'PodMonitoring', 'ClusterPodMonitoring'].includes(target.via.kind)
			? `${target.via}`
			: `job ${target.job} (annotations of ${target.via})`;
		const once = unloaded.has(target.via) ? ' once a Prometheus loads it' : '';
		return itemResult(target.via, 'info', `scrapes ${what} ${every} via ${via}${once}`);
	});
}
