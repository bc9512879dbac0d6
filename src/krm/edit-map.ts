import {isAlias, isMap, isScalar, type Node, type Pair, type YAMLMap} from 'yaml';
import {quote} from './scalar-text.js';
import {blockEnd, column, lineStart} from './text.js';
import type {TextEdits} from './text-edits.js';

/** What map edits need besides the node: the text the ranges point into, and where edits go. */
export interface EditTarget {
	text: string;
	eol: string;
	edits: TextEdits;
}

/** A nested plain object of strings: what the function writes into maps. */
export type Tree = {[key: string]: string | Tree};

/** Why an edit could not be made: the field path that holds something other than a map. */
export class NotAMap {
	constructor(
		readonly path: string,
		readonly found: string,
	) {}
}

/**
 * Sets `entries` in the map at `path` below `base`, creating the maps on the way, by splicing the
 * text: values that are already right are not touched, and nothing else in the item moves.
 * Returns the old values it replaced, keyed by entry.
 */
export function setEntries(
	target: EditTarget,
	base: YAMLMap,
	path: readonly string[],
	entries: Record<string, string>,
	/** How a value is written: quoted by default, or as given (text that was already YAML). */
	write: (value: string) => string = quote,
): Map<string, string> | NotAMap {
	const replaced = new Map<string, string>();
	let map = base;
	for (let i = 0; i < path.length; i++) {
		const pair = findPair(map, path[i]!);
		const rest = nest(path.slice(i + 1), entries);
		if (!pair) {
			insertEntries(target, map, {[path[i]!]: rest}, write);
			return replaced;
		}
		const value = pair.value as Node | null;
		if (value === null || (isScalar(value) && value.value === null)) {
			replaceNull(target, map, pair, rest, write);
			return replaced;
		}
		if (!isMap(value)) return new NotAMap(path.slice(0, i + 1).join('.'), describe(value));
		map = value;
	}
	const missing: Record<string, string> = {};
	for (const [key, wanted] of Object.entries(entries)) {
		const pair = findPair(map, key);
		if (!pair) {
			missing[key] = wanted;
			continue;
		}
		const value = pair.value as Node | null;
		if (value !== null && !isScalar(value)) return new NotAMap([...path, key].join('.'), describe(value));
		const current = value === null || value.value === null ? undefined : String(value.value);
		if (current === wanted) continue;
		if (current !== undefined) replaced.set(key, current);
		if (value === null || !value.range) {
			insertEntries(target, map, {[key]: wanted}, write);
			continue;
		}
		target.edits.add(value.range[0], value.range[1], write(wanted));
	}
	if (Object.keys(missing).length > 0) insertEntries(target, map, missing, write);
	return replaced;
}

/**
 * Removes `keys` from the map at `path` below `base`. When that leaves the map empty, the map's own
 * entry goes too, and so on up while a parent holds nothing else, so that removing what the
 * function added restores the text it started from. `keepMap` keeps the map for entries that are
 * being set in the same run.
 */
export function removeEntries(target: EditTarget, base: YAMLMap, path: readonly string[], keys: readonly string[], keepMap = false): void {
	const chain: {map: YAMLMap; pair: Pair}[] = [];
	let map = base;
	for (const key of path) {
		const pair = findPair(map, key);
		if (!pair || !isMap(pair.value)) return;
		chain.push({map, pair});
		map = pair.value;
	}
	const doomed = map.items.filter(pair => isScalar(pair.key) && keys.includes(String(pair.key.value)));
	if (doomed.length === 0) return;
	if (doomed.length === map.items.length && chain.length > 0 && !keepMap) {
		let link = chain.length - 1;
		while (link > 0 && chain[link]!.map.items.length === 1) link--;
		const {map: holder, pair} = chain[link]!;
		if (holder.flow)
			rewriteFlow(
				target,
				holder,
				holder.items.filter(other => other !== pair),
			);
		else deletePair(target, pair);
		return;
	}
	if (map.flow) {
		deleteFlowPairs(target, map, doomed);
		return;
	}
	for (const pair of doomed) deletePair(target, pair);
}

function findPair(map: YAMLMap, key: string): Pair | undefined {
	return map.items.find(pair => isScalar(pair.key) && String(pair.key.value) === key);
}

function nest(path: readonly string[], entries: Record<string, string>): Tree | Record<string, string> {
	return path.reduceRight<Tree>((inner, key) => ({[key]: inner}), entries);
}

function insertEntries(target: EditTarget, map: YAMLMap, tree: Tree, write: (value: string) => string): void {
	const range = map.range!;
	if (map.flow) {
		// A flow map's range ends just after its closing brace.
		const close = target.text.lastIndexOf('}', range[1] - 1);
		target.edits.add(close, close, (map.items.length > 0 ? ', ' : '') + flowEntries(tree, write));
		return;
	}
	const at = blockEnd(target.text, range[1]);
	const lead = at > 0 && target.text[at - 1] !== '\n' ? target.eol : '';
	const indent = column(target.text, range[0]);
	target.edits.add(at, at, lead + blockLines(tree, indent, target.eol, write), indent);
}

function replaceNull(target: EditTarget, map: YAMLMap, pair: Pair, tree: Tree, write: (value: string) => string): void {
	const value = pair.value as Node | null;
	const key = pair.key as Node;
	const keyEnd = key.range![1];
	// `key:`, `key: ~` and `key: null` all hold no map yet; the value's text is what goes.
	const [start, end] = value?.range ? [value.range[0], value.range[1]] : [keyEnd + 1, keyEnd + 1];
	if (map.flow) {
		target.edits.add(start, end, `{${flowEntries(tree, write)}}`);
		return;
	}
	const lines = blockLines(tree, column(target.text, key.range![0]) + 2, target.eol, write);
	const spaceBefore = target.text[start - 1] === ' ' ? 1 : 0;
	target.edits.add(start - spaceBefore, end, target.eol + lines.slice(0, -target.eol.length));
}

function deletePair(target: EditTarget, pair: Pair): void {
	const key = pair.key as Node;
	const value = pair.value as Node | null;
	// A block collection ends at a line start (or, after trailing comments, at the next line's
	// content, which blockEnd brings back to its line start); a scalar ends mid-line, before any
	// comment, so the pair's lines run to the next newline.
	const valueEnd = blockEnd(target.text, value?.range ? value.range[1] : key.range![1]);
	const end = target.text[valueEnd - 1] === '\n' ? valueEnd : target.text.indexOf('\n', valueEnd) + 1 || target.text.length;
	target.edits.add(lineStart(target.text, key.range![0]), end, '');
}

function blockLines(tree: Tree, indent: number, eol: string, write: (value: string) => string): string {
	const pad = ' '.repeat(indent);
	return Object.entries(tree)
		.map(([key, value]) =>
			typeof value === 'string' ? `${pad}${key}: ${write(value)}${eol}` : `${pad}${key}:${eol}${blockLines(value, indent + 2, eol, write)}`,
		)
		.join('');
}

function flowEntries(tree: Tree, write: (value: string) => string): string {
	return Object.entries(tree)
		.map(([key, value]) => `${key}: ${typeof value === 'string' ? write(value) : `{${flowEntries(value, write)}}`}`)
		.join(', ');
}

/**
 * Cuts pairs out of a flow map, each with the `, ` that joins it to the next (or, after the last
 * pair kept, the one before it), so that values set in the same run are untouched.
 */
function deleteFlowPairs(target: EditTarget, map: YAMLMap, doomed: readonly Pair[]): void {
	const {items} = map;
	const lastKept = items.findLastIndex(pair => !doomed.includes(pair));
	if (lastKept === -1) {
		rewriteFlow(target, map, []);
		return;
	}
	const keyStart = (pair: Pair) => (pair.key as Node).range![0];
	const valueEnd = (pair: Pair) => ((pair.value as Node | null)?.range ?? (pair.key as Node).range!)[1];
	items.forEach((pair, i) => {
		if (doomed.includes(pair) && i < lastKept) target.edits.add(keyStart(pair), keyStart(items[i + 1]!), '');
	});
	if (lastKept < items.length - 1) target.edits.add(valueEnd(items[lastKept]!), valueEnd(items.at(-1)!), '');
}

/** A flow map written again with only `kept`, each pair as its original text. */
function rewriteFlow(target: EditTarget, map: YAMLMap, kept: readonly Pair[]): void {
	const range = map.range!;
	target.edits.add(range[0], range[1], `{${kept.map(pair => pairText(target.text, pair)).join(', ')}}`);
}

function pairText(text: string, pair: Pair): string {
	const key = pair.key as Node;
	const value = pair.value as Node | null;
	return text.slice(key.range![0], value?.range ? value.range[1] : key.range![1]);
}

function describe(node: Node): string {
	if (isAlias(node)) return `an alias (*${node.source}), which the function does not edit through`;
	if (isScalar(node)) return `the ${typeof node.value} ${JSON.stringify(node.value)}`;
	return isMap(node) ? 'a map' : 'a list';
}
