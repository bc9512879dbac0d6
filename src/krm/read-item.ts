import {parseDocument, visit, type Node, type YAMLMap, type YAMLSeq} from 'yaml';
import {readSafely} from './read-safe.js';
import {InputError, ReadSafely} from './resource-list.js';

/** Where an item's first key starts: past its dash, and past the comment lines that head the item (`- # …`). */
export function contentStart(text: string, afterDash: number): number {
	const lead = /(?: *(?:#[^\n]*)?\n)* */y;
	lead.lastIndex = afterDash;
	return afterDash + lead.exec(text)![0].length;
}

/**
 * The yaml parser's reading of one item of a block list, with ranges that are offsets into the
 * whole input, so the item can be edited in place like any other. The item's text is parsed under
 * an `items:` key and followed by `after`, a stand-in for what follows it in the input (the next
 * item's dash at the same column, or the next top-level key): yaml then sees the same tokens
 * around the item as in the whole list, and gives every node the range it would give there.
 *
 * Invalid YAML is for the safe reader, which reads the whole list and reports it: that throws
 * ReadSafely. (Lists with aliases or deep nesting never get here: read-fast.ts declines them.)
 */
export function readItemWithYaml(text: string, start: number, end: number, after: string): Node | null {
	const source = text.slice(start, end);
	const prefix = 'items:\n';
	let doc;
	try {
		doc = parseDocument(prefix + source + after, {uniqueKeys: false});
	} catch (error) {
		// yaml composes recursively: nesting too deep for the stack is for the safe reader to report.
		if (error instanceof RangeError) throw new ReadSafely();
		throw error;
	}
	if (doc.errors.length > 0) throw new ReadSafely();
	const shift = start - prefix.length;
	visit(doc, {
		Node: (_, node) => {
			if (node.range) node.range = [node.range[0] + shift, node.range[1] + shift, node.range[2] + shift];
		},
	});
	const items = (doc.contents as YAMLMap).get('items', true) as unknown as YAMLSeq;
	return (items.items[0] as Node | undefined) ?? null;
}

/** What stands in for the next item's dash line at `column`. */
export const nextItem = (column: number) => `${' '.repeat(column)}- ~\n`;

/** What stands in for the top-level key after the items, if the input goes on after them. */
export const nextKey = (text: string, end: number) => (end < text.length ? 'x: ~\n' : '');

/**
 * Where an item ends whose last lines are blank or comment lines at the dash's column or left of
 * it: yaml gives such lines to this item or the next one depending on what comes before them, so
 * it is asked, on this item's text alone followed by `after`. For the last item also where the
 * `items` sequence ends (its range). Undefined when the text is not valid YAML, which the safe
 * reader reports.
 */
export function itemEnd(text: string, start: number, end: number, after: string): {end: number; seqEnd: [number, number]} | undefined {
	const prefix = 'kind: List\nitems:\n';
	try {
		const list = readSafely(prefix + text.slice(start, end) + after);
		const shift = start - prefix.length;
		const seq = list.itemsNode!.range!;
		return {end: list.items[0]!.span.end + shift, seqEnd: [seq[1] + shift, seq[2] + shift]};
	} catch (error) {
		if (error instanceof InputError) return undefined;
		throw error;
	}
}
