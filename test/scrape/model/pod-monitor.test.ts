import test from 'ava';
import {doubleScrapes} from '../../../src/scrape/model/double-scrapes.js';
import {scrapeModel, scrapeTargets} from '../../../src/scrape/model/scrape-targets.js';
import {brief, dbWithInit, deployment, items} from './support.js';

function podMonitor(spec: string, name = 'mon', namespace = 'shop'): string {
	return `
apiVersion: monitoring.coreos.com/v1
kind: PodMonitor
metadata: {name: ${name}, namespace: ${namespace}}
spec:
${spec.replace(/^\n/, '').replace(/^/gm, '  ')}
`;
}

const web = deployment(
	'web',
	'shop',
	'{app: web, tier: front}',
	'[{name: app, ports: [{name: http, containerPort: 8080}, {containerPort: 9100}]}, {name: log}]',
);

test('port names a container port; portNumber and the deprecated targetPort give one by number or name', t => {
	const list = items(
		web,
		podMonitor(`
selector: {matchLabels: {app: web}}
podMetricsEndpoints:
- {port: http}
- {portNumber: 9100}
- {targetPort: 9100}
- {targetPort: http}
- {port: missing}`),
	);
	const model = scrapeModel(list);
	t.deepEqual(model.targets.map(brief), [
		'podMonitor/shop/mon/0 web:8080 http /metrics',
		'podMonitor/shop/mon/1 web:9100 http /metrics',
		'podMonitor/shop/mon/2 web:9100 http /metrics',
		'podMonitor/shop/mon/3 web:8080 http /metrics',
	]);
	t.like(model.targets[0], {port: {number: 8080, name: 'http', container: 'app'}, labels: {container: 'app', endpoint: 'http'}});
	t.deepEqual(
		model.findings.map(f => [f.type, f.path]),
		[['endpoint-scrapes-nothing', 'spec.podMetricsEndpoints.4']],
	);
});

test('port wins over portNumber, which wins over targetPort', t => {
	const list = items(
		web,
		podMonitor(
			'selector: {matchLabels: {app: web}}\npodMetricsEndpoints: [{port: http, portNumber: 9100, targetPort: 9100}, {portNumber: 9100, targetPort: http}]',
		),
	);
	t.deepEqual(scrapeTargets(list).map(brief), [
		'podMonitor/shop/mon/0 web:8080 http /metrics',
		'podMonitor/shop/mon/1 web:9100 http /metrics',
	]);
});

test('an endpoint without a port scrapes every container port and a port-less target per container without ports', t => {
	const list = items(web, podMonitor('selector: {matchLabels: {app: web}}\npodMetricsEndpoints: [{path: /m}]'));
	t.deepEqual(
		scrapeTargets(list).map(target => `${brief(target)} ${target.labels.container} ${target.address}`),
		[
			'podMonitor/shop/mon/0 web:8080 http /m app <pod IP of Deployment shop/web>:8080',
			'podMonitor/shop/mon/0 web:9100 http /m app <pod IP of Deployment shop/web>:9100',
			'podMonitor/shop/mon/0 web:- http /m log <pod IP of Deployment shop/web>',
		],
	);
});

test('an init container port is scraped (the operator does not drop it) and is a finding; a sidecar is not', t => {
	const list = items(
		dbWithInit(
			'StatefulSet',
			'[{name: migrate, ports: [{name: metrics, containerPort: 9187}]}, {name: proxy, restartPolicy: Always, ports: [{name: metrics, containerPort: 9188}]}]',
		),
		podMonitor('selector: {matchLabels: {app: db}}\npodMetricsEndpoints: [{port: metrics}]'),
	);
	const model = scrapeModel(list);
	t.deepEqual(model.targets.map(brief), ['podMonitor/shop/mon/0 db:9187 http /metrics', 'podMonitor/shop/mon/0 db:9188 http /metrics']);
	t.like(model.targets[0], {port: {container: 'migrate', init: true}});
	t.false('init' in model.targets[1]!.port!);
	t.deepEqual(
		model.findings.map(f => [f.type, f.item.kind, f.path, f.target?.port?.container]),
		[['init-container-port', 'PodMonitor', 'spec.podMetricsEndpoints.0', 'migrate']],
	);
});

test('selector on pod template labels (not the workload labels), within the namespace selector', t => {
	const other = deployment('web', 'other', '{app: web}', '[{name: app, ports: [{name: http, containerPort: 8080}]}]');
	const labelledWorkload = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: decoy, namespace: shop, labels: {app: web}}
spec: {template: {metadata: {labels: {app: decoy}}, spec: {containers: [{name: c, ports: [{name: http, containerPort: 1}]}]}}}
`;
	const spec = 'selector: {matchExpressions: [{key: tier, operator: In, values: [front]}]}\npodMetricsEndpoints: [{port: http}]';
	t.deepEqual(scrapeTargets(items(web, other, labelledWorkload, podMonitor(spec))).map(brief), [
		'podMonitor/shop/mon/0 web:8080 http /metrics',
	]);
	const any = 'selector: {matchLabels: {app: web}}\nnamespaceSelector: {any: true}\npodMetricsEndpoints: [{port: http}]';
	t.deepEqual(
		scrapeTargets(items(web, other, labelledWorkload, podMonitor(any))).map(target => target.workload!.namespace),
		['shop', 'other'],
	);
});

test('portNumber declared by two containers: two targets on one address, a double scrape', t => {
	const list = items(
		deployment('twin', 'shop', '{app: twin}', '[{name: a, ports: [{containerPort: 9100}]}, {name: b, ports: [{containerPort: 9100}]}]'),
		podMonitor('selector: {matchLabels: {app: twin}}\npodMetricsEndpoints: [{portNumber: 9100}]'),
	);
	const targets = scrapeTargets(list);
	t.deepEqual(
		targets.map(target => target.labels.container),
		['a', 'b'],
	);
	t.is(doubleScrapes(targets)[0]?.targets.length, 2);
});

test('a selector that is not a label selector selects nothing and says so', t => {
	const model = scrapeModel(
		items(
			web,
			podMonitor('selector: {matchExpressions: [{key: app, operator: Equals, values: [web]}]}\npodMetricsEndpoints: [{port: http}]'),
		),
	);
	t.deepEqual(model.targets, []);
	t.deepEqual(
		model.findings.map(f => [f.type, f.path]),
		[['invalid-selector', 'spec.selector']],
	);
});

test('a port field of the wrong type is refused by the API server: the endpoint scrapes nothing, one finding says why', t => {
	const model = scrapeModel(
		items(
			web,
			podMonitor('selector: {matchLabels: {app: web}}\npodMetricsEndpoints: [{port: 9100}, {portNumber: "9100"}, {targetPort: 9100}]'),
		),
	);
	t.deepEqual(model.targets.map(brief), ['podMonitor/shop/mon/2 web:9100 http /metrics']);
	t.deepEqual(
		model.findings.map(f => [f.type, f.path, f.message]),
		[
			[
				'invalid-port',
				'spec.podMetricsEndpoints.0.port',
				'port must be a port name (a string), not 9100; the API server refuses PodMonitor shop/mon as written',
			],
			[
				'invalid-port',
				'spec.podMetricsEndpoints.1.portNumber',
				'portNumber must be an integer from 1 to 65535, not "9100"; the API server refuses PodMonitor shop/mon as written',
			],
		],
	);
});

test("each endpoint's params are its own scrape's query; an endpoint without params has none", t => {
	const list = items(
		web,
		podMonitor(`
selector: {matchLabels: {app: web}}
podMetricsEndpoints:
- {port: http, params: {collect: [cpu, mem], format: [text]}}
- {portNumber: 9100}`),
	);
	t.deepEqual(
		scrapeModel(list).targets.map(target => target.params),
		[{collect: 'cpu,mem', format: 'text'}, {}],
	);
});
