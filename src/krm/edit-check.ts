import {isDeepStrictEqual} from 'node:util';
import {isSeq, parseDocument, type YAMLMap} from 'yaml';
import {parseBlockMap, type EarlierReading} from './block-reader.js';
import {entryOf, matchesValue, plainOf, put, settled} from './plain-of.js';
import {contentStart} from './read-item.js';
import {quote} from './scalar-text.js';

/**
 * What an edit means for the item's value, as a step from the value before it to the value after.
 * The editor records one beside each edit it splices, so that the edited text can be read again
 * and checked against them: an edit is checked, not trusted.
 */
export type Change = (value: unknown) => unknown;

type Obj = Record<string, unknown>;
const isObj = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `entries` set in the map at `path`, and the maps on the way created where missing or null. */
export function setAt(path: readonly string[], entries: Obj): Change {
	return value => {
		let map = value as Obj;
		for (const key of path) {
			const next = Object.hasOwn(map, key) ? entryOf(map, key) : undefined;
			if (next === undefined || next === null) put(map, key, {});
			map = map[key] as Obj;
		}
		for (const [key, entry] of Object.entries(entries)) put(map, key, entry);
		return value;
	};
}

/** `keys` taken out of the map at `path`, and the maps left empty with them (see removeEntries). */
export function removeAt(path: readonly string[], keys: readonly string[], keepMap: boolean): Change {
	return value => {
		const chain: Obj[] = [];
		let map = value as Obj;
		for (const key of path) {
			chain.push(map);
			const next = Object.hasOwn(map, key) ? entryOf(map, key) : undefined;
			if (!isObj(next)) return value;
			map = next;
		}
		const doomed = keys.filter(key => Object.hasOwn(map, key));
		if (doomed.length === 0) return value;
		if (doomed.length === Object.keys(map).length && path.length > 0 && !keepMap) {
			let link = path.length - 1;
			while (link > 0 && Object.keys(chain[link]!).length === 1) link--;
			delete chain[link]![path[link]!];
		} else for (const key of doomed) delete map[key];
		return value;
	};
}

/** The value at `path` replaced by `replacement` (the whole item for an empty path). */
export function replaceAt(path: readonly string[], replacement: unknown): Change {
	const wanted = plain(replacement);
	return value => {
		if (path.length === 0) return wanted;
		let map = value as Obj;
		for (const key of path.slice(0, -1)) map = entryOf(map, key) as Obj;
		put(map, path.at(-1)!, wanted);
		return value;
	};
}

/** A value as the function's output writes it: JSON data, no `undefined` entries. */
export function plain(value: unknown): unknown {
	return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

/** What a text reads as: the node of a block item the block reader read (ranges are offsets into the text), or its values. */
export type ReadBack = {node: YAMLMap} | {values: unknown[]};

/** Where what was read at `position` differs from `meant`, for a message; undefined when it is the same. */
export function differs(meant: unknown, found: ReadBack, position = 0): {path: string; message: string} | undefined {
	if (!('node' in found)) return difference(meant, found.values[position]);
	return matchesValue(found.node, meant) ? undefined : difference(meant, plainOf(found.node));
}

/**
 * The values `text` reads as: the items of a block list's lines (`- …`), or one flow item's.
 * A string when it does not read as YAML. One block item is read by the block reader where it
 * can (as the fast reader reads items, with yaml's own nodes), else by yaml.
 */
export function readBack(text: string, flow: boolean, earlier?: EarlierReading): ReadBack | string {
	const dash = flow ? null : /^ *-(?=[ \n])/.exec(text);
	const start = dash && contentStart(text, dash[0].length);
	const map = start !== null && start < text.length && parseBlockMap(text, start, text.length, earlier);
	// The reader reads one item: after it, only blank and comment lines.
	if (map) return {node: map};
	// A JSON item (most flow items are) reads the same to JSON.parse, about a hundred times faster
	// than yaml's parser, which made re-reading a JSON list three times as slow as reading it.
	if (flow) {
		try {
			return {values: [JSON.parse(text)]};
		} catch {
			// Not JSON: YAML's flow style, or not valid at all; yaml says which.
		}
	}
	const doc = parseDocument(text, {uniqueKeys: false});
	if (doc.errors.length > 0) return `it would not be valid YAML (${doc.errors[0]!.message.split('\n')[0]})`;
	if (flow) return {values: [doc.toJS({maxAliasCount: -1})]};
	return isSeq(doc.contents) ? {values: doc.toJS({maxAliasCount: -1}) as unknown[]} : 'it would not be a list entry';
}

/** Where `found` differs from `meant`, for a message; undefined when they are the same. */
export function difference(meant: unknown, found: unknown, path: readonly string[] = []): {path: string; message: string} | undefined {
	if (path.length === 0) settled(meant);
	if (isDeepStrictEqual(meant, found)) return undefined;
	if (isObj(meant) && isObj(found)) {
		for (const key of new Set([...Object.keys(meant), ...Object.keys(found)])) {
			const inner = difference(meant[key], found[key], [...path, key]);
			if (inner) return inner;
		}
	}
	const where = path.join('.');
	return {
		path: where,
		message: `${where ? `\`${where}\`` : 'the item'} would read as ${show(found)} where ${show(meant)} was meant`,
	};
}

/** A value on one line, control characters escaped, cut to a bounded length. */
function show(value: unknown): string {
	if (value === undefined) return 'nothing';
	const text = typeof value === 'string' ? quote(value) : quote(JSON.stringify(value) ?? String(value)).slice(1, -1);
	return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
