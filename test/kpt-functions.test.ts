/**
 * The KptFunc for kpt-functions SDK pipelines, run by the real SDK (its runFnWithConfigs, the same
 * path its `run` takes): Configs in, the function's edits and monitors in the Configs after, and
 * the function's results as the SDK's.
 */
import test from 'ava';
import {Configs, runFnWithConfigs, type KubernetesObject} from 'kpt-functions';
import {prometheusScraping} from '../src/kpt-functions.js';

function deployment(name: string, apiVersion = 'apps/v1'): KubernetesObject & {spec: unknown} {
	return {
		apiVersion,
		kind: 'Deployment',
		metadata: {name, namespace: 'shop'},
		spec: {
			selector: {matchLabels: {app: name}},
			template: {
				metadata: {labels: {app: name}},
				spec: {containers: [{name, image: 'nginx', ports: [{name: 'metrics', containerPort: 9090}]}]},
			},
		},
	};
}

function configMap(data: Record<string, string>): KubernetesObject & {data: Record<string, string>} {
	return {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'function-input'}, data};
}

type Template = {spec: {template: {metadata: {annotations?: Record<string, string>}}}};

test('annotation mode: the Deployment in the Configs gets the prometheus.io annotations, and the summary is an info result', async t => {
	const configs = new Configs([deployment('web')], configMap({port: 'metrics'}));
	await runFnWithConfigs(prometheusScraping, configs);
	const [web, ...others] = configs.getAll() as unknown as Template[];
	t.deepEqual(others, []);
	t.deepEqual(web!.spec.template.metadata.annotations, {
		'prometheus.io/scrape': 'true',
		'prometheus.io/scheme': 'http',
		'prometheus.io/path': '/metrics',
		'prometheus.io/port': '9090',
	});
	t.like(configs.getResults(), [{severity: 'info'}]);
	t.regex(configs.getResults()[0]!.message, /annotated 1 workload/);
});

test('operator mode: a PodMonitor is added to the Configs beside the Deployment', async t => {
	const configs = new Configs([deployment('web')], configMap({operatorMode: 'true', port: 'metrics'}));
	await runFnWithConfigs(prometheusScraping, configs);
	const monitor = configs.getAll().find(object => object.kind === 'PodMonitor') as KubernetesObject & {spec: unknown};
	t.like(monitor, {apiVersion: 'monitoring.coreos.com/v1', metadata: {name: 'web-pod-monitor', namespace: 'shop'}});
	t.deepEqual(monitor.spec, {
		selector: {matchLabels: {app: 'web'}},
		podMetricsEndpoints: [{port: 'metrics', path: '/metrics', scheme: 'http'}],
	});
	t.deepEqual(
		configs
			.getAll()
			.map(object => object.kind)
			.sort(),
		['Deployment', 'PodMonitor'],
	);
});

test("a warning is the SDK's `warn`, with the object's reference and the field", async t => {
	const configs = new Configs([deployment('web'), deployment('old', 'extensions/v1beta1')], configMap({port: 'metrics'}));
	await prometheusScraping(configs);
	const warning = configs.getResults().find(result => result.severity === 'warn');
	t.like(warning, {
		resourceRef: {apiVersion: 'extensions/v1beta1', kind: 'Deployment', name: 'old', namespace: 'shop'},
		field: {path: 'apiVersion'},
	});
	t.false(
		configs.getResults().some(result => (result.severity as string) === 'warning'),
		'no severity the SDK does not know',
	);
});

test('a bad config: error results naming the field, and the Configs left as they were', async t => {
	const configs = new Configs([deployment('web')], configMap({port: 'metrics', portt: '80'}));
	const before = JSON.stringify(configs.getAll());
	await prometheusScraping(configs);
	t.is(JSON.stringify(configs.getAll()), before);
	const errors = configs.getResults().filter(result => result.severity === 'error');
	t.true(errors.length > 0);
	t.true(
		errors.some(result => result.message.includes('`data.portt` is not a known setting')),
		JSON.stringify(errors),
	);
	t.like(errors[0], {resourceRef: {kind: 'ConfigMap', name: 'function-input', namespace: ''}});
});

test("the KptFunc's usage is the function's --help text", t => {
	t.regex(prometheusScraping.usage, /^Give every workload/);
});
