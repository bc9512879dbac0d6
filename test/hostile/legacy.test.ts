import {mkdtempSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import test from 'ava';
import {assertCliRules, runCli} from './support/cli.js';

/**
 * Legacy plugin mode (issue 15): argv[1] is the transformer config file, stdin a plain YAML
 * stream. Each case was a bug on a808ee1, fixed in krm/legacy-plugin.ts.
 */

const dir = mkdtempSync(join(tmpdir(), 'legacy-'));
const file = (name: string, text: string) => {
	const path = join(dir, name);
	writeFileSync(path, text);
	return path;
};
const config = file('config.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: scrape\ndata:\n  port: "9090"\n');
const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        ports:
        - containerPort: 9090
`;

const legacy = async (stream: string, path = config) => {
	const run = await runCli(stream, {args: [path]});
	return {...run, error: run.stderr.split('\n').find(line => line.startsWith('prometheus-scraping: error: ')) ?? ''};
};

// Was: a config path that could not be used made the run take stdin for a ResourceList, and the
// error ("kind must be ResourceList") never named the file.
test('a config file that cannot be read is an error that names it', async t => {
	symlinkSync(join(dir, 'loop-b'), join(dir, 'loop-a'));
	symlinkSync(join(dir, 'loop-a'), join(dir, 'loop-b'));
	for (const [path, why] of [
		[join(dir, 'missing.yaml'), /there is no such file/],
		[dir, /is not a regular file/],
		[join(dir, 'loop-a'), /a loop of symbolic links/],
		['/dev/zero', /is not a regular file/],
	] as const) {
		const run = await legacy(deployment, path);
		assertCliRules(t, run);
		t.is(run.status, 1, path);
		t.true(run.error.includes(`the transformer config file ${JSON.stringify(path)}`), run.error);
		t.regex(run.error, why);
		t.is(run.stdout, '');
	}
});

// Was: accepted (the last duplicate won; an unclosed quote ran to the end; the second document was dropped).
test('a config file that is not one valid YAML map is refused, naming the file', async t => {
	for (const [text, why] of [
		['apiVersion: v1\nkind: ConfigMap\nkind: Other\n', /is not valid YAML: Map keys must be unique \(line 3, column 1\)/],
		['apiVersion: v1\nkind: "ConfigMap\n', /is not valid YAML: Missing closing "quote/],
		['apiVersion: v1\nkind: ConfigMap\n---\napiVersion: v1\nkind: ConfigMap\n', /holds 2 YAML documents; it must hold one/],
		['- port: "9090"\n', /must hold a map/],
	] as const) {
		const run = await legacy(deployment, file('bad.yaml', text));
		assertCliRules(t, run);
		t.is(run.status, 1);
		t.regex(run.error, /the transformer config file ".*bad\.yaml"/);
		t.regex(run.error, why);
	}
});

// Was: a stream whose first resource was a `List` was taken for a ResourceList, and the config ignored.
test('a stream that begins with a List is a stream: the List is kept and the Deployment annotated', async t => {
	const list = 'apiVersion: v1\nkind: List\nmetadata:\n  name: l\nitems: []\n';
	const run = await legacy(`${list}---\n${deployment}`);
	assertCliRules(t, run);
	t.is(run.status, 0, run.stderr);
	t.true(run.stdout.startsWith(`${list}---\n`), run.stdout);
	t.regex(run.stdout, /prometheus\.io\/port: "9090"/);
});

// Was: "Maximum call stack size exceeded".
test('a deep stream is refused with the nesting message', async t => {
	const run = await legacy(`a: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`);
	assertCliRules(t, run);
	t.is(run.status, 1);
	t.regex(run.error, /nests collections more than \d+ levels deep/);
});

// Was: every document re-printed by the yaml library: comments moved, JSON turned into YAML,
// 12345678901234567890 rounded, `0644` read as 644.
test('each document comes out byte for byte but for the edits', async t => {
	const untouched = [
		'# a ConfigMap, written as JSON\n{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "j"},\n  "data": {"big": 12345678901234567890}}\n',
		"apiVersion: v1   # spaces kept\nkind: Secret\nmetadata: {name: s, annotations: {a: 'x'}}\nstringData:\n  mode: 0644\n  script: |\n    echo   one\n      two\n",
		'--- {apiVersion: v1, kind: ConfigMap, metadata: {name: flow}}\n',
	];
	const stream = `${untouched[0]}---\n${deployment}---\n${untouched[1]}${untouched[2]}`;
	const run = await legacy(stream);
	assertCliRules(t, run);
	t.is(run.status, 0, run.stderr);
	const documents = run.stdout.split(/^---\n/m);
	t.is(documents.length, 4, run.stdout);
	t.is(documents[0], untouched[0]);
	t.is(documents[2], untouched[1]);
	t.is(documents[3], '{apiVersion: v1, kind: ConfigMap, metadata: {name: flow}}\n');
	t.regex(documents[1]!, /^apiVersion: apps\/v1\nkind: Deployment\n/);
	t.regex(documents[1]!, /prometheus\.io\/port: "9090"/);
});

test('a CRLF stream, and a block scalar that begins on the `---` line, come out as they were', async t => {
	const scalar = '--- |\n  a document that is one block scalar\n';
	const configMap = 'apiVersion: v1\r\nkind: ConfigMap\r\nmetadata:\r\n  name: crlf   # kept\r\ndata:\r\n\r\n  a: "1"\r\n';
	const run = await legacy(`${configMap}---\r\n${deployment.replace(/\n/g, '\r\n')}`);
	assertCliRules(t, run);
	t.is(run.status, 0, run.stderr);
	t.true(run.stdout.startsWith(`${configMap}---\r\n`), JSON.stringify(run.stdout.slice(0, 200)));
	t.regex(run.stdout, /prometheus\.io\/port: "9090"\r\n/);
	const block = await legacy(`${scalar}---\n${deployment}`);
	t.is(block.status, 0, block.stderr);
	t.true(block.stdout.startsWith('|\n  a document that is one block scalar\n---\n'), block.stdout);
});
