import {isDeepStrictEqual} from 'node:util';
import test from 'ava';
import fc from 'fast-check';
import {parseDocument, type Node} from 'yaml';
import {parseBlockMap} from '../../src/krm/block-reader.js';
import {matchesValue, plainOf} from '../../src/krm/plain-of.js';

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
