import test from 'ava';
import {transform} from '../../../src/run.js';

/** Two Deployments whose pods share their labels, and two Services that both select those pods. */
const items = ['api', 'worker', 'batch']
	.map(
		name => `- apiVersion: apps/v1
  kind: Deployment
  metadata: {name: ${name}, namespace: shop}
  spec:
    template:
      metadata: {labels: {app: shop}}
      spec:
        containers: [{name: app, ports: [{name: metrics, containerPort: 9090}]}]
`,
	)
	.concat(
		['front', 'headless'].map(
			name => `- apiVersion: v1
  kind: Service
  metadata: {name: ${name}, namespace: shop, labels: {app: shop}}
  spec:
    selector: {app: shop}
    ports: [{name: metrics, port: 9090, targetPort: metrics}]
`,
		),
	)
	.join('');

const warnings = (monitorType: string) => {
	const config = `functionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: scraping}\n  data: {operatorMode: "true", backend: gmp, interval: 30s, port: metrics, monitorType: ${monitorType}}\n`;
	const {results} = transform(`apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${items}${config}`);
	return results.filter(result => result.severity === 'warning' && result.message.includes('also picks')).map(r => r.message);
};

test("a PodMonitoring whose selector picks other workloads' pods names them: GMP cannot confine it", t => {
	t.deepEqual(warnings('pod'), [
		"the PodMonitoring's selector also picks the pods of Deployment worker, Deployment batch, and GMP has no target relabeling to confine it to api: monitors of both would scrape those pods twice; give each its own pod labels",
		"the PodMonitoring's selector also picks the pods of Deployment api, Deployment batch, and GMP has no target relabeling to confine it to worker: monitors of both would scrape those pods twice; give each its own pod labels",
		"the PodMonitoring's selector also picks the pods of Deployment api, Deployment worker, and GMP has no target relabeling to confine it to batch: monitors of both would scrape those pods twice; give each its own pod labels",
	]);
});

test("a Service's PodMonitoring names the other Services in front of the same pods", t => {
	t.deepEqual(warnings('service'), [
		"the PodMonitoring's selector also picks the pods of Service headless, and GMP has no target relabeling to confine it to front: monitors of both would scrape those pods twice; give each its own pod labels",
		"the PodMonitoring's selector also picks the pods of Service front, and GMP has no target relabeling to confine it to headless: monitors of both would scrape those pods twice; give each its own pod labels",
	]);
});
