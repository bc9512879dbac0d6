import test, {type ExecutionContext} from 'ava';
import {parse, parseDocument} from 'yaml';
import type {Outcome} from '../../src/run.js';
import {assertItemsKept, runInProcess, safeOutcome} from './support/cli.js';

/**
 * Output that is not YAML, or not what was there (issue 15): inputs whose edits gave invalid YAML
 * or changed what the function does not own. Each runs in process with both readers; the output
 * must be YAML, hold every input item, and say the same with either reader.
 */

const deployment = (templateMetadata = '', name = 'web') => `- apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: ${name}
  spec:
    template:
      metadata:
${templateMetadata}        labels:
          app: ${name}
      spec:
        containers:
        - name: ${name}
          ports:
          - containerPort: 9090
`;

const config = (data: string) =>
	`functionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: scrape\n  data:\n${data
		.split('\n')
		.filter(Boolean)
		.map(line => `    ${line}`)
		.join('\n')}\n`;

const list = (items: string, data = 'port: "9090"') =>
	`apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${items}${config(data)}`;

/** Runs `input`; the output is YAML holding every input item, the same with either reader. */
function run(t: ExecutionContext, input: string, itemsKept = true): Outcome & {items: any[]} {
	const outcome = runInProcess(t, input);
	t.is(outcome.output, safeOutcome(input).output, 'the fast reader and the yaml parser give the same output');
	const doc = parseDocument(outcome.output ?? '', {uniqueKeys: false});
	t.deepEqual(
		doc.errors.map(error => error.message),
		[],
		'the output is YAML',
	);
	const items = (doc.toJS({maxAliasCount: -1}) as {items?: any[]}).items ?? [];
	if (itemsKept) assertItemsKept(t, parse(input, {uniqueKeys: false, maxAliasCount: -1}).items ?? [], items);
	return {...outcome, items};
}

const templateAnnotations = (out: {items: any[]}, i = 0) => out.items[i].spec.template.metadata.annotations;

test('renaming monitorLabels keys keeps the labels map of the monitor', t => {
	const first = run(t, list(deployment(), 'port: "9090"\noperatorMode: "true"\nmonitorLabels.team: a'));
	t.is(first.exitCode, 0);
	const again = first.output!.replace(/functionConfig:[\s\S]*$/, '');
	for (const data of ['monitorLabels.release: prom', 'monitorLabels.release: prom\nmonitorLabels.tier: web']) {
		const second = run(t, again + config(`port: "9090"\noperatorMode: "true"\n${data}`), false);
		t.is(second.exitCode, 0);
		const monitor = second.items.find(item => item.kind === 'PodMonitor');
		t.is(monitor.metadata.name, 'web-pod-monitor');
		t.is(monitor.metadata.labels.release, 'prom');
		t.is(monitor.metadata.labels.team, undefined);
	}
});

test('a prometheus.io value written as a block scalar is replaced with its lines, and the next key kept', t => {
	for (const header of ['|', '>-', '|+', '>']) {
		for (const eol of ['\n', '\r\n']) {
			const annotations = `        annotations:\n          prometheus.io/path: ${header}\n            /x\n            /y\n          team: a\n`;
			const out = run(t, list(deployment(annotations), 'port: "9090"\npath: /metrics').replace(/\n/g, eol));
			t.is(out.exitCode, 0);
			t.is(templateAnnotations(out)['prometheus.io/path'], '/metrics');
			t.is(templateAnnotations(out).team, 'a', `${header} ${JSON.stringify(eol)}`);
		}
	}
});

test('annotations that are null with a comment get their entries on lines of their own', t => {
	for (const empty of [' # comment', ' ~ # comment', ' null', '']) {
		const out = run(t, list(deployment(`        annotations:${empty}\n`)));
		t.is(out.exitCode, 0);
		t.is(templateAnnotations(out)['prometheus.io/port'], '9090', JSON.stringify(empty));
	}
});

test('flow annotation maps with a trailing comma, or spread over lines, are extended and taken back', t => {
	for (const flow of ['{team: a,}', '{\n          team: a,\n          tier: web\n        }', '{\n          team: a\n        }']) {
		const input = list(deployment(`        annotations: ${flow}\n`));
		const out = run(t, input);
		t.is(out.exitCode, 0, flow);
		t.is(templateAnnotations(out)['prometheus.io/port'], '9090');
		// Taken back when the config no longer selects it: the map as it was, valid.
		const back = run(t, out.output!.replace(/functionConfig:[\s\S]*$/, '') + config('port: "9090"\nselector.name: other'), false);
		t.is(back.exitCode, 0);
		t.deepEqual(back.items[0], parse(input).items[0]);
	}
});

test('a multi-line quoted value a person set is restored valid, to the value it was', t => {
	for (const written of ["'first\n\n            second'", '"first\\n\n            second"', "'one\n            line'"]) {
		const annotations = `        annotations:\n          prometheus.io/path: ${written}\n          team: a\n`;
		const input = list(deployment(annotations), 'port: "9090"\npath: /metrics');
		const before = parse(input).items[0];
		const out = run(t, input);
		t.is(out.exitCode, 0);
		const back = run(t, out.output!.replace(/functionConfig:[\s\S]*$/, '') + config('port: "9090"\nselector.name: other'), false);
		t.is(back.exitCode, 0, written);
		t.deepEqual(back.items[0], before, written);
	}
});

test('config.kubernetes.io/path written plain with CRLF, or with a comment, still takes its slot', t => {
	for (const [path, eol] of [
		['web-pod-monitor.yaml', '\r\n'],
		['web-pod-monitor.yaml  # here', '\n'],
		["'web-pod-monitor.yaml'", '\r\n'],
	] as const) {
		const holder = `- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: holder\n    annotations:\n      config.kubernetes.io/path: ${path}\n      config.kubernetes.io/index: "0"\n`;
		const out = run(t, list(holder + deployment(), 'port: "9090"\noperatorMode: "true"').replace(/\n/g, eol));
		t.is(out.exitCode, 0);
		const monitor = out.items.find(item => item.kind === 'PodMonitor');
		t.is(monitor.metadata.annotations['config.kubernetes.io/path'], 'web-pod-monitor.yaml');
		t.is(monitor.metadata.annotations['config.kubernetes.io/index'], '1', path);
	}
});

// DEL, C1 controls and U+2028 never reach the output raw: a path holding them is refused as a
// config error (config/value-checks.ts), so the items come out as they went in.
test('DEL, C1 controls and U+2028 in a value the function would write are refused, never written raw', t => {
	for (const operatorMode of ['false', 'true']) {
		const out = run(t, list(deployment(), `port: "9090"\npath: "/m\\x7F\\x85\\u2028"\noperatorMode: "${operatorMode}"`));
		t.is(out.exitCode, 1);
		t.true(out.results.some(result => result.severity === 'error' && result.field?.path === 'data.path'));
		const items = out.output!.replace(/functionConfig:[\s\S]*$/, '');
		t.notRegex(items, /[\u007f-\u009f\u2028]/, 'no raw control character in the items');
	}
});

test('an existing prometheus.io/port written as a number is rewritten as a string', t => {
	const out = run(t, list(deployment('        annotations:\n          prometheus.io/port: 9090\n')));
	t.is(out.exitCode, 0);
	t.is(templateAnnotations(out)['prometheus.io/port'], '9090');
});

test('lines added to an LF region of a file with CRLF elsewhere end in LF', t => {
	const configMap = '- apiVersion: v1\r\n  kind: ConfigMap\r\n  metadata:\r\n    name: crlf\r\n';
	const out = run(t, list(configMap + deployment()));
	t.is(out.exitCode, 0);
	const start = out.output!.indexOf('- apiVersion: apps/v1');
	t.false(out.output!.slice(start, out.output!.indexOf('functionConfig:')).includes('\r'));
});

test('pod template metadata that merges in another map is not given an annotations map that hides it', t => {
	const anchored = `- apiVersion: v1\n  kind: ConfigMap\n  metadata: &meta\n    name: shared\n    annotations:\n      team: a\n`;
	const merging = deployment().replace('      metadata:\n        labels:', '      metadata:\n        <<: *meta\n        labels:');
	const out = run(t, list(anchored + merging));
	t.is(out.exitCode, 1);
	t.regex(out.results.find(result => result.severity === 'error')!.message, /<</);
	t.is(out.results.find(result => result.severity === 'error')!.field?.path, 'spec.template.metadata');
});

test('annotations aliased elsewhere are not edited through the alias', t => {
	const target = deployment('        annotations: &shared\n          team: a\n');
	const configMap = '- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: copy\n    annotations: *shared\n';
	const out = run(t, list(target + configMap));
	t.is(out.exitCode, 1);
	t.regex(out.results.find(result => result.severity === 'error')!.message, /aliased/);
	t.deepEqual(out.items, parse(list(target + configMap), {maxAliasCount: -1}).items);
});

const jsonItems = {
	configMap:
		'{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "odd"}, "data": {"big": 12345678901234567890, "huge": 1e400, "mode": 0644, "twice": 1, "twice": 2}}',
	deployment: JSON.stringify(parse(deployment()).at(0)),
	monitor: (name: string) =>
		`{"apiVersion": "monitoring.coreos.com/v1", "kind": "PodMonitor", "metadata": {"name": "${name}-pod-monitor", "annotations": {"prometheus-scraping.fn.kpt.dev/owner": "ConfigMap/scrape"}}, "spec": {"selector": {}, "podMetricsEndpoints": []}}`,
};

test('JSON and flow-style lists: items the function does not own come out byte for byte, edits in flow style', t => {
	const {configMap, deployment: target, monitor} = jsonItems;
	const functionConfig = (operatorMode: string) =>
		`{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "scrape"}, "data": {"port": "9090", "operatorMode": "${operatorMode}"}}`;
	for (const operatorMode of ['false', 'true']) {
		for (const items of [
			[configMap, target],
			[configMap, target, monitor('gone')],
			[monitor('gone'), configMap, monitor('old'), target],
			[target, monitor('gone')],
		]) {
			const json = `{"apiVersion": "config.kubernetes.io/v1", "kind": "ResourceList",\n  "items": [\n    ${items.join(',\n    ')}\n  ],\n  "functionConfig": ${functionConfig(operatorMode)}\n}\n`;
			const flowYaml = `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: [${items.join(', ')}]\nfunctionConfig: ${functionConfig(operatorMode)}\n`;
			for (const input of [json, flowYaml]) {
				// Duplicate keys and the numbers are the ConfigMap's; the rest is read as usual.
				const out = run(t, input, false);
				t.is(out.exitCode, 0, input);
				t.is(out.output!.includes(configMap), items.includes(configMap), 'the ConfigMap is byte for byte as it came');
				const kinds = out.items.map(item => item.kind);
				t.false(
					kinds.includes('PodMonitor') && out.items.some(item => item.metadata.name === 'gone-pod-monitor'),
					'the stale monitor is pruned',
				);
				const deployment = out.items.find(item => item.kind === 'Deployment');
				if (operatorMode === 'true') t.is(kinds.filter(kind => kind === 'PodMonitor').length, 1);
				else t.is(deployment.spec.template.metadata.annotations['prometheus.io/port'], '9090');
				if (input === json) t.notThrows(() => JSON.parse(out.output!.replace(configMap, '{}')), 'JSON stays JSON');
			}
		}
	}
});

test('a container port Go YAML reads as another number (0755 is 493 to kubectl) is not written as a port', t => {
	for (const operatorMode of ['false', 'true']) {
		const item = deployment().replace('containerPort: 9090', 'containerPort: 0755\n            name: metrics');
		const out = run(t, list(item, `port: metrics\noperatorMode: "${operatorMode}"`));
		t.is(out.exitCode, 1);
		t.notRegex(out.output!.replace(/^results:[\s\S]*$/m, ''), /prometheus\.io\/port|portNumber: /);
	}
});
