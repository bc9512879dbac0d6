/**
 * The command line a person meets first: `--version`, `--help` as plain text, and the checkout's
 * exec entry before a build.
 */
import {chmodSync, cpSync, mkdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import test from 'ava';
import {runCommand, shown, tempDir} from './support/command.js';
import {root, runCli} from './support/run-function.js';

test('--version prints the package version', t => {
	const {version} = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {version: string};
	const run = runCli('', ['--version']);
	t.is(run.status, 0);
	t.is(run.stdout, `prometheus-scraping ${version}\n`);
});

test('--help is plain text: no markdown fences, inline code marks or HTML comments', t => {
	const run = runCli('', ['--help']);
	t.is(run.status, 0);
	t.regex(run.stdout, /^Give every workload/);
	t.regex(run.stdout, /kpt fn eval --exec/, 'the examples are there');
	t.notRegex(run.stdout, /```|`|<!--/);
});

test('bin/prometheus-scraping before a build says what to run in one line, exit 1, no stack trace', async t => {
	const checkout = tempDir(t, 'unbuilt');
	mkdirSync(join(checkout, 'bin'));
	cpSync(join(root, 'bin', 'prometheus-scraping'), join(checkout, 'bin', 'prometheus-scraping'));
	chmodSync(join(checkout, 'bin', 'prometheus-scraping'), 0o755);
	const run = await runCommand(join(checkout, 'bin', 'prometheus-scraping'), [], {input: 'kind: ResourceList\nitems: []\n'});
	t.is(run.status, 1, shown('bin/prometheus-scraping', run));
	t.is(run.stdout, '');
	t.regex(
		run.stderr,
		/^prometheus-scraping: error: .*dist\/prometheus-scraping\.js is not built yet; run `npm ci && npm run build` in .*\n$/,
	);
	t.is(run.stderr.split('\n').length, 2, 'one line');
});
