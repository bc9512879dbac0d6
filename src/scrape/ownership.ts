import type {Config} from '../config/config.js';
import type {Item} from '../krm/item.js';
import {writtenValue} from '../krm/scalar-text.js';
import {quoteText} from '../krm/quote-text.js';
import {itemResult} from '../krm/results.js';
import {settingOf, scrapeKey} from './annotations/keys.js';
import {outOfPlace} from './annotations/out-of-place.js';
import {keysAnnotation, legacyKeys, listsKeys, markEdits, replacedAnnotation, replacedValues, writtenKeys} from './owner-marks.js';
import {mergeMetricsAnnotation} from './istio.js';
import {podTemplate} from './model/pods.js';
import {podTemplatePath, targetKinds} from './targets.js';
import type {Planning} from './workloads.js';

/**
 * Marks what this function owns, with the `Kind/name` of the config that wrote it: on a generated
 * monitor, the whole object; on a scraped object, the prometheus.io annotations it was given. A
 * later run with the same config updates or removes exactly these, and nothing a person wrote.
 */
export const ownerAnnotation = 'prometheus-scraping.fn.kpt.dev/owner';

export {keysAnnotation, replacedAnnotation, scrapeAnnotationKeys} from './owner-marks.js';

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
 * (`wanted`), with the owner mark beside them.
 *
 * What was there before the config first wrote a key is kept aside, as written, in the replaced
 * mark (values equal to the config's too), so that whatever runs follow, taking the key back puts
 * back exactly what a person wrote. A value a person wrote is left as it is unless the config set
 * that setting itself or says `override`. Annotations this config wrote earlier and no longer wants
 * (another convention's keys, a param dropped) are taken back when the run may prune, which is
 * what makes a mode or convention switch or a narrower selector leave nothing stale behind.
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
		// Marked as this config's: the keys it wrote hold its own values, and what a person had is recorded.
		const mine = isOwnedBy(item, config);
		const written = mine ? writtenKeys(item) : [];
		const keys = prune ? answersFor(item, config, written) : [];
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
		const present = discoveryAnnotations(item);
		// What stays the config's after this run: the keys it writes, and those it wrote that this
		// run does not answer for (a step with another monitorType, or a run that may not prune).
		const kept = written.filter(key => !keys.includes(key));
		if (!entries) {
			// Taking back: what a person had set before is written back, the rest goes. The marks go
			// too, unless the config still has keys here that this run does not answer for (a step
			// with another monitorType takes back only Istio's switch).
			const restore = Object.fromEntries(Object.entries(recorded).filter(([key]) => keys.includes(key)));
			const gone = keys.filter(key => !(key in restore));
			const left = Object.fromEntries(Object.entries(recorded).filter(([key]) => !keys.includes(key)));
			const stillOurs = kept.some(key => present[key] !== undefined && !(key in recorded));
			const keepMarks = stillOurs || Object.keys(left).length > 0;
			const marks = keepMarks ? [] : [ownerAnnotation, replacedAnnotation, keysAnnotation];
			if (keepMarks) {
				const {set, remove} = markEdits(item, left, kept);
				marks.push(...remove);
				if (Object.keys(set).length > 0) plan.set.push({item, path: metadataAnnotations, entries: set});
			}
			if (Object.keys(restore).length > 0) plan.set.push({item, path, entries: restore, asWritten: true});
			plan.remove.push({item, path, keys: together ? [...gone, ...marks] : gone, keepMap: keepMarks || Object.keys(restore).length > 0});
			if (!together && marks.length > 0) plan.remove.push({item, path: metadataAnnotations, keys: marks, keepMap: false});
			continue;
		}
		const next = [...new Set([...Object.keys(entries), ...kept])];
		// The first time the config takes a key, what a person wrote there is kept aside. Without a
		// list of keys, a later run takes the first versions' keys as the config's, so a person's
		// values under all of them are kept aside now, whether or not this run writes them.
		const assumed = answersFor(item, config, listsKeys(item, next) ? next : [...new Set([...next, ...legacyKeys(item)])]);
		for (const key of assumed) {
			const theirs = !written.includes(key) && present[key] !== undefined;
			if (!theirs || key in recorded) continue;
			const value = item.written([...path, key]);
			if (value !== undefined) recorded[key] = value;
		}
		const set: Record<string, string> = {};
		const putBack: Record<string, string> = {};
		for (const [key, value] of Object.entries(entries)) {
			const person = key in recorded ? writtenValue(recorded[key]!) : undefined;
			if (person !== undefined && person !== value && !replaces(config, key)) {
				planning.results.push(itemResult(item, 'info', keptMessage(key, person), [...path, key].join('.')));
				if (present[key] !== person) putBack[key] = recorded[key]!;
				continue;
			}
			set[key] = value;
		}
		// Keys the config wrote earlier and no longer wants: what a person had there comes back.
		const stale = owned ? keys.filter(key => !(key in entries)) : [];
		for (const key of stale) if (key in recorded) putBack[key] = recorded[key]!;
		// What was put back is no longer kept aside, unless a later run still takes the key as the config's.
		const stillRecorded = Object.fromEntries(Object.entries(recorded).filter(([key]) => assumed.includes(key) || !stale.includes(key)));
		const {set: others, remove: dropMarks} = markEdits(item, stillRecorded, next);
		const marks = {[ownerAnnotation]: config.owner, ...others};
		// The marks, and the keys the config wrote where no person had one, are the function's to move.
		const movable = (key: string) => Object.hasOwn(marks, key) || (written.includes(key) && !(key in recorded));
		const gone = stale.filter(key => !(key in recorded));
		if (together) {
			setAtEnd(plan, item, path, {...set, ...marks}, [...gone, ...dropMarks], movable);
		} else {
			setAtEnd(plan, item, path, set, gone, movable);
			setAtEnd(plan, item, metadataAnnotations, marks, dropMarks, movable);
		}
		if (Object.keys(putBack).length > 0) plan.set.push({item, path, entries: putBack, asWritten: true});
	}
	return plan;
}

/**
 * Sets `entries` in the map at `path` and takes `keys` out, so that the map ends as a first run of
 * the config leaves it: the keys it adds, and those of its own it may move, in the order it writes
 * them, after the keys a person wrote. A switch of convention then lands where the new one alone
 * does, byte for byte, instead of leaving the marks before the keys it adds. A key with a comment
 * beside it stays where it is, since taking it out would take the comment too.
 */
function setAtEnd(
	plan: AnnotationPlan,
	item: Item,
	path: readonly string[],
	entries: Record<string, string>,
	keys: readonly string[],
	movable: (key: string) => boolean,
): void {
	const order = item.keysAt(path).filter(key => !keys.includes(key));
	const tail = Object.keys(entries).filter(key => !order.includes(key) || (movable(key) && !item.commentAfter([...path, key])));
	const moved = outOfPlace(order, tail);
	plan.set.push({item, path, entries});
	if (keys.length > 0 || moved.length > 0) plan.remove.push({item, path, keys: [...keys, ...moved], keepMap: true});
}

/**
 * The value a person wrote under `key` where discovery reads it: as recorded when the config took
 * the key, else as it stands, unless it is the config's own.
 */
export function personValue(item: Item, config: Config, key: string): string | undefined {
	const mine = isOwnedBy(item, config);
	const recorded = mine ? replacedValues(item) : {};
	if (key in recorded) return writtenValue(recorded[key]!);
	return mine && answersFor(item, config, writtenKeys(item)).includes(key) ? undefined : discoveryAnnotations(item)[key];
}

/** What a result says when a value a person wrote stays. */
export function keptMessage(key: string, value: string): string {
	return `kept ${key} ${JSON.stringify(value)}, which a person wrote; set \`${settingOf(key) ?? key}\` in the config, or \`override: true\`, to replace it`;
}

/** True when the config may replace what a person wrote under `key`: it set that setting itself, or says override. */
export function replaces(config: Config, key: string): boolean {
	let answers = replacing.get(config);
	if (!answers) replacing.set(config, (answers = new Map()));
	let answer = answers.get(key);
	if (answer === undefined) answers.set(key, (answer = replacesKey(config, key)));
	return answer;
}

// Asked for every key of every target as it is planned and held to its intent; a config is not
// changed once loaded.
const replacing = new WeakMap<Config, Map<string, boolean>>();

function replacesKey(config: Config, key: string): boolean {
	if (config.spec.override === true) return true;
	// Scraping at all: a person's "false" is an opt-out, which only naming the object overrides.
	if (key === scrapeKey(config.spec.annotations)) return config.selector?.name !== undefined;
	const setting = settingOf(key);
	if (setting === undefined) return false;
	// The slow mark follows from `scrapeSlow`, or from a long `interval`.
	const settings = setting === 'scrapeSlow' ? ['scrapeSlow', 'interval'] : [setting];
	const endpoint = config.spec.endpoints?.[0] as Record<string, unknown> | undefined;
	return settings.some(name => config.explicit.has(name) || endpoint?.[name] !== undefined);
}

/** True when the item carries this config's owner mark. */
export function isOwnedBy(item: Item, config: Config): boolean {
	let owner = owners.get(item);
	if (owner === undefined) owners.set(item, (owner = item.mentions(ownerAnnotation) ? (item.annotation(ownerAnnotation) ?? null) : null));
	return owner === config.owner;
}

// Asked for every key of every target as it is planned and held to its intent; an item's text never
// changes (an edited one is a new item), and the question was a scan of its whole text each time.
const owners = new WeakMap<Item, string | null>();

/**
 * A person opted the target out (`prometheus.io/scrape: "false"` where discovery reads it). That is
 * honoured unless the config names the object (`selector.name`) or says `override: true`.
 */
export function optedOut(target: Item, config: Config): boolean {
	if (config.spec.override === true || config.selector?.name !== undefined) return false;
	return discoveryAnnotations(target)[scrapeKey(config.spec.annotations)] === 'false';
}

/**
 * Of the keys this config wrote on an item, those a run answers for: all of them on the kinds its
 * monitorType targets, and Istio's merge switch on the workloads behind them. Two steps of a
 * pipeline with different monitorTypes then never take back each other's annotations.
 */
function answersFor(item: Item, config: Config, written: readonly string[]): readonly string[] {
	const {monitorType} = config.spec;
	if (targetKinds[monitorType].some(kind => kind.kind === item.kind && kind.group === item.group)) return written;
	return monitorType === 'service' && podTemplatePath(item) !== undefined ? written.filter(key => key === mergeMetricsAnnotation) : [];
}

/** Where Prometheus's discovery reads the annotations: the pod template, or the object itself. */
export function annotationPath(item: Item): readonly string[] {
	return [...(podTemplatePath(item) ?? []), ...metadataAnnotations];
}

/** The annotations at annotationPath: a workload's pod template is read once a run (model/pods.ts). */
export function discoveryAnnotations(item: Item): Record<string, string> {
	return podTemplate(item)?.annotations ?? item.stringMap(annotationPath(item));
}
