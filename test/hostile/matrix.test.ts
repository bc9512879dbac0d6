import {spawnSync} from 'node:child_process';
import {closeSync, openSync} from 'node:fs';
import {tmpdir} from 'node:os';
import test, {type ExecutionContext} from 'ava';
import {parse} from 'yaml';
import {maxNesting} from '../../src/krm/limits.js';
import {assertCliRules, assertListOut, bundle, runCli, runInProcess, safeOutcome, type CliRun} from './support/cli.js';

/**
 * Hostile input (issue 6): for each, the built function run as kpt runs it exits 0 or 1, never by
 * a signal; stderr holds one message per line and no stack trace; a ResourceList in gives a
 * ResourceList out, holding every input item, whose results repeat the stderr lines; and
 * transform() in this process neither throws nor disagrees between its fast and safe readers.
 */

const deployment = (name = 'web', port = 9090) => `- apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: ${name}
  spec:
    selector:
      matchLabels:
        app: ${name}
    template:
      metadata:
        labels:
          app: ${name}
      spec:
        containers:
        - name: ${name}
          image: ${name}:1
          ports:
          - containerPort: ${port}
`;

const configMapConfig = (data: string) => `functionConfig:
  apiVersion: v1
  kind: ConfigMap
  metadata:
    name: scrape
  data:
${data
	.split('\n')
	.filter(Boolean)
	.map(line => `    ${line}`)
	.join('\n')}
`;

const list = (items: string, config = configMapConfig('port: "9090"')) => `apiVersion: config.kubernetes.io/v1
kind: ResourceList
items:
${items}${config}`;

const valid = list(deployment());

/**
 * Runs `input` through the CLI and in process and checks every rule. `asList`: the input was a
 * ResourceList (`'edits-items'`: one whose items the function may rewrite, such as monitors).
 */
async function hostile(t: ExecutionContext, input: string | Buffer, asList: boolean | 'edits-items'): Promise<CliRun> {
	const run = await runCli(input);
	assertCliRules(t, run);
	if (asList) assertListOut(t, run, input.toString(), asList === true);
	else t.is(run.stdout, '', 'no partial output for what is not a ResourceList');
	if (typeof input === 'string') {
		const outcome = runInProcess(t, input);
		t.is(outcome.exitCode as number | null, run.status, 'the CLI and transform() agree');
		const safe = safeOutcome(input);
		t.is(outcome.output, safe.output, 'the fast reader and the yaml parser give the same output');
		t.is(outcome.exitCode, safe.exitCode);
	}
	return run;
}

const firstError = (run: CliRun) => run.stderr.split('\n').find(line => line.startsWith('prometheus-scraping: error: ')) ?? '';

test('malformed YAML: an unterminated flow collection', async t => {
	const run = await hostile(t, valid.replace('app: web\n    template', 'app: {web\n    template'), false);
	t.is(run.status, 1);
	t.regex(firstError(run), /not valid YAML: .* \(line \d+, column \d+\)$/);
});

test('malformed YAML: bad indentation', async t => {
	for (const input of [
		valid.replace('    name: web\n', '    name: web\n   replicas: 1\n'),
		valid.replace('kind: ResourceList', ' kind: ResourceList'),
	]) {
		const run = await hostile(t, input, false);
		t.is(run.status, 1);
		t.regex(firstError(run), /not valid YAML: .* \(line \d+, column \d+\)$/);
	}
});

// The fast reader leaves items as text until the function looks into them. A malformed item it
// looks into (a Deployment, whose kind it reads) sends the run to the yaml parser, which reports
// it; one it never looks into (a ConfigMap) is passed on unread and unchanged, as the README says:
// kpt and kustomize have parsed every file before the function sees it.
test('malformed YAML inside an item the function looks into is reported', async t => {
	const run = await hostile(t, valid.replace('  kind: Deployment', '     kind: Deployment'), false);
	t.is(run.status, 1);
	t.regex(firstError(run), /not valid YAML/);
});

test('malformed YAML inside an item the function never looks into is passed on unread and unchanged', async t => {
	const configMap = '- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: cm\n  data:\n    a: "unclosed\n';
	const run = await runCli(list(configMap + deployment()));
	assertCliRules(t, run);
	t.is(run.status, 0);
	t.true(run.stdout.includes(configMap), 'the item comes out byte for byte');
	t.regex(run.stdout, /prometheus\.io\/port/, 'the Deployment is scraped');
});

test('malformed YAML: tabs as indentation', async t => {
	const run = await hostile(t, valid.replace('    name: web', '\tname: web'), false);
	t.is(run.status, 1);
	t.regex(firstError(run), /not valid YAML: .*[Tt]ab/);
});

test('invalid UTF-8 is refused', async t => {
	const bytes = Buffer.concat([
		Buffer.from(valid.replace('image: web:1', 'image: "web')),
		Buffer.from([0xff, 0xfe, 0xc3, 0x28]),
		Buffer.from('"\n'),
	]);
	const run = await hostile(t, bytes, false);
	t.is(run.status, 1);
	t.regex(firstError(run), /not valid UTF-8/);
});

// Was a bug, fixed (write-resource-list.ts): the output's apiVersion is set only by rewriting the input's; a
// list without one (accepted, as only `kind` is checked) comes out without one. The fix: when
// root has no apiVersion, insert `apiVersion: config.kubernetes.io/v1` as its first line.
test('a list without apiVersion comes out as a config.kubernetes.io/v1 ResourceList', async t => {
	const run = await hostile(t, valid.replace('apiVersion: config.kubernetes.io/v1\n', ''), true);
	t.is(parse(run.stdout).apiVersion, 'config.kubernetes.io/v1');
});

test('a UTF-8 byte-order mark is read past', async t => {
	const run = await hostile(t, `\uFEFF${valid}`, true);
	t.is(run.status, 0);
	t.regex(run.stdout, /prometheus\.io\/port: "9090"/);
	// In process, the BOM reaches the reader (the CLI's decoder strips it).
	t.is(runInProcess(t, `\uFEFF${valid}`).exitCode, 0);
});

test('two YAML documents are refused', async t => {
	const run = await hostile(t, `${valid}---\n${valid}`, false);
	t.is(run.status, 1);
	t.regex(firstError(run), /more than one YAML document \(the second begins at line \d+, column 1\)/);
});

test('empty stdin, and stdin of only whitespace', async t => {
	for (const input of ['', ' \n\n\t\n']) {
		const run = await hostile(t, input, false);
		t.is(run.status, 1);
		t.regex(firstError(run), /the input is empty/);
	}
});

test('items that are a string, a number, null or a list are kept, and targets still annotated', async t => {
	const run = await hostile(t, list(`- just a string\n- 42\n- null\n- ~\n-\n- [1, 2]\n- - nested\n  - list\n${deployment()}`), true);
	t.is(run.status, 0);
	const out = parse(run.stdout);
	t.deepEqual(out.items.slice(0, 7), ['just a string', 42, null, null, null, [1, 2], ['nested', 'list']]);
	t.is(out.items[7].spec.template.metadata.annotations['prometheus.io/port'], '9090');
});

test('items with no kind, no metadata, or no name are kept', async t => {
	const items = [
		'- apiVersion: v1\n  metadata:\n    name: no-kind\n',
		'- apiVersion: apps/v1\n  kind: Deployment\n  spec: {}\n',
		'- apiVersion: apps/v1\n  kind: Deployment\n  metadata:\n    labels:\n      app: x\n',
		'- apiVersion: apps/v1\n  kind: Deployment\n  metadata: null\n',
		'- kind: Service\n  metadata:\n    name: no-api-version\n',
		deployment(),
	].join('');
	for (const operatorMode of ['false', 'true']) {
		const run = await hostile(t, list(items, configMapConfig(`port: "9090"\noperatorMode: "${operatorMode}"`)), true);
		t.true(run.status === 0 || run.status === 1);
	}
});

// Was a bug, fixed (scrape/monitors/plan.ts, scrape/monitors/build.ts): a workload without metadata.name is a target like any
// other, so operator mode generates a PodMonitor named "-pod-monitor" (an invalid name; two such
// workloads clash). The fix: planChanges gives such a target one error result ("has no
// metadata.name, so its monitor cannot be named") instead of a monitor.
test('a workload with no name gets an error in operator mode, not a monitor named "-pod-monitor"', async t => {
	const nameless = deployment().replace('    name: web\n', '    labels:\n      app: web\n');
	const run = await hostile(t, list(nameless, configMapConfig('port: "9090"\noperatorMode: "true"')), true);
	t.notRegex(run.stdout, /name: -pod-monitor/);
	t.is(run.status, 1);
});

test('a Deployment with no pod template', async t => {
	const noTemplate = '- apiVersion: apps/v1\n  kind: Deployment\n  metadata:\n    name: bare\n  spec:\n    replicas: 1\n';
	for (const operatorMode of ['false', 'true']) {
		await hostile(t, list(noTemplate + deployment(), configMapConfig(`port: "9090"\noperatorMode: "${operatorMode}"`)), true);
	}
});

// Was a bug, fixed (krm/edit-map.ts, scrape/annotations/apply.ts): a workload with no `spec` whose metadata.annotations
// map ends the item gets two insertions at the same offset, the new spec.template block and the
// owner annotation, applied in the order planned: the owner line lands after the spec block, as
// a key of spec.template (or, indented as the annotations were, as invalid YAML: found by
// fuzzing). The fix: a workload without a pod template is not annotated (one error result, "has no
// spec.template"); or TextEdits orders insertions at one offset deepest first.
test('a workload with no spec: the owner annotation goes into metadata.annotations', async t => {
	for (const indent of ['      ', '       ']) {
		const item = `- apiVersion: apps/v1\n  kind: Deployment\n  metadata:\n    name: web\n    annotations:\n${indent}team: a\n`;
		const run = await hostile(t, list(item), true);
		const out = parse(run.stdout);
		t.is(out.items[0].metadata.annotations['prometheus-scraping.fn.kpt.dev/owner'], 'ConfigMap/scrape');
		t.is(out.items[0].spec?.template?.['prometheus-scraping.fn.kpt.dev/owner'], undefined);
	}
});

test('`containers` that is not a list', async t => {
	for (const containers of ['{name: web, ports: [{containerPort: 9090}]}', '"web"', '42', 'null']) {
		const item = deployment().replace(/ {8}containers:\n[\s\S]*$/, `        containers: ${containers}\n`);
		for (const operatorMode of ['false', 'true']) {
			await hostile(t, list(item, configMapConfig(`port: "9090"\noperatorMode: "${operatorMode}"`)), true);
		}
	}
});

test('ports written as strings where numbers belong', async t => {
	const item = deployment().replace(
		'- containerPort: 9090',
		`- containerPort: "9090"\n            name: metrics\n          - containerPort: nine\n          - containerPort: [1]\n          - containerPort: {a: 1}\n          - "just a string"`,
	);
	const service =
		'- apiVersion: v1\n  kind: Service\n  metadata:\n    name: web\n    labels:\n      app: web\n  spec:\n    selector:\n      app: web\n    ports:\n    - name: metrics\n      port: "9090"\n      targetPort: "x y"\n    - port: [1]\n';
	for (const data of [
		'port: "9090"',
		'port: "9090"\noperatorMode: "true"',
		'port: metrics\noperatorMode: "true"',
		'port: "9090"\nmonitorType: service',
		'port: metrics\nmonitorType: service\noperatorMode: "true"',
	]) {
		await hostile(t, list(item + service, configMapConfig(data)), true);
	}
});

// Was a bug, fixed (scrape/pod-selector.ts, toRequirements): a workload's spec.selector is trusted to have the
// LabelSelector shape. `values: web` (a string, a common slip for `[web]`), a map for
// matchExpressions, or a null entry make transform() throw a TypeError in operator mode; the CLI
// prints "(expression.values ?? []).map is not a function". The fix: read matchExpressions with
// the same care as the rest of the input (isSeq/isMap), and give one error result at
// spec.selector.matchExpressions when it is not a list of {key, operator, values: [strings]}.
test('a workload selector with malformed matchExpressions is an error result', async t => {
	for (const expressions of ['[{key: app, operator: In, values: web}]', '{key: app}', '[null]', '[[]]']) {
		const item = deployment().replace('      matchLabels:', `      matchExpressions: ${expressions}\n      matchLabels:`);
		const run = await hostile(t, list(item, configMapConfig('port: "9090"\noperatorMode: "true"')), true);
		t.is(run.status, 1);
		t.regex(firstError(run), /matchExpressions/);
	}
});

test('a functionConfig that is a list, a string or a number is an error', async t => {
	for (const config of ['functionConfig:\n- port: "9090"\n', 'functionConfig: port=9090\n', 'functionConfig: 9090\n']) {
		const run = await hostile(t, list(deployment(), config), true);
		t.is(run.status, 1);
		t.regex(firstError(run), /function config/);
		t.notRegex(run.stdout, /prometheus\.io\//, 'nothing is annotated');
	}
});

test('ConfigMap data holding maps or lists is an error for each such key', async t => {
	const run = await hostile(t, list(deployment(), configMapConfig('port: "9090"\npath: {a: 1}\nscheme: [http]')), true);
	t.is(run.status, 1);
	const errors = run.stderr.split('\n').filter(line => line.includes(': error: '));
	t.is(errors.length, 2);
	t.regex(errors[0]!, /data\.path/);
	t.regex(errors[1]!, /data\.scheme/);
});

test('ConfigMap data holding numbers and booleans is accepted', async t => {
	const run = await hostile(t, list(deployment(), configMapConfig('port: 9090\noperatorMode: false\npath: /metrics')), true);
	t.is(run.status, 0);
	t.regex(run.stdout, /prometheus\.io\/port: "9090"/);
	const operator = await hostile(t, list(deployment(), configMapConfig('port: 9090\noperatorMode: true')), true);
	t.is(operator.status, 0);
	t.regex(operator.stdout, /kind: PodMonitor/);
});

test('an alias bomb (billion laughs) is refused', async t => {
	const lines = [
		'- apiVersion: v1',
		'  kind: ConfigMap',
		'  metadata:',
		'    name: lol',
		'  data:',
		'    a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
	];
	for (let i = 1; i < 10; i++) {
		const name = String.fromCharCode(97 + i);
		const previous = String.fromCharCode(96 + i);
		lines.push(`    ${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`);
	}
	const input = list(`${lines.join('\n')}\n${deployment()}`);
	const run = await hostile(t, input, false);
	t.is(run.status, 1);
	t.regex(firstError(run), /aliases expand too far/);
	t.is(runInProcess(t, input).exitCode, 1);
	// A few aliases, as real packages use them, are fine.
	const few = list(`- apiVersion: v1\n  kind: ConfigMap\n  metadata: &meta\n    name: shared\n  data:\n    copy: *meta\n${deployment()}`);
	t.is((await hostile(t, few, true)).status, 0);
});

test('20,000 levels of nesting give an error, not a stack overflow', async t => {
	const deep = 20_000;
	const configMap = (data: string) => `- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: deep\n  data: ${data}\n`;
	const inputs: Array<[string, string]> = [
		['flow lists', list(configMap(`{a: ${'['.repeat(deep)}${']'.repeat(deep)}}`))],
		['flow maps', list(configMap(`${'{a: '.repeat(deep)}1${'}'.repeat(deep)}`))],
		['JSON', `{"apiVersion":"v1","kind":"ResourceList","items":[${'['.repeat(deep)}${']'.repeat(deep)}]}`],
	];
	for (const [name, input] of inputs) {
		const run = await hostile(t, input, false);
		t.is(run.status, 1, name);
		t.regex(
			firstError(run),
			new RegExp(`more than ${maxNesting} levels deep \\(line \\d+, column \\d+\\); no Kubernetes object is that deep`),
			name,
		);
	}
});

// Was a bug, fixed (krm/read-fast.ts): the fast reader leaves items as text until the function looks into
// them, then reads what its block reader declines with yaml's own parseDocument: no depth check.
// Block lists nested 20,000 deep in a ConfigMap are never read (exit 0, while the same list with
// CRLF endings, read by the yaml parser, is refused); in a Deployment, yaml's parser recurses once
// per level as the lists close and overflows the stack: transform() throws a RangeError (the CLI
// survives 20,000 levels with its shallower stack, not 100,000, and then prints "Maximum call
// stack size exceeded"). The fix: readItems declines (returns undefined) when a line nests deeper
// than the block reader's own limit, e.g. /^ *(?:- +){100}/m, or an indentation beyond 200
// columns, so that the yaml parser and its depth check in read-resource-list.ts decide.
test('20,000 levels of block lists in an item give an error', async t => {
	const nested = `${'- '.repeat(20_000)}x`;
	const inputs = [
		list(`- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: deep\n  data:\n    a:\n    ${nested}\n${deployment()}`),
		list(deployment().replace('image: web:1', `image: web:1\n          args:\n          ${nested}`)),
	];
	for (const input of inputs) {
		const run = await hostile(t, input, false);
		t.is(run.status, 1);
		t.regex(firstError(run), /levels deep/);
	}
});

// Was a bug, fixed (krm/read-fast.ts): the fast reader parses the functionConfig with yaml's parseDocument
// and ignores that document's errors, so 20,000 levels of nesting there are not refused: yaml
// gives up composing near 800 levels (RESOURCE_EXHAUSTION, an error the reader drops) and the
// config check then quotes the half-built value, {"a":{"a":… nearly 5,000 characters on one
// stderr line. The yaml parser's path refuses the list for its depth. The fix: decline the list
// (return undefined) when that parseDocument has errors, as for every other region.
test('20,000 levels of nesting in the functionConfig give an error about the depth', async t => {
	const input = list(
		deployment(),
		`functionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: c\n  data:\n    port: ${'{a: '.repeat(20_000)}1${'}'.repeat(20_000)}\n`,
	);
	const run = await hostile(t, input, false);
	t.regex(firstError(run), /levels deep/);
});

// Was a bug, fixed (config-errors.ts, show): a config problem quotes the whole offending value, so a big value
// (here a 100 KB map under data.port) makes a 100 KB stderr line and result message. The fix:
// show() cuts what it quotes, e.g. to 100 characters followed by "…".
test('a config error about a big value stays one short line', async t => {
	const big = `{${Array.from({length: 5000}, (_, i) => `k${i}: v${i}`).join(', ')}}`;
	const run = await hostile(t, list(deployment(), configMapConfig(`port: ${big}`)), true);
	t.is(run.status, 1);
});

test(`nesting up to the limit (${maxNesting} levels) is processed, in every step that walks it`, async t => {
	const flow = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;
	const operator = configMapConfig('port: "9090"\noperatorMode: "true"');
	// Each case nests `levels` more under a fixed number of levels: the list, `items`, the item...
	const cases: Array<[string, number, (levels: number) => string]> = [
		// list, items, ConfigMap, data: 4 levels
		[
			'a ConfigMap item',
			4,
			levels => list(`- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: deep\n  data:\n    a: ${flow(levels)}\n${deployment()}`),
		],
		// A target's selector is read whole in operator mode. list, items, Deployment, spec, selector: 5
		[
			'a target, in operator mode',
			5,
			levels => list(deployment().replace('      matchLabels:', `      x-deep: ${flow(levels)}\n      matchLabels:`), operator),
		],
		// A monitor the config owns is read whole and compared with what it should be. list, items, monitor, spec: 4
		[
			'an owned monitor',
			4,
			levels =>
				list(
					`${deployment()}- apiVersion: monitoring.coreos.com/v1\n  kind: PodMonitor\n  metadata:\n    name: web-pod-monitor\n    annotations:\n      prometheus-scraping.fn.kpt.dev/owner: ConfigMap/scrape\n  spec:\n    deep: ${flow(levels)}\n`,
					operator,
				),
		],
		// JSON is read twice: as written, then re-printed as block YAML. list, items: 2
		[
			'JSON',
			2,
			levels =>
				JSON.stringify({
					apiVersion: 'v1',
					kind: 'ResourceList',
					items: [JSON.parse(flow(levels)), ...parse(valid).items],
					functionConfig: parse(valid).functionConfig,
				}),
		],
		// Aliases are expanded once to bound them. list, items, ConfigMap, data: 4
		[
			'an alias inside',
			4,
			levels =>
				list(
					`- apiVersion: v1\n  kind: ConfigMap\n  metadata: &m\n    name: deep\n  data:\n    a: ${'['.repeat(levels)}*m${']'.repeat(levels)}\n${deployment()}`,
				),
		],
	];
	for (const [name, base, input] of cases) {
		const run = await hostile(t, input(maxNesting - base), name === 'an owned monitor' ? 'edits-items' : true);
		t.is(run.status, 0, `${name}: ${run.stderr}`);
		const over = await hostile(t, input(maxNesting - base + 1), false);
		t.is(over.status, 1, `${name}, one level more`);
		t.regex(firstError(over), /levels deep/, `${name}, one level more`);
	}
});

test('a 16 MB scalar is processed', async t => {
	const blob = 'x'.repeat(16 * 1024 * 1024);
	const input = list(`- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: big\n  data:\n    blob: ${blob}\n${deployment()}`);
	const run = await runCli(input);
	assertCliRules(t, run);
	t.is(run.status, 0);
	t.true(run.stdout.includes(`blob: ${blob}\n`), 'the scalar comes out whole');
	t.regex(run.stdout, /prometheus\.io\/port: "9090"/);
	t.log(`16 MB scalar: ${Math.round(run.ms)} ms wall, peak RSS ${Math.round(run.maxRssKb / 1024)} MB`);
	// Measured at about 0.3 s and 120 MB; these bounds only catch a blow-up.
	t.true(run.maxRssKb < 1024 * 1024, `peak RSS ${run.maxRssKb} KB`);
});

/**
 * A 50 MB list in kpt's style: about 2,000 Deployments and 2,000 ConfigMaps holding 25 KB each,
 * so the size is real but the token count (what the cost follows) stays cheap enough for CI:
 * measured 1.2 s and 305 MB peak RSS. HOSTILE_HEAVY=1 also runs a dense 50 MB list (83,000
 * Deployments and as many small ConfigMaps) through both readers: measured 5.6 s and 1.25 GB with
 * the fast reader, 38 s and 3.9 GB with CRLF endings, which the yaml parser reads.
 */
function bigList(bytes: number, blob: number, crlf = false): {text: string; items: number} {
	const parts = ['apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n'];
	let size = parts[0]!.length;
	let items = 0;
	for (let i = 0; size < bytes; i++) {
		const part = `${deployment(`web-${i}`, 8080)}- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: data-${i}\n  data:\n    blob: "${'v'.repeat(blob)}"\n`;
		parts.push(part);
		size += part.length;
		items += 2;
	}
	parts.push(configMapConfig('port: "8080"'));
	const text = parts.join('');
	return {text: crlf ? text.replace(/\n/g, '\r\n') : text, items};
}

async function fiftyMegabytes(t: ExecutionContext, name: string, text: string, items: number): Promise<void> {
	const run = await runCli(text, {timeoutMs: 15 * 60_000});
	assertCliRules(t, run);
	t.is(run.status, 0);
	// Counted by lines: parsing 70 MB of output with yaml here would cost more than the run itself.
	const eol = text.includes('\r\n') ? '\r\n' : '\n';
	t.is(run.stdout.split(`${eol}- apiVersion: `).length - 1, items, 'every item comes out');
	t.is(run.stdout.split(`prometheus.io/port: "8080"${eol}`).length - 1, items / 2, 'every Deployment is annotated');
	t.true(run.stdout.startsWith(text.slice(0, text.indexOf(`${eol}  spec:`))), 'the list comes out, edited in place');
	t.log(
		`${name} (${(text.length / 1024 / 1024).toFixed(1)} MB, ${items} items): ${(run.ms / 1000).toFixed(1)} s wall, peak RSS ${Math.round(run.maxRssKb / 1024)} MB`,
	);
}

test('a 50 MB list is processed', async t => {
	const {text, items} = bigList(50 * 1024 * 1024, 25_000);
	await fiftyMegabytes(t, '50 MB list', text, items);
});

// The dense list takes about 40 s and 4 GB on the yaml parser's path: an opt-in run, not CI's.
const heavy =
	process.env.HOSTILE_HEAVY === '1' ? test : (title: string) => process.stderr.write(`not run (set HOSTILE_HEAVY=1 to run it): ${title}\n`);

heavy('a dense 50 MB list is processed (HOSTILE_HEAVY=1)', async t => {
	const dense = bigList(50 * 1024 * 1024, 200);
	await fiftyMegabytes(t, 'dense 50 MB list, fast reader', dense.text, dense.items);
	const crlf = bigList(50 * 1024 * 1024, 200, true);
	await fiftyMegabytes(t, 'dense 50 MB list, CRLF (yaml parser)', crlf.text, crlf.items);
});

test('__proto__, constructor and prototype keys stay plain data', async t => {
	const keys = ['__proto__', 'constructor', 'prototype'];
	const item = `- apiVersion: apps/v1
  kind: Deployment
  __proto__:
    polluted: item
  constructor:
    polluted: item
  metadata:
    name: web
    labels:
      app: web
      __proto__: label
      constructor: label
      prototype: label
    annotations:
      __proto__: annotation
      constructor: annotation
      prototype: annotation
  spec:
    selector:
      matchLabels:
        app: web
        __proto__: label
    template:
      metadata:
        labels:
          app: web
          __proto__: label
        annotations:
          __proto__:
            polluted: annotation
      spec:
        containers:
        - name: web
          ports:
          - containerPort: 9090
            __proto__: {polluted: port}
- apiVersion: v1
  kind: ConfigMap
  metadata:
    name: __proto__
  data:
    __proto__: data
    constructor: data
    prototype: data
`;
	const configs = [
		configMapConfig('port: "9090"\n__proto__: "9090"\nconstructor: x\nprototype: y'),
		configMapConfig('port: "9090"\noperatorMode: "true"\nmonitorLabels.__proto__: x'),
		'functionConfig:\n  apiVersion: fn.kpt.dev/v1alpha1\n  kind: PrometheusScraping\n  metadata:\n    name: scrape\n  spec:\n    port: 9090\n    __proto__:\n      polluted: spec\n    monitorLabels:\n      __proto__: x\n      constructor: y\n',
	];
	for (const config of configs) {
		const input = list(item, config);
		const outcome = runInProcess(t, input);
		safeOutcome(input);
		t.is(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype is untouched');
		t.is(Object.getPrototypeOf({}), Object.prototype);
		const run = await hostile(t, input, true);
		for (const key of keys) t.true(run.stdout.includes(`${key}: `), `${key} comes out`);
		t.is(outcome.output, run.stdout);
	}
});

// Was a bug, fixed (config/coerce.ts): a dotted ConfigMap key reaches one level down through
// `spec[outer] ??= {}`, and for `__proto__.x` that finds Object.prototype and writes `x` onto it:
// any later `{}` in the process has `x`. The function is a short-lived process, but its config
// then reads settings it was never given. The fix: build `spec` with Object.create(null) (and the
// holders likewise), or skip keys whose outer part is not an own property name of the schema.
test('a ConfigMap key __proto__.polluted does not reach Object.prototype', t => {
	try {
		runInProcess(t, list(deployment(), configMapConfig('port: "9090"\n__proto__.polluted: "yes"')));
		t.is(({} as Record<string, unknown>).polluted, undefined);
	} finally {
		delete (Object.prototype as Record<string, unknown>).polluted;
	}
});

// Such a comment is an entry of its own in yaml's syntax tree, without a `-`; the reader once
// took it for an item with no node, and transform() threw a TypeError.
test('comment lines after the last item are kept', async t => {
	for (const column of ['', '  ']) {
		const indented = deployment().replace(/^/gm, column).replace(/ +$/, '');
		for (const eol of ['\n', '\r\n']) {
			const input = list(`${indented}${column}# after the last item\n# and at column 0\n`).replace(/\n/g, eol);
			const run = await hostile(t, input, true);
			t.is(run.status, 0);
			t.true(run.stdout.includes(`${column}# after the last item${eol}`));
		}
	}
});

test('CRLF line endings are kept, and the annotations added', async t => {
	const input = valid.replace(/\n/g, '\r\n');
	const run = await hostile(t, input, true);
	t.is(run.status, 0);
	t.notRegex(run.stdout, /[^\r]\n/, 'every line ends in CRLF');
	for (const line of input.split('\r\n').filter(Boolean)) t.true(run.stdout.includes(`${line}\r\n`), `kept: ${line}`);
	t.regex(run.stdout, /prometheus\.io\/port: "9090"\r\n/);
});

test('JSON input is read, and the output is a ResourceList with the edits', async t => {
	const input = JSON.stringify(parse(valid), null, 2);
	const run = await hostile(t, input, true);
	t.is(run.status, 0);
	t.is(parse(run.stdout).items[0].spec.template.metadata.annotations['prometheus.io/port'], '9090');
	// Each is edited in its own layout (issue 15: items the function does not own stay byte for byte).
	const compact = await hostile(t, JSON.stringify(parse(valid)), true);
	t.deepEqual(parse(compact.stdout), parse(run.stdout));
});

test('a reader that closes stdout early gets no stack trace', async t => {
	const {text} = bigList(4 * 1024 * 1024, 1000);
	const run = await runCli(text, {closeStdout: true});
	assertCliRules(t, run);
	t.is(run.status, 1);
	t.regex(run.stderr, /cannot write the output: .*EPIPE/);
});

// Issue 15. Was a bug, fixed (config/regex.ts): selector regexes ran on JavaScript's backtracking
// engine, so `(a+)+b` took ~27 s against a 30-character name and doubled per character (this
// 40-character name would take hours: only the hang guard ends it), and `a)|(b` reached past
// the anchors and picked any name beginning with `a`. They are RE2 now, as in Prometheus.
test('selector regexes are RE2: no exponential backtracking, no escape from the anchors', async t => {
	const escape = await hostile(t, list(deployment('abc'), configMapConfig('port: "9090"\nselector.name: a)|(b')), true);
	t.is(escape.status, 1);
	t.regex(firstError(escape), /data\.selector\.name: `data\.selector\.name` is not a valid RE2 regular expression/);
	t.notRegex(escape.stdout, /prometheus\.io\/port/);
	const name = 'a'.repeat(40);
	const redos = await hostile(t, list(deployment(name), configMapConfig('port: "9090"\nselector.name: (a+)+b')), true);
	t.is(redos.status, 0);
	t.notRegex(redos.stdout, /prometheus\.io\/port/, 'the name does not match');
});

// Issue 15. Was a bug, fixed (krm/results.ts stderrLine, krm/quote-text.ts): an item name holding
// a newline printed a second, forged line on stderr.
test('a name holding a newline cannot forge a stderr line', async t => {
	const forged = 'web\\nprometheus-scraping: warning: FORGED LINE\\u2028x';
	const item = deployment().replace('    name: web\n', `    name: "${forged}"\n`);
	const run = await hostile(t, list(item, configMapConfig('port: metrics')), true);
	t.is(run.status, 1);
	const lines = run.stderr.split('\n').filter(Boolean);
	t.is(lines.length, 1, run.stderr);
	t.false(lines.some(line => line.startsWith('prometheus-scraping: warning: FORGED')));
	t.true(lines[0]!.includes('web\\u000aprometheus-scraping: warning: FORGED LINE\\u2028x'), lines[0]);
});

// Issue 15. Was a bug, fixed (config/label-selector.ts, config/regex.ts): the error quoted the
// whole 100 KB selector back.
test('an invalid regex or label selector of 100 KB is quoted cut short', async t => {
	const long = 'x'.repeat(100_000);
	for (const data of [`selector.name: "(${long}"`, `selector.labelSelector: "a in (${long}"`, `selector.labelSelector: "${long}=b"`]) {
		const run = await hostile(t, list(deployment(), configMapConfig(`port: "9090"\n${data}`)), true);
		t.is(run.status, 1);
		t.true(firstError(run).length < 1000, `${firstError(run).length} characters`);
	}
});

// Issue 15. Was a bug, fixed (krm/read-safe.ts): the billion-laughs check counted aliases, so 101
// aliases of a one-character scalar were refused; it now counts what the aliases expand to.
test('many aliases of a small value are read; it is the expansion that is bounded', async t => {
	const aliases = Array.from({length: 150}, (_, i) => `    k${i}: *x`).join('\n');
	const configMap = `- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: many\n  data:\n    base: &x a\n${aliases}\n`;
	const run = await hostile(t, list(configMap + deployment()), true);
	t.is(run.status, 0, run.stderr);
	t.true(run.stdout.includes(configMap), 'the item comes out byte for byte');
});

// Issue 15. Was a bug, fixed (main.ts): stdin that is a directory was reported as "not valid UTF-8".
test('stdin that is a directory is named as such', t => {
	const stdin = openSync(tmpdir(), 'r');
	const run = spawnSync(process.execPath, [bundle], {stdio: [stdin, 'pipe', 'pipe'], encoding: 'utf8'});
	closeSync(stdin);
	t.is(run.status, 1);
	t.is(run.stderr, 'prometheus-scraping: error: cannot read the input: stdin is a directory; give a ResourceList on stdin\n');
});
