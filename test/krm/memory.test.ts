import {spawnSync} from 'node:child_process';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import test from 'ava';
import {bundle} from '../support/run-function.js';

/**
 * Under a container-sized heap, an input too large for it is refused with one line and exit 1, on
 * every path that reads it: V8's own way out is a fatal error, a native stack and exit 134. The
 * 60,000 Deployments (18 MB) of issue 15 crashed the fast reader and legacy mode.
 */
const count = 60_000;
const deployment = (i: number) =>
	`apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-${i}\n  namespace: shop\nspec:\n  template:\n    metadata:\n      labels:\n        app: app-${i}\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n        ports:\n        - containerPort: 8080\n`;
const indent = (text: string) => text.replace(/^(?=.)/gm, '  ').replace(/^ {2}/, '- ');
const config = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: f\ndata:\n  port: "8080"\n';
const docs = Array.from({length: count}, (_, i) => deployment(i));
const list = `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${docs.map(indent).join('')}functionConfig:\n${config.replace(/^/gm, '  ').trimEnd()}\n`;

function run(t: import('ava').ExecutionContext, args: string[], input: string): void {
	const child = spawnSync(process.execPath, ['--max-old-space-size=512', bundle, ...args], {
		input,
		maxBuffer: 1 << 28,
		// A hang guard only, in minutes: the refusal comes before any parse.
		timeout: 10 * 60_000,
	});
	const stderr = child.stderr.toString();
	t.is(child.signal, null, stderr.slice(0, 300));
	t.is(child.status, 1, stderr.slice(0, 300));
	t.regex(
		stderr,
		/^prometheus-scraping: error: the input is too large for the memory this process may use: [^\n]*NODE_OPTIONS=--max-old-space-size=\d+[^\n]*\n$/,
	);
}

test(`${count} Deployments in a block ResourceList, fast reader, 512 MB heap: refused in one line`, t => {
	run(t, [], list);
});

test(`${count} Deployments as a plain stream, legacy plugin mode, 512 MB heap: refused in one line`, t => {
	const dir = mkdtempSync(join(tmpdir(), 'memory-'));
	writeFileSync(join(dir, 'config.yaml'), config);
	run(t, [join(dir, 'config.yaml')], docs.join('---\n'));
});
