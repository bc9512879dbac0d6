import {isMap, Pair, parseDocument, Scalar, YAMLMap, YAMLSeq, type Node} from 'yaml';
import {Item, type Span} from './item.js';
import {parseBlockMap} from './block-reader.js';
import {maxNesting} from './limits.js';
import {ReadSafely, type ResourceList} from './resource-list.js';

/**
 * The fast way in, for lists as kpt and kustomize write them: the items are found by their lines,
 * and each stays text until the function first looks inside it (most of a package is never
 * looked into: selection needs only apiVersion and kind, taken from the item's lines). The yaml
 * parser dominates the cost of a full read.
 *
 * Returns undefined, and the caller reads the list the safe way, whenever the text is outside
 * what this can read with certainty: CRLF, tabs, a byte-order mark, flow style, anchors, aliases
 * or tags among the items, comment or blank lines between them, or odd indentation. An item the
 * block reader declines is read by yaml on its own, for reading only; fallback.ts starts over the
 * safe way if such an item needs editing.
 */
export function readFast(text: string): ResourceList | undefined {
	if (/[\r\t\uFEFF]/.test(text) || /^(?:---|\.\.\.|%)/m.test(text)) return undefined;
	const regions = topLevelRegions(text);
	if (!regions) return undefined;
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
 * Flow collections, anchors, aliases and tags: constructs only the yaml parser reads right. Each
 * can only begin a node, at the start of a line or after `: ` or `- `; elsewhere (`"0 * * * *"`)
 * the characters are text.
 */
const beyondBlock = /(?:^ *|[:-] +)[&*!{[]/m;

/** Nesting beyond what any object needs: left to the yaml parser's path and its depth check. */
const tooDeep = new RegExp(`^ {${maxNesting}}|(?:- +){64}`, 'm');

function readItems(text: string, region: Region): {items: Item[]; itemsNode: YAMLSeq; itemColumn: number} | undefined {
	const header = text.indexOf('\n', region.start);
	if (header === -1 || text.slice(region.start, header) !== 'items:') return undefined;
	const body = text.slice(header + 1, region.end);
	if (beyondBlock.test(body) || tooDeep.test(body)) return undefined;
	const first = /^( *)-(?: |$)/.exec(body);
	if (!first) return undefined;
	const column = first[1]!.length;
	const dash = new RegExp(`^ {${column}}-(?: |$)`);
	const starts: number[] = [];
	// Every line is an item's dash, or inside an item: content or comments indented past the dash,
	// or a blank line with more of the item after it. What lies between items is for yaml to
	// place.
	let blank = false;
	for (let at = header + 1; at < region.end;) {
		const next = text.indexOf('\n', at);
		const end = next === -1 ? text.length : next + 1;
		const line = text.slice(at, next === -1 ? text.length : next);
		if (line.trim() === '') {
			blank = true;
		} else {
			const isDash = dash.test(line);
			if ((isDash && blank) || (!isDash && line.length - line.trimStart().length < column + 2)) return undefined;
			if (isDash) starts.push(at);
			blank = false;
		}
		at = end;
	}
	if (blank) return undefined;
	const headers = headerLines(column);
	const items: Item[] = [];
	for (let i = 0; i < starts.length; i++) {
		const span: Span = {start: starts[i]!, end: starts[i + 1] ?? region.end};
		const item = readItem(text, span, column, headers, i);
		if (!item) return undefined;
		items.push(item);
	}
	const itemsNode = new YAMLSeq();
	itemsNode.range = [header + 1 + column, region.end, region.end];
	return {items, itemsNode, itemColumn: column};
}

/**
 * One item, left as text: its apiVersion and kind come from its lines, and the rest is read when
 * first asked for, by the block reader, or else by yaml from the item's own text (then read-only).
 */
function readItem(text: string, span: Span, column: number, header: HeaderLines, index: number): Item | undefined {
	const dashLineEnd = text.indexOf('\n', span.start);
	const afterDash = span.start + column + 2;
	// `- # a comment` heads the item; its first key is on the next line.
	const headComment = /^ *#/.test(text.slice(afterDash, dashLineEnd === -1 ? span.end : dashLineEnd));
	const contentStart = headComment ? dashLineEnd + 1 + column + 2 : afterDash;
	if (contentStart >= span.end) return undefined;
	const source = text.slice(span.start, span.end);
	const kind = header.kind(source);
	const apiVersion = header.apiVersion(source);
	const read = () => {
		const node = parseBlockMap(text, contentStart, span.end);
		if (node) return {node, editable: true};
		const doc = parseDocument(source);
		// Malformed YAML is for the safe path to report, in the words it uses for any input.
		if (doc.errors.length > 0) throw new ReadSafely();
		return {node: ((doc.contents as YAMLSeq | null)?.items?.[0] as Node | undefined) ?? null, editable: false};
	};
	return new Item(read, index, span, source, kind !== undefined && apiVersion !== undefined ? {kind, apiVersion} : undefined);
}

/** Reads an item's top-level `kind:` or `apiVersion:` from its text, when it is a simple scalar. */
interface HeaderLines {
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
	return {kind: reader('kind'), apiVersion: reader('apiVersion')};
}
