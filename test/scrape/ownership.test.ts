import test from 'ava';
import {transform} from '../../src/run.js';
import {parseList} from '../support/run-function.js';

/**
 * What a person wrote on a target survives every run: values equal to the config's are recorded
 * too, a value the config did not set explicitly is kept, an opt-out is honoured, and taking the
 * annotations back restores the person's text byte for byte.
 */
const podinfo = (annotations: string) => `apiVersion: config.kubernetes.io/v1
kind: ResourceList
items:
- apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: podinfo
  spec:
    selector:
      matchLabels:
        app: podinfo
    template:
      metadata:
        labels:
          app: podinfo
        annotations:
${annotations}
      spec:
        containers:
        - name: podinfod
          ports:
          - name: http
            containerPort: 9898
          - name: http-metrics
            containerPort: 9797
`;
const personal = `          prometheus.io/scrape: 'true' # set by the chart
          prometheus.io/path: /stats
          prometheus.io/port: "9797"`;

function config(data: Record<string, string>): string {
	return `functionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: function-input\n  data:\n${Object.entries(data)
		.map(([key, value]) => `    ${key}: ${JSON.stringify(value)}\n`)
		.join('')}`;
}

function run(list: string, data: Record<string, string>) {
	const input = `${list.slice(0, list.includes('\nfunctionConfig:') ? list.indexOf('functionConfig:') : undefined).replace(/results:[\s\S]*$/, '')}${config(data)}`;
	const outcome = transform(input);
	return {...outcome, items: outcome.output!.slice(0, outcome.output!.indexOf('functionConfig:'))};
}

function annotations(items: string): Record<string, string> {
	return parseList(`${items}`).items[0]!.spec.template.metadata.annotations;
}

for (const takeBack of [{operatorMode: 'true'}, {'exclude.name': 'podinfo'}, {'selector.name': 'other'}] as Record<string, string>[]) {
	test(`values equal to the config's are restored exactly after a take-back by ${JSON.stringify(takeBack)}`, t => {
		const first = run(podinfo(personal), {port: '9797'});
		t.is(first.exitCode, 0);
		t.is(annotations(first.items)['prometheus.io/scheme'], 'http');
		const second = run(first.output!, {port: '9797', ...takeBack});
		t.is(second.exitCode, 0, second.results.map(result => result.message).join('\n'));
		t.is(
			second.items.slice(0, second.items.indexOf('      spec:\n        containers')),
			podinfo(personal).slice(0, podinfo(personal).indexOf('      spec:\n        containers')),
		);
	});
}

test('a value a person wrote is kept when the config did not set it, with a result that says so', t => {
	const outcome = run(podinfo(personal), {});
	t.is(outcome.exitCode, 0);
	t.is(annotations(outcome.items)['prometheus.io/port'], '9797');
	t.true(outcome.output!.includes('prometheus.io/port: "9797"'), 'written as it was');
	const kept = outcome.results.find(result => result.message.startsWith('kept prometheus.io/port "9797"'));
	t.truthy(kept);
	t.is(kept!.severity, 'info');
});

test('an explicit setting, or override, replaces the value a person wrote, and a take-back restores it', t => {
	const explicit = run(podinfo(personal), {port: '9898'});
	t.is(explicit.exitCode, 0);
	t.like(annotations(explicit.items), {'prometheus.io/port': '9898', 'prometheus.io/path': '/stats'});
	const overridden = run(podinfo(personal), {override: 'true', port: '9797'});
	t.is(overridden.exitCode, 0);
	t.like(annotations(overridden.items), {'prometheus.io/port': '9797', 'prometheus.io/path': '/metrics'});
	for (const outcome of [explicit, overridden]) {
		const back = run(outcome.output!, {operatorMode: 'true', port: '9797'});
		t.true(back.items.includes(personal), back.items);
	}
});

test('prometheus.io/scrape "false" written by a person is an opt-out: no annotations, no monitor', t => {
	const optOut = `          prometheus.io/scrape: "false"`;
	for (const mode of ['false', 'true']) {
		const outcome = run(podinfo(optOut), {operatorMode: mode, port: 'http-metrics'});
		t.is(outcome.exitCode, 0);
		t.is(outcome.items, podinfo(optOut), 'nothing changes');
		t.truthy(outcome.results.find(result => result.message.startsWith('skipped: prometheus.io/scrape is "false"')));
	}
	const named = run(podinfo(optOut), {'selector.name': 'podinfo', port: '9797'});
	t.is(annotations(named.items)['prometheus.io/scrape'], 'true', 'a config that names the object scrapes it');
});

const pod = (annotations: string) => `apiVersion: config.kubernetes.io/v1
kind: ResourceList
items:
- apiVersion: v1
  kind: Pod
  metadata:
    name: web
    annotations:
${annotations}
  spec:
    containers:
    - name: web
      ports:
      - name: metrics
        containerPort: 9797
`;

test("a convention switch moves the function's marks and keys after the new keys, around what a person wrote", t => {
	const first = run(pod('      team: a'), {port: '9797'});
	t.is(first.exitCode, 0);
	// A person adds a key after the function's owner mark, then the config switches convention.
	const added = first.items.replace(/(\n {2}spec:)/, '\n      note: b$1');
	const grafana = {port: '9797', annotations: 'k8s.grafana.com'};
	const switched = run(added, grafana);
	t.is(switched.exitCode, 0);
	t.is(switched.items, run(pod('      team: a\n      note: b'), grafana).items, 'as a first run with the new convention writes it');
	// The keys the function wrote and still writes move too, when a person's key came after them.
	const slow = {port: '9797', scrapeSlow: 'true'};
	t.is(run(added, slow).items, run(pod('      team: a\n      note: b'), slow).items);
	// A comment a person wrote beside a mark keeps the mark where it is: moving it would lose the comment.
	const commented = run(added.replace(/(owner: "ConfigMap\/function-input")/, '$1 # why'), grafana);
	t.regex(
		commented.items,
		/team: a\n {6}prometheus-scraping\.fn\.kpt\.dev\/owner: "ConfigMap\/function-input" # why\n {6}note: b\n {6}k8s\.grafana\.com\/scrape: "true"\n/,
	);
	t.regex(commented.items, /metrics\.portName: "metrics"\n {6}prometheus-scraping\.fn\.kpt\.dev\/keys: .*\n {2}spec:/);
});
