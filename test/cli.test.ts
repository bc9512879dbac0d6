/**
 * The command line a person meets first: `--version`, `--help` as plain text, and the checkout's
 * exec entry before a build.
 */
import {spawn} from 'node:child_process';
import {chmodSync, cpSync, mkdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import test from 'ava';
import {functionConfigs, resourceList, withFunctionConfig} from '../bench/inputs.js';
import {realShapedFiles} from '../bench/real-shaped.js';
import {runCommand, shown, tempDir} from './support/command.js';
import {bundle, root, runCli} from './support/run-function.js';
import {e2eTest} from './support/tools.js';

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

// kpt shows the results and the function's stderr both, kustomize and a shell only stderr.
const kptAnnotation = "      internal.config.kubernetes.io/seqindent: 'compact'\n";
const kustomizeAnnotation = `      config.kubernetes.io/local-config: "true"
      config.kubernetes.io/function: |
        container:
          image: localhost/prometheus-scraping:0.1.0
`;

/** A Service the config (which scrapes pods) warns has no targets, as kpt or another caller hands it over. */
const noTargets = (itemAnnotations: string, configAnnotations: string) => `apiVersion: config.kubernetes.io/v1
kind: ResourceList
items:
- apiVersion: v1
  kind: Service
  metadata:
    name: web
    annotations:
      config.kubernetes.io/path: 'service.yaml'
${itemAnnotations}functionConfig:
  apiVersion: fn.kpt.dev/v1alpha1
  kind: PrometheusScraping
  metadata:
    name: shop
${configAnnotations ? `    annotations:\n${configAnnotations}` : ''}  spec:
    port: metrics
`;

const warningLine = /^prometheus-scraping: warning: PrometheusScraping shop: no targets: .*\n$/;

test('a warning is also a line on stderr when no orchestrator says it is kpt: a shell, kustomize', t => {
	const run = runCli(noTargets('', ''));
	t.is(run.status, 0);
	t.regex(run.stdout, /severity: warning/);
	t.regex(run.stderr, warningLine);
});

test("a warning is a result only, with no stderr line, when the items were read by kpt's package reader", t => {
	const run = runCli(noTargets(kptAnnotation, ''));
	t.is(run.status, 0);
	t.regex(run.stdout, /severity: warning/);
	t.is(run.stderr, '');
});

test("a config declared as kustomize's KRM function gets its stderr lines whatever the items carry", t => {
	const run = runCli(noTargets(kptAnnotation, kustomizeAnnotation));
	t.is(run.status, 0);
	t.regex(run.stderr, warningLine);
});

const withPerl = e2eTest(['perl'], "it makes the function's stdin and stdout non-blocking");

/** Waits a little: the other end of a non-blocking pipe has to be given time. */
const pause = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

// main.ts reads stdin and writes stdout in blocking calls, and falls back to Node's streams where a
// call fails with EAGAIN. kpt, kustomize and Node's spawn hand the function blocking pipes, so here
// perl (part of every Debian) makes them non-blocking before it runs the function; the input is
// written in pieces and the output read only after a wait, so that the function finds stdin
// empty and stdout full.
withPerl('a non-blocking stdin and stdout (EAGAIN) are read and written whole', async t => {
	const nonBlocking =
		'use Fcntl; for my $fh (*STDIN, *STDOUT) { fcntl($fh, F_SETFL, fcntl($fh, F_GETFL, 0) | O_NONBLOCK) or die $! } exec @ARGV or die $!';
	const child = spawn('perl', ['-e', nonBlocking, process.execPath, bundle], {stdio: 'pipe'});
	const exited = new Promise<number | null>(resolve => child.on('close', resolve));
	let stderr = '';
	child.stderr.setEncoding('utf8').on('data', chunk => (stderr += chunk));
	const chunks: Buffer[] = [];
	child.stdout.pause().on('data', (chunk: Buffer) => chunks.push(chunk));
	// Larger than a pipe holds (64 KiB), in and out.
	const list = Buffer.from(withFunctionConfig(resourceList(realShapedFiles(10)), functionConfigs.annotate));
	for (let done = 0; done < list.length; done += 16_384) {
		await pause(5);
		child.stdin.write(list.subarray(done, done + 16_384));
	}
	child.stdin.end();
	await pause(500);
	child.stdout.resume();
	t.is(await exited, 0, stderr);
	const expected = runCli(list);
	t.true(expected.stdout.length > 65_536);
	t.is(Buffer.concat(chunks).toString('utf8'), expected.stdout);
});
