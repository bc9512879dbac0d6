import type {Item} from '../../krm/item.js';
import type {ScrapeTarget} from './scrape-target.js';

/** One port and path of a workload's pods (or one probed URL) that more than one target scrapes. */
export interface DoubleScrape {
	workload?: Item;
	/** The port number; for a port-less pod target, the scheme's default port the scrape reaches. */
	port?: number;
	path: string;
	url?: string;
	/** Two or more: each writes the same series under its own job or labels. */
	targets: ScrapeTarget[];
}

/**
 * The pods' ports scraped twice or more, at the same path, whether by two jobs (a PodMonitor and
 * the chart's annotation job) or within one (a ServiceMonitor selecting two Services in front of
 * the same pods); and URLs probed twice. Two paths on one port are two different scrapes.
 *
 * Items of one kind, namespace and name in one package (the same object written in two files)
 * share a place, but a cluster holds only one of them, so their scrapes are alternatives, not
 * repeats: the targets are counted per item, and a place is scraped twice when one item's pods
 * are (said once, through the first such item), as the intent check counts (intent-check.ts).
 */
export function doubleScrapes(targets: readonly ScrapeTarget[]): DoubleScrape[] {
	const places = new Map<string, Map<Item | undefined, DoubleScrape>>();
	for (const target of targets) {
		const port = target.port?.number ?? (target.scheme === 'https' ? 443 : 80);
		const key = target.workload
			? JSON.stringify([target.workload.key, port, target.path])
			: target.url !== undefined
				? JSON.stringify([target.url])
				: undefined;
		if (key === undefined) continue;
		let byItem = places.get(key);
		if (!byItem) places.set(key, (byItem = new Map()));
		const group = byItem.get(target.workload);
		if (group) group.targets.push(target);
		else
			byItem.set(target.workload, {
				...(target.workload ? {workload: target.workload, port} : {url: target.url}),
				path: target.path,
				targets: [target],
			});
	}
	return [...places.values()].flatMap(byItem => [...byItem.values()].find(group => group.targets.length > 1) ?? []);
}
