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
 */
export function doubleScrapes(targets: readonly ScrapeTarget[]): DoubleScrape[] {
	const groups = new Map<string, DoubleScrape>();
	for (const target of targets) {
		const port = target.port?.number ?? (target.scheme === 'https' ? 443 : 80);
		const key = target.workload
			? JSON.stringify([target.workload.key, port, target.path])
			: target.url !== undefined
				? JSON.stringify([target.url])
				: undefined;
		if (key === undefined) continue;
		const group = groups.get(key);
		if (group) group.targets.push(target);
		else
			groups.set(key, {
				...(target.workload ? {workload: target.workload, port} : {url: target.url}),
				path: target.path,
				targets: [target],
			});
	}
	return [...groups.values()].filter(group => group.targets.length > 1);
}
