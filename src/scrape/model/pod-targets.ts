import type {Pod, PodContainer, PodPort} from './pods.js';
import type {ScrapedPort} from './scrape-target.js';

/** One target of Prometheus' pod discovery: a container port, or a container that declares none. */
export interface PodTarget {
	pod: Pod;
	container: PodContainer;
	port?: PodPort;
}

/**
 * Pod discovery's targets for a pod: one per declared port of every container, init containers
 * included, and one port-less target (the pod IP alone) per container without ports.
 */
export function podTargets(pod: Pod): PodTarget[] {
	return pod.containers.flatMap(container =>
		container.ports.length === 0 ? [{pod, container}] : container.ports.map(port => ({pod, container, port})),
	);
}

/** An init container that runs to completion (not a sidecar): its ports are closed once the pod runs. */
export function exited(container: PodContainer): boolean {
	return container.init && !container.sidecar;
}

/** The record of a scraped port: the number, and the declared port that has it, if one does. */
export function scrapedPort(number: number, declared?: {container: PodContainer; port: PodPort}): ScrapedPort {
	if (!declared) return {number};
	const {container, port} = declared;
	return {number, container: container.name, ...(port.name ? {name: port.name} : {}), ...(exited(container) ? {init: true} : {})};
}
