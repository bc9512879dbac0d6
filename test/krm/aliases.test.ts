import test from 'ava';
import {transform} from '../../src/run.js';
import {parseList} from '../support/run-function.js';

// Found by the Prometheus end-to-end test: YAML.stringify writes shared objects as aliases.
const list = `apiVersion: config.kubernetes.io/v1
kind: ResourceList
items:
- apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: web
  spec:
    selector:
      matchLabels: &labels
        app: web
    template:
      metadata:
        labels: *labels
      spec:
        containers:
        - name: web
          ports:
          - name: prom-metrics
            containerPort: 9102
- apiVersion: v1
  kind: Service
  metadata:
    name: web
  spec:
    selector: *labels
    ports:
    - name: metrics
      port: 80
      targetPort: prom-metrics
functionConfig:
  apiVersion: v1
  kind: ConfigMap
  metadata:
    name: function-input
  data:
    monitorType: service
    port: metrics
`;

test('labels and selectors written as aliases are read through to their anchors', t => {
	const outcome = transform(list);
	t.is(outcome.exitCode, 0, outcome.results.map(result => result.message).join('\n'));
	const service = parseList(outcome.output!).items[1]!;
	t.is(service.metadata.annotations['prometheus.io/port'], '9102');
});

test('a map reached through an alias is not edited: that would change the anchor too', t => {
	const shared = list
		.replace('      metadata:\n        labels: *labels\n', '      metadata: *meta\n')
		.replace(
			'    name: web\n  spec:\n    selector:\n      matchLabels: &labels',
			'    name: web\n  spec:\n    extra: &meta\n      labels: {app: web}\n    selector:\n      matchLabels: &labels',
		)
		.replace('monitorType: service', 'monitorType: pod')
		.replace('port: metrics', 'port: "9102"');
	const outcome = transform(shared);
	t.is(outcome.exitCode, 1);
	t.regex(outcome.results.find(result => result.severity === 'error')!.message, /alias/);
});
