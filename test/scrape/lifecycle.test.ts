import test from 'ava';
import {transform} from '../../src/run.js';
import {parseList} from '../support/run-function.js';

/**
 * Issue 11: the lifecycle of what the function generates. Each case fails on the function before
 * the fixes: a second monitor under kpt selectors, stale monitors after a switch, a target scraped
 * by a chart's monitor and a generated one, names that escape the package, and targets users did
 * not mean.
 */
function list(items: string, data: Record<string, string>): string {
	const config = Object.entries(data)
		.map(([key, value]) => `    ${key}: ${JSON.stringify(value)}\n`)
		.join('');
	return `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${items}functionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: function-input\n  data:\n${config}`;
}

const deployment = (name: string, extra = '') => `- apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: ${name}
    namespace: shop
    labels: {app: ${name}}
    annotations:
      config.kubernetes.io/path: '${name}.yaml'${extra}
  spec:
    selector:
      matchLabels: {app: ${name}}
    template:
      metadata:
        labels: {app: ${name}}
      spec:
        containers:
        - name: app
          image: shop/${name}
          ports:
          - {name: metrics, containerPort: 9090}
`;
const service = (name: string) => `- apiVersion: v1
  kind: Service
  metadata:
    name: ${name}
    namespace: shop
    labels: {app: ${name}}
  spec:
    selector: {app: ${name}}
    ports:
    - {name: metrics, port: 9090}
`;
const messages = (outcome: {results: {message: string}[]}) => outcome.results.map(result => result.message);
const kinds = (output: string) => parseList(output).items.map(item => `${item.kind}/${item.metadata?.name}`);

test('under kpt selectors a monitor that may be hidden is not written again', t => {
	const selected = deployment('api', "\n      config.k8s.io/id: '1'\n      internal.config.kubernetes.io/kpt-resource-id: '0'");
	const refused = transform(list(selected, {operatorMode: 'true', port: 'metrics'}));
	t.is(refused.exitCode, 1);
	t.regex(messages(refused).join('\n'), /kpt selectors hide items from this run/);
	const labelled = transform(list(selected, {operatorMode: 'true', port: 'metrics', 'monitorLabels.team': 'shop'}));
	t.is(labelled.exitCode, 0, messages(labelled).join('\n'));
	t.true(kinds(labelled.output!).includes('PodMonitor/api-pod-monitor'));
});

test('a config that switches monitorType is told about the monitors it generated for the old one', t => {
	const first = transform(list(deployment('api') + service('api'), {operatorMode: 'true', port: 'metrics'}));
	t.is(first.exitCode, 0);
	const switched = transform(first.output!.replace('    port: "metrics"\n', '    port: "metrics"\n    monitorType: "service"\n'));
	t.is(switched.exitCode, 0, messages(switched).join('\n'));
	const warning = switched.results.find(result => result.resourceRef?.kind === 'PodMonitor');
	t.is(warning?.severity, 'warning');
	t.regex(warning!.message, /another monitorType.*delete api-pod-monitor\.yaml/);
});

test('removing monitors under the name every kpt fn eval run shares is a warning, not an info line', t => {
	const first = transform(list(deployment('api') + deployment('web'), {operatorMode: 'true', port: 'metrics'}));
	const second = transform(first.output!.replace('    port: "metrics"\n', '    port: "metrics"\n    selector.name: "api"\n'));
	t.is(second.exitCode, 0);
	const removed = second.results.find(result => result.message.startsWith('removed PodMonitor'));
	t.is(removed?.severity, 'warning');
	t.regex(removed!.message, /typed config with its own name/);
});

test("a target a chart's ServiceMonitor already scrapes is skipped with a warning, not scraped twice", t => {
	const chart = `- apiVersion: monitoring.coreos.com/v1
  kind: ServiceMonitor
  metadata:
    name: api
    namespace: shop
  spec:
    selector:
      matchExpressions:
      - {key: app, operator: In, values: [api]}
    endpoints:
    - port: metrics
`;
	for (const monitorType of ['pod', 'service']) {
		const outcome = transform(list(deployment('api') + service('api') + chart, {operatorMode: 'true', port: 'metrics', monitorType}));
		t.is(outcome.exitCode, 0);
		t.deepEqual(
			kinds(outcome.output!).filter(kind => kind.includes('Monitor')),
			['ServiceMonitor/api'],
		);
		t.regex(messages(outcome).join('\n'), /skipped: ServiceMonitor shop\/api already scrapes this target/);
	}
});

test('a name that is not a Kubernetes name, or too long for a file, is an error on the target', t => {
	for (const name of ['../../../etc/cron.d/x', 'a'.repeat(240)]) {
		const outcome = transform(list(deployment(name), {operatorMode: 'true', port: 'metrics'}));
		t.is(outcome.exitCode, 1);
		t.false(outcome.output!.includes('kind: PodMonitor'));
		t.true(
			outcome.results.some(
				result => result.severity === 'error' && result.resourceRef?.kind === 'Deployment' && result.message.length < 400,
			),
		);
	}
});

test('a Rollout with spec.workloadRef is reported as skipped and gets no pod template', t => {
	const rollout = `- apiVersion: argoproj.io/v1alpha1
  kind: Rollout
  metadata:
    name: api
    namespace: shop
  spec:
    workloadRef: {apiVersion: apps/v1, kind: Deployment, name: api}
`;
	const outcome = transform(list(rollout + deployment('api'), {port: 'metrics'}));
	t.is(outcome.exitCode, 0);
	t.is(parseList(outcome.output!).items[0]!.spec.template, undefined);
	t.regex(messages(outcome).join('\n'), /skipped: this Rollout takes its pod template from spec.workloadRef \(Deployment api\)/);
});

test('retired API versions are reported as skipped; exclude leaving nothing says so', t => {
	const old = deployment('legacy').replace('apps/v1', 'extensions/v1beta1');
	const outcome = transform(list(old, {port: 'metrics'}));
	t.regex(messages(outcome).join('\n'), /skipped: extensions\/v1beta1 is no longer served/);
	const excluded = transform(list(deployment('api'), {port: 'metrics', 'exclude.name': 'api'}));
	t.regex(messages(excluded).join('\n'), /`exclude` leaves out all 1 objects/);
});

test('Jobs are targets only when selector.kinds names them', t => {
	const job = deployment('batch').replace('apps/v1', 'batch/v1').replace('kind: Deployment', 'kind: Job');
	const skipped = transform(list(job, {port: 'metrics'}));
	t.false(skipped.output!.includes('prometheus.io/scrape'));
	t.regex(messages(skipped).join('\n'), /skipped: a Job's pods are short-lived/);
	const chosen = transform(list(job, {port: 'metrics', 'selector.kinds': 'Job'}));
	t.true(chosen.output!.includes('prometheus.io/scrape'));
	t.regex(messages(chosen).join('\n'), /annotated 1 workload \(1 Job\)/);
});

test('targets that clash on a monitor name get bounded messages', t => {
	const many = Array.from({length: 30}, () => deployment('api')).join('');
	const outcome = transform(list(many, {operatorMode: 'true', port: 'metrics'}));
	t.is(outcome.exitCode, 1);
	t.true(outcome.results.every(result => result.message.length < 600));
	t.regex(messages(outcome)[0]!, /and 26 more/);
});

test('a failed run says nothing about monitors it would have removed', t => {
	const first = transform(list(deployment('api') + deployment('web'), {operatorMode: 'true', port: 'metrics'}));
	t.is(first.exitCode, 0);
	// web is no longer selected (its monitor would go), and api now fails: nothing is written.
	const failed = transform(first.output!.replace('    port: "metrics"\n', '    port: "9999"\n    selector.name: "api"\n'));
	t.is(failed.exitCode, 1);
	t.true(failed.output!.includes('name: web-pod-monitor'), 'the monitor is still there');
	t.false(
		messages(failed).some(message => message.startsWith('removed ')),
		messages(failed).join('\n'),
	);
});
