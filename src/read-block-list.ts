import {isMap, Pair, parseDocument, Scalar, YAMLMap, YAMLSeq, type Node} from 'yaml';
import {Item, type Span} from './item.js';
import {ownerAnnotation} from './ownership.js';
import {parseBlockMap} from './parse-block.js';
import type {ResourceList} from './read-resource-list.js';

/**
 * The fast way in, for lists as kpt and kustomize write them: the items are found by their lines,
 * and only the items the function may act on (workloads, Services, Ingresses, Namespaces,
 * monitors, and anything carrying its owner annotation) are read, by the block reader. Every
 * other item stays text until something asks for it. The yaml parser dominates the cost of a full
 * read, and most of a package is not scraped.
 *
 * Returns undefined, and the caller reads the list the safe way, whenever the text is outside
 * what this can read with certainty: CRLF, tabs, a byte-order mark, flow style, anchors, aliases
 * or tags among the items, comment or blank lines inside them, odd indentation, or an item the
 * block reader declines.
 */
export function readBlockList(text: string): ResourceList | undefined {
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
			const parsed = parseBlockMap(text, region.start, region.end) ?? parseDocument(text.slice(region.start, region.end)).contents;
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

// Items the function may act on, whatever the config: what any monitorType targets, the
// Namespaces Istio injection is read from, and monitors.
const relevantKinds = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod', 'Rollout', 'Service', 'Ingress', 'Namespace', 'PodMonitor', 'ServiceMonitor', 'Probe']);

/**
 * Flow collections, anchors, aliases and tags: constructs only the yaml parser reads right. Each
 * can only begin a node, at the start of a line or after `: ` or `- `; elsewhere (`"0 * * * *"`)
 * the characters are text.
 */
const beyondBlock = /(?:^ *|[:-] +)[&*!{[]/m;

function readItems(text: string, region: Region): {items: Item[]; itemsNode: YAMLSeq; itemColumn: number} | undefined {
	const header = text.indexOf('\n', region.start);
	if (header === -1 || text.slice(region.start, header) !== 'items:') return undefined;
	const body = text.slice(header + 1, region.end);
	if (beyondBlock.test(body)) return undefined;
	const first = /^( *)-(?: |$)/.exec(body);
	if (!first) return undefined;
	const column = first[1]!.length;
	const dash = new RegExp(`^ {${column}}-(?: |$)`);
	const starts: number[] = [];
	for (let at = header + 1; at < region.end; ) {
		const next = text.indexOf('\n', at);
		const end = next === -1 ? text.length : next + 1;
		const line = text.slice(at, next === -1 ? text.length : next);
		if (dash.test(line)) starts.push(at);
		else if (line.length - line.trimStart().length < column + 2 || /^\s*(?:#|$)/.test(line)) return undefined;
		at = end;
	}
	const kindLine = new RegExp(`^(?: {${column}}- | {${column + 2}})kind: *["']?([\\w.-]+)`, 'm');
	const items: Item[] = [];
	for (let i = 0; i < starts.length; i++) {
		const span: Span = {start: starts[i]!, end: starts[i + 1] ?? region.end};
		const item = readItem(text, span, column, kindLine, i);
		if (!item) return undefined;
		items.push(item);
	}
	const itemsNode = new YAMLSeq();
	itemsNode.range = [header + 1 + column, region.end, region.end];
	return {items, itemsNode, itemColumn: column};
}

/** One item: read now if the function may act on it, else left as text to read on demand. */
function readItem(text: string, span: Span, column: number, kindLine: RegExp, index: number): Item | undefined {
	const dashLineEnd = text.indexOf('\n', span.start);
	const afterDash = span.start + column + 2;
	// `- # a comment` heads the item; its first key is on the next line.
	const headComment = /^ *#/.test(text.slice(afterDash, dashLineEnd === -1 ? span.end : dashLineEnd));
	const contentStart = headComment ? dashLineEnd + 1 + column + 2 : afterDash;
	if (contentStart >= span.end) return undefined;
	const source = text.slice(span.start, span.end);
	const kind = kindLine.exec(source)?.[1];
	const read = () => parseBlockMap(text, contentStart, span.end);
	if ((kind !== undefined && relevantKinds.has(kind)) || source.includes(ownerAnnotation)) {
		const node = read();
		return node && new Item(node, index, span, source);
	}
	return new Item(() => read() ?? (parseDocument(source).contents as YAMLSeq | null)?.items?.[0] as Node ?? null, index, span, source);
}
