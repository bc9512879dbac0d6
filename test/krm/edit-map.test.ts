import test from 'ava';
import {isMap, parseDocument, type Pair, type YAMLMap} from 'yaml';
import {CannotEdit, removeEntries, setEntries} from '../../src/krm/edit-map.js';
import {TextEdits} from '../../src/krm/text-edits.js';

function edit(text: string, change: (target: {text: string; eol: string; edits: TextEdits; removed: Set<Pair>}, root: YAMLMap) => unknown) {
	const doc = parseDocument(text);
	const root = doc.contents;
	if (!isMap(root)) throw new Error('not a map');
	const target = {text, eol: text.includes('\r\n') ? '\r\n' : '\n', edits: new TextEdits(), removed: new Set<Pair>()};
	const outcome = change(target, root);
	return {text: target.edits.apply(text), outcome};
}

const entries = {'prometheus.io/scrape': 'true', 'prometheus.io/port': '9090'};

test('creates the missing maps on the path, indented like their parent', t => {
	const {text} = edit('metadata:\n  name: web # keep\nspec:\n  replicas: 1\n', (target, root) =>
		setEntries(target, root, ['spec', 'template', 'metadata', 'annotations'], entries),
	);
	t.is(
		text,
		'metadata:\n  name: web # keep\nspec:\n  replicas: 1\n  template:\n    metadata:\n      annotations:\n        prometheus.io/scrape: "true"\n        prometheus.io/port: "9090"\n',
	);
	t.deepEqual(parseDocument(text).toJS().spec.template.metadata.annotations, entries);
});

test('adds to an existing map after its last entry and leaves values that are right alone', t => {
	const input = "a:\n  b:\n    prometheus.io/scrape: 'true' # hand-set\n    other: x\n# foot\n";
	const {text, outcome} = edit(input, (target, root) => setEntries(target, root, ['a', 'b'], entries));
	t.is(text, 'a:\n  b:\n    prometheus.io/scrape: \'true\' # hand-set\n    other: x\n    prometheus.io/port: "9090"\n# foot\n');
	t.deepEqual([...(outcome as Map<string, string>)], []);
});

test('replaces a differing value in place, keeping its comment, and reports the old value', t => {
	const {text, outcome} = edit('m:\n  prometheus.io/port: "80" # why\n', (target, root) =>
		setEntries(target, root, ['m'], {'prometheus.io/port': '9090'}),
	);
	t.is(text, 'm:\n  prometheus.io/port: "9090" # why\n');
	t.deepEqual([...(outcome as Map<string, string>)], [['prometheus.io/port', '80']]);
});

test('fills a null or empty value with a block map', t => {
	for (const empty of ['m:\n', 'm: ~\n', 'm: null\n']) {
		const {text} = edit(empty + 'n: 1\n', (target, root) => setEntries(target, root, ['m'], {k: 'v'}));
		t.deepEqual(parseDocument(text).toJSON(), {m: {k: 'v'}, n: 1}, JSON.stringify(empty));
	}
});

test('extends flow maps in flow style', t => {
	const {text} = edit('m: {a: 1}\ne: {}\n', (target, root) => {
		setEntries(target, root, ['m'], {k: 'v'});
		setEntries(target, root, ['e'], {k: 'v'});
	});
	t.is(text, 'm: {a: 1, k: "v"}\ne: {k: "v"}\n');
});

test('keeps CRLF line endings in what it adds', t => {
	const {text} = edit('a:\r\n  b: 1\r\n', (target, root) => setEntries(target, root, ['a', 'c'], {k: 'v'}));
	t.is(text, 'a:\r\n  b: 1\r\n  c:\r\n    k: "v"\r\n');
});

test('refuses to write into something that is not a map, naming the field', t => {
	const {text, outcome} = edit('spec:\n  template: [1]\n', (target, root) =>
		setEntries(target, root, ['spec', 'template', 'metadata'], {k: 'v'}),
	);
	t.true(outcome instanceof CannotEdit);
	t.is((outcome as CannotEdit).path, 'spec.template');
	t.is(text, 'spec:\n  template: [1]\n');
});

test('removing what was added restores the original text exactly', t => {
	const original = 'metadata:\n  name: web\n  annotations:\n    team: a # keep\nspec: {}\n';
	const added = edit(original, (target, root) => setEntries(target, root, ['metadata', 'annotations'], entries)).text;
	t.not(added, original);
	const removed = edit(added, (target, root) => removeEntries(target, root, ['metadata', 'annotations'], Object.keys(entries))).text;
	t.is(removed, original);
});

test('removing every entry of a map removes the maps that held only it', t => {
	const original = 'spec:\n  template:\n    spec: {}\n';
	const added = edit(original, (target, root) => setEntries(target, root, ['spec', 'template', 'metadata', 'annotations'], entries)).text;
	const removed = edit(added, (target, root) =>
		removeEntries(target, root, ['spec', 'template', 'metadata', 'annotations'], Object.keys(entries)),
	).text;
	t.is(removed, original);
});

test('removing the pair on an item’s `- ` line keeps the dash, so the items stay apart', t => {
	const text = '- metadata:\n    annotations:\n      a: b\n  kind: x\n- kind: y\n';
	const doc = parseDocument(text);
	const first = (doc.contents as unknown as {items: YAMLMap[]}).items[0]!;
	const edits = new TextEdits();
	removeEntries({text, edits}, first, ['metadata', 'annotations'], ['a']);
	const out = edits.apply(text);
	t.is(out, '- kind: x\n- kind: y\n');
	t.deepEqual(parseDocument(out).toJS(), [{kind: 'x'}, {kind: 'y'}]);
	// Nothing of the item left: an empty map, still an item.
	const alone = '- metadata:\n    annotations:\n      a: b\n- kind: y\n';
	const aloneEdits = new TextEdits();
	removeEntries(
		{text: alone, edits: aloneEdits},
		(parseDocument(alone).contents as unknown as {items: YAMLMap[]}).items[0]!,
		['metadata', 'annotations'],
		['a'],
	);
	t.deepEqual(parseDocument(aloneEdits.apply(alone)).toJS(), [{}, {kind: 'y'}]);
});

test('a key taken out and then set is written anew at the end of its map, after the new keys before it', t => {
	const input = 'm:\n  own: "1"\n  a: x # keep\n  gone: "0"\nn: 1\n';
	const {text, outcome} = edit(input, (target, root) => {
		removeEntries(target, root, ['m'], ['own', 'gone'], true);
		return setEntries(target, root, ['m'], {new: '2', own: '3', a: 'x'});
	});
	t.is(text, 'm:\n  a: x # keep\n  new: "2"\n  own: "3"\nn: 1\n');
	t.deepEqual([...(outcome as Map<string, string>)], [['own', '1']], 'what the moved key held is reported as replaced');
});

test('in a flow map, keys taken out and set again follow the pairs kept, or fill the braces when none is', t => {
	const moved = (input: string) =>
		edit(input, (target, root) => {
			removeEntries(target, root, ['m'], ['own', 'old'], true);
			setEntries(target, root, ['m'], {new: '2', own: '1'});
		}).text;
	t.is(moved('m: {own: "1", a: x, old: "0"}\n'), 'm: {a: x, new: "2", own: "1"}\n');
	t.is(moved('m: {old: "0", own: "1"}\n'), 'm: {new: "2", own: "1"}\n');
	t.is(moved('m: {\n  own: "1",\n  a: x,\n}\n'), 'm: {\n  a: x, new: "2", own: "1",\n}\n');
	for (const input of ['m: {own: "1", a: x, old: "0"}\n', 'm: {old: "0", own: "1"}\n', 'm: {\n  own: "1",\n  a: x,\n}\n'])
		t.deepEqual(Object.keys(parseDocument(moved(input)).toJS().m).slice(-2), ['new', 'own'], input);
});

test('a map its last keys were taken out of is made again for keys set after', t => {
	const {text} = edit('metadata:\n  labels:\n    team: a\n  name: x\n', (target, root) => {
		removeEntries(target, root, ['metadata', 'labels'], ['team']);
		setEntries(target, root, ['metadata', 'labels'], {release: 'prom'});
	});
	t.is(text, 'metadata:\n  name: x\n  labels:\n    release: "prom"\n');
});
