import type {Item} from '../krm/item.js';
import {mergeMetricsAnnotation} from './istio.js';
import {podTemplatePath} from './targets.js';

// The marks beside the owner mark on an object a config annotated: what a person had written
// under the keys it took, and which keys it wrote.

/**
 * Beside the owner mark: the values a person had set under keys the config then took over, as
 * JSON of the YAML they were written as, so that taking the keys back restores them exactly.
 */
export const replacedAnnotation = 'prometheus-scraping.fn.kpt.dev/replaced';

/**
 * Beside the owner mark: the annotation keys the config wrote, as a JSON list, when they are not
 * the prometheus.io keys of the first versions (which wrote no list). A run with another
 * convention, other params or no slow mark then takes back exactly what the last one wrote.
 */
export const keysAnnotation = 'prometheus-scraping.fn.kpt.dev/keys';

/** The community keys annotation mode writes; `probe` only on Ingresses. */
export const scrapeAnnotationKeys = [
	'prometheus.io/scrape',
	'prometheus.io/scheme',
	'prometheus.io/path',
	'prometheus.io/port',
	'prometheus.io/probe',
] as const;

/**
 * The replaced mark and the list of keys as they should read after a run: `recorded` (what a
 * person had) and the keys the config then has here. A list of only the first versions' keys is
 * not written at all.
 */
export function markEdits(
	item: Item,
	recorded: Record<string, string>,
	keys: readonly string[],
): {set: Record<string, string>; remove: string[]} {
	const set: Record<string, string> = {};
	const remove: string[] = [];
	if (Object.keys(recorded).length > 0) set[replacedAnnotation] = JSON.stringify(recorded);
	else if (item.annotation(replacedAnnotation) !== undefined) remove.push(replacedAnnotation);
	if (listsKeys(item, keys)) set[keysAnnotation] = JSON.stringify([...keys].sort());
	else if (item.annotation(keysAnnotation) !== undefined) remove.push(keysAnnotation);
	return {set, remove};
}

/** Keys beyond the first versions' need listing, so that a later run knows to take them back. */
export function listsKeys(item: Item, keys: readonly string[]): boolean {
	const legacy = legacyKeys(item);
	return keys.some(key => !legacy.includes(key));
}

/** The keys the config wrote on an item it owns: as listed, or else the first versions' keys. */
export function writtenKeys(item: Item): readonly string[] {
	const listed = item.annotation(keysAnnotation);
	if (listed !== undefined) {
		try {
			const parsed = JSON.parse(listed) as unknown;
			if (Array.isArray(parsed)) return parsed.filter((key): key is string => typeof key === 'string');
		} catch {
			// A list edited into something else: the first versions' keys, as without one.
		}
	}
	return legacyKeys(item);
}

/** What the first versions wrote, with no list of keys: the prometheus.io keys, and Istio's switch on workloads. */
export function legacyKeys(item: Item): readonly string[] {
	return podTemplatePath(item) !== undefined ? [...scrapeAnnotationKeys, mergeMetricsAnnotation] : scrapeAnnotationKeys;
}

/** The values a person had set under keys this config took over, as written, as the config recorded them. */
export function replacedValues(item: Item): Record<string, string> {
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
