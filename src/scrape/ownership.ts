import type {Config} from '../config/config.js';
import type {Item} from '../krm/item.js';
import {writtenValue} from '../krm/scalar-text.js';
import {quoteText} from '../krm/quote-text.js';
import {itemResult} from '../krm/results.js';
import {mergeMetricsAnnotation} from './istio.js';
import {podTemplatePath, targetKinds} from './targets.js';
import type {Planning} from './workloads.js';

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

/** Every key the function writes on a scraped object, whichever monitorType wrote it. */
const allOwnedKeys: readonly string[] = [...scrapeAnnotationKeys, mergeMetricsAnnotation];

/** The setting behind each key; a value a person wrote is replaced only when that setting was given. */
const settingOf: Record<string, 'scheme' | 'path' | 'port'> = {
	'prometheus.io/scheme': 'scheme',
	'prometheus.io/path': 'path',
	'prometheus.io/port': 'port',
};

/**
 * The annotation edits that give each item exactly the annotations this config wants on it
 * (`wanted`), with the owner mark beside them.
 *
 * What was there before the config first wrote a key is kept aside, as written, in the replaced
 * mark (values equal to the config's too), so that whatever runs follow, taking the key back puts
 * back exactly what a person wrote. A value a person wrote is left as it is unless the config set
 * that setting itself or says `override`. Annotations this config wrote earlier and no longer wants
 * are taken back when the run may prune, which is what makes a mode switch or a narrower selector
 * leave nothing stale behind.
 */
export function planAnnotationEdits(
	items: readonly Item[],
	wanted: ReadonlyMap<Item, Record<string, string>>,
	planning: Planning,
	prune: boolean,
): AnnotationPlan {
	const {config} = planning;
	const plan: AnnotationPlan = {set: [], remove: []};
	for (const item of items) {
		const entries = wanted.get(item);
		// Marked as this config's: its keys hold its own values, and what a person had is recorded.
		const mine = isOwnedBy(item, config);
		const answersFor = ownedKeysHere(item, config);
		const keys = prune ? answersFor : [];
		const owned = mine && keys.length > 0;
		if (!entries && !owned) continue;
		const other = entries && !mine ? item.annotation(ownerAnnotation) : undefined;
		if (other !== undefined) {
			// One config answers for an object's annotations; taking over another's would leave them
			// for neither to take back.
			const message = `the prometheus.io annotations here were written by the config ${quoteText(other, 100)}; one config answers for them, so take them back with that config first (run it with exclude.name: ".*"), then run this one`;
			planning.results.push(itemResult(item, 'error', message, [...metadataAnnotations, ownerAnnotation].join('.')));
			continue;
		}
		const path = annotationPath(item);
		const together = path.length === metadataAnnotations.length;
		const recorded = mine ? replacedValues(item) : {};
		if (!entries) {
			// Taking back: what a person had set before is written back, the rest goes. The marks go
			// too, unless the config still has keys here that this run does not answer for (a step
			// with another monitorType takes back only Istio's switch).
			const restore = Object.fromEntries(Object.entries(recorded).filter(([key]) => keys.includes(key)));
			const gone = keys.filter(key => !(key in restore));
			const present = item.stringMap(path);
			const left = Object.fromEntries(Object.entries(recorded).filter(([key]) => !keys.includes(key)));
			const stillOurs = allOwnedKeys.some(key => !keys.includes(key) && present[key] !== undefined && !(key in recorded));
			const keepMarks = stillOurs || Object.keys(left).length > 0;
			const marks = keepMarks ? [] : [ownerAnnotation, replacedAnnotation];
			if (keepMarks) {
				if (Object.keys(left).length === 0) marks.push(replacedAnnotation);
				else if (Object.keys(left).length < Object.keys(recorded).length)
					plan.set.push({item, path: metadataAnnotations, entries: {[replacedAnnotation]: JSON.stringify(left)}});
			}
			if (Object.keys(restore).length > 0) plan.set.push({item, path, entries: restore, asWritten: true});
			plan.remove.push({item, path, keys: together ? [...gone, ...marks] : gone, keepMap: keepMarks || Object.keys(restore).length > 0});
			if (!together && marks.length > 0) plan.remove.push({item, path: metadataAnnotations, keys: marks, keepMap: false});
			continue;
		}
		// The first time the config takes a key, what a person wrote there is kept aside. Keys it
		// already owned hold its own values (or were recorded then).
		const current = item.stringMap(path);
		const set: Record<string, string> = {};
		const putBack: Record<string, string> = {};
		// Every key the config answers for that a person wrote, whether or not this run sets it, so
		// that a later take-back has it to restore.
		for (const key of new Set([...answersFor, ...Object.keys(entries)])) {
			const theirs = !(mine && answersFor.includes(key)) && current[key] !== undefined;
			if (!theirs || key in recorded) continue;
			const written = item.written([...path, key]);
			if (written !== undefined) recorded[key] = written;
		}
		for (const [key, value] of Object.entries(entries)) {
			const person = key in recorded ? writtenValue(recorded[key]!) : undefined;
			if (person !== undefined && person !== value && !replaces(config, key)) {
				planning.results.push(itemResult(item, 'info', keptMessage(key, person), [...path, key].join('.')));
				if (current[key] !== person) putBack[key] = recorded[key]!;
				continue;
			}
			set[key] = value;
		}
		const marks = {
			[ownerAnnotation]: config.owner,
			...(Object.keys(recorded).length > 0 ? {[replacedAnnotation]: JSON.stringify(recorded)} : {}),
		};
		if (together) {
			plan.set.push({item, path, entries: {...set, ...marks}});
		} else {
			plan.set.push({item, path, entries: set});
			plan.set.push({item, path: metadataAnnotations, entries: marks});
		}
		// Keys the config wrote earlier and no longer wants: what a person had there comes back.
		const stale = owned ? keys.filter(key => !(key in entries)) : [];
		for (const key of stale) if (key in recorded) putBack[key] = recorded[key]!;
		if (Object.keys(putBack).length > 0) plan.set.push({item, path, entries: putBack, asWritten: true});
		const gone = stale.filter(key => !(key in recorded));
		if (gone.length > 0) plan.remove.push({item, path, keys: gone, keepMap: true});
	}
	return plan;
}

/**
 * The value a person wrote under `key` where discovery reads it: as recorded when the config took
 * the key, else as it stands, unless it is the config's own.
 */
export function personValue(item: Item, config: Config, key: string): string | undefined {
	const mine = isOwnedBy(item, config);
	const recorded = mine ? replacedValues(item) : {};
	if (key in recorded) return writtenValue(recorded[key]!);
	return mine && ownedKeysHere(item, config).includes(key) ? undefined : item.stringMap(annotationPath(item))[key];
}

/** What a result says when a value a person wrote stays. */
export function keptMessage(key: string, value: string): string {
	return `kept ${key} ${JSON.stringify(value)}, which a person wrote; set \`${settingOf[key] ?? key}\` in the config, or \`override: true\`, to replace it`;
}

/** True when the config may replace what a person wrote under `key`: it set that setting itself, or says override. */
export function replaces(config: Config, key: string): boolean {
	const setting = settingOf[key];
	if (config.spec.override === true) return true;
	// Scraping at all: a person's "false" is an opt-out, which only naming the object overrides.
	if (key === 'prometheus.io/scrape') return config.selector?.name !== undefined;
	if (setting === undefined) return false;
	return config.explicit.has(setting) || config.spec.endpoints?.[0]?.[setting] !== undefined;
}

/** True when the item carries this config's owner mark. */
export function isOwnedBy(item: Item, config: Config): boolean {
	return item.mentions(ownerAnnotation) && item.annotation(ownerAnnotation) === config.owner;
}

/**
 * A person opted the target out (`prometheus.io/scrape: "false"` where discovery reads it). That is
 * honoured unless the config names the object (`selector.name`) or says `override: true`.
 */
export function optedOut(target: Item, config: Config): boolean {
	if (config.spec.override === true || config.selector?.name !== undefined) return false;
	return target.stringMap(annotationPath(target))['prometheus.io/scrape'] === 'false';
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
export function annotationPath(item: Item): readonly string[] {
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
