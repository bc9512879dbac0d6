import test from 'ava';
import {readFast} from '../../src/krm/read-fast.js';
import {readSafely} from '../../src/krm/read-safe.js';

const list = (items: string) => `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${items}`;
const item = (name: string, annotations: string) =>
	`- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: ${name}\n    annotations:\n${annotations}`;
const plain =
	item('a', "      internal.config.kubernetes.io/package-path: 'sub'\n") + item('b', "      config.kubernetes.io/path: 'b.yaml'\n");
// The fourth item's metadata, package included, is the third's: its own text never says it.
const aliased =
	'- apiVersion: v1\n  kind: ConfigMap\n  metadata: &meta\n    name: c\n    annotations: {internal.config.kubernetes.io/package-path: other}\n' +
	'- apiVersion: v1\n  kind: ConfigMap\n  metadata: *meta\n';

test('an item’s package is its package-path annotation, read from its text or through an alias', t => {
	for (const read of [readFast(list(plain))!, readSafely(list(plain))]) {
		t.deepEqual(
			read.items.map(each => each.packagePath),
			['sub', ''],
		);
	}
	t.deepEqual(
		readSafely(list(plain + aliased)).items.map(each => each.packagePath),
		['sub', '', 'other', 'other'],
	);
});
