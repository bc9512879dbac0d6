import test from 'ava';
import {doubleScrapes} from '../../../src/scrape/model/double-scrapes.js';
import {scrapeModel} from '../../../src/scrape/model/scrape-targets.js';
import {brief, items} from './support.js';

function ingress(name: string, namespace: string, labels: string, spec: string): string {
	return `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: ${name}, namespace: ${namespace}, labels: ${labels}}
spec:
${spec.replace(/^\n/, '').replace(/^/gm, '  ')}
`;
}

function probe(targets: string, namespace = 'shop', extra = ''): string {
	return `
apiVersion: monitoring.coreos.com/v1
kind: Probe
metadata: {name: site, namespace: ${namespace}}
spec:
  prober: {url: "blackbox.monitoring:9115", scheme: https, path: /p}
  module: http_2xx
  interval: 30s${extra}
  targets: ${targets}
`;
}

const shop = ingress(
	'shop',
	'shop',
	'{probe: "yes"}',
	`
tls: [{hosts: [shop.example.com, "*.img.example.com"]}]
rules:
- host: shop.example.com
  http: {paths: [{path: /, pathType: Prefix}, {path: /api, pathType: Prefix}]}
- host: a.img.example.com
- host: plain.example.com
  http: {paths: [{pathType: Prefix}]}`,
);

test('each Ingress rule path is probed as scheme://host/path, https where spec.tls covers the host', t => {
	const model = scrapeModel(items(shop, probe('{ingress: {selector: {matchLabels: {probe: "yes"}}}}')));
	t.deepEqual(model.targets.map(brief), [
		'probe/shop/site blackbox.monitoring:9115 https://shop.example.com/ https /p',
		'probe/shop/site blackbox.monitoring:9115 https://shop.example.com/api https /p',
		'probe/shop/site blackbox.monitoring:9115 https://a.img.example.com/ https /p',
		'probe/shop/site blackbox.monitoring:9115 http://plain.example.com/ https /p',
	]);
	t.like(model.targets[0], {params: {module: 'http_2xx', target: 'https://shop.example.com/'}, interval: '30s', labels: {ingress: 'shop'}});
	t.deepEqual(model.findings, []);
});

test('Ingress selector and namespaceSelector: own namespace by default', t => {
	const elsewhere = ingress('other', 'web', '{probe: "yes"}', 'rules: [{host: web.example.com}]');
	const unlabelled = ingress('quiet', 'shop', '{}', 'rules: [{host: quiet.example.com}]');
	const urls = (targets: string) => scrapeModel(items(shop, elsewhere, unlabelled, probe(targets))).targets.map(target => target.url);
	t.is(urls('{ingress: {selector: {matchLabels: {probe: "yes"}}}}').length, 4);
	t.deepEqual(urls('{ingress: {selector: {matchLabels: {probe: "yes"}}, namespaceSelector: {matchNames: [web]}}}'), [
		'http://web.example.com/',
	]);
	t.is(urls('{ingress: {namespaceSelector: {any: true}}}').length, 6);
});

test('a rule without host leaves the prober without a target, and a wildcard host is no address: both reported', t => {
	const broken = ingress('broken', 'shop', '{}', 'rules: [{http: {paths: [{path: /x, pathType: Prefix}]}}, {host: "*.example.com"}]');
	const model = scrapeModel(items(broken, probe('{ingress: {}}')));
	t.deepEqual(model.targets.map(brief), [
		'probe/shop/site blackbox.monitoring:9115 (no target) https /p',
		'probe/shop/site blackbox.monitoring:9115 http://*.example.com/ https /p',
	]);
	t.false('target' in model.targets[0]!.params);
	t.deepEqual(
		model.findings.map(f => [f.type, f.item.name, f.path]),
		[
			['probe-rule-without-host', 'broken', 'spec.rules.0.host'],
			['probe-wildcard-host', 'broken', 'spec.rules.1.host'],
		],
	);
});

test('static targets are probed as written; prober scheme and path default to http and /probe', t => {
	const list = items(`
apiVersion: monitoring.coreos.com/v1
kind: Probe
metadata: {name: static, namespace: shop}
spec:
  prober: {url: "bb:9115"}
  targets: {staticConfig: {static: ["https://a.example.com", "b.example.com:443"]}}
`);
	const model = scrapeModel(list);
	t.deepEqual(model.targets.map(brief), [
		'probe/shop/static bb:9115 https://a.example.com http /probe',
		'probe/shop/static bb:9115 b.example.com:443 http /probe',
	]);
	t.false('interval' in model.targets[0]!);
});

test('a Probe that selects nothing probes nothing, and overlapping Ingresses are probed twice', t => {
	const twin = ingress('shop-copy', 'shop', '{probe: "yes"}', 'rules: [{host: plain.example.com}]');
	const model = scrapeModel(items(shop, twin, probe('{ingress: {selector: {matchLabels: {probe: "yes"}}}}')));
	t.deepEqual(
		doubleScrapes(model.targets).map(group => [group.url, group.targets.map(target => target.labels.ingress)]),
		[['http://plain.example.com/', ['shop', 'shop-copy']]],
	);
	t.deepEqual(
		scrapeModel(items(shop, probe('{ingress: {selector: {matchLabels: {probe: "no"}}}}'))).findings.map(f => [f.type, f.path]),
		[['endpoint-scrapes-nothing', 'spec.targets']],
	);
});
