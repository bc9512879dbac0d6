import test from 'ava';
import {parseSelector} from '../../../src/config/label-selector.js';
import {loadedByChecks} from '../../../src/scrape/check/loaded-by.js';
import {items} from '../model/support.js';

const monitor = (namespace: string, labels: string) => `
apiVersion: monitoring.coreos.com/v1
kind: PodMonitor
metadata: {name: m, namespace: ${namespace}, labels: ${labels}}
spec: {selector: {matchLabels: {app: a}}, podMetricsEndpoints: [{port: metrics}]}
`;

const prometheus = (spec: string) => `
apiVersion: monitoring.coreos.com/v1
kind: Prometheus
metadata: {name: k8s, namespace: monitoring}
spec: ${spec}
`;

/** The messages for the list's PodMonitors, as the operator would load them into its Prometheus. */
function check(...documents: string[]): string[] {
	const list = items(...documents);
	return loadedByChecks(
		list,
		list.filter(item => item.kind === 'PodMonitor'),
		undefined,
	).map(result => result.message);
}

test('an absent monitor selector loads no monitor; an empty one loads every monitor', t => {
	t.regex(check(prometheus('{podMonitorNamespaceSelector: {}}'), monitor('shop', '{}'))[0]!, /sets no `spec.podMonitorSelector`/);
	t.deepEqual(check(prometheus('{podMonitorSelector: {}, podMonitorNamespaceSelector: {}}'), monitor('shop', '{}')), []);
});

test('a monitor without the release label is reported with the label to add', t => {
	const spec = '{podMonitorSelector: {matchLabels: {release: kps}}, podMonitorNamespaceSelector: {}}';
	const [message] = check(prometheus(spec), monitor('shop', '{app: a}'));
	t.regex(message!, /add `metadata.labels: \{release: kps\}`/);
	t.deepEqual(check(prometheus(spec), monitor('shop', '{release: kps}')), []);
});

test("an absent namespace selector loads the Prometheus's own namespace only; a selector matches the Namespace's labels", t => {
	t.regex(check(prometheus('{podMonitorSelector: {}}'), monitor('shop', '{}'))[0]!, /its own namespace only/);
	t.deepEqual(check(prometheus('{podMonitorSelector: {}}'), monitor('monitoring', '{}')), []);
	const byLabel = prometheus('{podMonitorSelector: {}, podMonitorNamespaceSelector: {matchLabels: {scrape: "yes"}}}');
	t.regex(check(byLabel, monitor('shop', '{}'))[0]!, /does not select namespace "shop"/);
	const namespace = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop, labels: {scrape: "yes"}}';
	t.deepEqual(check(byLabel, namespace, monitor('shop', '{}')), []);
	// Kubernetes labels every namespace with its name.
	const byName = prometheus('{podMonitorSelector: {}, podMonitorNamespaceSelector: {matchLabels: {kubernetes.io/metadata.name: shop}}}');
	t.deepEqual(check(byName, monitor('shop', '{}')), []);
});

test('one Prometheus that loads the monitor is enough', t => {
	const other = prometheus('{podMonitorSelector: {}, podMonitorNamespaceSelector: {}}').replace('name: k8s', 'name: all');
	t.deepEqual(check(prometheus('{}'), other, monitor('shop', '{}')), []);
});

test('without a Prometheus in the input, prometheusSelector says what is loaded; without either, nothing is said', t => {
	const list = items(monitor('shop', '{app: a}'));
	const [result] = loadedByChecks(list, list, parseSelector('release=kps'));
	t.like(result, {severity: 'warning', field: {path: 'metadata.labels'}});
	t.regex(result!.message, /add `metadata.labels: \{release: kps\}`/);
	t.deepEqual(loadedByChecks(list, list, parseSelector('app=a')), []);
	t.deepEqual(loadedByChecks(list, list, undefined), []);
});
