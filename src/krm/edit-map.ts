import {isAlias, isMap, isScalar, type Node, type Pair, type YAMLMap} from 'yaml';
import {deletePair} from './delete-pair.js';
import {deleteFlowPairs, flowEntries, insertFlowEntries, jsonKeys} from './flow-map.js';
import {quote, restored} from './scalar-text.js';
import {blockEnd, column, eolAt} from './text.js';
import type {EditSink} from './text-edits.js';

/** What map edits need besides the node: the text the ranges point into, and where edits go. */
export interface EditTarget {
	text: string;
	edits: EditSink;
	/**
	 * The item's pairs its earlier edits took out. A key set after its pair went is written anew at
	 * the end of its map, which is how a run moves what it owns there (take out, then set).
	 */
	removed?: Set<Pair>;
}

/** A nested plain object of strings: what the function writes into maps. */
export type Tree = {[key: string]: string | Tree};

/** Why an edit could not be made: the field path, and what it holds that the edit cannot go into (`it …`). */
export class CannotEdit {
	constructor(
		readonly path: string,
		readonly why: string,
	) {}
}

/**
 * How an entry's value is written, and the value that text reads as: quoted strings, or text a
 * person wrote, put back (see restored).
 */
export function entryWriter(asWritten: boolean): (value: string) => {text: string; value: unknown} {
	return asWritten ? restored : value => ({text: quote(value), value});
}

/**
 * Sets `entries` in the map at `path` below `base`, creating the maps on the way, by splicing the
 * text: values that are already right are not touched, and nothing else in the item moves.
 * Returns the old values it replaced, keyed by entry; or, with no edit made, why it cannot.
 */
export function setEntries(
	target: EditTarget,
	base: YAMLMap,
	path: readonly string[],
	entries: Record<string, string>,
	asWritten = false,
): Map<string, string> | CannotEdit {
	const written = entryWriter(asWritten);
	const write = (value: string) => written(value).text;
	const replaced = new Map<string, string>();
	let map = base;
	for (let i = 0; i < path.length; i++) {
		const refused = refusal(target.text, map, path.slice(0, i), path[i]!);
		if (refused) return refused;
		const pair = findPair(map, path[i]!, target.removed);
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
		if (!isMap(value)) return new CannotEdit(path.slice(0, i + 1).join('.'), `holds ${describe(value)}, not a map`);
		map = value;
	}
	const keys = Object.keys(entries);
	const pairs = keys.map(key => findPair(map, key, target.removed));
	const refused = refusal(
		target.text,
		map,
		path,
		keys.find((_, i) => !pairs[i]),
	);
	if (refused) return refused;
	for (const [i, pair] of pairs.entries()) {
		const value = pair?.value as Node | null | undefined;
		if (value && !isScalar(value)) return new CannotEdit([...path, keys[i]!].join('.'), `holds ${describe(value)}, not a string`);
		const anchor = aliasedAnchor(target.text, value);
		if (anchor) return new CannotEdit([...path, keys[i]!].join('.'), aliasedWhy(anchor));
	}
	const missing: Tree = {};
	for (const [i, key] of keys.entries()) {
		const pair = pairs[i];
		const wanted = written(entries[key]!);
		if (!pair) {
			// Taken out earlier in the run to be written again at the end: what it held is replaced all the same.
			const old = scalarValue(findPair(map, key)?.value);
			if (old !== undefined && String(old) !== String(wanted.value)) replaced.set(key, String(old));
			missing[key] = entries[key]!;
			continue;
		}
		const value = pair.value as Node | null;
		const current = scalarValue(value);
		// Typed alike too: `9090` written as a number is not the string "9090" an annotation must be.
		if (current === wanted.value) continue;
		if (current !== undefined && String(current) !== String(wanted.value)) replaced.set(key, String(current));
		if (value === null || !value.range) {
			insertEntries(target, map, {[key]: entries[key]!}, write);
			continue;
		}
		// A block scalar's range runs over its lines to the next key's indentation: the value is
		// replaced up to that line's start, and ends its own line.
		const end = blockEnd(target.text, value.range[1]);
		const tail = target.text[end - 1] === '\n' ? eolAt(target.text, end - 1) : '';
		target.edits.add(value.range[0], end, wanted.text + tail);
	}
	if (Object.keys(missing).length > 0) insertEntries(target, map, missing, write);
	return replaced;
}

function scalarValue(node: unknown): unknown {
	return isScalar(node) && node.value !== null ? node.value : undefined;
}

/**
 * Why the map at `path` must not be edited (undefined when it may): it is anchored and aliased
 * elsewhere, so that the aliases would change with it; or it merges in another map (`<<`), whose
 * entries a key `adding` here would hide.
 */
function refusal(text: string, map: YAMLMap, path: readonly string[], adding: string | undefined): CannotEdit | undefined {
	const anchor = aliasedAnchor(text, map);
	if (anchor) return new CannotEdit(path.join('.') || '(the item)', aliasedWhy(anchor));
	if (adding !== undefined && map.items.some(pair => isScalar(pair.key) && pair.key.value === '<<')) {
		return new CannotEdit(
			path.join('.') || '(the item)',
			`merges in another map (\`<<\`), whose \`${adding}\` a \`${adding}\` added here would hide; write the merged entries out in this map`,
		);
	}
	return undefined;
}

/** The anchor of `node` when some alias in the text may refer to it. */
function aliasedAnchor(text: string, node: Node | null | undefined): string | undefined {
	const anchor = (node as {anchor?: string} | null | undefined)?.anchor;
	return anchor && text.includes(`*${anchor}`) ? anchor : undefined;
}

function aliasedWhy(anchor: string): string {
	return `is anchored (\`&${anchor}\`) and aliased elsewhere (\`*${anchor}\`), so an edit here would change the aliases too; write the aliased copies out`;
}

/**
 * Removes `keys` from the map at `path` below `base`. When that leaves the map empty, the map's own
 * entry goes too, and so on up while a parent holds nothing else, so that removing what the
 * function added restores the text it started from. `keepMap` keeps the map for entries that are
 * being set in the same run.
 */
export function removeEntries(target: EditTarget, base: YAMLMap, path: readonly string[], keys: readonly string[], keepMap = false): void {
	const {removed = new Set<Pair>()} = target;
	const chain: {map: YAMLMap; pair: Pair}[] = [];
	let map = base;
	for (const key of path) {
		const pair = findPair(map, key, removed);
		if (!pair || !isMap(pair.value)) return;
		chain.push({map, pair});
		map = pair.value;
	}
	const doomed = map.items.filter(pair => !removed.has(pair) && isScalar(pair.key) && keys.includes(String(pair.key.value)));
	if (doomed.length === 0) return;
	const left = (of: YAMLMap) => of.items.filter(pair => !removed.has(pair)).length;
	if (doomed.length === left(map) && chain.length > 0 && !keepMap) {
		let link = chain.length - 1;
		while (link > 0 && left(chain[link]!.map) === 1) link--;
		const {map: holder, pair} = chain[link]!;
		removed.add(pair);
		if (holder.flow) deleteFlowPairs(target, holder, [pair]);
		else deletePair(target, pair);
		return;
	}
	for (const pair of doomed) removed.add(pair);
	if (map.flow) {
		deleteFlowPairs(target, map, doomed);
		return;
	}
	for (const pair of doomed) deletePair(target, pair);
}

/** The pair of `key` in the map, unless it is one of those `removed`. */
function findPair(map: YAMLMap, key: string, removed?: ReadonlySet<Pair>): Pair | undefined {
	return map.items.find(pair => !removed?.has(pair) && isScalar(pair.key) && String(pair.key.value) === key);
}

function nest(path: readonly string[], entries: Record<string, string>): Tree | Record<string, string> {
	return path.reduceRight<Tree>((inner, key) => ({[key]: inner}), entries);
}

function insertEntries(target: EditTarget, map: YAMLMap, tree: Tree, write: (value: string) => string): void {
	const {text} = target;
	const range = map.range!;
	if (map.flow) {
		insertFlowEntries(target, map, tree, write);
		return;
	}
	const at = blockEnd(text, range[1]);
	const eol = eolAt(text, at > 0 ? at - 1 : at);
	const lead = at > 0 && text[at - 1] !== '\n' ? eol : '';
	const indent = column(text, range[0]);
	target.edits.add(at, at, lead + blockLines(tree, indent, eol, write), indent);
}

/**
 * Gives a key that holds nothing (`key:`, `key: ~`, `key: null`) the entries of `tree`. The null's
 * text goes, a comment after it stays on the key's line, and the entries follow on lines of their own.
 */
function replaceNull(target: EditTarget, map: YAMLMap, pair: Pair, tree: Tree, write: (value: string) => string): void {
	const {text} = target;
	const value = pair.value as Node | null;
	const key = pair.key as Node;
	const keyEnd = key.range![1];
	if (map.flow) {
		const [start, end] = value?.range ? [value.range[0], value.range[1]] : [keyEnd + 1, keyEnd + 1];
		target.edits.add(start, end, `{${flowEntries(tree, write, jsonKeys(map))}}`);
		return;
	}
	if (value?.range && value.range[1] > value.range[0]) {
		const spaceBefore = text[value.range[0] - 1] === ' ' ? 1 : 0;
		target.edits.add(value.range[0] - spaceBefore, value.range[1], '');
	}
	// At the end of the key's line, before its line break: the lines after it may be the list's
	// last (spaces only), where the list's own additions go.
	const newline = text.indexOf('\n', keyEnd);
	const at = newline === -1 ? text.length : text[newline - 1] === '\r' ? newline - 1 : newline;
	const eol = eolAt(text, keyEnd);
	const indent = column(text, key.range![0]) + 2;
	target.edits.add(at, at, eol + blockLines(tree, indent, eol, write).slice(0, -eol.length), indent);
}

function blockLines(tree: Tree, indent: number, eol: string, write: (value: string) => string): string {
	const pad = ' '.repeat(indent);
	return Object.entries(tree)
		.map(([key, value]) =>
			typeof value === 'string' ? `${pad}${key}: ${write(value)}${eol}` : `${pad}${key}:${eol}${blockLines(value, indent + 2, eol, write)}`,
		)
		.join('');
}

function describe(node: Node): string {
	if (isAlias(node)) return `an alias (*${node.source}), which the function does not edit through`;
	if (isScalar(node)) return `the ${typeof node.value} ${JSON.stringify(node.value)}`;
	return isMap(node) ? 'a map' : 'a list';
}
