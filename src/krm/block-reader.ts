import {Scalar, YAMLMap, YAMLSeq, type Node, type Pair} from 'yaml';
import {mapNode, pairNode, rangeAt, scalarNode, seqNode, type BlockScalar, type Ranged} from './block-nodes.js';
import {doubleQuoted, plainKey, plainValue, quotedKey, quotedValue, singleQuoted, unsupported} from './block-scalars.js';
import {BlockLines} from './block-lines.js';
import {flowCollection} from './block-flow.js';
import {blockReaderDepth} from './limits.js';
import {blockEnd, column, lineStart} from './text.js';

/**
 * A reader for the plain block YAML that kpt and kustomize write: block maps and lists, one-line
 * plain or quoted scalars, and comments at the ends of lines. It builds the same yaml nodes, with
 * the same ranges, that `parseDocument` would, at a fraction of its cost, because it only has to
 * recognise this subset, and one-line flow collections of scalars (block-flow.ts). Anything else (other flow collections, block scalars, multi-line scalars,
 * anchors, tags, comment lines at column 0 or 1) makes it return undefined, and the caller uses
 * the yaml parser. Comment and blank lines elsewhere move yaml's ranges in ways worked out case by
 * case (see valueEnd and collectionEnd) and checked against yaml by test/krm/block-reader.test.ts.
 */
export function parseBlockMap(
	text: string,
	start: number,
	end: number,
	earlier?: EarlierReading,
	strings: Map<string, string> = new Map(),
): YAMLMap | undefined {
	// How yaml places comment lines at columns 0 and 1 depends on the document around them; the
	// items this reads are indented further, and such a comment sends the list to yaml.
	const source = text.slice(start, end);
	if (source.startsWith('#') || source.startsWith(' #') || source.includes('\n#') || source.includes('\n #')) return undefined;
	const reader = new BlockReader(text, end, earlier, strings);
	try {
		const map = reader.map(start, column(text, start), earlier?.node);
		// Only blank and comment lines may remain after the map.
		return reader.trailingOnly() ? map : undefined;
	} catch (error) {
		if (error === unsupported) return undefined;
		throw error;
	}
}

/**
 * An edited text's first reading, which reading it again may take block collections from: those
 * no edit reaches (see BlockReader.kept). Their ranges stay offsets into the first text.
 */
export interface EarlierReading {
	node: YAMLMap;
	/** The first text, and where the first reading ended in it. */
	text: string;
	end: number;
	/** How far the offsets [from, to] of the first text moved in the edited one; undefined when an edit reaches them. */
	shift(from: number, to: number): number | undefined;
	/** Filled by the reading: the collections it kept, and the keys and values of the pairs, and how far each moved. */
	kept: Map<Node, number>;
}

class BlockReader extends BlockLines {
	private depth = 0;

	constructor(
		text: string,
		end: number,
		private readonly earlier: EarlierReading | undefined,
		private readonly strings: Map<string, string>,
	) {
		super(text, end);
	}

	/**
	 * One string for each short text the reader meets again, across the items of a list (`strings`):
	 * `name`, `port`, `http` and `v1` were each thousands of copies, 69,000 of the 80,000 strings the
	 * read items of the real-shaped input kept alive. Longer texts are slices of the input already.
	 */
	private intern(source: string): string {
		if (source.length > 12) return source;
		const known = this.strings.get(source);
		if (known !== undefined) return known;
		this.strings.set(source, source);
		return source;
	}

	/** A block map whose keys stand at `indent`, the first of them at `start`. */
	map(start: number, indent: number, before?: YAMLMap): YAMLMap {
		// The reader recurses per level; deep input is for the yaml parser (and its depth check).
		if (++this.depth > blockReaderDepth) throw unsupported;
		const items: Pair[] = [];
		let offset = start;
		// The earlier reading's pairs are looked at in order, from the one after the last kept.
		let earlierAt = 0;
		for (;;) {
			const kept = before && this.keptPair(before, earlierAt, offset);
			const pair = kept ? kept.pair : this.pair(offset, indent, before, earlierAt);
			// A pair read anew that was there before (edited, or a nested collection) is passed too.
			if (kept) earlierAt = kept.index + 1;
			else if (before && (before.items[earlierAt]?.key as Scalar | undefined)?.value === (pair.key as Scalar).value) earlierAt++;
			items.push(pair);
			const next = this.nextEntry(indent, false);
			if (next === undefined) break;
			offset = next;
		}
		const end = this.valueEnd(items.at(-1)!.value as Node, indent);
		this.depth--;
		return mapNode(items, start, end, this.collectionEnd(end, indent));
	}

	private seq(start: number, indent: number): YAMLSeq {
		const items: Node[] = [];
		let offset = start;
		for (;;) {
			let i = offset + 1;
			while (this.text[i] === ' ') i++;
			if (this.text[i] === '\n' || this.text[i] === '#' || this.text[i] === '-') throw unsupported;
			items.push(this.startsPair(i) ? this.map(i, column(this.text, i)) : this.scalar(i));
			const next = this.nextEntry(indent, true);
			if (next === undefined) break;
			offset = next;
		}
		const end = this.valueEnd(items.at(-1)!, indent);
		return seqNode(items, start, end, this.collectionEnd(end, indent));
	}

	/**
	 * Where the last value of a collection whose entries stand at `indent` ends, as yaml counts
	 * it: a nested block collection with the comment lines it takes after it, a scalar (or flow collection) with the comment
	 * lines indented deeper than the entries (and the blank lines among them), an empty value with
	 * all of them.
	 */
	private valueEnd(value: Node, indent: number): number {
		// A node kept from the earlier reading has taken what it takes already, and moved.
		const moved = this.earlier?.kept.get(value);
		if (isBlockCollection(value)) return rangeAt(value, 2) + (moved ?? 0);
		// A one-line flow collection takes comment lines after it as a scalar does. Both are the
		// reader's own, with their range as numbers (block-nodes.ts).
		const node = value as Node & Ranged;
		if (moved !== undefined) return node.after + moved;
		node.after = node.start === node.end ? this.emptyEnd(node.after) : this.absorb(node.after, lineIndent => lineIndent > indent);
		return node.after;
	}

	/** An empty value takes every comment line after it, up to the next token. */
	private emptyEnd(end: number): number {
		for (let line = this.lineEnd(end); line < this.end; line = this.lineEnd(line)) {
			const char = this.text[line + this.indentAt(line)];
			if (char === '\n') continue;
			if (char !== '#') return end;
			const next = this.nextContent(line);
			return next === undefined ? this.tokenAtEnd : next + this.indentAt(next);
		}
		return end;
	}

	/**
	 * Where yaml ends a collection (its range[2], the range[1] of the collection holding it): when
	 * a comment line before the next content is indented at least as deep as its entries (a
	 * comment at column 0 is the document's), at that content, past every blank and comment line;
	 * otherwise where its last value ends.
	 */
	private collectionEnd(end: number, indent: number): number {
		// A value that already ends at the next content (after its line's indentation) leaves
		// nothing between to take.
		if (end >= this.end || blockEnd(this.text, end) !== end) return end;
		let line = this.text[end - 1] === '\n' ? end : this.lineEnd(end);
		let takes = false;
		for (; line < this.end; line = this.lineEnd(line)) {
			const lineIndent = this.indentAt(line);
			const char = this.text[line + lineIndent];
			if (char === '\n') continue;
			if (char !== '#') break;
			takes ||= lineIndent >= Math.max(indent, 1);
		}
		if (!takes) return end;
		return line < this.end ? line + this.indentAt(line) : this.tokenAtEnd;
	}

	/**
	 * Where the next entry of a collection whose entries stand at `indent` begins: the offset of
	 * its content, or undefined when the collection ends there (less indented, or the end).
	 */
	private nextEntry(indent: number, seq: boolean): number | undefined {
		const line = this.nextContent();
		if (line === undefined) return undefined;
		const lineIndent = this.indentAt(line);
		if (lineIndent < indent) return undefined;
		if (lineIndent > indent) throw unsupported;
		const content = line + lineIndent;
		return seq === this.isDash(content) ? content : undefined;
	}

	private pair(start: number, indent: number, before: YAMLMap | undefined, index: number): Pair {
		const key = this.key(start);
		const colon = key.end;
		let i = colon + 1;
		while (this.text[i] === ' ') i++;
		const char = this.text[i];
		if (char === '\n' || i >= this.end) {
			// No value on this line: a nested block below, or null, which yaml ends at the colon.
			this.at = this.lineEnd(i);
			const nested = this.nested(indent, before && earlierValue(before, key.value, index));
			if (nested) return pairNode(key, nested);
			return pairNode(key, scalarNode(null, colon + 1, colon + 1));
		}
		// yaml stretches a comment-only value over the lines after it.
		if (char === '#') throw unsupported;
		return pairNode(key, this.scalar(i));
	}

	/** The collection under a key whose value is on the following lines, if there is one. */
	private nested(indent: number, before: unknown): Node | undefined {
		const line = this.nextContent();
		if (line === undefined) return undefined;
		const lineIndent = this.indentAt(line);
		const content = line + lineIndent;
		// kpt writes lists under a key at the key's own column (compact) or deeper.
		if (this.isDash(content) && lineIndent >= indent) return this.kept(before, content, YAMLSeq) ?? this.seq(content, lineIndent);
		if (lineIndent > indent)
			return this.kept(before, content, YAMLMap) ?? this.map(content, lineIndent, before instanceof YAMLMap ? before : undefined);
		return undefined;
	}

	/**
	 * The earlier reading's collection under the same key, when it starts where this one does and
	 * no edit reaches its text or the text after it up to the next content (all that reading it
	 * looks at): reading it again would make the same nodes. They keep their first ranges (the
	 * shift is noted for this reading's own ranges), so what is compared with the first reading
	 * is the same node, found equal at once (plain-of.ts sameNode).
	 */
	private kept(before: unknown, content: number, kind: typeof YAMLMap | typeof YAMLSeq): Node | undefined {
		if (!this.earlier || !(before instanceof kind) || before.flow) return undefined;
		const shift = this.moved(rangeAt(before, 0), rangeAt(before, 2), content);
		if (shift === undefined) return undefined;
		this.earlier.kept.set(before, shift);
		return before;
	}

	/**
	 * How far the earlier reading's text from the line of `from` to `to` moved, when it now begins
	 * at `at` and no edit reaches it or what reading it looked at after it: the next content line's
	 * indentation and first two characters. Reading on then starts at that line.
	 */
	private moved(from: number, to: number, at: number): number | undefined {
		const earlier = this.earlier!;
		const {text, end} = earlier;
		const first = lineStart(text, from);
		// Most text on the way to an edit holds it: told by the edits alone.
		if (earlier.shift(first, to) === undefined) return undefined;
		const next = followingLine(text, to, end);
		let look = next;
		while (text.charCodeAt(look) === 32) look++;
		// Its first line's indentation too, which set the indentation it was read at.
		const moved = earlier.shift(first, Math.min(look + 2, end));
		if (moved === undefined || from + moved !== at) return undefined;
		this.at = Math.min(next + moved, this.end);
		return moved;
	}

	/**
	 * The earlier reading's pair of a one-line value that now stands at `offset`, when no edit
	 * reaches its line or what reading it looked at after it (as for kept collections): most lines
	 * of an edited map are not edited. The first two pairs from `from` are tried: an edit inserts
	 * or removes a pair or two before the next one kept. The key and value are kept as collections are.
	 */
	private keptPair(before: YAMLMap, from: number, offset: number): {pair: Pair; index: number} | undefined {
		const earlier = this.earlier;
		if (!earlier) return undefined;
		for (let index = from; index < Math.min(from + 2, before.items.length); index++) {
			const pair = before.items[index]!;
			const {key, value} = pair as {key: unknown; value: unknown};
			// Only the reader's own nodes of a one-line value: a nested collection is kept() itself.
			if (!(key instanceof Scalar) || !isRanged(key) || !isRanged(value) || value.start === value.end) continue;
			if (isBlockCollection(value)) continue;
			// Most pairs tried are not the one at `offset`: told at once by their first character.
			if (earlier.text.charCodeAt(key.start) !== this.text.charCodeAt(offset)) continue;
			const shift = this.moved(key.start, value.after, offset);
			if (shift === undefined) continue;
			earlier.kept.set(key, shift);
			earlier.kept.set(value, shift);
			return {pair: pair as Pair, index};
		}
		return undefined;
	}

	private startsPair(offset: number): boolean {
		plainKey.lastIndex = offset;
		quotedKey.lastIndex = offset;
		return plainKey.test(this.text) || quotedKey.test(this.text);
	}

	private key(start: number): BlockScalar {
		const char = this.text[start];
		if (char === '"' || char === "'") {
			quotedKey.lastIndex = start;
			const quoted = quotedKey.exec(this.text);
			if (quoted) return this.quoted(start, quoted[0]);
		}
		const simple = simpleKeyEnd(this.text, start);
		if (simple !== undefined) return scalarNode(plainValue(this.intern(this.text.slice(start, simple))), start, simple);
		// test() and lastIndex rather than exec(): a match array for every key of every item was
		// a tenth of what a run allocates.
		plainKey.lastIndex = start;
		if (!plainKey.test(this.text)) throw unsupported;
		const end = plainKey.lastIndex;
		const source = this.text.slice(start, end);
		if (/\s#| $/.test(source)) throw unsupported;
		return scalarNode(plainValue(this.intern(source)), start, end);
	}

	/** A one-line value at `start`, a scalar or a flow collection; leaves `at` at the next line. */
	private scalar(start: number): Scalar | YAMLMap | YAMLSeq {
		const char = this.text[start];
		if (char === '{' || char === '[') {
			const {node, end} = flowCollection(this.text, start);
			this.at = this.lineEnd(this.afterValue(end));
			node.after = this.at;
			return node;
		}
		if ('[]{}&*!|>%@`,?'.includes(char!) || (char === '-' && this.text[start + 1] === ' ')) throw unsupported;
		let scalar: BlockScalar;
		if (char === '"' || char === "'") {
			const match = char === '"' ? doubleQuoted : singleQuoted;
			match.lastIndex = start;
			const found = match.exec(this.text);
			if (!found) throw unsupported;
			scalar = this.quoted(start, found[0]);
		} else {
			// Found in place: slices and regexes per line were much of what the reader allocated.
			const newline = this.text.indexOf('\n', start);
			const lineEnd = newline === -1 || newline > this.end ? this.end : newline;
			let end = lineEnd;
			for (let i = start + 1; i < lineEnd; i++) {
				if (this.text.charCodeAt(i) === 35 && this.text.charCodeAt(i - 1) === 32) {
					end = i;
					break;
				}
			}
			while (end > start && this.text[end - 1] === ' ') end--;
			const source = this.text.slice(start, end);
			if (source.includes(': ') || source.endsWith(':')) throw unsupported;
			scalar = scalarNode(plainValue(this.intern(source)), start, end);
		}
		this.at = this.lineEnd(this.afterValue(scalar.end));
		scalar.after = this.at;
		// A deeper line after it (a multi-line scalar, or worse) makes nextEntry decline.
		return scalar;
	}

	private quoted(start: number, source: string): BlockScalar {
		const {value, type} = quotedValue(source);
		return scalarNode(this.intern(value), start, start + source.length, type);
	}
}

/** A block map or list: neither a scalar nor a one-line flow collection. */
function isBlockCollection(node: Node): node is YAMLMap | YAMLSeq {
	return !(node instanceof Scalar) && !(node as YAMLMap | YAMLSeq).flow;
}

/** A node the block reader made, with its range as numbers (block-nodes.ts). */
function isRanged(node: unknown): node is Node & Ranged {
	return typeof (node as Partial<Ranged> | null)?.after === 'number';
}

/**
 * Where a key of letters, digits and `._/-` at `start` ends, when a `: ` or a `:` at the end of
 * the line follows it; else undefined. Nearly every key is one, and for them this scan finds what
 * plainKey finds (no `:` comes sooner, and no blank or `#` is in it) without a regex and its checks:
 * the keys were a sixth of the reader's time.
 */
function simpleKeyEnd(text: string, start: number): number | undefined {
	let i = start;
	for (;;) {
		const code = text.charCodeAt(i);
		// a-z, A-Z, 0-9, and `.`, `/`, `_`; `-` only after the first character (it is an indicator).
		if (
			(code >= 97 && code <= 122) ||
			(code >= 65 && code <= 90) ||
			(code >= 46 && code <= 57) ||
			code === 95 ||
			(code === 45 && i > start)
		)
			i++;
		else break;
	}
	if (i === start || text.charCodeAt(i) !== 58) return undefined;
	const next = text.charCodeAt(i + 1);
	return next === 32 || next === 10 || i + 1 === text.length ? i : undefined;
}

/**
 * The value under `key` in the earlier reading's map, looked for at `index` first: read again, a
 * map has its keys in their first order, but for the edits.
 */
function earlierValue(map: YAMLMap, key: unknown, index: number): unknown {
	const pair = map.items[index];
	return pair && (pair.key as Scalar).value === key ? pair.value : map.get(key, true);
}

/**
 * The start of the first content line after a collection whose range ends at `offset` (or `end`):
 * a range may end inside its last line (after an empty value) or at the next line's first token.
 */
function followingLine(text: string, offset: number, end: number): number {
	let start = offset;
	while (start > 0 && text.charCodeAt(start - 1) === 32) start--;
	let line = start === 0 || text[start - 1] === '\n' ? start : text.indexOf('\n', offset) + 1 || end;
	while (line < end) {
		let i = line;
		while (text.charCodeAt(i) === 32) i++;
		if (i < end && text[i] !== '\n' && text[i] !== '#') return line;
		line = text.indexOf('\n', i) + 1 || end;
	}
	return end;
}
