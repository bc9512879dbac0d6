import test from 'ava';
import {parseDocument} from 'yaml';
import {loadConfig} from '../../src/config/load.js';
import {Item} from '../../src/krm/item.js';

/** `backend` (issue 16): what a GMP PodMonitoring cannot say is an error naming the field. */
function config(yaml: string) {
	return loadConfig(new Item(parseDocument(yaml).contents, -1, {start: 0, end: 0}));
}
const typed = (spec: string) => config(`apiVersion: fn.kpt.dev/v1alpha1\nkind: PrometheusScraping\nmetadata: {name: s}\nspec: ${spec}\n`);
const paths = (loaded: ReturnType<typeof config>) => (loaded.problems ?? []).map(problem => problem.path);

test('backend defaults to prometheus-operator, and backend=gmp comes from a ConfigMap', t => {
	t.is(loadConfig(undefined).config?.spec.backend, 'prometheus-operator');
	const loaded = config(
		'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: f}\ndata: {operatorMode: "true", backend: gmp, interval: 30s}\n',
	);
	t.is(loaded.problems, undefined);
	t.is(loaded.config?.spec.backend, 'gmp');
	t.deepEqual(paths(config('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: f}\ndata: {backend: google}\n')), ['data.backend']);
});

test('GMP needs an interval on every endpoint, and has no Probe', t => {
	t.deepEqual(paths(typed('{operatorMode: true, backend: gmp}')), ['spec.interval']);
	t.deepEqual(paths(typed('{operatorMode: true, backend: gmp, interval: 1m, endpoints: [{}, {port: 9100, interval: 30s}]}')), []);
	const ingress = typed('{operatorMode: true, backend: gmp, interval: 1m, monitorType: ingress, prober: {url: "bb:9115"}}');
	t.deepEqual(paths(ingress), ['spec.monitorType', 'spec.prober']);
	t.regex(ingress.problems![0]!.message, /has no Probe/);
});

test('fields with no PodMonitoring equivalent are one error each, naming the field', t => {
	const loaded = typed(
		'{operatorMode: true, backend: gmp, interval: 1m, scheme: https, jobLabel: app, podTargetLabels: [namespace], endpoints: [{' +
			'relabelings: [{action: keep, sourceLabels: [a], regex: b}], honorTimestamps: false, ' +
			'oauth2: {clientId: {secret: {name: o, key: id}}, clientSecret: {name: o, key: s}, tokenUrl: "https://t/"}, ' +
			'metricRelabelings: [{action: LabelKeep, regex: "a|b"}, {action: labeldrop}, {targetLabel: job, sourceLabels: [x]}]}]}',
	);
	t.deepEqual(paths(loaded), [
		'spec.jobLabel',
		'spec.podTargetLabels.0',
		'spec.endpoints.0.relabelings',
		'spec.endpoints.0.honorTimestamps',
		'spec.endpoints.0.oauth2.clientId',
		'spec.endpoints.0.metricRelabelings.0.regex',
		'spec.endpoints.0.metricRelabelings.1.regex',
		'spec.endpoints.0.metricRelabelings.2.targetLabel',
	]);
});

test("a username or client id as text is GMP's only: prometheus-operator reads them from Secrets", t => {
	const auth = 'scheme: https, interval: 1m, endpoints: [{basicAuth: {username: prometheus, password: {name: p, key: k}}}]';
	t.deepEqual(paths(typed(`{operatorMode: true, backend: gmp, ${auth}}`)), []);
	const operator = typed(`{operatorMode: true, ${auth}}`);
	t.deepEqual(paths(operator), ['spec.endpoints.0.basicAuth.username']);
	t.regex(operator.problems![0]!.message, /only GMP's PodMonitoring takes/);
	const secret = typed(
		'{operatorMode: true, backend: gmp, scheme: https, interval: 1m, endpoints: [{basicAuth: {username: {name: u, key: k}, password: {name: p, key: k}}}]}',
	);
	t.deepEqual(paths(secret), ['spec.endpoints.0.basicAuth.username']);
});
