import test from 'ava';
import fc from 'fast-check';
import {isMap, isPair, isScalar, isSeq, parseDocument, type Node} from 'yaml';
import {parseBlockMap} from '../../src/krm/block-reader.js';
import {TextEdits} from '../../src/krm/text-edits.js';

/**
 * The block reader must give what yaml gives: the same values and, since edits are spliced at
 * node ranges, the same ranges, for everything it accepts. Where it declines, yaml takes over.
 */
function compare(text: string): 'same' | 'declined' | string {
	const ours = parseBlockMap(text, 0, text.length);
	if (!ours) return 'declined';
	const doc = parseDocument(text, {uniqueKeys: false});
	if (doc.errors.length > 0) return `accepted invalid YAML: ${doc.errors[0]!.message}`;
	const problems: string[] = [];
	// A value's range[2] takes the comment lines after it, which yaml gives only the last value of a
	// collection as the reader does (only the last one's sets where the collection ends): without
	// comment lines, every range[2] must be yaml's.
	walk(ours, doc.contents as Node, '$', problems, !/^ *#/m.test(text));
	return problems.length === 0 ? 'same' : problems.slice(0, 3).join('; ');
}

function walk(ours: unknown, theirs: unknown, path: string, problems: string[], whole: boolean): void {
	const a = ours as Node & {range?: number[]};
	const b = theirs as Node & {range?: number[]};
	if (a?.constructor !== b?.constructor) {
		problems.push(`${path}: ${a?.constructor?.name} vs ${b?.constructor?.name}`);
		return;
	}
	if (a?.range?.[0] !== b?.range?.[0] || a?.range?.[1] !== b?.range?.[1] || (whole && a?.range?.[2] !== b?.range?.[2]))
		problems.push(`${path}: range ${a?.range} vs ${b?.range}`);
	if (isScalar(a) && isScalar(b) && !Object.is(a.value, b.value)) problems.push(`${path}: value ${String(a.value)} vs ${String(b.value)}`);
	if ((isMap(a) && isMap(b)) || (isSeq(a) && isSeq(b))) {
		if (Boolean(a.flow) !== Boolean(b.flow)) problems.push(`${path}: flow ${a.flow} vs ${b.flow}`);
		if (a.items.length !== b.items.length) problems.push(`${path}: ${a.items.length} vs ${b.items.length} entries`);
		a.items.forEach((item, i) => {
			const other = b.items[i];
			if (isPair(item) && isPair(other)) {
				walk(item.key, other.key, `${path}.key${i}`, problems, whole);
				walk(item.value, other.value, `${path}.${String((item.key as {value?: unknown}).value)}`, problems, whole);
			} else walk(item, other, `${path}[${i}]`, problems, whole);
		});
	}
}

test('kpt-style items read the same as with yaml', t => {
	const samples = [
		"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web # comment\n  annotations:\n    config.kubernetes.io/index: '0'\nspec:\n  template:\n    spec:\n      containers:\n      - name: web\n        ports:\n        - containerPort: 8080\n          name: metrics\n",
		'a:\n  b: 1 # c\n  e:\n  g: "x" \n  h:\n  - x\n  - y: 1\n    z: 2\nk: v\n',
		'a:\n- a:\n    a:\n      a:\n    a: web\n- web\n',
		"a: \"quoted \\\" esc\"\nb: 'it''s'\nc: 0o17\nd: 0x1F\ne: 1.50\nf: .inf\ng: -.Inf\nh: .nan\ni: ~\nj: True\nk: 0123\nl: +5\nm: 1e3\nn: null\n",
		'"quoted key": 1\n\'single\': 2\nnull: 3\ntrue: 4\n12: 5\nwith space: 6\nurl: http://x:80/a#b\nimg: nginx:1.27\n',
		'list:\n  - a\n  - b: c\n    d:\n      - e\nnext: 1\n',
		'last:\n  - x',
		'a: 1\n\nb: 2\n',
		'a:\n  b: 1\n  # c\n  d: 2\nk: v\n',
		'a:\n  b: 1\n  # c\nk: v\n',
		'a:\n  b: 1\n    # c\nk: v\n',
		'a:\n  b:\n    x: 1\n   # c\nk: v\n',
		'a:\n  b: 1\n    # deep\n  # same\nk: v\n',
		'a:\n  b: 1\n\n    # deep\nk: v\n',
		'a:\n  b:\n    x: 1\n      # deep\n  d: 2\n',
		'a:\n- n: 1\n    # c\nk: v\n',
		'a:\n- n: 1\n  # c\n- n: 3\n',
		'a:\n  b:\n    # c\nk: v\n',
		'a:\n  # before\n  b: 1\n',
		'k: v',
		// One-line flow collections, as real manifests write them.
		'a:\n  r: {}\n  x: []  # c\n  e:\n  - {name: A, value: "1"}\n  - {name: B, value: b}\n  z: [a, b]\nq: 1\n',
		'a: {b: 1}\n',
		'a: [1, 2]\n',
		'e: {a: 1, b: true, c: "x", d: \'y\', u: http://h:1/p, n: -1}\n',
		'e: {a: 1,   b: 2}\n',
		'a:\n  b: {}\n    # deep\nk: v\n',
		'a:\n  b: []\n  # same\nk: v\n',
		'a:\n- {name: A}\n- {name: B}\n  # c\nk: v\n',
		'a:\n  b: {}',
		'a: {b: {c: 1}}\n',
		'a: [[a, b], {c: [d]}, {}]  # x\nb:\n- {a: {}}\n  # c\nk: v\n',
	];
	for (const sample of samples) t.is(compare(sample), 'same', sample);
});

test('what the reader does not cover, it declines', t => {
	const declined = [
		'a: {{b: 1}: c}\n',
		'a: {b: 1 }\n',
		'a: {b: 1 , c: 2}\n',
		'a: {b: 1,\n  c: 2}\n',
		'a: {b}\n',
		'a: {"b":1}\n',
		'a: [a, b] x\n',
		'a: |\n  text\n',
		'a: >\n  text\n',
		'a: &x 1\nb: *x\n',
		'a: !!str 1\n',
		'a: # only a comment\nb: 2\n',
		'a: 1\n# a comment at column 0\nb: 2\n',
		'a: multi\n  line\n',
		'a:\n    b: 1\n  c: 2\n',
		'a: b: c\n',
		'a:\t1\n',
		'? complex\n: key\n',
		'a: "\\x41"\n',
		'- a\n',
	];
	for (const sample of declined) t.is(compare(sample), 'declined', JSON.stringify(sample));
});

const scalarText = fc.oneof(
	fc.constantFrom(
		'web',
		'nginx:1.27',
		'8080',
		'0',
		'1.5',
		'true',
		'no',
		'null',
		'~',
		'0o7',
		'0x1f',
		'a b',
		'ü→',
		'x-y.z/w',
		'-1',
		'+2',
		'.5',
		'1e3',
		'.inf',
		'http://a:1/b',
		'Nope',
		'tRUE',
		'false',
		'F',
		'-.5e-3',
	),
	fc.constantFrom(
		'"quoted"',
		"'single'",
		'"with \\"escape\\""',
		"'it''s'",
		"'a''''b'",
		'""',
		"''",
		'"9090"',
		'"ü→ x"',
		"'a\"b'",
		'"a\'b"',
		'"back\\\\slash"',
		'"tab\there"',
		'"\\u00e9"',
	),
	fc.constantFrom(
		'{}',
		'[]',
		'[a, b]',
		'{name: x, value: "y"}',
		"{a: 'b',  c: 1.5}",
		'[http://a:1/b]',
		'{requests: {storage: 1Gi}}',
		'[[a], {b: []}]',
	),
);
const keyText = fc.constantFrom(
	'a',
	'name',
	'app.kubernetes.io/name',
	'prometheus.io/port',
	'"quoted key"',
	"'single key'",
	'n',
	'on',
	'1',
	'null',
	'x y',
	// At the edge of the reader's scan for keys of letters, digits and `._/-` (simpleKeyEnd).
	'a-b_c.d/e',
	'.dot',
	'x:y',
	'a#b',
	'True',
	'~',
	'0x1F',
	'ü',
);

/** Random block maps as text, the subset the reader is for, with comments at line ends. */
function blockMap(depth: number, indent: number): fc.Arbitrary<string> {
	const pad = ' '.repeat(indent);
	const comment = fc.constantFrom('', '', ' # note', '  # two spaces');
	const entry: fc.Arbitrary<string> = fc.oneof(
		{weight: 3, arbitrary: fc.tuple(keyText, scalarText, comment).map(([k, v, c]) => `${pad}${k}: ${v}${c}\n`)},
		{weight: 1, arbitrary: keyText.map(k => `${pad}${k}:\n`)},
		...(depth > 0
			? [
					{weight: 1, arbitrary: fc.tuple(keyText, blockMap(depth - 1, indent + 2)).map(([k, inner]) => `${pad}${k}:\n${inner}`)},
					{
						weight: 1,
						arbitrary: fc
							.tuple(keyText, fc.boolean(), fc.array(fc.oneof(scalarText, blockMap(depth - 1, 0)), {minLength: 1, maxLength: 3}))
							.map(([k, wide, entries]) => {
								const dash = wide ? indent + 2 : indent;
								const lines = entries.map(entryText => {
									const body = entryText.endsWith('\n') ? entryText : `${entryText}\n`;
									const [first, ...rest] = body.trimEnd().split('\n');
									return `${' '.repeat(dash)}- ${first!.trimStart()}\n${rest.map(line => `${' '.repeat(dash + 2)}${line}\n`).join('')}`;
								});
								return `${pad}${k}:\n${lines.join('')}`;
							}),
					},
				]
			: []),
	);
	// Comment and blank lines between and after entries, at any indentation: they move yaml's ranges.
	const filler = fc.oneof(
		{weight: 4, arbitrary: fc.constant('')},
		{weight: 1, arbitrary: fc.integer({min: 0, max: 8}).map(n => `${' '.repeat(n)}# comment\n`)},
		{weight: 1, arbitrary: fc.constant('\n')},
	);
	return fc.array(fc.tuple(entry, filler), {minLength: 1, maxLength: 4}).map(entries => entries.map(([e, f]) => e + f).join(''));
}

const runs = 1000;

test(`random block YAML, with comment and blank lines anywhere: ${runs} documents read the same as with yaml, or are declined`, t => {
	let same = 0;
	fc.assert(
		fc.property(blockMap(3, 0), text => {
			const outcome = compare(text);
			if (outcome === 'same') same++;
			return outcome === 'same' || outcome === 'declined' || (console.error(JSON.stringify(text), outcome), false);
		}),
		{numRuns: runs, seed: 42},
	);
	t.log(`${same} of ${runs} read by the block reader, the rest declined`);
	t.true(same > runs / 2, `only ${same} of ${runs} were read: the reader declines too much of its own subset`);
});

/**
 * Edits as the editor makes them (a new entry before an entry line, an entry line taken out, a value
 * replaced), and some it never makes but a reading must not be fooled by: a line's indentation cut
 * short, a comment line at any indentation.
 */
function editsOf(text: string, picks: readonly [number, number][]): TextEdits & {owner: object} {
	const owner = {};
	const edits = new TextEdits();
	const lines: number[] = [];
	for (let at = 0; at < text.length; at = text.indexOf('\n', at) + 1 || text.length) if (/^ *[^\s#]/.test(text.slice(at))) lines.push(at);
	const used = new Set<number>();
	for (const [pick, kind] of picks) {
		const start = lines[pick % lines.length]!;
		if (used.has(start)) continue;
		used.add(start);
		const end = text.indexOf('\n', start) + 1 || text.length;
		const indent = /^ */.exec(text.slice(start))![0];
		// A line that opens a nested block is kept: taking it out would move its block.
		if (kind === 1 && !/:\s*$/.test(text.slice(start, end))) edits.add(start, end, '', 0, owner);
		else if (kind === 2 && indent.length > 0) edits.add(start, start + 1, '', 0, owner);
		else if (kind === 3 && /: \S/.test(text.slice(start, end))) {
			const value = text.indexOf(': ', start) + 2;
			edits.add(value, end - 1, 'changed', 0, owner);
		} else if (kind === 4) edits.add(start, start, `${' '.repeat(pick % 7)}# added\n`, 0, owner);
		else if (!text.startsWith('-', start + indent.length)) edits.add(start, start, `${indent}added: value\n`, 0, owner);
	}
	return Object.assign(edits, {owner});
}

test('an edited text read again keeps what no edit reaches, and reads as reading it afresh does', t => {
	let kept = 0;
	let reread = 0;
	fc.assert(
		fc.property(blockMap(3, 0), fc.array(fc.tuple(fc.nat(), fc.nat({max: 4})), {minLength: 1, maxLength: 3}), (text, picks) => {
			const first = parseBlockMap(text, 0, text.length);
			if (!first) return true;
			const edits = editsOf(text, picks);
			const {owner} = edits;
			const edited = edits.applyTo(owner, text, 0, text.length)!;
			const earlier = {
				node: first,
				text,
				end: text.length,
				shift: (from: number, to: number) => edits.shiftOf(owner, 0, from, to),
				kept: new Map<Node, number>(),
			};
			const afresh = parseBlockMap(edited, 0, edited.length);
			const again = parseBlockMap(edited, 0, edited.length, earlier);
			if (!afresh || !again) return !afresh && !again;
			reread++;
			kept += earlier.kept.size > 0 ? 1 : 0;
			// Kept collections are the first reading's nodes, their ranges moved by the edits before them.
			const problems: string[] = [];
			const compareMoved = (ours: unknown, theirs: unknown, shift: number, path: string): void => {
				// The shift the reading noted must move the kept node's ranges onto reading afresh's.
				shift = earlier.kept.get(ours as Node) ?? shift;
				const a = ours as Node;
				const b = theirs as Node;
				if (a?.constructor !== b?.constructor) return void problems.push(`${path}: ${a?.constructor?.name} vs ${b?.constructor?.name}`);
				if (a?.range && a.range.some((at, i) => at + shift !== b.range![i])) problems.push(`${path}: range`);
				if (isScalar(a) && !Object.is(a.value, (b as typeof a).value)) problems.push(`${path}: value`);
				if ((isMap(a) && isMap(b)) || (isSeq(a) && isSeq(b))) {
					if (a.items.length !== b.items.length) return void problems.push(`${path}: entries`);
					a.items.forEach((item, i) => {
						const other = b.items[i];
						if (isPair(item) && isPair(other)) {
							compareMoved(item.key, other.key, shift, `${path}.key${i}`);
							compareMoved(item.value, other.value, shift, `${path}.${String((item.key as {value?: unknown}).value)}`);
						} else compareMoved(item, other, shift, `${path}[${i}]`);
					});
				}
			};
			compareMoved(again, afresh, 0, '$');
			return problems.length === 0 || (console.error(JSON.stringify(text), JSON.stringify(edited), problems.slice(0, 3)), false);
		}),
		{numRuns: runs, seed: 7},
	);
	t.log(`${reread} edited texts read again, ${kept} of them keeping collections of the first reading`);
	t.true(kept > reread / 4, `only ${kept} of ${reread} kept anything`);
});
