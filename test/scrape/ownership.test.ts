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
