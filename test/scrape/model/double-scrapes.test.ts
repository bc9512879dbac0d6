import test from 'ava';
import {doubleScrapes} from '../../../src/scrape/model/double-scrapes.js';
import {scrapeTargets} from '../../../src/scrape/model/scrape-targets.js';
import {deployment, items} from './support.js';

const containers = '[{name: app, ports: [{containerPort: 9100}, {name: https, containerPort: 8443}]}]';
const annotations = '{prometheus.io/scrape: "true", prometheus.io/port: "9100"}';
// Deployment shop/web written twice in one package, in two files, with different pod labels: kubernetes-pods
// keeps the pod labels, so the two give two label sets, but a cluster holds one Deployment shop/web.
const overlays = [
	deployment('web', 'shop', '{app: web}', containers, annotations),
	deployment('web', 'shop', '{app: web, tier: backend}', containers, annotations),
];

test('one object written twice in a package is not its pods scraped twice (sequences, seed 7, package 425431414)', t => {
	const targets = scrapeTargets(items(...overlays));
	t.is(targets.length, 2, 'each item is modelled: which of them the cluster holds is not known');
	t.deepEqual(doubleScrapes(targets), []);
});

const podMonitor = `
apiVersion: monitoring.coreos.com/v1
kind: PodMonitor
metadata: {name: web, namespace: shop}
spec: {selector: {matchLabels: {app: web}}, podMetricsEndpoints: [{targetPort: 9100}]}
`;

test("one object written twice, and a PodMonitor beside the chart's job: the pods are scraped twice, said once", t => {
	const list = items(...overlays, podMonitor);
	const doubles = doubleScrapes(scrapeTargets(list));
	t.deepEqual(
		doubles.map(group => [group.workload?.name, group.port, group.targets.map(target => target.job)]),
		[['web', 9100, ['podMonitor/shop/web/0', 'kubernetes-pods']]],
	);
	t.is(doubles[0]!.workload, list[0], 'through the first item');
});

test('the scrapes of one object written twice are not merged: the annotated one, also selected by a PodMonitor, is scraped twice', t => {
	// The PodMonitor's targets of the two items are alike (its job keeps no pod label); the
	// cluster may hold the second item, whose pods both jobs scrape.
	const list = items(deployment('web', 'shop', '{app: web}', containers), overlays[1]!, podMonitor);
	const doubles = doubleScrapes(scrapeTargets(list));
	t.deepEqual(
		doubles.map(group => [group.targets.map(target => target.job)]),
		[[['podMonitor/shop/web/0', 'kubernetes-pods']]],
	);
	t.is(doubles[0]!.workload, list[1]);
});
