import type {Item} from '../../krm/item.js';

/** The pod's port a scrape goes to: the number Prometheus dials, and the declared port that has it. */
export interface ScrapedPort {
	number: number;
	/** The container port's name, when a declared port has this number and a name. */
	name?: string;
	/** The container that declares the port; absent when no container declares this number. */
	container?: string;
	/** The declaring container is an init container (not a sidecar): it has exited by the time the pod runs. */
	init?: boolean;
}

/**
 * One scrape Prometheus performs: a target of one job after relabeling, as many Kubernetes
 * discovery targets as collapse into it counted once (Prometheus keeps one target per label set).
 */
export interface ScrapeTarget {
	/** The scrape job: `serviceMonitor/<ns>/<name>/<i>`, `podMonitor/<ns>/<name>/<i>`, `probe/<ns>/<name>`, or a chart job. */
	job: string;
	/** The object that makes the scrape happen: the monitor, or the object whose annotations are read. */
	via: Item;
	/** The index of the monitor endpoint (`endpoints`, `podMetricsEndpoints`) behind the job. */
	endpoint?: number;
	/** The object owning the pod template of the scraped pods; absent for probes. */
	workload?: Item;
	/** The Service a ServiceMonitor or the chart's endpoints job reached the pods through. */
	service?: Item;
	/**
	 * Absent for a probe, and for a pod target of a container that declares no ports: Prometheus
	 * then dials the pod IP alone (2.x adds :80 or :443 by scheme, 3.x leaves the URL's default).
	 */
	port?: ScrapedPort;
	scheme: 'http' | 'https';
	path: string;
	/** As the monitor or job gives it; absent means the Prometheus global interval. */
	interval?: string;
	timeout?: string;
	/** URL query parameters (`__param_*`): a Probe's module and target, the chart's `prometheus.io/param_*`. */
	params: Record<string, string>;
	/** The target labels that tell this job's targets apart (besides the pod, which `workload` names). */
	labels: Record<string, string>;
	/** Where Prometheus connects, for people: `<pod IP of Deployment shop/web>:9100`, or a prober's host:port. */
	address: string;
	/** A probe's probed URL; absent when the Ingress rule has no host, so the prober gets no target. */
	url?: string;
	/** Istio's sidecar injector rewrote the pod's prometheus.io annotations that this target follows. */
	istioMerged?: boolean;
	/** The monitor's relabelings may change or drop this scrape in ways the model does not follow: why. */
	unmodelled?: string;
}

/** Something about the scrapes that the user most likely did not mean. */
export interface Finding {
	type:
		| 'init-container-port'
		| 'probe-rule-without-host'
		| 'probe-wildcard-host'
		| 'endpoint-scrapes-nothing'
		| 'invalid-selector'
		| 'invalid-port';
	/** The object to report on, and the field path in it. */
	item: Item;
	path: string;
	message: string;
	target?: ScrapeTarget;
}

/** `<pod IP of Deployment shop/web>`, with `:port` when the scrape has one. */
export function podAddress(workload: Item, port: number | undefined): string {
	return `<pod IP of ${workload}>${port === undefined ? '' : `:${port}`}`;
}

/** A monitor endpoint's port field of a type the API server refuses. */
export function invalidPort(monitor: Item, path: string, message: string): Finding {
	return {type: 'invalid-port', item: monitor, path, message: `${message}; the API server refuses ${monitor} as written`};
}
