/**
 * The scrape configs prometheus-operator generates for PodMonitors, ServiceMonitors and Probes
 * with Ingress targets, written from its source (pkg/prometheus/promcfg.go, generatePodMonitorConfig,
 * generateServiceMonitorConfig and generateProbeConfig; see the project's notes on the operator, sections 4 and 7), for a
 * real Prometheus to run against emulated discovery (discovery.ts).
 *
 * Two substitutions, and only these, because there is no cluster and Debian's Prometheus has no
 * kubernetes_sd: `kubernetes_sd_configs` becomes `file_sd_configs` over the pod, endpointslice or
 * ingress targets, and the SD config's `namespaces.names` becomes a first keep rule on
 * `__meta_kubernetes_namespace`. The ServiceMonitor jobs are the `role: endpointslice` variant
 * (a Prometheus with `serviceDiscoveryRole: EndpointSlice`). The relabel rules are the operator's.
 */
import {sanitizeLabelName} from './discovery.js';

type KrmObject = Record<string, any>;
type Relabel = Record<string, unknown>;

const META = '__meta_kubernetes_';

/** The selector's keep and drop rules on `<role>_label_<k>` and `<role>_labelpresent_<k>`, in the operator's order. */
function selectorRules(role: 'pod' | 'service' | 'ingress', selector: KrmObject | undefined): Relabel[] {
	const label = (key: string) => `${META}${role}_label_${sanitizeLabelName(key)}`;
	const present = (key: string) => `${META}${role}_labelpresent_${sanitizeLabelName(key)}`;
	const rules: Relabel[] = [];
	for (const key of Object.keys(selector?.matchLabels ?? {}).sort()) {
		rules.push({action: 'keep', source_labels: [label(key), present(key)], regex: `(${selector!.matchLabels[key]});true`});
	}
	for (const {key, operator, values} of selector?.matchExpressions ?? []) {
		if (operator === 'In' || operator === 'NotIn')
			rules.push({
				action: operator === 'In' ? 'keep' : 'drop',
				source_labels: [label(key), present(key)],
				regex: `(${values.join('|')});true`,
			});
		else rules.push({action: operator === 'Exists' ? 'keep' : 'drop', source_labels: [present(key)], regex: 'true'});
	}
	return rules;
}

/** `namespaceSelector`: empty is the monitor's own namespace, `any` all (no rule), else matchNames. */
function namespaceRules(monitor: KrmObject): Relabel[] {
	const selector = monitor.spec.namespaceSelector ?? {};
	if (selector.any === true) return [];
	const names: string[] = selector.matchNames?.length ? selector.matchNames : [monitor.metadata.namespace];
	return [{action: 'keep', source_labels: [`${META}namespace`], regex: `(${names.join('|')})`}];
}

function scrapeSettings(endpoint: KrmObject): KrmObject {
	return {
		honor_labels: endpoint.honorLabels ?? false,
		...(endpoint.interval ? {scrape_interval: endpoint.interval} : {}),
		...(endpoint.scrapeTimeout ? {scrape_timeout: endpoint.scrapeTimeout} : {}),
		...(endpoint.path ? {metrics_path: endpoint.path} : {}),
		...(endpoint.scheme ? {scheme: String(endpoint.scheme).toLowerCase()} : {}),
	};
}

const tmpJobName: Relabel = {source_labels: ['job'], target_label: '__tmp_prometheus_job_name'};
const dropFinished: Relabel = {action: 'drop', source_labels: [`${META}pod_phase`], regex: '(Failed|Succeeded)'};
const copy = (from: string, to: string): Relabel => ({source_labels: [`${META}${from}`], target_label: to});

function podMonitorJobs(monitor: KrmObject): KrmObject[] {
	const {namespace, name} = monitor.metadata;
	return (monitor.spec.podMetricsEndpoints ?? []).map((endpoint: KrmObject, i: number) => {
		const port: Relabel[] = [];
		let endpointLabel: string | undefined;
		if (endpoint.port) {
			port.push({action: 'keep', source_labels: [`${META}pod_container_port_name`], regex: endpoint.port});
			endpointLabel = endpoint.port;
		} else if (endpoint.portNumber) {
			port.push({action: 'keep', source_labels: [`${META}pod_container_port_number`], regex: String(endpoint.portNumber)});
		} else if (endpoint.targetPort !== undefined) {
			const byName = typeof endpoint.targetPort === 'string';
			port.push({
				action: 'keep',
				source_labels: [`${META}pod_container_port_${byName ? 'name' : 'number'}`],
				regex: String(endpoint.targetPort),
			});
			endpointLabel = String(endpoint.targetPort);
		}
		return {
			job_name: `podMonitor/${namespace}/${name}/${i}`,
			...scrapeSettings(endpoint),
			file_sd_configs: [{files: ['targets/pod.json']}],
			relabel_configs: [
				...namespaceRules(monitor),
				tmpJobName,
				dropFinished,
				...selectorRules('pod', monitor.spec.selector),
				...port,
				copy('namespace', 'namespace'),
				copy('pod_container_name', 'container'),
				copy('pod_name', 'pod'),
				{target_label: 'job', replacement: `${namespace}/${name}`},
				...(endpointLabel ? [{target_label: 'endpoint', replacement: endpointLabel}] : []),
			],
		};
	});
}

function serviceMonitorJobs(monitor: KrmObject): KrmObject[] {
	const {namespace, name} = monitor.metadata;
	return (monitor.spec.endpoints ?? []).map((endpoint: KrmObject, i: number) => {
		const port: Relabel[] = [];
		let endpointLabel: string | undefined;
		if (endpoint.port) {
			port.push({action: 'keep', source_labels: [`${META}endpointslice_port_name`], regex: endpoint.port});
			endpointLabel = endpoint.port;
		} else if (endpoint.targetPort !== undefined) {
			const byName = typeof endpoint.targetPort === 'string';
			port.push({
				action: 'keep',
				source_labels: [`${META}pod_container_port_${byName ? 'name' : 'number'}`],
				regex: String(endpoint.targetPort),
			});
			endpointLabel = String(endpoint.targetPort);
		}
		const target = [`${META}endpointslice_address_target_kind`, `${META}endpointslice_address_target_name`];
		return {
			job_name: `serviceMonitor/${namespace}/${name}/${i}`,
			...scrapeSettings(endpoint),
			file_sd_configs: [{files: ['targets/endpointslice.json']}],
			relabel_configs: [
				...namespaceRules(monitor),
				tmpJobName,
				...selectorRules('service', monitor.spec.selector),
				...port,
				{source_labels: target, separator: ';', regex: 'Node;(.*)', replacement: '${1}', target_label: 'node'},
				{source_labels: target, separator: ';', regex: 'Pod;(.*)', replacement: '${1}', target_label: 'pod'},
				dropFinished,
				copy('namespace', 'namespace'),
				copy('service_name', 'service'),
				copy('pod_name', 'pod'),
				copy('pod_container_name', 'container'),
				copy('service_name', 'job'),
				...(endpointLabel ? [{target_label: 'endpoint', replacement: endpointLabel}] : []),
			],
		};
	});
}

/**
 * generateProbeConfig for `targets.ingress`: the Ingress selector, then `__param_target` =
 * `<scheme>://<host><path>` from ingress discovery, and the prober as the address.
 */
function probeJobs(probe: KrmObject): KrmObject[] {
	const {namespace, name} = probe.metadata;
	const {prober, module, interval, scrapeTimeout, targets} = probe.spec;
	if (!targets?.ingress) return [];
	const selectorProbe = {metadata: probe.metadata, spec: {namespaceSelector: targets.ingress.namespaceSelector}};
	return [
		{
			job_name: `probe/${namespace}/${name}`,
			honor_timestamps: true,
			metrics_path: prober.path ?? '/probe',
			scheme: prober.scheme ?? 'http',
			...(module ? {params: {module: [module]}} : {}),
			...(interval ? {scrape_interval: interval} : {}),
			...(scrapeTimeout ? {scrape_timeout: scrapeTimeout} : {}),
			file_sd_configs: [{files: ['targets/ingress.json']}],
			relabel_configs: [
				...namespaceRules(selectorProbe),
				tmpJobName,
				...selectorRules('ingress', targets.ingress.selector),
				{
					source_labels: [`${META}ingress_scheme`, '__address__', `${META}ingress_path`],
					separator: ';',
					regex: '(.+);(.+);(.+)',
					target_label: '__param_target',
					replacement: '${1}://${2}${3}',
					action: 'replace',
				},
				copy('namespace', 'namespace'),
				copy('ingress_name', 'ingress'),
				{
					source_labels: ['__address__'],
					separator: ';',
					regex: '(.*)',
					target_label: '__tmp_ingress_address',
					replacement: '$1',
					action: 'replace',
				},
				{source_labels: ['__param_target'], target_label: 'instance'},
				{target_label: '__address__', replacement: prober.url},
			],
		},
	];
}

/** The scrape configs of every PodMonitor, ServiceMonitor and Probe among `items`, in input order. */
export function operatorScrapeConfigs(items: KrmObject[]): KrmObject[] {
	return items.flatMap(item => {
		if (item.apiVersion !== 'monitoring.coreos.com/v1') return [];
		if (item.kind === 'PodMonitor') return podMonitorJobs(item);
		if (item.kind === 'ServiceMonitor') return serviceMonitorJobs(item);
		if (item.kind === 'Probe') return probeJobs(item);
		return [];
	});
}
