import test from 'ava';
import {loadConfig} from '../../../src/config/load.js';
import {checkPackage} from '../../../src/scrape/check/check.js';
import {doubleScrapes} from '../../../src/scrape/model/double-scrapes.js';
import {scrapeModel, scrapeTargets} from '../../../src/scrape/model/scrape-targets.js';
import {brief, deployment, items, monitorObject} from './support.js';

/** Google Managed Prometheus' PodMonitoring and ClusterPodMonitoring in the scrape model (issue 16). */
function gmp(kind: 'PodMonitoring' | 'ClusterPodMonitoring', spec: string): string {
	return monitorObject(`monitoring.googleapis.com/v1 ${kind}`, spec, 'mon', kind === 'PodMonitoring' ? 'shop' : undefined);
}

const web = deployment(
	'web',
	'shop',
	'{app: web}',
	'[{name: app, ports: [{name: http, containerPort: 8080}, {containerPort: 9100}]}, {name: log, ports: [{name: http, containerPort: 8081}]}]',
);
const webElsewhere = deployment('web', 'other', '{app: web}', '[{name: app, ports: [{name: http, containerPort: 8080}]}]');

test('a port name keeps every container port of that name; a number scrapes the pod once at that port, declared or not', t => {
	const list = items(
		web,
		gmp(
			'PodMonitoring',
			'selector: {matchLabels: {app: web}}\nendpoints:\n- {port: http, interval: 30s, timeout: 10s}\n- {port: 9100, interval: 1m}\n- {port: 9999, interval: 1m, path: /stats}',
		),
	);
	const model = scrapeModel(list);
	t.deepEqual(model.targets.map(brief), [
		'PodMonitoring/shop/mon/http web:8080 http /metrics',
		'PodMonitoring/shop/mon/http web:8081 http /metrics',
		'PodMonitoring/shop/mon/9100 web:9100 http /metrics',
		'PodMonitoring/shop/mon/9999 web:9999 http /stats',
	]);
	t.like(model.targets[0], {interval: '30s', timeout: '10s', labels: {container: 'app'}, port: {name: 'http', container: 'app'}});
	// A number drops the container label: every discovery target of the pod becomes the same one.
	t.deepEqual(model.targets[2]!.labels, {namespace: 'shop'});
	t.deepEqual(model.findings, []);
});

test('a PodMonitoring looks in its own namespace, a ClusterPodMonitoring in every one', t => {
	const endpoint = 'selector: {matchLabels: {app: web}}\nendpoints: [{port: 8080, interval: 30s}]';
	t.deepEqual(
		scrapeTargets(items(web, webElsewhere, gmp('PodMonitoring', endpoint))).map(target => target.workload!.namespace),
		['shop'],
	);
	t.deepEqual(scrapeTargets(items(web, webElsewhere, gmp('ClusterPodMonitoring', endpoint))).map(brief), [
		'ClusterPodMonitoring/mon/8080 web:8080 http /metrics',
		'ClusterPodMonitoring/mon/8080 web:8080 http /metrics',
	]);
});

test('an endpoint that scrapes nothing, and a port of the wrong type, are findings', t => {
	const model = scrapeModel(
		items(
			web,
			gmp('PodMonitoring', 'selector: {matchLabels: {app: web}}\nendpoints: [{port: missing, interval: 30s}, {port: true, interval: 30s}]'),
		),
	);
	t.deepEqual(
		model.findings.map(f => [f.type, f.path]),
		[
			['invalid-port', 'spec.endpoints.1.port'],
			['endpoint-scrapes-nothing', 'spec.endpoints.0'],
		],
	);
});

test('a PodMonitoring beside a PodMonitor on the same pod port is a double scrape, and check mode says so and reports its scrapes', t => {
	const list = items(
		web,
		gmp('PodMonitoring', 'selector: {matchLabels: {app: web}}\nendpoints: [{port: 8080, interval: 30s}]'),
		monitorObject(
			'monitoring.coreos.com/v1 PodMonitor',
			'selector: {matchLabels: {app: web}}\npodMetricsEndpoints: [{port: http}]',
			'web',
			'shop',
		),
	);
	const groups = doubleScrapes(scrapeTargets(list));
	t.deepEqual(
		groups.map(group => [group.port, group.targets.map(target => target.job)]),
		[[8080, ['PodMonitoring/shop/mon/8080', 'podMonitor/shop/web/0']]],
	);
	const messages = checkPackage(list, loadConfig(undefined).config!).map(
		result => `${result.severity} ${result.resourceRef?.kind}: ${result.message}`,
	);
	t.true(
		messages.some(m => m.startsWith('warning PodMonitoring: port 8080 path /metrics of Deployment shop/web is scraped 2 times')),
		messages.join('\n'),
	);
	t.true(
		messages.includes(
			'info PodMonitoring: scrapes http://<pod IP of Deployment shop/web>:8080/metrics every 30s via PodMonitoring shop/mon',
		),
		messages.join('\n'),
	);
});

test("each PodMonitoring endpoint's params are its own scrape's query", t => {
	const list = items(
		web,
		gmp(
			'PodMonitoring',
			'selector: {matchLabels: {app: web}}\nendpoints:\n- {port: 9100, interval: 1m, params: {collect: [cpu]}}\n- {port: 9999, interval: 1m}',
		),
	);
	t.deepEqual(
		scrapeModel(list).targets.map(target => target.params),
		[{collect: 'cpu'}, {}],
	);
});
