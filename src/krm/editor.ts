import {isMap} from 'yaml';
import {NotAMap, removeEntries, setEntries, type EditTarget} from './edit-map.js';
import type {Item} from './item.js';
import {renderBlockValue, renderItem} from './render-item.js';
import type {ResourceList} from './resource-list.js';
import type {Result} from './results.js';
import {blockEnd, column} from './text.js';
import {TextEdits} from './text-edits.js';
import {writeResourceList} from './write.js';

export {NotAMap};

/**
 * Every change a run makes to the list, asked for by item and field path, never by offset. The
 * editor turns each into splices of the input text, so that what is not changed comes out byte for
 * byte.
 */
export class ListEditor {
	private readonly edits = new TextEdits();

	constructor(private readonly list: ResourceList) {}

	private target(item: Item): EditTarget {
		return {text: this.list.text, eol: this.list.eol, edits: this.edits};
	}

	/**
	 * Sets string entries in the map at `path` of the item, creating maps on the way. Values are
	 * quoted, or, `asWritten`, YAML text put back as it is. Returns the old values it replaced.
	 */
	setEntries(item: Item, path: readonly string[], entries: Record<string, string>, asWritten = false): Map<string, string> | NotAMap {
		return setEntries(this.target(item), item.map!, path, entries, asWritten ? value => value : undefined);
	}

	/** Takes keys out of the map at `path`, and the map with them when it is left empty (unless `keepMap`). */
	removeEntries(item: Item, path: readonly string[], keys: readonly string[], keepMap = false): void {
		removeEntries(this.target(item), item.map!, path, keys, keepMap);
	}

	/** True when the value at `path` is a block map, which replaceMap can write in place. */
	isBlockMap(item: Item, path: readonly string[]): boolean {
		const node = item.getNode(path);
		return isMap(node) && !node.flow && node.range !== undefined;
	}

	/** Writes `value` over the block map at `path` (see isBlockMap), laid out at its column. */
	replaceMap(item: Item, path: readonly string[], value: unknown): void {
		const {text, eol, edits} = this.target(item);
		const range = item.getNode(path)!.range!;
		edits.add(range[0], blockEnd(text, range[1]), renderBlockValue(value, column(text, range[0]), eol));
	}

	/** Writes the item again as `value`, in block style. */
	replaceItem(item: Item, value: unknown): void {
		this.target(item).edits.add(item.span.start, item.span.end, renderItem(value, this.list.itemColumn, this.list.eol));
	}

	removeItem(item: Item): void {
		this.target(item).edits.add(item.span.start, item.span.end, '');
	}

	/** New items after the last one; `items: []` or no `items` at all become a block list. */
	appendItems(values: readonly unknown[]): void {
		if (values.length === 0) return;
		const {itemsNode, root, eol, text: input} = this.list;
		const text = values.map(value => renderItem(value, this.list.itemColumn, eol)).join('');
		if (itemsNode && !itemsNode.flow) {
			const at = blockEnd(input, itemsNode.range![1]);
			this.edits.add(at, at, (input[at - 1] === '\n' ? '' : eol) + text);
			return;
		}
		if (itemsNode) {
			const [start, end] = itemsNode.range!;
			this.edits.add(start, end, eol + text.slice(0, -eol.length));
			return;
		}
		const at = blockEnd(input, root.range![1]);
		this.edits.add(at, at, `${input[at - 1] === '\n' ? '' : eol}items:${eol}${text}`);
	}

	/** The output list with `results`: with the edits, or, when `discard`, with the items as they came. */
	write(results: readonly Result[], discard = false): string {
		return writeResourceList(this.list, discard ? new TextEdits() : this.edits, results);
	}
}
