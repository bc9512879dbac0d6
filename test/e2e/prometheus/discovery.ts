/**
 * Kubernetes service discovery, emulated for file_sd.
 *
 * The end-to-end test runs a real Prometheus against the prometheus-community chart's
 * annotation-driven jobs, but Debian's Prometheus build has no kubernetes_sd and there is no
 * cluster. The chart's relabel rules only ever see the *labels* that Kubernetes SD puts on each
 * discovered target, so we produce those labels ourselves and hand them to Prometheus through
 * `file_sd_configs`. If the labels match what kubernetes_sd would produce, the relabelling (and so
 * the scrape URL) matches what a real cluster would get.
 *
 * Mirrors prometheus/prometheus discovery/kubernetes:
 * - pod.go (`role: pod`): one target per declared container port, `__address__` = podIP:port
 *   (just podIP for a container without ports), group labels from `podLabels()`.
 * - ingress.go (`role: ingress`): one target per Ingress rule and path, `__address__` = host.
 * - endpointslice.go (`role: endpointslice`): one target per endpoint address x slice port,
 *   `__address__` = address:port, plus Service labels (the Service named by the slice's
 *   `kubernetes.io/service-name` label), pod labels for `targetRef.kind == Pod`, the matching
 *   container-port labels, and one extra target per container port of those pods that no slice
 *   port covered.
 * Label names: `strutil.SanitizeLabelName` (every char outside [a-zA-Z0-9_] becomes `_`).
 *
 * Deliberate simplifications, all irrelevant to the chart jobs' relabel rules:
 * - Each workload yields exactly one Running, Ready pod, by default with IP 127.0.0.1 (replicas
 *   would all get the same loopback address and collapse into one target anyway); a caller may
 *   give each pod its own loopback address (127.0.0.0/8 is all loopback on Linux).
 * - Init containers are listed after the containers with `__meta_kubernetes_pod_container_init`
 *   "true", as pod.go and endpointslice.go do (endpointslice.go lists their ports among a seen
 *   pod's uncovered ports as well).
 * - Labels that only a cluster knows (pod uid, container ids, zones, hostnames) are left out:
 *   neither the chart nor the operator reads them.
 * - file_sd has no per-target labels, only per-group ones, so every target gets its own group
 *   carrying the group labels merged with the target labels (Prometheus merges them the same way).
 */

/** One entry of a file_sd JSON file. */
export interface TargetGroup {
	targets: string[];
	labels: Record<string, string>;
}

/** Everything runs on loopback: the "pod IP" of every emulated pod. */
export const POD_IP = '127.0.0.1';
/** Node the emulated pods are "scheduled" on (the chart copies it into the `node` label). */
export const NODE_NAME = 'e2e-node';

const META = '__meta_kubernetes_';

type KrmObject = Record<string, any>;

interface ContainerPort {
	name?: string;
	containerPort: number;
	protocol?: string;
}

interface Container {
	name: string;
	image?: string;
	ports?: ContainerPort[];
}

/** The pod a workload would run, as far as discovery can see it. */
export interface EmulatedPod {
	namespace: string;
	ip: string;
	name: string;
	labels: Record<string, string>;
	annotations: Record<string, string>;
	containers: Container[];
	initContainers: Container[];
	controllerKind?: string;
	controllerName?: string;
}

/** Prometheus' strutil.SanitizeLabelName. */
export function sanitizeLabelName(name: string): string {
	return name.replace(/[^a-zA-Z0-9_]/g, '_');
}

/**
 * Label/annotation maps as the API server would accept them. Values must already be strings: a
 * function that emits `prometheus.io/port: 9102` (a YAML int) produces an object Kubernetes
 * rejects, so we refuse it instead of quietly stringifying it.
 */
function stringMap(value: unknown, what: string): Record<string, string> {
	if (value === undefined || value === null) return {};
	if (typeof value !== 'object' || Array.isArray(value)) throw new Error(`${what} is not a map`);
	for (const [k, v] of Object.entries(value)) {
		if (typeof v !== 'string') throw new Error(`${what}[${k}] is ${typeof v}, Kubernetes requires a string`);
	}
	return value as Record<string, string>;
}

/** `__meta_kubernetes_<role>_label_*`/`_labelpresent_*`/`_annotation_*`/`_annotationpresent_*` (addObjectMetaLabels). */
function objectMetaLabels(role: string, labels: Record<string, string>, annotations: Record<string, string>): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [k, v] of Object.entries(labels)) {
		out[`${META}${role}_label_${sanitizeLabelName(k)}`] = v;
		out[`${META}${role}_labelpresent_${sanitizeLabelName(k)}`] = 'true';
	}
	for (const [k, v] of Object.entries(annotations)) {
		out[`${META}${role}_annotation_${sanitizeLabelName(k)}`] = v;
		out[`${META}${role}_annotationpresent_${sanitizeLabelName(k)}`] = 'true';
	}
	return out;
}

/** Where a workload kind keeps its pod template. */
const POD_TEMPLATE: Record<string, (o: KrmObject) => KrmObject | undefined> = {
	Deployment: o => o.spec?.template,
	ReplicaSet: o => o.spec?.template,
	StatefulSet: o => o.spec?.template,
	DaemonSet: o => o.spec?.template,
	Job: o => o.spec?.template,
	CronJob: o => o.spec?.jobTemplate?.spec?.template,
};

/**
 * Name, owner and controller-added labels of the pod a workload makes. Only the relabel-visible
 * shape matters (the chart copies the pod name into `pod` and the pod labels as labels).
 */
function podIdentity(
	kind: string,
	name: string,
): Pick<EmulatedPod, 'name' | 'controllerKind' | 'controllerName'> & {extraLabels: Record<string, string>} {
	const hash = '6f7d8b9c5d';
	switch (kind) {
		case 'Deployment': // owned by a ReplicaSet, which adds pod-template-hash
			return {
				name: `${name}-${hash}-x2x7k`,
				controllerKind: 'ReplicaSet',
				controllerName: `${name}-${hash}`,
				extraLabels: {'pod-template-hash': hash},
			};
		case 'StatefulSet':
			return {
				name: `${name}-0`,
				controllerKind: 'StatefulSet',
				controllerName: name,
				extraLabels: {'statefulset.kubernetes.io/pod-name': `${name}-0`},
			};
		case 'CronJob': // owned by the Job the CronJob creates
			return {name: `${name}-29000000-x2x7k`, controllerKind: 'Job', controllerName: `${name}-29000000`, extraLabels: {}};
		default:
			return {name: `${name}-x2x7k`, controllerKind: kind, controllerName: name, extraLabels: {}};
	}
}

/** A pod's IP, by the namespace and name of the workload (or bare Pod) that runs it. */
export type PodIps = (namespace: string, name: string) => string;

/** The pods the workloads among `items` would run (bare Pods are taken as they are). */
export function podsFromItems(items: KrmObject[], ipOf: PodIps = () => POD_IP): EmulatedPod[] {
	const pods: EmulatedPod[] = [];
	for (const item of items) {
		const namespace: string = item.metadata?.namespace ?? 'default';
		if (item.apiVersion === 'v1' && item.kind === 'Pod') {
			pods.push({
				namespace,
				ip: ipOf(namespace, item.metadata.name),
				name: item.metadata.name,
				labels: stringMap(item.metadata?.labels, `Pod ${item.metadata.name} labels`),
				annotations: stringMap(item.metadata?.annotations, `Pod ${item.metadata.name} annotations`),
				containers: item.spec?.containers ?? [],
				initContainers: item.spec?.initContainers ?? [],
			});
			continue;
		}
		const template = POD_TEMPLATE[item.kind]?.(item);
		if (!template) continue;
		const what = `${item.kind} ${item.metadata.name} pod template`;
		const {extraLabels, ...identity} = podIdentity(item.kind, item.metadata.name);
		pods.push({
			namespace,
			ip: ipOf(namespace, item.metadata.name),
			...identity,
			labels: {...stringMap(template.metadata?.labels, `${what} labels`), ...extraLabels},
			annotations: stringMap(template.metadata?.annotations, `${what} annotations`),
			containers: template.spec?.containers ?? [],
			initContainers: template.spec?.initContainers ?? [],
		});
	}
	return pods;
}

/** pod.go podLabels(): the labels every target of a pod carries. */
function podLabels(pod: EmulatedPod): Record<string, string> {
	return {
		[`${META}namespace`]: pod.namespace,
		[`${META}pod_name`]: pod.name,
		[`${META}pod_ip`]: pod.ip,
		[`${META}pod_ready`]: 'true',
		[`${META}pod_phase`]: 'Running',
		[`${META}pod_node_name`]: NODE_NAME,
		[`${META}pod_host_ip`]: pod.ip,
		...(pod.controllerKind ? {[`${META}pod_controller_kind`]: pod.controllerKind} : {}),
		...(pod.controllerName ? {[`${META}pod_controller_name`]: pod.controllerName} : {}),
		...objectMetaLabels('pod', pod.labels, pod.annotations),
	};
}

/** pod.go / endpointslice.go container-port labels. Kubernetes defaults `protocol` to TCP. */
function containerPortLabels(container: Container, port: ContainerPort, init = false): Record<string, string> {
	return {
		[`${META}pod_container_name`]: container.name,
		[`${META}pod_container_image`]: container.image ?? '',
		[`${META}pod_container_init`]: String(init),
		[`${META}pod_container_port_name`]: port.name ?? '',
		[`${META}pod_container_port_number`]: String(port.containerPort),
		[`${META}pod_container_port_protocol`]: port.protocol ?? 'TCP',
	};
}

/**
 * `role: pod`: one target per container port with `__address__` = podIP:containerPort. This is
 * why a pod with an app port and a metrics port yields two targets, and why the chart needs the
 * `prometheus.io/port` rule: it rewrites both addresses to the annotated port, and the two then
 * identical targets are deduplicated by Prometheus.
 */
export function podRoleTargetGroups(pods: EmulatedPod[]): TargetGroup[] {
	const groups: TargetGroup[] = [];
	for (const pod of pods) {
		const containers = [...pod.containers.map(c => [c, false] as const), ...pod.initContainers.map(c => [c, true] as const)];
		for (const [container, init] of containers) {
			const ports = container.ports ?? [];
			if (ports.length === 0) {
				// "If no ports are defined for the container, create an anonymous target per container."
				const labels = {...podLabels(pod), [`${META}pod_container_name`]: container.name, [`${META}pod_container_init`]: String(init)};
				groups.push({targets: [pod.ip], labels});
				continue;
			}
			for (const port of ports) {
				groups.push({
					targets: [`${pod.ip}:${port.containerPort}`],
					labels: {...podLabels(pod), ...containerPortLabels(container, port, init)},
				});
			}
		}
	}
	return groups;
}

/** Every declared port of the pod, containers first, then init containers (flagged true). */
function declared(pod: EmulatedPod): (readonly [Container, ContainerPort, boolean])[] {
	const ports = (containers: Container[], init: boolean) => containers.flatMap(c => (c.ports ?? []).map(p => [c, p, init] as const));
	return [...ports(pod.containers, false), ...ports(pod.initContainers, true)];
}

/** Does a Service selector (equality only, as Service selectors are) pick this pod? */
function selects(selector: Record<string, string>, pod: EmulatedPod): boolean {
	const entries = Object.entries(selector);
	return entries.length > 0 && entries.every(([k, v]) => pod.labels[k] === v);
}

/** The endpoint port for a Service port on a pod: targetPort as number, as container-port name, or `port`. */
function resolveTargetPort(servicePort: KrmObject, pod: EmulatedPod): number | undefined {
	const target = servicePort.targetPort ?? servicePort.port;
	if (typeof target === 'number') return target;
	if (/^\d+$/.test(String(target))) return Number(target);
	for (const c of pod.containers) for (const p of c.ports ?? []) if (p.name === target) return p.containerPort;
	return undefined; // the EndpointSlice controller leaves a pod out of a port it cannot resolve
}

/**
 * `role: endpointslice`: for every Service with a selector, the slice the EndpointSlice controller
 * would create from the pods it selects. The chart's `kubernetes-service-endpoints` job reads the
 * Service annotations, which Kubernetes SD attaches to every target of the slice (group labels).
 */
export function endpointSliceRoleTargetGroups(items: KrmObject[], pods: EmulatedPod[]): TargetGroup[] {
	const groups: TargetGroup[] = [];
	for (const svc of items) {
		if (svc.apiVersion !== 'v1' || svc.kind !== 'Service') continue;
		if (svc.spec?.type === 'ExternalName' || !svc.spec?.selector) continue; // no controller-managed slices
		const namespace: string = svc.metadata?.namespace ?? 'default';
		const name: string = svc.metadata.name;
		const sliceName = `${name}-abcde`;
		const sliceLabels = {'kubernetes.io/service-name': name, 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io'};
		const groupLabels: Record<string, string> = {
			[`${META}namespace`]: namespace,
			[`${META}endpointslice_address_type`]: 'IPv4',
			[`${META}endpointslice_name`]: sliceName,
			...objectMetaLabels('endpointslice', sliceLabels, {}),
			// serviceLabels(): name + Service labels/annotations.
			[`${META}service_name`]: name,
			...objectMetaLabels(
				'service',
				stringMap(svc.metadata?.labels, `Service ${name} labels`),
				stringMap(svc.metadata?.annotations, `Service ${name} annotations`),
			),
		};
		const selector = stringMap(svc.spec.selector, `Service ${name} selector`);
		for (const pod of pods.filter(p => p.namespace === namespace && selects(selector, p))) {
			const covered = new Set<number>();
			for (const servicePort of svc.spec.ports ?? []) {
				const port = resolveTargetPort(servicePort, pod);
				if (port === undefined) continue;
				covered.add(port);
				const target: Record<string, string> = {
					[`${META}endpointslice_port`]: String(port),
					[`${META}endpointslice_port_name`]: servicePort.name ?? '',
					[`${META}endpointslice_port_protocol`]: servicePort.protocol ?? 'TCP',
					...(servicePort.appProtocol ? {[`${META}endpointslice_port_app_protocol`]: servicePort.appProtocol} : {}),
					[`${META}endpointslice_endpoint_conditions_ready`]: 'true',
					[`${META}endpointslice_endpoint_conditions_serving`]: 'true',
					[`${META}endpointslice_endpoint_conditions_terminating`]: 'false',
					[`${META}endpointslice_endpoint_node_name`]: NODE_NAME,
					[`${META}endpointslice_address_target_kind`]: 'Pod',
					[`${META}endpointslice_address_target_name`]: pod.name,
					...podLabels(pod),
				};
				// "Attach potential container port labels matching the endpoint port": init containers
				// included, and a later container overrides an earlier one.
				const match = declared(pod).findLast(([, p]) => p.containerPort === port);
				if (match) Object.assign(target, containerPortLabels(...match));
				groups.push({targets: [`${pod.ip}:${port}`], labels: {...groupLabels, ...target}});
			}
			// "For all seen pods, check all container ports. If they were not covered by one of the
			// service endpoints, generate targets for them." These still carry the Service labels, so
			// the annotated port rewrites them as well.
			if (covered.size === 0) continue;
			for (const [c, p, init] of declared(pod)) {
				if (covered.has(p.containerPort)) continue;
				groups.push({
					targets: [`${pod.ip}:${p.containerPort}`],
					labels: {...groupLabels, ...podLabels(pod), ...containerPortLabels(c, p, init)},
				});
			}
		}
	}
	return groups;
}

/** Does a `spec.tls` host pattern cover the host? ingress.go matchesHostnamePattern: equal, or `*.` for one label. */
function tlsCovers(pattern: string, host: string): boolean {
	if (pattern === host) return true;
	const [first, ...rest] = pattern.split('.');
	const hostLabels = host.split('.');
	return first === '*' && hostLabels.length === rest.length + 1 && hostLabels.slice(1).join('.') === rest.join('.');
}

/**
 * `role: ingress` (ingress.go): one target per rule and path of every Ingress, `__address__` the
 * rule's host, scheme https when a `spec.tls` host pattern covers it, path "/" when none is given.
 */
export function ingressRoleTargetGroups(items: KrmObject[]): TargetGroup[] {
	const groups: TargetGroup[] = [];
	for (const ingress of items) {
		if (ingress.apiVersion !== 'networking.k8s.io/v1' || ingress.kind !== 'Ingress') continue;
		const name: string = ingress.metadata.name;
		const groupLabels = {
			[`${META}namespace`]: ingress.metadata?.namespace ?? 'default',
			[`${META}ingress_name`]: name,
			...objectMetaLabels(
				'ingress',
				stringMap(ingress.metadata?.labels, `Ingress ${name} labels`),
				stringMap(ingress.metadata?.annotations, `Ingress ${name} annotations`),
			),
		};
		const tlsHosts: string[] = (ingress.spec?.tls ?? []).flatMap((tls: KrmObject) => tls.hosts ?? []);
		for (const rule of ingress.spec?.rules ?? []) {
			const host: string = rule.host ?? '';
			const scheme = tlsHosts.some(pattern => tlsCovers(pattern, host)) ? 'https' : 'http';
			const paths: string[] = (rule.http?.paths ?? []).map((p: KrmObject) => p.path || '/');
			for (const path of paths.length ? paths : ['/']) {
				const target = {[`${META}ingress_scheme`]: scheme, [`${META}ingress_host`]: host, [`${META}ingress_path`]: path};
				groups.push({targets: [host], labels: {...groupLabels, ...target}});
			}
		}
	}
	return groups;
}

/** The file_sd files the tests' prometheus.yml points at, from a function's output items. */
export function fileSdFromItems(
	items: KrmObject[],
	ipOf?: PodIps,
): {pod: TargetGroup[]; endpointslice: TargetGroup[]; ingress: TargetGroup[]} {
	const pods = podsFromItems(items, ipOf);
	return {
		pod: podRoleTargetGroups(pods),
		endpointslice: endpointSliceRoleTargetGroups(items, pods),
		ingress: ingressRoleTargetGroups(items),
	};
}
