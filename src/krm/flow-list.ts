import type {YAMLMap, YAMLSeq} from 'yaml';
import type {Item} from './item.js';
import {quote} from './scalar-text.js';
import type {EditSink} from './text-edits.js';

/**
 * Edits to a list written in flow style (JSON, or `items: [{…}, {…}]`): items there have no lines
 * of their own, so each goes or comes with the `, ` that joins it to a neighbour, and new ones are
 * written as JSON. The rest of the text, the items the function does not own, stays as it was.
 */

/** Takes the `removed` items out of the sequence, each run of them with one separator. */
export function removeFlowItems(items: readonly Item[], removed: ReadonlySet<Item>, edits: EditSink): void {
	let lastKept: Item | undefined;
	let run: Item[] = [];
	const cut = (next: Item | undefined) => {
		if (run.length === 0) return;
		const [first, last] = [run[0]!, run.at(-1)!];
		if (lastKept) edits.add(lastKept.span.end, last.span.end, '');
		else edits.add(first.span.start, next ? next.span.start : last.span.end, '');
		run = [];
	};
	for (const item of items) {
		if (removed.has(item)) run.push(item);
		else {
			cut(item);
			lastKept = item;
		}
	}
	cut(undefined);
}

/** The text that appends `values` to a flow `items` sequence, and where it goes. */
export function flowAppend(text: string, seq: YAMLSeq, items: readonly Item[], removed: ReadonlySet<Item>, values: readonly unknown[]) {
	const json = values.map(quote).join(', ');
	const last = items.at(-1);
	if (!last) return {at: closing(text, seq, ']'), text: json};
	return {at: last.span.end, text: items.some(item => !removed.has(item)) ? `, ${json}` : json};
}

/** The text that gives a flow root map an `items` sequence of `values`, and where it goes. */
export function flowItemsEntry(text: string, root: YAMLMap, values: readonly unknown[]) {
	return {at: closing(text, root, '}'), text: `${root.items.length > 0 ? ', ' : ''}"items": [${values.map(quote).join(', ')}]`};
}

/** Where the closing bracket of a flow collection is (its range ends after it, and after spaces). */
export function closing(text: string, node: YAMLMap | YAMLSeq, bracket: '}' | ']'): number {
	return text.lastIndexOf(bracket, node.range![1] - 1);
}
