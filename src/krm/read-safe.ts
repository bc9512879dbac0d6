import {Composer, isAlias, isCollection, isMap, isNode, isPair, isScalar, isSeq, Parser, visit, type Document, type YAMLSeq} from 'yaml';
import type {CST} from 'yaml';
import {Item, type Span} from './item.js';
import {maxAliasExpansion, maxNesting} from './limits.js';
import {checkMemory} from './memory.js';
import {InputError, type ResourceList} from './resource-list.js';
import {lineAndColumn, lineStart} from './text.js';

/** The safe way in: the yaml parser reads the whole list, whatever its style. */
export function readSafely(input: string): ResourceList {
	if (input.trim() === '') throw new InputError('the input is empty: expected a ResourceList on stdin');
	checkMemory(input);
	// JSON, and lists in flow style, are read as they are: edits are spliced in flow style, so that
	// what the function does not own comes out byte for byte, whatever its syntax.
	const text = input;
	const doc = parse(text);
	const root = doc.contents;
	if (!isMap(root)) throw new InputError('the input must be a ResourceList: a YAML mapping with `kind: ResourceList`');
	// Keys are not checked for uniqueness while parsing (that costs a scan per key in every map);
	// at the top a second `kind` or `items` would make the output say something else than it reads.
	const keys = root.items.map(pair => (isScalar(pair.key) ? String(pair.key.value) : undefined));
	const twice = keys.find((key, i) => key !== undefined && keys.indexOf(key) !== i);
	if (twice !== undefined) throw new InputError(`the input has the top-level key \`${twice}\` twice; a ResourceList has each key once`);
	const kind = root.get('kind') as unknown;
	if (kind !== 'ResourceList' && kind !== 'List') {
		throw new InputError(`the input's \`kind\` must be ResourceList or List, not ${JSON.stringify(kind ?? null)}`);
	}

	const itemsValue = root.get('items', true);
	let itemsNode: YAMLSeq | undefined;
	if (isSeq(itemsValue)) itemsNode = itemsValue;
	else if (itemsValue !== undefined && !(isScalar(itemsValue) && itemsValue.value === null)) {
		throw new InputError("the input's `items` must be a list");
	}
	const items = itemsNode
		? itemSpans(text, itemsNode).map((span, i) => new Item(itemsNode!.items[i] as never, i, span, text.slice(span.start, span.end)))
		: [];
	const config = root.get('functionConfig', true);
	// A config that is not a map is still handed on, so that it is refused as a config (with the
	// list written back) rather than silently taken for no config at all.
	const functionConfig =
		config === undefined || (isScalar(config) && config.value === null) ? undefined : new Item(config, -1, {start: 0, end: 0});
	// Reading follows aliases to their anchors; only a `*` can make one.
	if (text.includes('*')) for (const item of [...items, functionConfig]) if (item) item.document = doc;
	const firstDash = (itemsNode?.srcToken as CST.BlockSequence | undefined)?.items?.[0]?.start.find(token => token.type === 'seq-item-ind');
	const itemColumn = firstDash ? firstDash.offset - lineStart(text, firstDash.offset) : 0;
	dropSourceTokens(doc);
	return {text, root, items, itemsNode, functionConfig, itemColumn, eol: text.includes('\r\n') ? '\r\n' : '\n'};
}

/**
 * parseDocument in steps, refusing what would exhaust the stack or memory. The parser keeps an
 * explicit stack (but for a recursion when many block levels close at once, caught here), so its
 * tokens can be measured without recursion before the recursive composer builds nodes from them;
 * aliases are expanded once, bounded, before anything else walks the nodes.
 */
function parse(text: string): Document.Parsed {
	let tokens: CST.Token[];
	try {
		tokens = Array.from(new Parser().parse(text));
	} catch (error) {
		// The parser recurses once per level when many block levels close at once.
		if (error instanceof RangeError && /call stack/.test(error.message))
			throw new InputError(
				`the input nests collections more than ${maxNesting} levels deep; no Kubernetes object is that deep, so it is refused`,
			);
		throw error;
	}
	const shape = measure(tokens);
	if (shape.tooDeepAt !== undefined) {
		throw new InputError(
			`the input nests collections more than ${maxNesting} levels deep${positionOf(text, shape.tooDeepAt)}; no Kubernetes object is that deep, so it is refused`,
		);
	}
	const doc = singleDocument(tokens, text);
	if (doc.errors.length > 0) {
		const error = doc.errors[0]!;
		throw new InputError(`the input is not valid YAML: ${error.message}${positionOf(text, error.pos[0])}`);
	}
	if (shape.aliases && aliasExpansion(doc) > maxAliasExpansion) {
		throw new InputError(
			'the input\'s YAML aliases expand too far (a "billion laughs" shape): write the repeated content out, or use fewer aliases',
		);
	}
	return doc;
}

/**
 * How many nodes the aliases would add if each were written out: what a billion laughs inflates,
 * counted without expanding anything (an anchor's size is known by the time an alias names it).
 * Many aliases of small values cost little; a few aliases of aliases of large ones cost a lot.
 */
function aliasExpansion(doc: Document.Parsed): number {
	const anchored = new Map<string, number>();
	let expansion = 0;
	const size = (node: unknown): number => {
		let nodes = 1;
		if (isAlias(node)) {
			nodes = anchored.get(node.source) ?? 1;
			expansion += nodes;
		} else if (isCollection(node)) {
			for (const entry of node.items) nodes += isPair(entry) ? size(entry.key) + size(entry.value) : size(entry);
		}
		if (isNode(node) && !isAlias(node) && node.anchor) anchored.set(node.anchor, nodes);
		return nodes;
	};
	size(doc.contents);
	return expansion;
}

/**
 * The source tokens are needed only to find the items' lines. They take more memory than the nodes
 * themselves, so a large input's peak is far lower once they are let go.
 */
function dropSourceTokens(doc: Document): void {
	// The visitor also meets the null of a key or value that is missing (`? a`, `: b`).
	visit(doc, (_, node) => void (node && delete (node as {srcToken?: unknown}).srcToken));
}

/** The one document of the input; more than one is refused, as parseDocument does. */
function singleDocument(tokens: readonly CST.Token[], text: string): Document.Parsed {
	const composer = new Composer({keepSourceTokens: true, uniqueKeys: false});
	let doc: Document.Parsed | undefined;
	for (const next of composer.compose(tokens, true, text.length)) {
		if (doc)
			throw new InputError(
				`the input holds more than one YAML document (the second begins at ${lineAndColumn(text, next.range[0])}); a ResourceList is exactly one`,
			);
		doc = next;
	}
	return doc!;
}

/**
 * Where the collections first nest deeper than maxNesting (undefined if they never do), and whether
 * any alias occurs, from the tokens alone.
 */
function measure(tokens: readonly CST.Token[]): {tooDeepAt?: number; aliases: boolean} {
	let aliases = false;
	const stack: Array<[CST.Token | null | undefined, number]> = tokens.map(token => [token, 0]);
	while (stack.length > 0) {
		const [token, depth] = stack.pop()!;
		if (!token) continue;
		if (token.type === 'alias') aliases = true;
		else if (token.type === 'document') stack.push([token.value, depth]);
		else if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') {
			if (depth === maxNesting) return {tooDeepAt: token.offset, aliases};
			for (const item of token.items as CST.CollectionItem[]) stack.push([item.key, depth + 1], [item.value, depth + 1]);
		}
	}
	return {aliases};
}

/**
 * Each item's whole text, from the start of the line that holds its `-` (with any comment lines
 * just above it) to where the next item's lines begin. Flow sequences have no such lines; their
 * spans are the item nodes' own ranges.
 */
function itemSpans(text: string, seq: YAMLSeq): Span[] {
	const token = seq.srcToken as CST.BlockSequence | CST.FlowCollection | undefined;
	if (!token || token.type !== 'block-seq') {
		return seq.items.map(node => {
			const range = (node as {range?: [number, number, number]}).range ?? [0, 0, 0];
			return {start: range[0], end: range[1]};
		});
	}
	// Comment lines after the last item, at the items' column, make an entry of their own with no
	// `-`: it is no item, and the last item's span runs over it.
	const entries = token.items.filter(entry => entry.start.some(source => source.type === 'seq-item-ind'));
	const starts = entries.map(entry => lineStart(text, entry.start[0]?.offset ?? 0));
	const end = seq.range![2];
	return starts.map((start, i) => ({start, end: starts[i + 1] ?? end}));
}

function positionOf(text: string, offset: number | undefined): string {
	return offset === undefined ? '' : ` (${lineAndColumn(text, offset)})`;
}
