import test from 'ava';
import {parse} from 'yaml';
import {ListEditor} from '../../src/krm/editor.js';
import {FileSlots} from '../../src/krm/file-slots.js';
import {Item} from '../../src/krm/item.js';
import {readFast} from '../../src/krm/read-fast.js';
import {readSafely} from '../../src/krm/read-safe.js';

const list = (items: string) => `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${items}`;
const monitor = '- apiVersion: v1\n  kind: PodMonitor\n  metadata:\n    name: m\n    labels:\n      team: a\n  spec: {}\n';

test('an edit that would write something else than meant is an error on the item, and nothing is written', t => {
	const input = list(monitor);
	const read = readSafely(input);
	const editor = new ListEditor(read);
	// Keys are written plain: one that begins with `#` is a comment, and the entry would be missing.
	editor.setEntries(read.items[0]!, ['metadata', 'labels'], {'#release': 'prom'});
	const results = editor.check();
	t.is(results.length, 1);
	t.is(results[0]!.severity, 'error');
	t.regex(results[0]!.message, /could not edit this item safely: `metadata.labels.#release` would read as nothing .*nothing was written/);
	t.is(results[0]!.resourceRef?.name, 'm');
	t.true(editor.write(results, true).startsWith(input), 'the items come out as they came in');
});

test('edits that mean what they write pass the check, and only edited items are read again', t => {
	const input = list(`${monitor}- just text: [unclosed\n`.replace('- just text: [unclosed\n', '- {a: 1}\n'));
	const read = readSafely(input);
	const editor = new ListEditor(read);
	editor.removeEntries(read.items[0]!, ['metadata', 'labels'], ['team'], true);
	editor.setEntries(read.items[0]!, ['metadata', 'labels'], {release: 'prom'});
	editor.setEntries(read.items[0]!, ['metadata', 'annotations'], {'prometheus.io/port': '9090'});
	editor.appendItems([{kind: 'New', metadata: {name: 'n', annotations: {a: '\u0085'}}}]);
	let reads = 0;
	const changeableValue = Item.prototype.changeableValue;
	Item.prototype.changeableValue = function (this: Item) {
		reads++;
		return changeableValue.call(this);
	};
	try {
		t.deepEqual(editor.check(), []);
	} finally {
		Item.prototype.changeableValue = changeableValue;
	}
	t.is(reads, 1, 'the unedited item is not read');
	const out = parse(editor.write([]));
	t.deepEqual(out.items[0].metadata, {name: 'm', labels: {release: 'prom'}, annotations: {'prometheus.io/port': '9090'}});
	t.deepEqual(out.items[2], {kind: 'New', metadata: {name: 'n', annotations: {a: '\u0085'}}});
});

test('FileSlots reads each item that mentions a path at most once, however many monitors are placed', t => {
	const n = 300;
	const items = Array.from(
		{length: n},
		(_, i) => `- kind: ConfigMap\n  metadata:\n    name: c${i}\n    annotations:\n      config.kubernetes.io/path: m${i}.yaml\n`,
	).join('');
	const read = readSafely(list(items));
	let reads = 0;
	const descriptor = Object.getOwnPropertyDescriptor(Item.prototype, 'filePath')!;
	Object.defineProperty(Item.prototype, 'filePath', {
		...descriptor,
		get(this: Item) {
			reads++;
			return descriptor.get!.call(this);
		},
	});
	try {
		const slots = new FileSlots(read);
		for (let i = 0; i < n; i++) t.is(slots.claim('', undefined, `m${i}.yaml`).index, '1');
		t.is(slots.claim('', undefined, 'm0.yaml').index, '2');
	} finally {
		Object.defineProperty(Item.prototype, 'filePath', descriptor);
	}
	t.true(reads <= n, `${reads} reads of an item's path for ${n} items`);
});

test('an edited item read again keeps the collections no edit reaches, and still finds how each value was written', t => {
	const deployment =
		'- apiVersion: apps/v1\n  kind: Deployment\n  metadata:\n    name: web\n  spec:\n    template:\n      metadata:\n        labels: {app: web}\n' +
		'      spec:\n        containers:\n        - name: app\n          ports:\n          - containerPort: 0755\n';
	const read = readFast(list(deployment))!;
	const item = read.items[0]!;
	const port = ['spec', 'template', 'spec', 'containers', 0, 'ports', 0, 'containerPort'];
	const editor = new ListEditor(read);
	editor.setEntries(item, ['spec', 'template', 'metadata', 'annotations'], {'prometheus.io/port': '8080'});
	t.deepEqual(editor.check(), []);
	const [output] = editor.outputItems();
	// The containers were not read again: they are the first reading's nodes.
	t.is(output!.getNode(['spec', 'template', 'spec']), item.getNode(['spec', 'template', 'spec']));
	t.not(output!.getNode(['spec', 'template', 'metadata']), item.getNode(['spec', 'template', 'metadata']));
	t.is(output!.sourceOf(output!.getNode(port)!), '0755');
	t.is(output!.sourceOf(output!.getNode(['spec', 'template', 'metadata', 'annotations', 'prometheus.io/port'])!), '"8080"');
	t.is(output!.sourceOf(output!.getNode(['metadata', 'name'])!), 'web');
});
