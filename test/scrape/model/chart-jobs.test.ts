import test from 'ava';
import {doubleScrapes} from '../../../src/scrape/model/double-scrapes.js';
import {scrapeModel, scrapeTargets} from '../../../src/scrape/model/scrape-targets.js';
import {brief, deployment, items, service} from './support.js';

const containers = '[{name: app, ports: [{name: http, containerPort: 8080}, {name: metrics, containerPort: 9100}]}, {name: log}]';
const annotated = (annotations: string) => deployment('web', 'shop', '{app: web}', containers, annotations);

test('kubernetes-pods: without a port annotation, every container port and each port-less container', t => {
	t.deepEqual(scrapeTargets(items(annotated('{prometheus.io/scrape: "true"}'))).map(brief), [
		'kubernetes-pods web:8080 http /metrics',
		'kubernetes-pods web:9100 http /metrics',
		'kubernetes-pods web:- http /metrics',
	]);
});

test('kubernetes-pods: a digits-only port annotation makes every target podIP:port, scraped once', t => {
	const targets = scrapeTargets(
		items(annotated('{prometheus.io/scrape: "true", prometheus.io/port: "9100", prometheus.io/path: /m, prometheus.io/scheme: https}')),
	);
	t.deepEqual(targets.map(brief), ['kubernetes-pods web:9100 https /m']);
	t.like(targets[0], {port: {number: 9100, name: 'metrics', container: 'app'}, address: '<pod IP of Deployment shop/web>:9100'});
	// A port no container declares is still where the scrape goes.
	const undeclared = scrapeTargets(items(annotated('{prometheus.io/scrape: "true", prometheus.io/port: "7000"}')));
	t.deepEqual(undeclared.map(brief), ['kubernetes-pods web:7000 http /metrics']);
	t.deepEqual(undeclared[0]!.port, {number: 7000});
});

test('kubernetes-pods: only exact values count (scrape "true", scheme http/https, port digits)', t => {
	t.deepEqual(scrapeTargets(items(annotated('{prometheus.io/scrape: "True"}'))), []);
	const odd = scrapeTargets(
		items(annotated('{prometheus.io/scrape: "true", prometheus.io/port: metrics, prometheus.io/scheme: HTTPS, prometheus.io/path: ""}')),
	);
	t.deepEqual(odd.map(brief), [
		'kubernetes-pods web:8080 http /metrics',
		'kubernetes-pods web:9100 http /metrics',
		'kubernetes-pods web:- http /metrics',
	]);
});

test('scrape-slow (any spelling that sanitises to scrape_slow) moves the pod to the 5m job', t => {
	const targets = scrapeTargets(
		items(
			annotated(
				'{prometheus.io/scrape: "true", prometheus.io/scrape-slow: "true", prometheus.io/port: "9100", prometheus.io/param_format: text}',
			),
		),
	);
	t.deepEqual(targets.map(brief), ['kubernetes-pods-slow web:9100 http /metrics']);
	t.like(targets[0], {interval: '5m', timeout: '30s', params: {format: 'text'}});
});

test('kubernetes-service-endpoints: the endpoints behind the Service on each port target port, and uncovered container ports', t => {
	const list = items(
		deployment('web', 'shop', '{app: web}', containers),
		service('web', 'shop', '{app: web}', '{app: web}', '[{name: http, port: 80, targetPort: http}]', '{prometheus.io/scrape: "true"}'),
	);
	t.deepEqual(scrapeTargets(list).map(brief), [
		'kubernetes-service-endpoints web:8080 http /metrics',
		'kubernetes-service-endpoints web:9100 http /metrics',
	]);
});

test('kubernetes-service-endpoints: the port annotation replaces the pod port, so "80" scrapes podIP:80 not the targetPort', t => {
	const list = items(
		deployment('exporter', 'shop', '{app: exporter}', '[{name: node, ports: [{containerPort: 9100}]}]'),
		service(
			'exporter',
			'shop',
			'{}',
			'{app: exporter}',
			'[{port: 80, targetPort: 9100}]',
			'{prometheus.io/scrape: "true", prometheus.io/port: "80"}',
		),
	);
	const targets = scrapeTargets(list);
	t.deepEqual(targets.map(brief), ['kubernetes-service-endpoints exporter:80 http /metrics']);
	t.deepEqual(targets[0]!.port, {number: 80});
});

test('Istio rewrites the annotations of injected pods to :15020/stats/prometheus, never a Service', t => {
	const namespace = `
apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {istio-injection: enabled}}
`;
	const list = items(
		namespace,
		annotated('{prometheus.io/scrape: "true", prometheus.io/port: "9100", prometheus.io/scheme: https}'),
		service('web', 'shop', '{}', '{app: web}', '[{name: m, port: 9100}]', '{prometheus.io/scrape: "true", prometheus.io/port: "9100"}'),
		deployment(
			'plain',
			'shop',
			'{app: plain}',
			containers,
			'{prometheus.istio.io/merge-metrics: "false", prometheus.io/scrape: "true", prometheus.io/port: "9100"}',
		),
		deployment('quiet', 'shop', '{app: quiet}', containers),
		deployment('off', 'shop', '{app: off}', containers, '{prometheus.io/scrape: "false"}'),
	);
	t.deepEqual(
		scrapeTargets(list).map(target => `${brief(target)}${target.istioMerged ? ' (istio)' : ''}`),
		[
			// scheme is left as it was: Istio neither reads nor removes it.
			'kubernetes-pods web:15020 https /stats/prometheus (istio)',
			'kubernetes-pods plain:9100 http /metrics',
			// No prometheus.io/scrape at all: Istio merges, and so sets scrape "true".
			'kubernetes-pods quiet:15020 http /stats/prometheus (istio)',
			'kubernetes-service-endpoints web:9100 http /metrics',
		],
	);
});

test('a pod annotated and selected by a PodMonitor on the same port is scraped by two jobs', t => {
	const list = items(
		annotated('{prometheus.io/scrape: "true", prometheus.io/port: "9100"}'),
		`
apiVersion: monitoring.coreos.com/v1
kind: PodMonitor
metadata: {name: web, namespace: shop}
spec: {selector: {matchLabels: {app: web}}, podMetricsEndpoints: [{port: metrics}, {port: http}]}
`,
	);
	const doubles = doubleScrapes(scrapeTargets(list));
	t.deepEqual(
		doubles.map(group => [group.workload?.name, group.port, group.targets.map(target => target.job)]),
		[['web', 9100, ['podMonitor/shop/web/0', 'kubernetes-pods']]],
	);
});

test('kubernetes-pods scrapes init container ports too, which is reported', t => {
	const list = items(`
apiVersion: batch/v1
kind: Job
metadata: {name: batch, namespace: shop}
spec:
  template:
    metadata: {annotations: {prometheus.io/scrape: "true"}}
    spec:
      initContainers: [{name: fetch, ports: [{containerPort: 9000}]}]
      containers: [{name: run, ports: [{containerPort: 9100}]}]
`);
	const model = scrapeModel(list);
	t.deepEqual(model.targets.map(brief), ['kubernetes-pods batch:9100 http /metrics', 'kubernetes-pods batch:9000 http /metrics']);
	t.deepEqual(
		model.findings.map(f => [f.type, f.item.name, f.path, f.target?.port?.number]),
		[['init-container-port', 'batch', 'spec.template.metadata.annotations', 9000]],
	);
});

test('kubernetes-service-endpoints-slow, and objects the orchestrator does not deploy are never scraped', t => {
	const slow = '{prometheus.io/scrape-slow: "true", prometheus.io/port: "9100"}';
	// A pod template asking to be scraped, in an object kpt keeps out of the output.
	const local = deployment('local', 'shop', '{app: local}', containers, '{prometheus.io/scrape: "true"}').replace(
		'metadata: {name: local, namespace: shop}',
		'metadata: {name: local, namespace: shop, annotations: {config.kubernetes.io/local-config: "true"}}',
	);
	const list = items(
		deployment('web', 'shop', '{app: web}', containers),
		service('web', 'shop', '{}', '{app: web}', '[{name: http, port: 80, targetPort: http}]', slow),
		local,
	);
	const targets = scrapeTargets(list);
	t.deepEqual(targets.map(brief), ['kubernetes-service-endpoints-slow web:9100 http /metrics']);
	t.like(targets[0], {interval: '5m', timeout: '30s'});
});
