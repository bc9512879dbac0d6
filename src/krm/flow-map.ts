import {isScalar, type Node, type Pair, type YAMLMap} from 'yaml';
import type {EditTarget, Tree} from './edit-map.js';
import {quote} from './scalar-text.js';

/**
 * Edits inside a flow map (`{a: 1, b: 2}`, JSON): entries go and come with the `, ` that joins
 * them, on the lines they are on, so that a map spread over lines or ending in a comma stays valid.
 */

/** Entries for a flow map; keys are quoted as JSON where the map's are (a JSON text stays JSON). */
export function flowEntries(tree: Tree, write: (value: string) => string, json: boolean): string {
	return Object.entries(tree)
		.map(
			([key, value]) => `${json ? quote(key) : key}: ${typeof value === 'string' ? write(value) : `{${flowEntries(value, write, json)}}`}`,
		)
		.join(', ');
}

export function jsonKeys(map: YAMLMap): boolean {
	const key = map.items[0]?.key;
	return isScalar(key) && key.type === 'QUOTE_DOUBLE';
}

const keyStart = (pair: Pair) => (pair.key as Node).range![0];
export const valueEnd = (pair: Pair) => ((pair.value as Node | null)?.range ?? (pair.key as Node).range!)[1];

/**
 * Cuts pairs out of a flow map, each with the `, ` that joins it to the next (or, after the last
 * pair kept, the one before it), so that values set in the same run are untouched. With none
 * kept, what is between the braces goes.
 */
export function deleteFlowPairs(target: EditTarget, map: YAMLMap, doomed: readonly Pair[]): void {
	const {items} = map;
	const lastKept = items.findLastIndex(pair => !doomed.includes(pair));
	if (lastKept === -1) {
		const [open, close] = [target.text.indexOf('{', map.range![0]), target.text.lastIndexOf('}', map.range![1] - 1)];
		target.edits.add(open + 1, close, '');
		return;
	}
	items.forEach((pair, i) => {
		if (doomed.includes(pair) && i < lastKept) target.edits.add(keyStart(pair), keyStart(items[i + 1]!), '');
	});
	if (lastKept < items.length - 1) target.edits.add(valueEnd(items[lastKept]!), valueEnd(items.at(-1)!), '');
}

/**
 * Adds the entries of `tree` to a flow map, after what is left of it when the run took pairs out
 * (see deleteFlowPairs: entries take the place of what goes, after the last pair kept).
 */
export function insertFlowEntries(target: EditTarget, map: YAMLMap, tree: Tree, write: (value: string) => string): void {
	// After the last entry, on its line: a `}` on a line of its own may stand at the parent's
	// column, where an entry may not, and a trailing comma stays where it was.
	const last = map.items.at(-1);
	const entries = flowEntries(tree, write, jsonKeys(map));
	if (last && map.items.some(pair => !target.removed?.has(pair))) target.edits.add(valueEnd(last), valueEnd(last), `, ${entries}`);
	else {
		const close = target.text.lastIndexOf('}', map.range![1] - 1);
		target.edits.add(close, close, entries);
	}
}
