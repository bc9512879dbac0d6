import test from 'ava';
import {doubleScrapes} from '../../../src/scrape/model/double-scrapes.js';
import {scrapeModel, scrapeTargets} from '../../../src/scrape/model/scrape-targets.js';
import {brief, dbWithInit, deployment, items, service} from './support.js';

const web = deployment(
	'web',
	'shop',
	'{app: web}',
	'[{name: app, ports: [{name: http, containerPort: 8080}, {name: metrics, containerPort: 9100}]}]',
);
const api = deployment('api', 'shop', '{app: api}', '[{name: api, ports: [{name: metrics, containerPort: 9200}]}]');

function monitor(spec: string, name = 'mon', namespace = 'shop'): string {
	return `
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {name: ${name}${namespace ? `, namespace: ${namespace}` : ''}}
spec:
${spec.replace(/^\n/, '').replace(/^/gm, '  ')}
`;
}

/** The model of `web` behind a Service `web` with these ports, and a ServiceMonitor with these endpoints. */
function behindWeb(ports: string, endpoints: string) {
	return scrapeModel(
		items(
			web,
			service('web', 'shop', '{m: "1"}', '{app: web}', ports),
			monitor(`selector: {matchLabels: {m: "1"}}\nendpoints: ${endpoints}`),
		),
	);
}

test('endpoint port names a Service port: the pods are scraped on its targetPort, resolved per pod when named', t => {
	const list = items(
		web,
		api,
		service(
			'web',
			'shop',
			'{tier: back}',
			'{app: web}',
			'[{name: http, port: 80, targetPort: http}, {name: prom, port: 9000, targetPort: metrics}]',
		),
		service('api', 'shop', '{tier: back}', '{app: api}', '[{name: prom, port: 9000, targetPort: metrics}]'),
		monitor('selector: {matchLabels: {tier: back}}\nendpoints: [{port: prom}]'),
	);
	const targets = scrapeTargets(list);
	t.deepEqual(targets.map(brief), ['serviceMonitor/shop/mon/0 web:9100 http /metrics', 'serviceMonitor/shop/mon/0 api:9200 http /metrics']);
	const [first] = targets;
	t.like(first, {
		service: {name: 'web'},
		port: {number: 9100, name: 'metrics', container: 'app'},
		labels: {endpoint: 'prom', service: 'web'},
	});
});

test('a numeric targetPort is the pod port; no targetPort means the Service port; an unresolvable name leaves the pod out', t => {
	const model = behindWeb(
		'[{name: a, port: 9100, targetPort: 8080}, {name: b, port: 9100}, {name: c, port: 1, targetPort: nope}]',
		'[{port: a}, {port: b}, {port: c}]',
	);
	t.deepEqual(model.targets.map(brief), [
		'serviceMonitor/shop/mon/0 web:8080 http /metrics',
		'serviceMonitor/shop/mon/1 web:9100 http /metrics',
	]);
	t.deepEqual(
		model.findings.map(f => [f.type, f.path]),
		[['endpoint-scrapes-nothing', 'spec.endpoints.2']],
	);
});

test('endpoint targetPort matches the container port, even one the Service does not expose', t => {
	const model = behindWeb(
		'[{name: http, port: 80, targetPort: http}]',
		'[{targetPort: metrics}, {targetPort: 8080}, {targetPort: "8080"}]',
	);
	// "8080" as a string is a port name for the operator (intstr), and no port has that name.
	t.deepEqual(model.targets.map(brief), [
		'serviceMonitor/shop/mon/0 web:9100 http /metrics',
		'serviceMonitor/shop/mon/1 web:8080 http /metrics',
	]);
});

test('an endpoint without port or targetPort scrapes every endpoint port and every uncovered container port', t => {
	const model = behindWeb('[{name: http, port: 80, targetPort: 8080}]', '[{}]');
	t.deepEqual(model.targets.map(brief), [
		'serviceMonitor/shop/mon/0 web:8080 http /metrics',
		'serviceMonitor/shop/mon/0 web:9100 http /metrics',
	]);
});

test('selector: matchLabels AND every matchExpressions operator', t => {
	const svc = (name: string, labels: string) => service(name, 'shop', labels, '{app: web}', '[{name: m, port: 9100}]');
	const list = items(
		web,
		svc('s1', '{team: a, env: prod, exposed: "yes"}'),
		svc('s2', '{team: a, env: dev, exposed: "yes"}'),
		svc('s3', '{team: a, env: prod}'),
		svc('s4', '{team: a, env: prod, exposed: "yes", legacy: "true"}'),
		svc('s5', '{team: b, env: prod, exposed: "yes"}'),
		svc('s6', '{team: a, exposed: "yes"}'),
		monitor(`
selector:
  matchLabels: {team: a}
  matchExpressions:
  - {key: env, operator: In, values: [prod, staging]}
  - {key: exposed, operator: Exists}
  - {key: legacy, operator: DoesNotExist}
  - {key: env, operator: NotIn, values: [dev]}
endpoints: [{port: m}]`),
	);
	t.deepEqual(
		scrapeTargets(list).map(target => target.service?.name),
		['s1'],
	);
});

test('namespaceSelector: empty is the monitor namespace, any is all, matchNames lists them; no namespace is ""', t => {
	const svc = (namespace: string) => service('web', namespace, '{m: "1"}', '{app: web}', '[{name: m, port: 9100}]');
	const pods = ['shop', 'shop2', 'other'].map(namespace => deployment('web', namespace, '{app: web}', '[{name: c}]'));
	const noNamespace = `
apiVersion: v1
kind: Service
metadata: {name: bare, labels: {m: "1"}}
spec: {selector: {app: bare}, ports: [{name: m, port: 9100}]}
`;
	const barePod = `
apiVersion: v1
kind: Pod
metadata: {name: bare, labels: {app: bare}}
spec: {containers: [{name: c}]}
`;
	const scraped = (spec: string, namespace = 'shop') =>
		scrapeTargets(items(...pods, svc('shop'), svc('shop2'), svc('other'), noNamespace, barePod, monitor(spec, 'mon', namespace))).map(
			target => `${target.workload!.namespace ?? ''}/${target.workload!.name}`,
		);
	const base = 'selector: {matchLabels: {m: "1"}}\nendpoints: [{port: m}]';
	t.deepEqual(scraped(base), ['shop/web']);
	t.deepEqual(scraped(`${base}\nnamespaceSelector: {any: true}`), ['shop/web', 'shop2/web', 'other/web', '/bare']);
	t.deepEqual(scraped(`${base}\nnamespaceSelector: {matchNames: [shop2, other]}`), ['shop2/web', 'other/web']);
	t.deepEqual(scraped(base, ''), ['/bare']);
});

test('scheme, path, interval and timeout as the endpoint gives them; absent interval stays absent', t => {
	const model = behindWeb('[{name: m, port: 9100}]', '[{port: m, scheme: HTTPS, path: /x, interval: 15s, scrapeTimeout: 5s}, {port: m}]');
	const [custom, plain] = model.targets;
	t.like(custom, {job: 'serviceMonitor/shop/mon/0', scheme: 'https', path: '/x', interval: '15s', timeout: '5s'});
	t.like(plain, {job: 'serviceMonitor/shop/mon/1', scheme: 'http', path: '/metrics'});
	t.false('interval' in plain! || 'timeout' in plain!);
});

test('two Services in front of the same pods: one job scrapes the pod twice, which doubleScrapes reports', t => {
	const list = items(
		web,
		service('web', 'shop', '{app: web}', '{app: web}', '[{name: metrics, port: 9100}]'),
		service('web-headless', 'shop', '{app: web}', '{app: web}', '[{name: metrics, port: 9100}]'),
		monitor('selector: {matchLabels: {app: web}}\nendpoints: [{port: metrics}]'),
	);
	const targets = scrapeTargets(list);
	t.deepEqual(
		targets.map(target => `${brief(target)} via ${target.service?.name}`),
		['serviceMonitor/shop/mon/0 web:9100 http /metrics via web', 'serviceMonitor/shop/mon/0 web:9100 http /metrics via web-headless'],
	);
	const doubles = doubleScrapes(targets);
	t.is(doubles.length, 1);
	t.like(doubles[0], {workload: {name: 'web'}, port: 9100, path: '/metrics'});
	t.is(doubles[0]!.targets.length, 2);
});

test('two Service ports targeting one container port give one target: the same labels after relabeling', t => {
	const model = behindWeb('[{name: a, port: 80, targetPort: 9100}, {name: b, port: 81, targetPort: metrics}]', '[{targetPort: metrics}]');
	t.deepEqual(model.targets.map(brief), ['serviceMonitor/shop/mon/0 web:9100 http /metrics']);
	t.deepEqual(doubleScrapes(model.targets), []);
});

test('a Service without selector, or of type ExternalName, has no endpoints to scrape', t => {
	const list = items(
		web,
		`
apiVersion: v1
kind: Service
metadata: {name: manual, namespace: shop, labels: {m: "1"}}
spec: {ports: [{name: m, port: 9100}]}
`,
		`
apiVersion: v1
kind: Service
metadata: {name: ext, namespace: shop, labels: {m: "1"}}
spec: {type: ExternalName, externalName: example.com, selector: {app: web}, ports: [{name: m, port: 9100}]}
`,
		monitor('selector: {matchLabels: {m: "1"}}\nendpoints: [{port: m}]'),
	);
	t.deepEqual(scrapeTargets(list), []);
});

test('discovery lists the uncovered ports of init containers too: kept by a port-less endpoint, and reported', t => {
	const list = items(
		dbWithInit('Deployment', '[{name: migrate, ports: [{name: metrics, containerPort: 9187}]}]'),
		service('db', 'shop', '{app: db}', '{app: db}', '[{name: sql, port: 5432}]'),
		monitor('selector: {matchLabels: {app: db}}\nendpoints: [{}, {targetPort: metrics}, {port: sql}]'),
	);
	const model = scrapeModel(list);
	t.deepEqual(model.targets.map(brief), [
		'serviceMonitor/shop/mon/0 db:5432 http /metrics',
		'serviceMonitor/shop/mon/0 db:9187 http /metrics',
		'serviceMonitor/shop/mon/1 db:9187 http /metrics',
		'serviceMonitor/shop/mon/2 db:5432 http /metrics',
	]);
	t.deepEqual(
		model.findings.map(f => [f.type, f.path]),
		[
			['init-container-port', 'spec.endpoints.0'],
			['init-container-port', 'spec.endpoints.1'],
		],
	);
});

test("each endpoint's params are its own scrape's query; an endpoint without params has none", t => {
	const model = behindWeb(
		'[{name: http, port: 80, targetPort: http}, {name: metrics, port: 9100}]',
		'[{port: http}, {port: metrics, params: {module: [tcp]}}]',
	);
	t.deepEqual(
		model.targets.map(target => target.params),
		[{}, {module: 'tcp'}],
	);
});
