import type {Item} from '../krm/item.js';
import {itemResult, type Result} from '../krm/results.js';
import {place, type IntendedScrape, type Intent} from './intent.js';
import type {ScrapeTarget} from './model/scrape-target.js';
import {identity, scrapeTargets} from './model/scrape-targets.js';
import {scrapeKey} from './annotations/keys.js';
import {chartConvention} from '../config/conventions.js';
import {gmpKinds} from '../config/monitor-kinds.js';
import {isMonitor} from './monitors/build.js';
import {someOf} from './some-of.js';
import {podTemplatePath} from './targets.js';

function describe(scrape: ScrapeTarget | IntendedScrape): string {
	if (scrape.url !== undefined) return scrape.url;
	const port = typeof scrape.port === 'number' ? scrape.port : scrape.port?.number;
	return `${port === undefined ? 'the pod address' : `port ${port}`} ${scrape.path} (${scrape.scheme}) of ${scrape.workload}`;
}

/**
 * The scrapes of the list, package by package: kpt subpackages may hold the same objects for other
 * clusters, which never select each other (as planning sees it, workloads.ts).
 */
export function packageScrapes(items: readonly Item[], annotations: string): ScrapeTarget[] {
	// By kind first, which comes from the item's lines: the rest of a package is never read.
	const relevant = items.filter(item => modelled.has(item.kind) || podTemplatePath(item) !== undefined);
	const monitors = new Set(relevant.filter(item => isMonitor(item)).map(item => item.kind));
	// Without monitors, only annotations make scrapes (Istio's injector writes them on the pods it
	// injects): a list whose text has neither scrapes nothing, and its objects need not be read.
	const scrapeSwitch = scrapeSwitches(annotations);
	const annotated = (item: Item) => scrapeSwitch.test(item.text);
	if (monitors.size === 0 && !relevant.some(annotated)) return [];
	const read = relevant.filter(
		item =>
			(item.kind !== 'Service' || monitors.has('ServiceMonitor') || annotated(item)) && (item.kind !== 'Ingress' || monitors.has('Probe')),
	);
	const packages = new Map<string, Item[]>();
	for (const item of read) {
		const group = packages.get(item.packagePath);
		if (group) group.push(item);
		else packages.set(item.packagePath, [item]);
	}
	return [...packages.values()].flatMap(group => scrapeTargets(group, annotations));
}

/** The kinds besides workloads that the scrape model reads. */
const modelled = new Set(['Service', 'Ingress', 'Namespace', 'PodMonitor', 'ServiceMonitor', 'Probe', ...gmpKinds]);

/**
 * What makes the annotation jobs scrape an object: a scrape key (any spelling discovery sanitises
 * alike: every character but letters and digits may be another), or Istio injection.
 */
function scrapeSwitches(annotations: string): RegExp {
	// The model runs the chart's prometheus.io jobs beside the convention's.
	const keys = [...new Set([chartConvention, annotations])].map(convention => scrapeKey(convention).replace(/[^A-Za-z0-9]/g, '.'));
	return new RegExp(`${keys.join('|')}|istio-injection|istio\\.io\\/rev|sidecar\\.istio\\.io\\/inject`);
}

/**
 * How often the most scraped of the pods at one place is scraped: items of one kind, namespace and
 * name in different files (overlays of one object) are not the same pods twice.
 */
function times(hits: readonly ScrapeTarget[]): number {
	const counts = new Map<Item | undefined, number>();
	for (const hit of hits) counts.set(hit.workload, (counts.get(hit.workload) ?? 0) + 1);
	return Math.max(...counts.values());
}

/** What is said of a place scraped more than once: how often, through which targets and jobs. */
function scrapedTwice(hits: readonly ScrapeTarget[], vias: ReadonlyMap<string, Intent>): string {
	const through = [...new Set(hits.map(hit => `${vias.get(hit.via.key)!.target}`))];
	return `is scraped ${hits.length} times, through ${someOf(through)} (${someOf(hits.map(target => target.job))}), and each scrape writes the same series again: keep one of them and leave the others out (\`exclude\`)`;
}

/**
 * Generation asks the scrape model: the model of the output must make, for each target, exactly
 * the scrapes its intent says, each once (across everything this run writes), and nothing new
 * besides. Where it does not, one result on the target says what will be scraped instead and what
 * to write: an error when an intended scrape is missed or made another way, a warning when a pod
 * is scraped twice or something else is newly scraped. Scrapes that the monitor's own relabelings
 * may change in ways the model does not follow are the user's to judge, and not checked.
 */
export function checkIntent(
	input: readonly ScrapeTarget[],
	output: readonly Item[],
	intents: readonly Intent[],
	annotations: string,
): Result[] {
	if (intents.every(intent => intent.scrapes.length === 0)) return [];
	const before = new Set(input.map(identity));
	const vias = new Map(intents.map(intent => [intent.via, intent]));
	const byVia = new Map<string, ScrapeTarget[]>();
	const byPlace = new Map<string, ScrapeTarget[]>();
	const add = (map: Map<string, ScrapeTarget[]>, key: string, target: ScrapeTarget) => {
		const list = map.get(key);
		if (list) list.push(target);
		else map.set(key, [target]);
	};
	for (const target of packageScrapes(output, annotations)) {
		const via = target.via.key;
		if (!vias.has(via)) continue;
		add(byVia, via, target);
		add(byPlace, place(target), target);
	}
	// Many targets may share one place (Services that all select one workload): what is said of a
	// place is worked out once, not once per target, which made a crowded package quadratic.
	const atPlace = new Map<string, {hits: ScrapeTarget[]; times: number; twice?: string}>();
	const shared = (key: string) => {
		let found = atPlace.get(key);
		if (!found) {
			const hits = byPlace.get(key) ?? [];
			const many = hits.length > 0 ? times(hits) : 0;
			found = {hits, times: many, twice: many > 1 ? scrapedTwice(hits, vias) : undefined};
			atPlace.set(key, found);
		}
		return found;
	};
	const results: Result[] = [];
	for (const intent of intents) {
		const mine = byVia.get(intent.via) ?? [];
		if (mine.some(target => target.unmodelled !== undefined)) continue;
		const missed: string[] = [];
		const twice: string[] = [];
		const meant = new Set(intent.scrapes.map(place));
		for (const scrape of intent.scrapes) {
			// A probed URL is this Probe's; a pod port may be reached by any monitor this run writes.
			const here = scrape.url === undefined ? shared(place(scrape)) : undefined;
			const hits = here?.hits ?? (byPlace.get(place(scrape)) ?? []).filter(target => target.via.key === intent.via);
			// Istio's injector points the pod's annotations at its agent, which serves the app's metrics merged.
			if (hits.length === 0 && mine.some(target => target.istioMerged && target.workload?.key === scrape.workload?.key)) continue;
			if (hits.length === 0) {
				const instead = mine.filter(target => target.workload?.key === scrape.workload?.key && target.url === undefined);
				const others = instead.length > 0 ? `it scrapes ${someOf(instead.map(describe))} instead` : 'it scrapes nothing there';
				missed.push(`${describe(scrape)} is not scraped: ${others}`);
			} else if ((here?.times ?? times(hits)) > 1) {
				twice.push(`${describe(scrape)} ${here?.twice ?? scrapedTwice(hits, vias)}`);
			} else if (hits[0]!.scheme !== scrape.scheme) {
				missed.push(`${describe(scrape)} is scraped over ${hits[0]!.scheme}, not ${scrape.scheme}`);
			}
		}
		// A probe of a rule without host has no URL: planning has said so.
		const placed = (target: ScrapeTarget) => target.workload !== undefined || target.url !== undefined;
		const extra = mine.filter(
			target => placed(target) && !meant.has(place(target)) && !target.istioMerged && !before.has(identity(target)),
		);
		if (missed.length > 0) {
			const message = `${intent.by}, not what this config means: ${missed.join('; ')}. Give the config a \`port\` the pods declare (the container port, or the Service port that targets it), or declare that port in the pod template`;
			results.push(itemResult(intent.target, 'error', message));
		}
		const said = [
			...twice,
			...(extra.length > 0
				? [
						`it also newly scrapes ${someOf(extra.map(describe))}, which the config did not select: give the objects labels that tell them apart`,
					]
				: []),
		];
		if (said.length > 0) results.push(itemResult(intent.target, 'warning', `${intent.by}: ${said.join('; ')}`));
	}
	return results;
}
