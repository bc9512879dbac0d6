import {isMap, Pair, parseDocument, Scalar, YAMLMap, YAMLSeq, type Node} from 'yaml';
import {Item, type Span} from './item.js';
import {parseBlockMap} from './block-reader.js';
import {maxNesting} from './limits.js';
import {checkFastMemory} from './memory.js';
import {contentStart, itemEnd, nextItem, nextKey, readItemWithYaml} from './read-item.js';
import type {ResourceList} from './resource-list.js';
import {itemRead} from './young-generation.js';

/**
 * The fast way in, for lists as kpt and kustomize write them: the items are found by their lines,
 * and each stays text until the function first looks inside it (most of a package is never
 * looked into: selection needs only apiVersion and kind, taken from the item's lines). The yaml
 * parser dominates the cost of a full read.
 *
 * Each item is read on its own when first looked into: by the block reader (block-reader.ts) when
 * it is in the subset that reader is sure of, else by the yaml parser from the item's own text,
 * with ranges into the whole input (read-item.ts); so a flow map, a block scalar or a license
 * comment in one item costs that item a yaml parse, not the list. Returns undefined, and the
 * caller reads the whole list the safe way, only for what concerns the list itself: CRLF, tabs,
 * a byte-order mark, directives or document markers, lines left of the items' column, odd
 * top-level keys, and what the safe reader may refuse (anchors, aliases, tags, deep nesting).
 */
export function readFast(text: string): ResourceList | undefined {
	// By includes() rather than regexes: each of these looks at every character of the input.
	if (['\r', '\t', '\uFEFF', '\n---', '\n...', '\n%'].some(found => text.includes(found)) || /^(?:---|\.\.\.|%)/.test(text))
		return undefined;
	const regions = topLevelRegions(text);
	if (!regions) return undefined;
	checkFastMemory(text);
	const root = new YAMLMap();
	root.range = [0, text.length, text.length];
	let functionConfig: Item | undefined;
	let list: {items: Item[]; itemsNode: YAMLSeq; itemColumn: number} | undefined;
	for (const region of regions) {
		if (region.key === 'items') {
			list = readItems(text, region);
			if (!list) return undefined;
			root.items.push(new Pair(keyScalar(text, region), list.itemsNode));
			continue;
		}
		if (region.key === 'functionConfig') {
			// Only read, never edited, so the yaml parser may take it whatever its style (kpt fn eval
			// writes `data: {…}`); its ranges are then relative to the region, which nothing uses.
			let parsed: unknown = parseBlockMap(text, region.start, region.end);
			if (!parsed) {
				const doc = parseDocument(text.slice(region.start, region.end));
				if (doc.errors.length > 0) return undefined;
				parsed = doc.contents;
			}
			if (!isMap(parsed)) return undefined;
			const value = parsed.get('functionConfig', true) as Node | undefined;
			if (!isMap(value)) return undefined;
			functionConfig = new Item(value, -1, {start: 0, end: 0});
			root.items.push(new Pair(keyScalar(text, region), value));
			continue;
		}
		const parsed = parseBlockMap(text, region.start, region.end);
		if (!parsed || parsed.items.length !== 1) return undefined;
		root.items.push(parsed.items[0]!);
	}
	const kind = root.get('kind');
	if (!list || (kind !== 'ResourceList' && kind !== 'List')) return undefined;
	return {text, root, functionConfig, ...list, eol: '\n'};
}

interface Region {
	key: string;
	/** The start of the key's line. */
	start: number;
	/** Where the next top-level key's line starts, or the end of the text. */
	end: number;
}

/** The top-level keys and the text each one's value spans, or undefined if a line is not one. */
function topLevelRegions(text: string): Region[] | undefined {
	const regions: Region[] = [];
	// Lines at column 0 that are not comments, nor the `- ` of compact items, start the keys.
	const line = /^([^\s#-][^\n]*|-[^ \n][^\n]*)$/gm;
	for (let match = line.exec(text); match; match = line.exec(text)) {
		const key = /^([A-Za-z][\w.-]*):(?: |$)/.exec(match[1]!);
		if (!key) return undefined;
		if (regions.length > 0) regions.at(-1)!.end = match.index;
		regions.push({key: key[1]!, start: match.index, end: text.length});
	}
	return new Set(regions.map(region => region.key)).size === regions.length ? regions : undefined;
}

function keyScalar(text: string, region: Region): Scalar {
	const key = new Scalar(region.key);
	key.range = [region.start, region.start + region.key.length, region.start + region.key.length];
	return key;
}

/**
 * Anchors, aliases and tags, anywhere among the items: what the safe reader may refuse (an alias
 * bomb) or resolve across items. Each can only begin a node: at the start of a line, after `: `,
 * `- `, or inside a flow collection; elsewhere (`"0 * * * *"`) the characters are text. Real
 * manifests have none, and a list with one is read the safe way, so that an item never looked into
 * is refused as the safe reader refuses it.
 *
 * This is the regex `/(?:^ *|[:-] +|[[{,] *)[&*!]/m`, found from each of the three characters
 * backwards: they are rare, and the regex, tried at every offset, took a fiftieth of a run.
 */
export function refusable(body: string): boolean {
	for (const char of '&*!') {
		for (let at = body.indexOf(char); at !== -1; at = body.indexOf(char, at + 1)) {
			let before = at - 1;
			while (before >= 0 && body.charCodeAt(before) === 32) before--;
			const mark = before < 0 ? '\n' : body[before]!;
			if ('\n[{,'.includes(mark) || ((mark === ':' || mark === '-') && before < at - 1)) return true;
		}
	}
	return false;
}

/**
 * Nesting beyond what any object needs, on a line without its indentation (indentation of
 * maxNesting or more is checked line by line): left to the safe reader and its depth check. Only
 * a line of 64 characters or more can hold it.
 */
export const tooDeepLine = /(?:- +){64}|(?:[[{][^[\]{}\n]{0,40}){64}/;

function readItems(text: string, region: Region): {items: Item[]; itemsNode: YAMLSeq; itemColumn: number} | undefined {
	const header = text.indexOf('\n', region.start);
	if (header === -1 || text.slice(region.start, header) !== 'items:') return undefined;
	const first = /^( *)-(?: |$)/.exec(text.slice(header + 1, header + 1 + 256));
	if (!first) return undefined;
	const column = first[1]!.length;
	if (refusable(text.slice(header + 1, region.end))) return undefined;
	const starts: number[] = [];
	// Items whose last lines are blank, or comments at the dash's column or left of it: yaml may
	// give those lines to the next item, and is asked which (itemEnd).
	const unclearEnd = new Set<number>();
	let loose = false;
	// By character codes rather than line strings: this walks every line of the input.
	for (let at = header + 1; at < region.end;) {
		let next = text.indexOf('\n', at);
		if (next === -1) next = text.length;
		let first = at;
		while (text.charCodeAt(first) === 32) first++;
		const indent = first - at;
		if (indent >= maxNesting || (next - first >= 64 && tooDeepLine.test(text.slice(first, next)))) return undefined;
		const char = first < next ? text[first] : '\n';
		if (indent === column && char === '-' && (first + 1 === next || text.charCodeAt(first + 1) === 32)) {
			if (loose) unclearEnd.add(starts.length - 1);
			starts.push(at);
			loose = false;
		} else if (char === '\n' || (char === '#' && indent < column + 2)) {
			loose = true;
		} else if (indent < column + 2) {
			// Content left of the items' own: not a list this reader can split by lines.
			return undefined;
		} else if (char !== '#') {
			loose = false;
		}
		at = next + 1;
	}
	if (loose) {
		// Blank or comment lines that end the input are the whole document's to place (its range).
		if (region.end === text.length) return undefined;
		unclearEnd.add(starts.length - 1);
	}
	const spans: Span[] = starts.map((start, i) => ({start, end: starts[i + 1] ?? region.end}));
	const itemsNode = new YAMLSeq();
	itemsNode.range = [header + 1 + column, region.end, region.end];
	for (const i of unclearEnd) {
		const last = i === spans.length - 1;
		const found = itemEnd(text, spans[i]!.start, spans[i]!.end, last ? nextKey(text, region.end) : nextItem(column));
		if (!found) return undefined;
		spans[i]!.end = found.end;
		if (last) itemsNode.range = [itemsNode.range[0], ...found.seqEnd];
		else spans[i + 1]!.start = found.end;
	}
	const headers = headerLines(column);
	// The block reader keeps one copy of each short text across the items (block-reader.ts intern).
	const strings = new Map<string, string>();
	const items: Item[] = [];
	for (let i = 0; i < spans.length; i++) {
		// The last item is read with what follows it up to the next top-level key.
		const next =
			i < spans.length - 1 ? {readTo: spans[i]!.end, after: nextItem(column)} : {readTo: region.end, after: nextKey(text, region.end)};
		const item = readItem(text, spans[i]!, starts[i]!, headers, i, next, strings);
		if (!item) return undefined;
		items.push(item);
	}
	return {items, itemsNode, itemColumn: column};
}

/**
 * One item, left as text: its apiVersion and kind come from its lines, and the rest is read when
 * first asked for, by the block reader, or else by yaml from the item's own text (read-item.ts).
 * Either way its ranges are offsets into the input, and it can be edited in place.
 */
function readItem(
	text: string,
	span: Span,
	dashAt: number,
	header: HeaderLines,
	index: number,
	next: {readTo: number; after: string},
	strings: Map<string, string>,
): Item | undefined {
	const start = contentStart(text, dashAt + header.column + 1);
	if (start >= span.end) return undefined;
	const source = text.slice(span.start, span.end);
	const kind = header.kind(source);
	const apiVersion = header.apiVersion(source);
	const read = () => {
		itemRead();
		const block = parseBlockMap(text, start, span.end, undefined, strings);
		item.readBy = block ? 'block' : 'yaml';
		return block ?? readItemWithYaml(text, span.start, next.readTo, next.after);
	};
	const item = new Item(read, index, span, source, kind !== undefined && apiVersion !== undefined ? {kind, apiVersion} : undefined);
	return item;
}

/** Reads an item's top-level `kind:` or `apiVersion:` from its text, when it is a simple scalar. */
interface HeaderLines {
	column: number;
	kind: (source: string) => string | undefined;
	apiVersion: (source: string) => string | undefined;
}

/** The header readers for items whose dash stands at `column`. */
function headerLines(column: number): HeaderLines {
	const reader = (key: string) => {
		const line = new RegExp(`^(?: {${column}}- | {${column + 2}})${key}: *(?:"([\\w./-]+)"|'([\\w./-]+)'|([\\w./-]+))(?: +#.*)?$`, 'm');
		return (source: string) => {
			const match = line.exec(source);
			return match ? (match[1] ?? match[2] ?? match[3]) : undefined;
		};
	};
	return {column, kind: reader('kind'), apiVersion: reader('apiVersion')};
}
