import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import test from 'ava';
import {tempDir} from '../support/command.js';
import {runWithPreload} from '../support/run-function.js';

/**
 * The command line stops V8's young generation at two 2 MB semi-spaces (krm/young-generation.ts),
 * and a program that calls the API keeps its own heap. Told by the young generation's size when
 * the process exits, on a list that grows it to its 16 MB semi-spaces when nothing limits it.
 */
const count = 3000;
const deployment = (i: number) =>
	`- apiVersion: apps/v1\n  kind: Deployment\n  metadata:\n    name: app-${i}\n    namespace: shop\n  spec:\n    template:\n      metadata:\n        labels:\n          app: app-${i}\n      spec:\n        containers:\n        - name: web\n          image: nginx:1.27\n          resources: {}\n          ports:\n          - containerPort: 8080\n`;
const list = `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${Array.from({length: count}, (_, i) => deployment(i)).join('')}functionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: f\n  data:\n    port: "8080"\n`;

// Loaded before the function: at exit, the young generation's size in bytes, on a line of its own.
const report = `process.on('exit', () => {
	const young = require('node:v8').getHeapSpaceStatistics().find(space => space.space_name === 'new_space');
	require('node:fs').writeSync(2, '\\nyoung generation ' + young.space_size + '\\n');
});
`;
function youngGeneration(t: import('ava').ExecutionContext, preload: string, via: 'cli' | 'api'): number {
	const size = /\nyoung generation (\d+)\n/.exec(runWithPreload(t, preload, via, list));
	t.truthy(size, 'the preload reports the young generation');
	return Number(size?.[1]);
}

const mb = 2 ** 20;

test(`${count} Deployments: the command line keeps the young generation at two 2 MB semi-spaces, the API leaves it to grow`, t => {
	const preload = join(tempDir(t, 'young-generation'), 'report.cjs');
	writeFileSync(preload, report);
	const cli = youngGeneration(t, preload, 'cli');
	const api = youngGeneration(t, preload, 'api');
	// Two semi-spaces and V8's own share of the space (4.2 MB measured); unlimited, they reach 16 MB each.
	t.true(cli <= 4.5 * mb, `the command line's young generation is ${(cli / mb).toFixed(1)} MB`);
	t.true(
		api > 8 * mb,
		`the API's young generation is ${(api / mb).toFixed(1)} MB: the input no longer grows it, and the test tells nothing`,
	);
});
