/**
 * The packages of the scrape-model end-to-end test, one namespace each. A scenario asks for a
 * server per container port it declares (so the numbers are free ports on the pod's own loopback
 * address), and says which scrapes it means: `job workload:port path`, the expectation written
 * by hand from the operator's and the chart's rules, which the model and Prometheus must both meet.
 */

/** Listens for a workload's pod: a free port on that pod's address. */
export interface Pods {
	listen(namespace: string, workload: string): Promise<number>;
	/** The pod's address, once it listens. */
	ip(namespace: string, workload: string): string;
}

export interface Scenario {
	namespace: string;
	build(pods: Pods): Promise<{objects: object[]; expected: string[]}>;
}

type Port = {name?: string; containerPort: number};

function deployment(namespace: string, name: string, labels: Record<string, string>, spec: object, annotations?: Record<string, string>) {
	return {
		apiVersion: 'apps/v1',
		kind: 'Deployment',
		metadata: {name, namespace},
		spec: {selector: {matchLabels: labels}, template: {metadata: {labels, ...(annotations ? {annotations} : {})}, spec}},
	};
}

function service(
	namespace: string,
	name: string,
	labels: Record<string, string>,
	selector: Record<string, string>,
	ports: object[],
	annotations?: Record<string, string>,
) {
	return {
		apiVersion: 'v1',
		kind: 'Service',
		metadata: {name, namespace, labels, ...(annotations ? {annotations} : {})},
		spec: {selector, ports},
	};
}

function monitor(kind: 'PodMonitor' | 'ServiceMonitor', namespace: string, spec: object) {
	return {apiVersion: 'monitoring.coreos.com/v1', kind, metadata: {name: 'mon', namespace}, spec};
}

const container = (name: string, ports: Port[]) => ({name, image: 'e2e', ...(ports.length ? {ports} : {})});

/** Nothing listens on port 1 of a 127.0.0.x address: an init container's port, closed once it exited. */
const closedPort = 1;

export const scenarios: Scenario[] = [
	{
		// PodMonitor `port` names a container port; an init container's port of that name is kept too.
		namespace: 'pm-port-name',
		async build(pods) {
			const ns = this.namespace;
			const [http, metrics] = [await pods.listen(ns, 'web'), await pods.listen(ns, 'web')];
			const spec = {
				initContainers: [container('setup', [{name: 'metrics', containerPort: closedPort}])],
				containers: [
					container('app', [
						{name: 'http', containerPort: http},
						{name: 'metrics', containerPort: metrics},
					]),
				],
			};
			return {
				objects: [
					deployment(ns, 'web', {app: 'web'}, spec),
					monitor('PodMonitor', ns, {selector: {matchLabels: {app: 'web'}}, podMetricsEndpoints: [{port: 'metrics'}]}),
				],
				expected: [`podMonitor/${ns}/mon/0 web:${metrics} /metrics`, `podMonitor/${ns}/mon/0 web:${closedPort} /metrics`],
			};
		},
	},
	{
		// PodMonitor `portNumber` picks an unnamed container port; `path` is honoured. An endpoint
		// without a port keeps every container port, and the port-less container as podIP alone.
		namespace: 'pm-port-number',
		async build(pods) {
			const ns = this.namespace;
			const [http, metrics] = [await pods.listen(ns, 'web'), await pods.listen(ns, 'web')];
			const spec = {containers: [container('app', [{name: 'http', containerPort: http}, {containerPort: metrics}]), container('log', [])]};
			return {
				objects: [
					deployment(ns, 'web', {app: 'web'}, spec),
					monitor('PodMonitor', ns, {
						selector: {matchExpressions: [{key: 'app', operator: 'In', values: ['web']}]},
						podMetricsEndpoints: [{portNumber: metrics, path: '/custom'}, {path: '/all'}],
					}),
				],
				expected: [
					`podMonitor/${ns}/mon/0 web:${metrics} /custom`,
					`podMonitor/${ns}/mon/1 web:${http} /all`,
					`podMonitor/${ns}/mon/1 web:${metrics} /all`,
					`podMonitor/${ns}/mon/1 web:- /all`,
				],
			};
		},
	},
	{
		// ServiceMonitor `port` names a Service port whose named targetPort is a different number on each workload.
		namespace: 'sm-named-target-port',
		async build(pods) {
			const ns = this.namespace;
			const a = await pods.listen(ns, 'a');
			const b = await pods.listen(ns, 'b');
			return {
				objects: [
					deployment(ns, 'a', {tier: 'api', app: 'a'}, {containers: [container('a', [{name: 'metrics', containerPort: a}])]}),
					deployment(ns, 'b', {tier: 'api', app: 'b'}, {containers: [container('b', [{name: 'metrics', containerPort: b}])]}),
					service(ns, 'api', {team: 'x'}, {tier: 'api'}, [{name: 'prom', port: 9000, targetPort: 'metrics'}]),
					monitor('ServiceMonitor', ns, {selector: {matchLabels: {team: 'x'}}, endpoints: [{port: 'prom'}]}),
				],
				expected: [`serviceMonitor/${ns}/mon/0 a:${a} /metrics`, `serviceMonitor/${ns}/mon/0 b:${b} /metrics`],
			};
		},
	},
	{
		// A numeric Service port (80) in front of an unnamed container port: reached by the Service
		// port's name, and by the container port's number; a targetPort name reaches a container
		// port the Service does not expose at all.
		namespace: 'sm-numeric',
		async build(pods) {
			const ns = this.namespace;
			const [metrics, debug] = [await pods.listen(ns, 'exporter'), await pods.listen(ns, 'exporter')];
			const spec = {containers: [container('exporter', [{containerPort: metrics}, {name: 'debug', containerPort: debug}])]};
			return {
				objects: [
					deployment(ns, 'exporter', {app: 'exporter'}, spec),
					service(ns, 'exporter', {app: 'exporter'}, {app: 'exporter'}, [{name: 'http', port: 80, targetPort: metrics}]),
					monitor('ServiceMonitor', ns, {
						selector: {matchLabels: {app: 'exporter'}},
						endpoints: [{port: 'http'}, {targetPort: metrics}, {targetPort: 'debug'}],
					}),
				],
				expected: [
					`serviceMonitor/${ns}/mon/0 exporter:${metrics} /metrics`,
					`serviceMonitor/${ns}/mon/1 exporter:${metrics} /metrics`,
					`serviceMonitor/${ns}/mon/2 exporter:${debug} /metrics`,
				],
			};
		},
	},
	{
		// Two Services with the same labels in front of the same pods (a StatefulSet's regular and
		// headless pair): one ServiceMonitor job scrapes the pod twice.
		namespace: 'sm-double',
		async build(pods) {
			const ns = this.namespace;
			const metrics = await pods.listen(ns, 'web');
			const ports = [{name: 'metrics', port: 9100, targetPort: 'metrics'}];
			return {
				objects: [
					deployment(ns, 'web', {app: 'web'}, {containers: [container('web', [{name: 'metrics', containerPort: metrics}])]}),
					service(ns, 'web', {app: 'web'}, {app: 'web'}, ports),
					service(ns, 'web-headless', {app: 'web'}, {app: 'web'}, ports),
					monitor('ServiceMonitor', ns, {selector: {matchLabels: {app: 'web'}}, endpoints: [{port: 'metrics'}]}),
				],
				expected: [`serviceMonitor/${ns}/mon/0 web:${metrics} /metrics`, `serviceMonitor/${ns}/mon/0 web:${metrics} /metrics`],
			};
		},
	},
	{
		// kubernetes-pods: the port annotation turns the pod's three discovery targets (two ports, a
		// port-less container) into one podIP:port, scraped once.
		namespace: 'ann-pod',
		async build(pods) {
			const ns = this.namespace;
			const [http, metrics] = [await pods.listen(ns, 'web'), await pods.listen(ns, 'web')];
			const spec = {
				containers: [
					container('app', [
						{name: 'http', containerPort: http},
						{name: 'metrics', containerPort: metrics},
					]),
					container('log', []),
				],
			};
			const annotations = {'prometheus.io/scrape': 'true', 'prometheus.io/port': String(metrics), 'prometheus.io/path': '/custom'};
			return {objects: [deployment(ns, 'web', {app: 'web'}, spec, annotations)], expected: [`kubernetes-pods web:${metrics} /custom`]};
		},
	},
	{
		// kubernetes-service-endpoints: `prometheus.io/port: "80"` on a Service whose port 80 targets
		// the exporter's port: the annotation replaces the pod port, so the chart scrapes podIP:80.
		namespace: 'ann-service-80',
		async build(pods) {
			const ns = this.namespace;
			const metrics = await pods.listen(ns, 'exporter');
			return {
				objects: [
					deployment(ns, 'exporter', {app: 'exporter'}, {containers: [container('exporter', [{name: 'metrics', containerPort: metrics}])]}),
					service(ns, 'exporter', {}, {app: 'exporter'}, [{port: 80, targetPort: metrics}], {
						'prometheus.io/scrape': 'true',
						'prometheus.io/port': '80',
					}),
				],
				expected: ['kubernetes-service-endpoints exporter:80 /metrics'],
			};
		},
	},
	{
		// A Probe over Ingress rules: https where spec.tls covers the host (a wildcard TLS host too),
		// "/" for a rule without paths or a path without `path`; a wildcard rule host is probed as
		// written. An Ingress the selector does not pick is not probed.
		namespace: 'probe-ingress',
		async build(pods) {
			const ns = this.namespace;
			const port = await pods.listen(ns, 'blackbox');
			const ingress = (name: string, probe: string, spec: object) => ({
				apiVersion: 'networking.k8s.io/v1',
				kind: 'Ingress',
				metadata: {name, namespace: ns, labels: {probe}},
				spec,
			});
			const backend = {service: {name: 'shop', port: {number: 80}}};
			const paths = (...list: string[]) => ({paths: list.map(path => ({...(path ? {path} : {}), pathType: 'Prefix', backend}))});
			return {
				objects: [
					ingress('shop', 'yes', {
						tls: [{hosts: ['shop.example.com', '*.img.example.com']}],
						rules: [
							{host: 'shop.example.com', http: paths('/', '/api')},
							{host: 'a.img.example.com'},
							{host: 'plain.example.com', http: paths('')},
							{host: '*.example.com', http: paths('/w')},
						],
					}),
					ingress('quiet', 'no', {rules: [{host: 'quiet.example.com'}]}),
					{
						apiVersion: 'monitoring.coreos.com/v1',
						kind: 'Probe',
						metadata: {name: 'site', namespace: ns},
						spec: {
							prober: {url: `${pods.ip(ns, 'blackbox')}:${port}`, path: '/p'},
							module: 'http_2xx',
							targets: {ingress: {selector: {matchLabels: {probe: 'yes'}}}},
						},
					},
				],
				expected: [
					`probe/${ns}/site https://shop.example.com/`,
					`probe/${ns}/site https://shop.example.com/api`,
					`probe/${ns}/site https://a.img.example.com/`,
					`probe/${ns}/site http://plain.example.com/`,
					`probe/${ns}/site http://*.example.com/w`,
				],
			};
		},
	},
	{
		// kubernetes-service-endpoints without a port annotation: the Service's target port, and
		// also the container ports the Service does not expose (discovery lists them for the pod),
		// an init container's among them.
		namespace: 'ann-service-uncovered',
		async build(pods) {
			const ns = this.namespace;
			const [http, metrics] = [await pods.listen(ns, 'web'), await pods.listen(ns, 'web')];
			const spec = {
				initContainers: [container('setup', [{containerPort: closedPort}])],
				containers: [
					container('app', [
						{name: 'http', containerPort: http},
						{name: 'metrics', containerPort: metrics},
					]),
				],
			};
			return {
				objects: [
					deployment(ns, 'web', {app: 'web'}, spec),
					service(ns, 'web', {}, {app: 'web'}, [{name: 'http', port: 80, targetPort: 'http'}], {'prometheus.io/scrape': 'true'}),
				],
				expected: [
					`kubernetes-service-endpoints web:${http} /metrics`,
					`kubernetes-service-endpoints web:${metrics} /metrics`,
					`kubernetes-service-endpoints web:${closedPort} /metrics`,
				],
			};
		},
	},
];
