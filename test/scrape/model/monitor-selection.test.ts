import test from 'ava';
import {Cluster} from '../../../src/scrape/model/cluster.js';
import {monitorSelection} from '../../../src/scrape/model/monitor-selection.js';
import {deployment, items, service} from './support.js';

test('what a ServiceMonitor selects, and the Services it nearly selects', t => {
	const list = items(
		service('web', 'shop', '{app: web, tier: front}', '{app: web}', '[]'),
		service('webx', 'shop', '{app: webx, tier: front}', '{app: web}', '[]'),
		service('bare', 'shop', '{tier: front}', '{app: web}', '[]'),
		service('web', 'other', '{app: web, tier: front}', '{app: web}', '[]'),
		service('far', 'shop', '{app: db, tier: back}', '{app: web}', '[]'),
		`
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {name: mon, namespace: shop}
spec:
  selector: {matchLabels: {app: web}, matchExpressions: [{key: tier, operator: NotIn, values: [back]}]}
  endpoints: [{port: m}]
`,
	);
	const cluster = new Cluster(list);
	const selection = monitorSelection(list.at(-1)!, cluster);
	t.like(selection, {kind: 'Service', path: 'spec.selector', scope: {names: ['shop']}});
	t.deepEqual(
		selection.selected.map(item => `${item.namespace}/${item.name}`),
		['shop/web'],
	);
	t.deepEqual(
		selection.nearMisses.map(miss => `${miss.item.namespace}/${miss.item.name}: ${miss.reason}`),
		[
			'shop/webx: its label "app" is "webx", not "web"',
			'shop/bare: it has no label "app"',
			'other/web: its labels match, but namespace "other" is not one the monitor looks in ("shop")',
		],
	);
});

test('a PodMonitor selects workloads by pod template labels; a Probe without targets.ingress selects no Ingress', t => {
	const list = items(
		deployment('web', 'shop', '{app: web}', '[]'),
		deployment('db', 'shop', '{app: db, legacy: "yes"}', '[]'),
		`
apiVersion: monitoring.coreos.com/v1
kind: PodMonitor
metadata: {name: mon, namespace: shop}
spec: {selector: {matchExpressions: [{key: legacy, operator: DoesNotExist}]}}
`,
		`
apiVersion: monitoring.coreos.com/v1
kind: Probe
metadata: {name: p, namespace: shop}
spec: {prober: {url: "bb:9115"}, targets: {staticConfig: {static: [a]}}}
`,
	);
	const cluster = new Cluster(list);
	const pods = monitorSelection(list[2]!, cluster);
	t.deepEqual(
		pods.selected.map(item => item.name),
		['web'],
	);
	t.deepEqual(
		pods.nearMisses.map(miss => `${miss.item.name}: ${miss.reason}`),
		['db: it has the label "legacy", which the selector excludes'],
	);
	t.like(monitorSelection(list[3]!, cluster), {kind: 'Ingress', selected: [], nearMisses: []});
});
