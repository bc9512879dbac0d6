import type {Item} from '../../krm/item.js';
import {LabelIndex} from '../label-index.js';
import {podsOf, type Pod} from './pods.js';
import {serviceEndpoints, type ServiceEndpoint} from './service-endpoints.js';

const kinds = {
	Service: {group: '', kind: 'Service'},
	Ingress: {group: 'networking.k8s.io', kind: 'Ingress'},
} as const;

/**
 * What Kubernetes discovery would find if the list were applied: the pods the workloads run, the
 * Services with their endpoints, the Ingresses. Read once per model; objects the orchestrator does
 * not deploy (local-config) are not in the cluster.
 */
export class Cluster {
	readonly pods: Pod[];
	readonly services: Item[];
	readonly ingresses: Item[];
	private readonly endpointsOf = new Map<Item, ServiceEndpoint[]>();

	constructor(readonly items: readonly Item[]) {
		const deployed = items.filter(item => !item.isLocalConfig && item.map !== undefined);
		const ofKind = ({group, kind}: {group: string; kind: string}) => deployed.filter(item => item.kind === kind && item.group === group);
		this.pods = podsOf(deployed);
		this.services = ofKind(kinds.Service);
		this.ingresses = ofKind(kinds.Ingress);
	}

	private podsBy?: Map<Item, Pod[]>;
	private podIndex?: LabelIndex<Pod>;

	/** The pods by namespace and label, so that a thousand Services cost the pods each selects, not a pass over all. */
	private podsByLabel(): LabelIndex<Pod> {
		if (!this.podIndex) {
			this.podIndex = new LabelIndex();
			for (const pod of this.pods) this.podIndex.add(pod.namespace, pod.labels, pod);
		}
		return this.podIndex;
	}

	/** The pods of one workload (one, as the model counts them), looked up rather than searched for. */
	podsOfWorkload(workload: Item): Pod[] {
		if (!this.podsBy) {
			this.podsBy = new Map();
			for (const pod of this.pods) this.podsBy.set(pod.workload, [...(this.podsBy.get(pod.workload) ?? []), pod]);
		}
		return this.podsBy.get(workload) ?? [];
	}

	endpoints(service: Item): ServiceEndpoint[] {
		let endpoints = this.endpointsOf.get(service);
		if (!endpoints) this.endpointsOf.set(service, (endpoints = serviceEndpoints(service, this.podsByLabel())));
		return endpoints;
	}
}

/** The monitors the operator reads: monitoring.coreos.com PodMonitors, ServiceMonitors and Probes. */
export function monitorKind(item: Item): 'PodMonitor' | 'ServiceMonitor' | 'Probe' | undefined {
	// The kind first: it comes from the item's lines, where the group may have to be read from the item.
	const kind = item.kind;
	if (kind !== 'PodMonitor' && kind !== 'ServiceMonitor' && kind !== 'Probe') return undefined;
	return item.group !== 'monitoring.coreos.com' || item.isLocalConfig || !item.map ? undefined : kind;
}
