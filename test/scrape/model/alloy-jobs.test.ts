import test from 'ava';
import {scrapeTargets} from '../../../src/scrape/model/scrape-targets.js';
import {brief, deployment, items, service} from './support.js';

// Two containers with ports, an init container with one, and a port-less container: what Alloy's
// pod discovery sees (feature-annotation-autodiscovery's `annotation_autodiscovery_pods` rules).
const containers =
	'[{name: app, ports: [{name: http, containerPort: 8080}, {containerPort: 9100}]}, {name: proxy, ports: [{name: admin, containerPort: 15000}]}, {name: log}]';
const web = (annotations: string) =>
	deployment('web', 'shop', '{app: web}', containers, annotations).replace(
		'    spec:\n',
		'    spec:\n      initContainers: [{name: setup, ports: [{name: setup, containerPort: 7000}]}]\n',
	);
const grafana = 'k8s.grafana.com';

test('Alloy reads k8s.grafana.com keys only when the model is told the convention', t => {
	const list = items(web('{k8s.grafana.com/scrape: "true"}'));
	t.deepEqual(scrapeTargets(list), []);
	// Every container target but the init container's, each with its own container label.
	t.deepEqual(scrapeTargets(list, grafana).map(brief), [
		'annotation_autodiscovery_pods web:8080 http /metrics',
		'annotation_autodiscovery_pods web:9100 http /metrics',
		'annotation_autodiscovery_pods web:15000 http /metrics',
		'annotation_autodiscovery_pods web:- http /metrics',
	]);
	t.like(scrapeTargets(list, grafana)[0], {interval: '60s', timeout: '10s', labels: {container: 'app'}});
});

test('metrics.portName keeps the port of that name; the interval, timeout, scheme, path and params are per target', t => {
	const targets = scrapeTargets(
		items(
			web(
				'{k8s.grafana.com/scrape: "true", k8s.grafana.com/metrics.portName: admin, k8s.grafana.com/metrics.scheme: https, k8s.grafana.com/metrics.path: /stats, k8s.grafana.com/metrics.scrapeInterval: 15s, k8s.grafana.com/metrics.scrapeTimeout: 5s, k8s.grafana.com/metrics.param_format: text}',
			),
		),
		grafana,
	);
	t.deepEqual(targets.map(brief), ['annotation_autodiscovery_pods web:15000 https /stats']);
	t.like(targets[0], {interval: '15s', timeout: '5s', params: {format: 'text'}, port: {name: 'admin', container: 'proxy'}});
});

test('metrics.portNumber is dialled once per container unless metrics.container names one', t => {
	const each = scrapeTargets(items(web('{k8s.grafana.com/scrape: "true", k8s.grafana.com/metrics.portNumber: "9100"}')), grafana);
	t.deepEqual(
		each.map(target => `${brief(target)} ${target.labels.container}`),
		[
			'annotation_autodiscovery_pods web:9100 http /metrics app',
			'annotation_autodiscovery_pods web:9100 http /metrics proxy',
			'annotation_autodiscovery_pods web:9100 http /metrics log',
		],
	);
	const one = scrapeTargets(
		items(web('{k8s.grafana.com/scrape: "true", k8s.grafana.com/metrics.portNumber: "9100", k8s.grafana.com/metrics.container: app}')),
		grafana,
	);
	t.deepEqual(one.map(brief), ['annotation_autodiscovery_pods web:9100 http /metrics']);
});

test('a timeout longer than the interval (given or 60s) drops the target, as Prometheus does', t => {
	t.deepEqual(
		scrapeTargets(items(web('{k8s.grafana.com/scrape: "true", k8s.grafana.com/metrics.scrapeInterval: 5s}')), grafana),
		[],
		'the default 10s timeout is longer than 5s',
	);
	t.deepEqual(scrapeTargets(items(web('{k8s.grafana.com/scrape: "true", k8s.grafana.com/metrics.scrapeTimeout: 2m}')), grafana), []);
});

test('Services are scraped at their own port, through the cluster IP; metrics.portName or portNumber keeps one', t => {
	const ports = '[{name: http, port: 80, targetPort: 8080}, {name: metrics, port: 9102, targetPort: 9100}]';
	const annotated = (annotations: string) =>
		items(deployment('web', 'shop', '{app: web}', containers), service('web', 'shop', '{app: web}', '{app: web}', ports, annotations));
	t.deepEqual(scrapeTargets(annotated('{k8s.grafana.com/scrape: "true"}'), grafana).map(brief), [
		'annotation_autodiscovery_services web.shop.svc:80 (no target) http /metrics',
		'annotation_autodiscovery_services web.shop.svc:9102 (no target) http /metrics',
	]);
	t.deepEqual(scrapeTargets(annotated('{k8s.grafana.com/scrape: "true", k8s.grafana.com/metrics.portName: metrics}'), grafana).map(brief), [
		'annotation_autodiscovery_services web.shop.svc:9102 (no target) http /metrics',
	]);
	t.deepEqual(scrapeTargets(annotated('{k8s.grafana.com/scrape: "true", k8s.grafana.com/metrics.portNumber: "80"}'), grafana).map(brief), [
		'annotation_autodiscovery_services web.shop.svc:80 (no target) http /metrics',
	]);
});

test("a custom prefix is the chart's jobs reading that prefix, beside the chart's own", t => {
	const list = items(
		web(
			'{customized.prometheus/scrape: "true", customized.prometheus/port: "9100", customized.prometheus/scrape_slow: "true", customized.prometheus/param_x: y}',
		),
	);
	t.deepEqual(scrapeTargets(list), []);
	const targets = scrapeTargets(list, 'customized.prometheus');
	t.deepEqual(targets.map(brief), ['kubernetes-pods-slow (customized.prometheus) web:9100 http /metrics']);
	t.like(targets[0], {interval: '5m', timeout: '30s', params: {x: 'y'}});
});
