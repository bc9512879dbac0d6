import test from 'ava';
import {scrapeTargets} from '../../../src/scrape/model/scrape-targets.js';
import {brief, deployment, items, service} from './support.js';

/**
 * A monitor's own keep and drop relabelings decide which discovery targets are scraped: the keep
 * rules this function writes to confine a monitor to its target among objects that share labels
 * among them. Rules that rewrite the scrape are not followed, and say so on the target.
 */
const web = deployment('web', 'shop', '{app: web}', '[{name: app, ports: [{name: metrics, containerPort: 9100}]}]');
const canary = deployment(
	'web-canary',
	'shop',
	'{app: web, track: canary}',
	'[{name: app, ports: [{name: metrics, containerPort: 9100}]}]',
);

function podMonitor(relabelings: string): string {
	return `
apiVersion: monitoring.coreos.com/v1
kind: PodMonitor
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  podMetricsEndpoints: [{port: metrics, relabelings: ${relabelings}}]
`;
}

test("a keep rule on the pod's controller confines a PodMonitor to its Deployment's pods (ReplicaSet <name>-<hash>)", t => {
	const all = scrapeTargets(items(web, canary, podMonitor('[]')));
	t.deepEqual(all.map(brief), ['podMonitor/shop/web/0 web:9100 http /metrics', 'podMonitor/shop/web/0 web-canary:9100 http /metrics']);
	const kept = scrapeTargets(
		items(
			web,
			canary,
			podMonitor(
				'[{sourceLabels: [__meta_kubernetes_pod_controller_kind, __meta_kubernetes_pod_controller_name], regex: "ReplicaSet;web-[a-z0-9]+", action: keep}]',
			),
		),
	);
	t.deepEqual(kept.map(brief), ['podMonitor/shop/web/0 web:9100 http /metrics']);
});

test('drop and an action in either case are followed; labels the pods lack read as empty; a label a rule wrote is not guessed', t => {
	const dropped = scrapeTargets(
		items(web, canary, podMonitor('[{sourceLabels: [__meta_kubernetes_pod_label_track], regex: canary, action: Drop}]')),
	);
	t.deepEqual(dropped.map(brief), ['podMonitor/shop/web/0 web:9100 http /metrics']);
	const absent = scrapeTargets(
		items(web, canary, podMonitor('[{sourceLabels: [__meta_kubernetes_pod_label_track], regex: "", action: keep}]')),
	);
	t.deepEqual(absent.map(brief), ['podMonitor/shop/web/0 web:9100 http /metrics']);
	const equal = scrapeTargets(
		items(
			web,
			podMonitor(
				'[{sourceLabels: [__meta_kubernetes_pod_container_port_number], targetLabel: __tmp_port, replacement: "9100"}, {sourceLabels: [__tmp_port], targetLabel: __tmp_port, action: keepequal}]',
			),
		),
	);
	// The replace wrote __tmp_port, which the model does not follow: it says so instead of guessing.
	t.regex(equal[0]!.unmodelled ?? '', /relabeling 1 reads __tmp_port/);
});

test('a ServiceMonitor keep rule on the Service name picks one of two Services that share labels', t => {
	const twin = (name: string) => service(name, 'shop', '{app: web}', '{app: web}', '[{name: metrics, port: 9100}]');
	const monitor = `
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  endpoints: [{port: metrics, relabelings: [{sourceLabels: [__meta_kubernetes_service_name], regex: web, action: keep}]}]
`;
	const targets = scrapeTargets(items(web, twin('web'), twin('web-headless'), monitor));
	t.deepEqual(
		targets.map(target => `${brief(target)} via ${target.service?.name}`),
		['serviceMonitor/shop/web/0 web:9100 http /metrics via web'],
	);
});

test('a rule that rewrites the address, or reads what the model does not know, leaves the scrape to the user', t => {
	const rewritten = scrapeTargets(items(web, podMonitor('[{targetLabel: __address__, replacement: "web.shop:9100"}]')));
	t.regex(rewritten[0]!.unmodelled ?? '', /relabeling 0 \(replace\) writes __address__/);
	const node = scrapeTargets(items(web, podMonitor('[{sourceLabels: [__meta_kubernetes_pod_node_name], regex: "node-1", action: keep}]')));
	t.regex(node[0]!.unmodelled ?? '', /reads __meta_kubernetes_pod_node_name/);
});
