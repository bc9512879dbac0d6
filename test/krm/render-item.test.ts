import test from 'ava';
import fc from 'fast-check';
import {stringify} from 'yaml';
import {toLines} from '../../src/krm/render-item.js';

/** The hand-written layout must be exactly what yaml's stringify writes, for the golden monitors too. */
const yaml = (value: unknown) => stringify(value, {version: '1.1', lineWidth: 0, indentSeq: false}).trimEnd().split('\n');

test('a monitor renders exactly as yaml would', t => {
	const monitor = {
		apiVersion: 'monitoring.coreos.com/v1',
		kind: 'PodMonitor',
		metadata: {
			name: 'web-pod-monitor',
			namespace: 'shop',
			labels: {release: 'kube-prometheus-stack', n: 'yes'},
			annotations: {'config.kubernetes.io/index': '0', 'a/b': 'PrometheusScraping/x'},
		},
		spec: {
			selector: {matchLabels: {app: 'web'}, matchExpressions: [{key: 'tier', operator: 'In', values: ['api', 'on', '0777', '10:00']}]},
			podMetricsEndpoints: [
				{
					port: 'metrics',
					path: '/actuator/metrics',
					interval: '5s',
					params: {module: ['http_2xx']},
					honorLabels: true,
					relabelings: [{sourceLabels: ['__name__'], regex: 'go_.*', action: 'drop'}],
				},
				{portNumber: 9102},
			],
			namespaceSelector: {any: false, matchNames: []},
			empty: {},
		},
	};
	t.deepEqual(toLines(monitor), yaml(monitor));
});

const json = fc.letrec(tie => ({
	value: fc.oneof({depthSize: 'small'}, tie('scalar'), tie('object'), tie('array')),
	scalar: fc.oneof(
		fc.string(),
		fc.stringMatching(/^[A-Za-z_/][\w./-]{0,6}$/),
		fc.constantFrom(
			'app-00001',
			'y',
			'Y',
			'n',
			'Yes',
			'OFF',
			'On',
			'NULL',
			'Null',
			'True',
			'/path',
			'_x',
			'a.b-c/d',
			'yes',
			'no',
			'0',
			'1.5',
			'true',
			'null',
			'~',
			'- a',
			'a: b',
			'a #b',
			'#',
			'@x',
			'`x',
			'"q"',
			"'q'",
			'multi\nline',
			' lead',
			'trail ',
			'',
		),
		fc.integer(),
		fc.double(),
		fc.boolean(),
		fc.constant(null),
	),
	object: fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('n', 'y', 'on', 'a/b', 'a.b')), tie('value'), {maxKeys: 4}),
	array: fc.array(tie('value'), {maxLength: 3}),
}));

test('3000 random JSON values render exactly as yaml would', t => {
	fc.assert(
		fc.property(json.object, value => JSON.stringify(toLines(value)) === JSON.stringify(yaml(value))),
		{numRuns: 3000, seed: 7},
	);
	t.pass();
});
