import {isDeepStrictEqual} from 'node:util';
import test from 'ava';
import fc from 'fast-check';
import {parseDocument, type Node} from 'yaml';
import {parseBlockMap} from '../../src/krm/block-reader.js';
import {removeAt, replaceAt, setAt, type Change} from '../../src/krm/edit-check.js';
import {lazyPlainOf, matchesValue, plainOf, settled} from '../../src/krm/plain-of.js';

/** plainOf must give what yaml's own toJSON gives, own properties and key order included. */
function same(node: Node | null): boolean {
	const ours = plainOf(node);
	const theirs = node === null ? null : node.toJSON();
	return isDeepStrictEqual(ours, theirs) && JSON.stringify(ours) === JSON.stringify(theirs);
}

const texts = [
	'a: 1\nb: [1, 2.5, -3e2, .inf, 0x1F, 0o17]\nc: {d: null, e: ~, f: true}\n',
	'__proto__: {polluted: 1}\nconstructor: x\ntoString: y\n',
	'? [a, b]\n: complex key\nplain: 1\n',
	': null key\n1: number key\ntrue: bool key\nnull: null-word key\n',
	'dup: 1\ndup: 2\nother: 3\n',
	'bin: !!binary aGVsbG8=\nset: !!set {a, b}\n',
	'empty:\nlist:\n- \n- a: 1\n  b: [x, {y: z}]\n- [a: b]\n',
	'text: |\n  line one\n  line two\nfolded: >-\n  folded\n  text\nquoted: "tab\\there"\n',
	'big: 12345678901234567890\nmode: 0644\nport: "9090"\n',
];

test('plainOf reads every node shape as yaml toJSON does', t => {
	for (const text of texts) {
		const doc = parseDocument(text, {uniqueKeys: false});
		t.true(same(doc.contents as Node), text);
		const block = parseBlockMap(text, 0, text.length);
		if (block) t.true(same(block), `block reader: ${text}`);
	}
});

const key = fc.oneof(fc.string({maxLength: 6}), fc.constantFrom('__proto__', 'constructor', '1', 'null', 'true', ''));
const data = fc.letrec(tie => ({
	node: fc.oneof(
		{depthSize: 'small'},
		fc.oneof(fc.string({maxLength: 8}), fc.integer(), fc.double(), fc.boolean(), fc.constant(null)),
		fc.array(tie('node'), {maxLength: 4}),
		fc.dictionary(key, tie('node'), {maxKeys: 4}),
	),
})).node;

/** A document's text and node, from random data, in block or flow style. */
const documents = fc.tuple(data, fc.boolean()).map(([value, flow]) => {
	const text = parseDocument('').createNode(value, {flow}).toString();
	return parseDocument(text, {uniqueKeys: false}).contents as Node;
});

test('plainOf agrees with yaml toJSON over random documents', t => {
	fc.assert(fc.property(documents, same), {numRuns: 500});
	t.pass();
});

test('matchesValue says what comparing with the plain value says, over random documents and values', t => {
	// Half the values are the node's own value, changed in one place or not, half are unrelated.
	const cases = fc.tuple(documents, data, fc.nat(), fc.boolean());
	fc.assert(
		fc.property(cases, ([node, other, at, own]) => {
			const value = own ? changedAt(plainOf(node), at, other) : other;
			return matchesValue(node, value) === isDeepStrictEqual(plainOf(node), value);
		}),
		{numRuns: 1000},
	);
	const text = 'a: 1\na: 2\nb: [x, {c: null}]\n';
	const node = parseDocument(text, {uniqueKeys: false}).contents as Node;
	t.true(matchesValue(node, {a: 2, b: ['x', {c: null}]}));
	t.false(matchesValue(node, {a: 1, b: ['x', {c: null}]}));
	t.false(matchesValue(node, {a: 2, b: ['x', {c: null, d: 1}]}));
});

/** `value` with the `at`-th node in a walk replaced by `other`, or unchanged when there are fewer. */
function changedAt(value: unknown, at: number, other: unknown): unknown {
	let count = 0;
	const walk = (current: unknown): unknown => {
		if (count++ === at) return other;
		if (Array.isArray(current)) return current.map(walk);
		if (typeof current === 'object' && current !== null) {
			const out: Record<string, unknown> = {};
			for (const [name, inner] of Object.entries(current))
				Object.defineProperty(out, name, {value: walk(inner), enumerable: true, writable: true, configurable: true});
			return out;
		}
		return current;
	};
	return walk(value);
}

// Few key names, so that the changes' paths meet the documents' keys.
const nearKey = fc.constantFrom('a', 'b', 'c', '__proto__', '');
const nearData = fc.letrec(tie => ({
	node: fc.oneof(
		{depthSize: 'small'},
		fc.oneof(fc.string({maxLength: 3}), fc.integer({min: 0, max: 3}), fc.constant(null)),
		fc.array(tie('node'), {maxLength: 3}),
		fc.dictionary(nearKey, tie('node'), {maxKeys: 4}),
	),
})).node;
// Items are maps: only a map is made lazily.
const nearDocuments = fc.tuple(fc.dictionary(nearKey, nearData, {maxKeys: 4}), fc.boolean()).map(([value, flow]) => {
	const text = parseDocument('').createNode(value, {flow}).toString();
	return parseDocument(text, {uniqueKeys: false}).contents as Node;
});
// The function's changes name their own paths, never `__proto__` (which a plain object's
// property access would follow to Object.prototype).
const pathKey = fc.constantFrom('a', 'b', 'c', '');
const path = fc.array(pathKey, {maxLength: 3});
// Made anew for each value they change: replaceAt's replacement is an object later changes edit.
const change = fc.oneof(
	fc.tuple(path, fc.dictionary(nearKey, nearData, {maxKeys: 2})).map(
		([at, entries]) =>
			() =>
				setAt(at, entries),
	),
	fc.tuple(path, fc.array(pathKey, {maxLength: 2}), fc.boolean()).map(
		([at, keys, keep]) =>
			() =>
				removeAt(at, keys, keep),
	),
	fc.tuple(path, nearData).map(
		([at, value]) =>
			() =>
				replaceAt(at, value),
	),
);

/** `value` without the `at`-th list item or map entry in a walk, or unchanged when there are fewer. */
function droppedAt(value: unknown, at: number): unknown {
	let count = 0;
	const walk = (current: unknown): unknown => {
		if (Array.isArray(current)) return current.filter(() => count++ !== at).map(walk);
		if (typeof current === 'object' && current !== null) {
			const out: Record<string, unknown> = {};
			for (const [name, inner] of Object.entries(current)) {
				if (count++ === at) continue;
				Object.defineProperty(out, name, {value: walk(inner), enumerable: true, writable: true, configurable: true});
			}
			return out;
		}
		return current;
	};
	return walk(value);
}

/** `value` with the key of the `at`-th map entry in a walk renamed to one no other entry has. */
function renamedAt(value: unknown, at: number): unknown {
	let count = 0;
	const walk = (current: unknown): unknown => {
		if (Array.isArray(current)) return current.map(walk);
		if (typeof current === 'object' && current !== null) {
			const out: Record<string, unknown> = {};
			for (const [name, inner] of Object.entries(current)) {
				const key = count++ === at ? `${name}-renamed` : name;
				Object.defineProperty(out, key, {value: walk(inner), enumerable: true, writable: true, configurable: true});
			}
			return out;
		}
		return current;
	};
	return walk(value);
}

function keyOnList(value: unknown): boolean {
	if (Array.isArray(value)) return Object.keys(value).length !== value.length || value.some(keyOnList);
	return typeof value === 'object' && value !== null && Object.values(value).some(keyOnList);
}

/** The value after `changes`, or the error they end in. */
function changed(value: unknown, changes: readonly (() => Change)[]): {value: unknown} | {error: true} {
	try {
		return {value: changes.reduce((current, make) => make()(current), value)};
	} catch {
		return {error: true};
	}
}

test('a value made lazily changes, compares and settles as the plain value does', t => {
	// The node read back is the first document again, or another one, or the first changed in one place.
	const cases = fc.tuple(nearDocuments, fc.array(change, {maxLength: 3}), fc.nat({max: 8}), nearData, fc.nat({max: 4}));
	fc.assert(
		fc.property(cases, ([node, changes, at, other, pick]) => {
			const eager = changed(plainOf(node), changes);
			const lazy = changed(lazyPlainOf(node), changes);
			if ('error' in eager || 'error' in lazy) return 'error' in eager && 'error' in lazy;
			// The editor never sets a key on a list (edit-map refuses); a plain value never has one.
			fc.pre(!keyOnList(eager.value));
			const plainOther = [
				plainOf(node),
				other,
				changedAt(plainOf(node), at, other),
				droppedAt(plainOf(node), at),
				renamedAt(plainOf(node), at),
			][pick];
			const found = parseDocument(parseDocument('').createNode(plainOther).toString(), {uniqueKeys: false}).contents as Node;
			// Each question on a value of its own: reading a value makes its entries values.
			const again = () => (changed(lazyPlainOf(node), changes) as {value: unknown}).value;
			return (
				matchesValue(found, again()) === isDeepStrictEqual(plainOf(found), eager.value) &&
				matchesValue(node, again()) === isDeepStrictEqual(plainOf(node), eager.value) &&
				JSON.stringify(settled(lazy.value)) === JSON.stringify(eager.value) &&
				isDeepStrictEqual(lazy.value, eager.value)
			);
		}),
		{numRuns: 2000},
	);
	t.pass();
});

test('a repeated key reads as plainOf reads it, made lazily or not', t => {
	const node = parseDocument('a: {b: 1}\nc: 2\na: {b: 3}\n', {uniqueKeys: false}).contents as Node;
	t.is(JSON.stringify(settled(lazyPlainOf(node))), JSON.stringify(plainOf(node)));
	t.true(matchesValue(node, lazyPlainOf(node)));
	t.false(matchesValue(parseDocument('a: {b: 1}\nc: 2\n').contents as Node, lazyPlainOf(node)));
});
