import {isCollection, isMap, isScalar, isSeq, parseDocument, visit, type Document, type YAMLMap, type YAMLSeq} from 'yaml';
import type {CST} from 'yaml';
import {Item, type Span} from './item.js';

/** The parsed input, and the text it came from: output is this text with edits spliced in. */
export interface ResourceList {
	text: string;
	doc: Document;
	root: YAMLMap;
	items: Item[];
	/** The `items` sequence; undefined when the input has `items: []` written as flow or none at all. */
	itemsNode: YAMLSeq | undefined;
	functionConfig: Item | undefined;
	/** The column of the items' `-`, where new items go too. */
	itemColumn: number;
	/** The line ending the input uses, for the text the function adds. */
	eol: string;
}

/** The input cannot be read as a ResourceList; the message is for the user. */
export class InputError extends Error {}

// Aliases let a few bytes expand into gigabytes (billion laughs); real packages use very few.
const maxAliasCount = 100;

export function readResourceList(text: string): ResourceList {
	if (text.trim() === '') throw new InputError('the input is empty: expected a ResourceList on stdin');
	const doc = parseDocument(text, {keepSourceTokens: true, prettyErrors: false, uniqueKeys: false});
	if (doc.errors.length > 0) {
		const error = doc.errors[0]!;
		throw new InputError(`the input is not valid YAML: ${error.message}${positionOf(text, error.pos[0])}`);
	}
	const root = doc.contents;
	// JSON, or a list written in flow style, has no lines to splice items into: it is re-printed
	// once as block YAML (JSON holds no comments to lose), and read again.
	const flowItems = isMap(root) ? root.get('items', true) : undefined;
	if (isCollection(root) && (root.flow || (isSeq(flowItems) && flowItems.flow && flowItems.items.length > 0))) {
		// Empty collections stay `{}` and `[]`: block style cannot write them.
		visit(doc, {Map: (_, node) => void (node.flow = node.items.length === 0), Seq: (_, node) => void (node.flow = node.items.length === 0)});
		return readResourceList(doc.toString({lineWidth: 0, indentSeq: false}));
	}
	if (!isMap(root)) throw new InputError('the input must be a ResourceList: a YAML mapping with `kind: ResourceList`');
	const kind = root.get('kind') as unknown;
	if (kind !== 'ResourceList' && kind !== 'List') {
		throw new InputError(`the input's \`kind\` must be ResourceList or List, not ${JSON.stringify(kind ?? null)}`);
	}
	// Checked here so that a hostile input fails before anything walks its nodes. An alias needs a
	// `*`, so inputs without one skip the walk.
	if (text.includes('*')) doc.toJS({maxAliasCount});

	const itemsValue = root.get('items', true);
	let itemsNode: YAMLSeq | undefined;
	if (isSeq(itemsValue)) itemsNode = itemsValue;
	else if (itemsValue !== undefined && !(isScalar(itemsValue) && itemsValue.value === null)) {
		throw new InputError('the input\'s `items` must be a list');
	}
	const items = itemsNode ? itemSpans(text, itemsNode).map((span, i) => new Item(itemsNode!.items[i] as never, i, span)) : [];
	const config = root.get('functionConfig', true);
	const functionConfig = isMap(config) ? new Item(config, -1, {start: 0, end: 0}) : undefined;
	const firstDash = (itemsNode?.srcToken as CST.BlockSequence | undefined)?.items?.[0]?.start.find(token => token.type === 'seq-item-ind');
	const itemColumn = firstDash ? firstDash.offset - lineStart(text, firstDash.offset) : 0;
	return {text, doc, root, items, itemsNode, functionConfig, itemColumn, eol: text.includes('\r\n') ? '\r\n' : '\n'};
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
	const starts = token.items.map(entry => lineStart(text, entry.start[0]?.offset ?? 0));
	const end = seq.range![2];
	return starts.map((start, i) => ({start, end: starts[i + 1] ?? end}));
}

export function lineStart(text: string, offset: number): number {
	return text.lastIndexOf('\n', offset - 1) + 1;
}

function positionOf(text: string, offset: number | undefined): string {
	if (offset === undefined) return '';
	const before = text.slice(0, offset);
	const line = before.split('\n').length;
	return ` (line ${line}, column ${offset - lineStart(text, offset) + 1})`;
}
