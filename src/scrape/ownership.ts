import type {Config} from '../config/config.js';
import type {Item} from '../krm/item.js';
import {mergeMetricsAnnotation} from './istio.js';
import {podTemplatePath, targetKinds} from './targets.js';

/**
 * Marks what this function owns, with the `Kind/name` of the config that wrote it: on a generated
 * monitor, the whole object; on a scraped object, the prometheus.io annotations it was given. A
 * later run with the same config updates or removes exactly these, and nothing a person wrote.
 */
export const ownerAnnotation = 'prometheus-scraping.fn.kpt.dev/owner';

/**
 * Beside the owner mark: the values a person had set under keys the config then took over, as
 * JSON of the YAML they were written as, so that taking the keys back restores them exactly.
 */
export const replacedAnnotation = 'prometheus-scraping.fn.kpt.dev/replaced';

/** The community keys annotation mode writes; `probe` only on Ingresses. */
export const scrapeAnnotationKeys = [
	'prometheus.io/scrape',
	'prometheus.io/scheme',
	'prometheus.io/path',
	'prometheus.io/port',
	'prometheus.io/probe',
] as const;

/** String entries to set in the map at `path` of an item (created on the way if missing). */
export interface SetAnnotations {
	item: Item;
	path: readonly string[];
	entries: Record<string, string>;
	/** The values are YAML text to write as they are (values a person wrote, put back). */
	asWritten?: boolean;
}

/** Keys to take out of the map at `path` of an item; `keepMap` when entries are also set there. */
export interface RemoveAnnotations {
	item: Item;
	path: readonly string[];
	keys: readonly string[];
	keepMap: boolean;
}

export interface AnnotationPlan {
	set: SetAnnotations[];
	remove: RemoveAnnotations[];
}

const metadataAnnotations = ['metadata', 'annotations'] as const;

/**
 * The annotation edits that give each item exactly the annotations this config wants on it
 * (`wanted`), with the owner mark beside them. Annotations this config wrote earlier and no longer
 * wants are taken back when the run may prune, which is what makes a mode switch or a narrower
 * selector leave nothing stale behind; a value a person had set there is put back as written.
 */
export function planAnnotationEdits(
	items: readonly Item[],
	wanted: ReadonlyMap<Item, Record<string, string>>,
	config: Config,
	prune: boolean,
): AnnotationPlan {
	const plan: AnnotationPlan = {set: [], remove: []};
	for (const item of items) {
		const entries = wanted.get(item);
		const keys = prune ? ownedKeysHere(item, config) : [];
		const owned = keys.length > 0 && item.mentions(ownerAnnotation) && item.annotation(ownerAnnotation) === config.owner;
		if (!entries && !owned) continue;
		const path = annotationPath(item);
		const together = path.length === metadataAnnotations.length;
		const replaced = owned ? replacedValues(item) : {};
		if (!entries) {
			// Taking back: what a person had set before is written back, the rest goes.
			const restore = Object.fromEntries(Object.entries(replaced).filter(([key]) => keys.includes(key)));
			const gone = keys.filter(key => !(key in restore));
			const marks = [ownerAnnotation, replacedAnnotation];
			if (Object.keys(restore).length > 0) plan.set.push({item, path, entries: restore, asWritten: true});
			plan.remove.push({item, path, keys: together ? [...gone, ...marks] : gone, keepMap: Object.keys(restore).length > 0});
			if (!together) plan.remove.push({item, path: metadataAnnotations, keys: marks, keepMap: false});
			continue;
		}
		// A value a person set is replaced (with a warning when applied) but kept aside, the first
		// time this config takes the key, so that taking the key back can restore it.
		const current = item.stringMap(path);
		for (const [key, value] of Object.entries(entries)) {
			if (current[key] === undefined || current[key] === value || (owned && keys.includes(key)) || key in replaced) continue;
			const written = item.written([...path, key]);
			if (written !== undefined) replaced[key] = written;
		}
		const marks = {
			[ownerAnnotation]: config.owner,
			...(Object.keys(replaced).length > 0 ? {[replacedAnnotation]: JSON.stringify(replaced)} : {}),
		};
		if (together) {
			plan.set.push({item, path, entries: {...entries, ...marks}});
		} else {
			plan.set.push({item, path, entries});
			plan.set.push({item, path: metadataAnnotations, entries: marks});
		}
		const stale = owned ? keys.filter(key => !(key in entries)) : [];
		if (stale.length > 0) plan.remove.push({item, path, keys: stale, keepMap: true});
	}
	return plan;
}

/**
 * The annotation keys this config answers for on an item: the scrape keys on the kinds its
 * monitorType targets, and Istio's merge switch on the workloads behind them. Two steps of a
 * pipeline with different monitorTypes then never take back each other's annotations.
 */
function ownedKeysHere(item: Item, config: Config): readonly string[] {
	const {monitorType} = config.spec;
	const targetKind = targetKinds[monitorType].some(kind => kind.group === item.group && kind.kind === item.kind);
	const workload = podTemplatePath(item) !== undefined;
	if (targetKind) return workload ? [...scrapeAnnotationKeys, mergeMetricsAnnotation] : scrapeAnnotationKeys;
	return monitorType === 'service' && workload ? [mergeMetricsAnnotation] : [];
}

/** Where Prometheus's discovery reads the annotations: the pod template, or the object itself. */
function annotationPath(item: Item): readonly string[] {
	return [...(podTemplatePath(item) ?? []), ...metadataAnnotations];
}

/** The values a person had set under keys this config took over, as written, as the config recorded them. */
function replacedValues(item: Item): Record<string, string> {
	const recorded = item.annotation(replacedAnnotation);
	if (recorded === undefined) return {};
	try {
		const parsed = JSON.parse(recorded) as unknown;
		if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
			return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
		}
	} catch {
		// An annotation edited into something else records nothing.
	}
	return {};
}
