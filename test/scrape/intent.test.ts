import test from 'ava';
import {transform} from '../../src/run.js';
import {parseList} from '../support/run-function.js';

/**
 * Generation asks the scrape model (issue 10): the output's scrapes are held to what the config
 * means, and what already scrapes a target is judged by the model, port by port. Each case fails
 * on the function before: it said nothing, or skipped a target nothing scraped.
 */
function list(items: string, data: Record<string, string>): string {
	const config = Object.entries(data)
		.map(([key, value]) => `    ${key}: ${JSON.stringify(value)}\n`)
		.join('');
	return `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${items}functionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: scrape\n  data:\n${config}`;
}

const deployment = (
	name: string,
	ports = '[{name: metrics, containerPort: 9090}, {name: http, containerPort: 8080}]',
) => `- apiVersion: apps/v1
  kind: Deployment
  metadata: {name: ${name}, namespace: shop}
  spec:
    selector: {matchLabels: {app: ${name}}}
    template:
      metadata: {labels: {app: ${name}}}
      spec:
        containers: [{name: app, ports: ${ports}}]
`;
const service = (name: string, selector: string, ports = '[{name: metrics, port: 9090}]') => `- apiVersion: v1
  kind: Service
  metadata: {name: ${name}, namespace: shop, labels: {svc: ${name}}}
  spec:
    selector: {app: ${selector}}
    ports: ${ports}
`;
const monitor = (kind: string, endpoints: string) => `- apiVersion: monitoring.coreos.com/v1
  kind: ${kind}
  metadata: {name: by-hand, namespace: shop}
  spec:
    selector: {matchLabels: {app: api}}
    ${endpoints}
`;
const messages = (outcome: {results: {message: string; severity: string}[]}) =>
	outcome.results.map(result => `${result.severity}: ${result.message}`).join('\n');
const monitors = (output: string) =>
	parseList(output)
		.items.filter(item => item.kind?.endsWith('Monitor'))
		.map(item => `${item.kind}/${item.metadata?.name}`);

test('a monitor that selects the pods but scrapes another port does not cover the target', t => {
	const outcome = transform(
		list(deployment('api') + monitor('PodMonitor', 'podMetricsEndpoints: [{port: http}]'), {operatorMode: 'true', port: 'metrics'}),
	);
	t.is(outcome.exitCode, 0, messages(outcome));
	t.deepEqual(monitors(outcome.output!), ['PodMonitor/by-hand', 'PodMonitor/api-pod-monitor']);
	t.notRegex(messages(outcome), /already scrapes/);
});

test('a monitor whose port matches nothing the pods declare covers nothing', t => {
	const outcome = transform(
		list(deployment('api') + monitor('PodMonitor', 'podMetricsEndpoints: [{port: metric}]'), {operatorMode: 'true', port: 'metrics'}),
	);
	t.is(outcome.exitCode, 0, messages(outcome));
	t.true(monitors(outcome.output!).includes('PodMonitor/api-pod-monitor'));
});

test('a monitor that scrapes the same port is still said, and the target skipped', t => {
	const outcome = transform(
		list(deployment('api') + monitor('PodMonitor', 'podMetricsEndpoints: [{port: metrics}]'), {operatorMode: 'true', port: 'metrics'}),
	);
	t.deepEqual(monitors(outcome.output!), ['PodMonitor/by-hand']);
	t.regex(messages(outcome), /skipped: PodMonitor shop\/by-hand already scrapes this target/);
});

test('two Services with different labels in front of the same pods: each ServiceMonitor scrapes them, and that is said', t => {
	const outcome = transform(
		list(deployment('api') + service('api', 'api') + service('api-internal', 'api'), {
			operatorMode: 'true',
			monitorType: 'service',
			port: 'metrics',
		}),
	);
	t.is(outcome.exitCode, 0, messages(outcome));
	const said = outcome.results.filter(result => result.severity === 'warning' && /is scraped 2 times/.test(result.message));
	t.deepEqual(
		said.map(result => result.resourceRef?.name),
		['api', 'api-internal'],
		messages(outcome),
	);
	t.regex(
		said[0]!.message,
		/port 9090 \/metrics \(http\) of Deployment shop\/api is scraped 2 times, through Service shop\/api, Service shop\/api-internal \(serviceMonitor\/shop\/api-service-monitor\/0, serviceMonitor\/shop\/api-internal-service-monitor\/0\)/,
	);
});

test('Services that share labels but front different pods get keep rules, which the model follows: nothing is said', t => {
	const shared = (name: string) => service(name, name).replace(`labels: {svc: ${name}}`, 'labels: {svc: api}');
	const outcome = transform(
		list(deployment('api') + deployment('api-v2') + shared('api') + shared('api-v2'), {
			operatorMode: 'true',
			monitorType: 'service',
			port: 'metrics',
		}),
	);
	t.is(outcome.exitCode, 0, messages(outcome));
	t.regex(messages(outcome), /a keep relabeling confines it to api/);
	t.notRegex(messages(outcome), /scraped 2 times|newly scrapes|not what this config means/);
});

test("a Service's one unnamed port whose targetPort no container declares: the ServiceMonitor would scrape nothing, an error", t => {
	const outcome = transform(
		list(deployment('api', '[{name: http, containerPort: 8080}]') + service('api', 'api', '[{port: 80, targetPort: 9100}]'), {
			operatorMode: 'true',
			monitorType: 'service',
			port: '80',
		}),
	);
	t.is(outcome.exitCode, 1);
	t.regex(
		messages(outcome),
		/error: ServiceMonitor shop\/api-service-monitor, not what this config means: port 9100 \/metrics \(http\) of Deployment shop\/api is not scraped: it scrapes nothing there/,
	);
});
