import {Document, isMap, type Node, type Pair, type YAMLMap} from 'yaml';
import {difference, differs, plain, readBack, removeAt, replaceAt, setAt, type Change, type ReadBack} from './edit-check.js';
import {flowAppend, flowItemsEntry, removeFlowItems} from './flow-list.js';
import {CannotEdit, entryWriter, removeEntries, setEntries, type EditTarget} from './edit-map.js';
import {Item} from './item.js';
import {settled} from './plain-of.js';
import {renderBlockValue, renderItem} from './render-item.js';
import type {ResourceList} from './resource-list.js';
import {itemResult, type Result} from './results.js';
import {quote} from './scalar-text.js';
import {blockEnd, column, eolAt} from './text.js';
import {TextEdits} from './text-edits.js';
import {writeResourceList} from './write.js';

export {CannotEdit};

/**
 * Every change a run makes to the list, asked for by item and field path, never by offset. The
 * editor turns each into splices of the input text, so that what is not changed comes out byte for
 * byte.
 *
 * Beside each splice the editor notes what it means for the item's value; check() reads every
 * edited item's new text again and compares, so that an edit that would write something else than
 * meant (or no YAML at all) fails the run instead of the package.
 */
export class ListEditor {
	private readonly edits = new TextEdits();
	private readonly changes = new Map<Item, Change[]>();
	private readonly removed = new Set<Item>();
	/** Each new item's text, the value it is meant to read as, and the node check() read it as. */
	private readonly appended: {text: string; value: unknown; read?: YAMLMap}[] = [];
	/** Each edited item's text and the node check() read it as, when the block reader read it. */
	private readonly read = new Map<Item, {node: YAMLMap; text: string; kept: ReadonlyMap<Node, number>}>();

	constructor(private readonly list: ResourceList) {}

	/** Each edited item's pairs its edits took out (see EditTarget.removed). */
	private readonly removedPairs = new Map<Item, Set<Pair>>();

	private target(item: Item, change: Change): EditTarget {
		const changes = this.changes.get(item) ?? [];
		changes.push(change);
		this.changes.set(item, changes);
		let removed = this.removedPairs.get(item);
		if (!removed) this.removedPairs.set(item, (removed = new Set()));
		return {text: this.list.text, edits: this.edits.of(item), removed};
	}

	/**
	 * Sets string entries in the map at `path` of the item, creating maps on the way. Values are
	 * quoted, or, `asWritten`, YAML text put back as it is. Returns the old values it replaced.
	 */
	setEntries(item: Item, path: readonly string[], entries: Record<string, string>, asWritten = false): Map<string, string> | CannotEdit {
		const write = entryWriter(asWritten);
		const values = Object.fromEntries(Object.entries(entries).map(([key, value]) => [key, write(value).value]));
		const target = this.target(item, setAt(path, values));
		const outcome = setEntries(target, item.map!, path, entries, asWritten);
		// Nothing was spliced; nothing is meant.
		if (outcome instanceof CannotEdit) this.changes.get(item)!.pop();
		return outcome;
	}

	/**
	 * Takes keys out of the map at `path`, and the map with them when it is left empty (unless
	 * `keepMap`). A key set after it went is written anew at the end of the map.
	 */
	removeEntries(item: Item, path: readonly string[], keys: readonly string[], keepMap = false): void {
		removeEntries(this.target(item, removeAt(path, keys, keepMap)), item.map!, path, keys, keepMap);
	}

	/** True when the value at `path` is a block map, which replaceMap can write in place. */
	isBlockMap(item: Item, path: readonly string[]): boolean {
		const node = item.getNode(path);
		return isMap(node) && !node.flow && node.range !== undefined;
	}

	/** Writes `value` over the block map at `path` (see isBlockMap), laid out at its column. */
	replaceMap(item: Item, path: readonly string[], value: unknown): void {
		const {text, edits} = this.target(item, replaceAt(path, value));
		const range = item.getNode(path)!.range!;
		edits.add(range[0], blockEnd(text, range[1]), renderBlockValue(value, column(text, range[0]), eolAt(text, range[0])));
	}

	/** Writes the item again as `value`: in block style, or as JSON in a flow list. */
	replaceItem(item: Item, value: unknown): void {
		const {edits} = this.target(item, replaceAt([], value));
		const text = this.flow ? quote(value) : renderItem(value, this.list.itemColumn, eolAt(this.list.text, item.span.start));
		edits.add(item.span.start, item.span.end, text);
	}

	/** Takes the item out (in a flow list, when the run is checked or written: see removeFlowItems). */
	removeItem(item: Item): void {
		this.removed.add(item);
		if (!this.flow) this.edits.add(item.span.start, item.span.end, '');
	}

	/**
	 * True when the items are written in flow style (JSON, `items: [{…}]`), where edits to the list
	 * are made in flow style too. An empty `items: []` in a block list becomes a block list.
	 */
	private get flow(): boolean {
		const {root, itemsNode} = this.list;
		return root.flow === true || (itemsNode?.flow === true && itemsNode.items.length > 0);
	}

	private settled = false;

	/** The edits that wait for the whole run: flow items removed, each run of them at once. */
	private settle(): void {
		if (this.settled) return;
		this.settled = true;
		if (this.flow && this.removed.size > 0) removeFlowItems(this.list.items, this.removed, this.edits);
	}

	/** New items after the last one; `items: []` or no `items` at all become a block list (in a block list). */
	appendItems(values: readonly unknown[]): void {
		if (values.length === 0) return;
		const {itemsNode, root, items, text: input} = this.list;
		if (this.flow) {
			const {at, text} = itemsNode ? flowAppend(input, itemsNode, items, this.removed, values) : flowItemsEntry(input, root, values);
			this.appended.push(...values.map(value => ({text: quote(value), value: plain(value)})));
			this.edits.add(at, at, text);
			return;
		}
		const at = itemsNode && !itemsNode.flow ? blockEnd(input, itemsNode.range![1]) : blockEnd(input, root.range![1]);
		const eol = eolAt(input, at > 0 ? at - 1 : 0);
		const texts = values.map(value => renderItem(value, this.list.itemColumn, eol));
		this.appended.push(...texts.map((text, i) => ({text, value: plain(values[i])})));
		const text = texts.join('');
		if (itemsNode && !itemsNode.flow) {
			this.edits.add(at, at, (input[at - 1] === '\n' ? '' : eol) + text);
			return;
		}
		if (itemsNode) {
			const [start, end] = itemsNode.range!;
			this.edits.add(start, end, eol + text.slice(0, -eol.length));
			return;
		}
		this.edits.add(at, at, `${input[at - 1] === '\n' ? '' : eol}items:${eol}${text}`);
	}

	/**
	 * Reads each edited item's new text again (and the new items' text) and compares it with what
	 * the edits meant: the value before, with exactly those changes. One error result for each item
	 * that would read otherwise. Only edited items are read, so a large list costs little more.
	 */
	check(): Result[] {
		this.settle();
		const results: Result[] = [];
		// Through aliases an edit may change other items too: then every item is read again.
		const whole = [...this.changes.keys()].some(item => item.document) ? this.rereadAll() : undefined;
		const items = whole === undefined ? this.changes.keys() : this.list.items.filter(item => !this.removed.has(item));
		for (const [position, item] of [...items].entries()) {
			if (this.removed.has(item)) continue;
			const meant = this.meant(item);
			if (whole !== undefined) {
				const problem = typeof whole === 'string' ? {path: '', message: whole} : difference(meant, whole[position]);
				if (problem) results.push(unsafe(item, problem));
				continue;
			}
			const found = this.reread(item);
			const problem = typeof found === 'string' ? {path: '', message: found} : differs(meant, found);
			if (problem) results.push(unsafe(item, problem));
			else if (typeof found !== 'string' && 'node' in found) this.read.set(item, {node: found.node, text: found.text, kept: found.kept});
		}
		for (const appended of this.appended) {
			const found = readBack(appended.text, this.flow);
			const problem = typeof found === 'string' ? {path: '', message: found} : differs(appended.value, found);
			if (problem) results.push({message: `the function could not write a new item safely: ${problem.message}`, severity: 'error'});
			else if (typeof found !== 'string' && 'node' in found) appended.read = found.node;
		}
		return results;
	}

	/** The item's value with the changes asked for: what its edited text must read as. */
	private meant(item: Item): unknown {
		return (this.changes.get(item) ?? []).reduce<unknown>((value, change) => change(value), item.changeableValue());
	}

	/**
	 * The items the output will hold, in order, as values rather than text: each unchanged item as
	 * it is, each edited one (and each new one) as what its edits mean, which check() holds the
	 * written text to. For questions about the output, asked after check(): an item it read back
	 * is that reading (the same value, checked), and only the others are made from their values.
	 */
	outputItems(): Item[] {
		const made = (value: unknown, index: number) => {
			const json = JSON.stringify(value) ?? '';
			return new Item(new Document(value).contents, index, {start: 0, end: 0}, json);
		};
		const kept = this.list.items.filter(item => !this.removed.has(item));
		const items = kept.map((item, index) => {
			if (!this.changes.has(item)) return item;
			const read = this.read.get(item);
			if (!read) return made(settled(this.meant(item)), index);
			const earlier = read.kept.size > 0 ? {text: this.list.text, kept: [...read.kept.keys()]} : undefined;
			return new Item(read.node, index, {start: 0, end: read.text.length}, read.text, undefined, earlier);
		});
		return [
			...items,
			...this.appended.map(({value, text, read}, i) =>
				read ? new Item(read, kept.length + i, {start: 0, end: text.length}, text) : made(value, kept.length + i),
			),
		];
	}

	/** The item's text with its edits, read again. */
	private reread(item: Item): (ReadBack & {text: string; kept: ReadonlyMap<Node, number>}) | string {
		let own: string | undefined;
		try {
			own = this.edits.applyTo(item, this.list.text, item.span.start, item.span.end);
		} catch {
			own = undefined;
		}
		if (own === undefined) return 'its edits overlap or reach outside it';
		// What the block reader read before, it may keep where no edit reaches (block-reader.ts).
		const earlier =
			item.readBy === 'block' && isMap(item.node)
				? {
						node: item.node,
						text: this.list.text,
						end: item.span.end,
						shift: (from: number, to: number) => this.edits.shiftOf(item, item.span.start, from, to),
						kept: new Map(),
					}
				: undefined;
		const found = readBack(own, this.list.itemsNode?.flow === true, earlier);
		return typeof found === 'string' ? found : {...found, text: own, kept: earlier?.kept ?? new Map()};
	}

	/** Every item of the edited list, read again (in order, the removed ones gone). */
	private rereadAll(): unknown[] | string {
		let edited: string;
		try {
			edited = this.edits.apply(this.list.text);
		} catch {
			return 'its edits overlap';
		}
		const found = readBack(edited, true);
		if (typeof found === 'string') return found;
		const items = ('values' in found ? (found.values[0] as {items?: unknown} | null) : undefined)?.items;
		return Array.isArray(items) ? items : 'the list would have no items';
	}

	/** The output list with `results`: with the edits, or, when `discard`, with the items as they came. */
	write(results: readonly Result[], discard = false): string {
		this.settle();
		return writeResourceList(this.list, discard ? new TextEdits() : this.edits, results);
	}
}

function unsafe(item: Item, problem: {path: string; message: string}): Result {
	return itemResult(
		item,
		'error',
		`the function could not edit this item safely: ${problem.message}; nothing was written, and the item is as it was`,
		problem.path || undefined,
	);
}
