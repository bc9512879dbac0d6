import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import test from 'ava';
import {tempDir} from '../support/command.js';
import {runWithPreload} from '../support/run-function.js';

/**
 * The command line turns off the optimizing compiler's inlining (krm/inlining.ts), and a program
 * that calls the API keeps node's settings. Told by the V8 flags each sets, recorded by a preload.
 */
const list = `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: apps/v1\n  kind: Deployment\n  metadata:\n    name: web\n  spec:\n    template:\n      spec:\n        containers:\n        - name: web\n          ports:\n          - containerPort: 8080\nfunctionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: f\n  data:\n    port: "8080"\n`;

// Loaded before the function: every flag string it gives V8, one per line, at exit.
const recorder = `const v8 = require('node:v8');
const set = v8.setFlagsFromString;
const flags = [];
v8.setFlagsFromString = text => (flags.push(text), set(text));
process.on('exit', () => require('node:fs').writeSync(2, flags.map(text => '\\nflag ' + text).join('') + '\\n'));
`;
test('the command line runs without inlining in the optimizing compiler; the API sets no V8 flag', t => {
	const preload = join(tempDir(t, 'inlining'), 'record.cjs');
	writeFileSync(preload, recorder);
	const flagsSet = (via: 'cli' | 'api') => [...runWithPreload(t, preload, via, list).matchAll(/\nflag (.*)/g)].map(match => match[1]!);
	t.true(flagsSet('cli').includes('--no-turbo-inlining'));
	t.deepEqual(flagsSet('api'), []);
});
