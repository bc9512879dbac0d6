import {endpointPath} from '../../config/config.js';
import {monitorKinds} from '../../config/monitor-kinds.js';
import type {Item} from '../../krm/item.js';
import {quoteText} from '../../krm/quote-text.js';
import {itemResult} from '../../krm/results.js';
import {istioTls} from '../istio.js';
import {podSelector, toRequirements} from '../pod-selector.js';
import {podMonitorPort, serviceMonitorPort, type EndpointPort} from '../resolve-port.js';
import {reporter, type Planning, type Workload} from '../workloads.js';
import {endpointSpec, monitorName, podMonitorSpec, probeSpec, serviceMonitorSpec, type Monitor} from './build.js';
import {planPodMonitoring} from './plan-gmp.js';
import {ownTargetOnly} from './restrict.js';

/** The monitor a target should have, or undefined (with an error result) when it cannot have one. */
export function planMonitor(target: Item, planning: Planning): Monitor | undefined {
	const {config, results} = planning;
	if (!target.name) {
		const message = `the ${target.kind} has no metadata.name, and its monitor is named after it; give it a name`;
		results.push(itemResult(target, 'error', message, 'metadata.name'));
		return undefined;
	}
	const name = monitorName(target, config);
	const invalid = nameProblem(target.name, name);
	if (invalid) {
		results.push(itemResult(target, 'error', invalid, 'metadata.name'));
		return undefined;
	}
	const base = {target, name, ...(target.namespace !== undefined ? {namespace: target.namespace} : {})};
	if (config.spec.backend === 'gmp') return planPodMonitoring(target, base, planning);
	const {kind} = monitorKinds[config.spec.monitorType];
	if (config.spec.monitorType !== 'pod' && Object.keys(target.labels).length === 0) {
		const message = `the ${target.kind} has no labels: a ${kind} selects ${target.kind === 'Ingress' ? 'Ingresses' : 'Services'} by label, so give it some`;
		results.push(itemResult(target, 'error', message, 'metadata.labels'));
		return undefined;
	}
	switch (config.spec.monitorType) {
		case 'pod': {
			const workload = planning.workloads.of(target)!;
			const selector = podSelector(workload, results);
			const istio = istioTls(target, planning, 'PodMonitor');
			if (!selector || istio === null) return undefined;
			const restrict = ownTargetOnly(workload, overlapping(workload, selector, planning), planning);
			const ports = config.endpoints.map((endpoint, index) => podMonitorPort(workload, endpoint, index, planning));
			if (!distinct(target, ports, planning)) return undefined;
			const endpoints = config.endpoints.map((endpoint, index) => endpointSpec(endpoint, ports[index]!, istio, restrict));
			return {...base, kind: 'PodMonitor', spec: podMonitorSpec(config, selector, endpoints)};
		}
		case 'service': {
			checkServiceHasPods(target, planning);
			const istio = istioTls(target, planning, 'ServiceMonitor');
			if (istio === null) return undefined;
			const restrict = ownTargetOnly(target, planning.workloads.objectsWithLabels('Service', target, target.labels), planning);
			const ports = config.endpoints.map((endpoint, index) => serviceMonitorPort(target, endpoint, index, planning));
			if (!distinct(target, ports, planning)) return undefined;
			const endpoints = config.endpoints.map((endpoint, index) => endpointSpec(endpoint, ports[index]!, istio, restrict));
			return {...base, kind: 'ServiceMonitor', spec: serviceMonitorSpec(config, {matchLabels: target.labels}, endpoints)};
		}
		case 'ingress': {
			checkIngressHosts(target, planning);
			const restrict = ownTargetOnly(target, planning.workloads.objectsWithLabels('Ingress', target, target.labels), planning);
			return {...base, kind: 'Probe', spec: probeSpec(config, target, restrict)};
		}
	}
}

/** The workloads of the namespace whose pods the selector picks, this one among them; one list per selector. */
export function overlapping(workload: Workload, selector: Record<string, unknown>, planning: Planning): readonly Workload[] {
	return planning.workloads.podsMatching(workload.item, toRequirements(selector) ?? []);
}

/**
 * Every endpoint resolved, and no two to the same port and path: each endpoint is a scrape job of
 * its own, and two would write the same series twice.
 */
export function distinct<Port = EndpointPort>(target: Item, ports: readonly (Port | undefined)[], planning: Planning): ports is Port[] {
	if (ports.some(port => port === undefined)) return false;
	const {config} = planning;
	const seen = new Map<string, number>();
	let ok = true;
	ports.forEach((port, index) => {
		const key = JSON.stringify([port, config.endpoints[index]!.path, config.endpoints[index]!.params ?? {}]);
		const first = seen.get(key);
		if (first === undefined) return void seen.set(key, index);
		ok = false;
		reporter(
			planning,
			target,
			endpointPath(config.prefix, config.spec, index),
		)(
			'error',
			`endpoints ${first} and ${index} both scrape ${JSON.stringify(port)} at ${config.endpoints[index]!.path}: each endpoint is a scrape job, and the two would write the same series; remove one or give it another path or port`,
		);
	});
	return ok;
}

/** A ServiceMonitor (or GMP's PodMonitoring) scrapes the pods behind the Service, so its selector should match some. */
export function checkServiceHasPods(service: Item, planning: Planning, kind = 'ServiceMonitor'): void {
	if (Object.keys(service.stringMap(['spec', 'selector'])).length === 0 || planning.workloads.behindService(service).length > 0) return;
	const message = `no workload in the input has pods that this Service's spec.selector matches; the ${kind} scrapes nothing unless those pods are deployed from elsewhere`;
	planning.results.push(itemResult(service, 'warning', message, 'spec.selector'));
}

/** A Probe fetches `scheme://host/path` per Ingress rule: a rule without a host, or with a wildcard, gives it nothing to fetch. */
function checkIngressHosts(ingress: Item, planning: Planning): void {
	const rules = ingress.getValue(['spec', 'rules']);
	if (!Array.isArray(rules) || rules.length === 0) {
		const message = 'the Ingress has no rules, so the Probe has no URL to fetch for it; give it a rule with a host';
		planning.results.push(itemResult(ingress, 'warning', message, 'spec.rules'));
		return;
	}
	rules.forEach((rule: unknown, index) => {
		const host = (rule as {host?: unknown} | null)?.host;
		if (typeof host === 'string' && host !== '' && !host.includes('*')) return;
		const why = typeof host === 'string' && host.includes('*') ? `its host ${JSON.stringify(host)} is a wildcard` : 'it has no host';
		planning.results.push(
			itemResult(
				ingress,
				'warning',
				`rule ${index} gives the Probe no URL to fetch: ${why}; give the rule a host name`,
				`spec.rules.${index}.host`,
			),
		);
	});
}

// A DNS-1123 subdomain: what Kubernetes allows as the name of most objects.
const subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
// The monitor's file is `<name>.yaml`, and file names stop at 255 bytes on common file systems.
const maxMonitorName = 250;

/**
 * Why a target's name cannot name a monitor, if it cannot: the monitor's name and file name come
 * from it, so a name that is not a Kubernetes name (say `../../etc/x`) could write outside the
 * package, and one that is too long gives a file kpt cannot write.
 */
function nameProblem(target: string, monitor: string): string | undefined {
	if (target.length > 253 || !subdomain.test(target)) {
		return `metadata.name is not a valid Kubernetes name (lowercase letters, digits, '-' and '.', at most 253 characters), and the monitor and its file are named after it; got ${quoteText(target, 80)}`;
	}
	if (monitor.length > maxMonitorName) {
		return `the monitor's name ${monitor.slice(0, 40)}… would be ${monitor.length} characters, and its file name ${monitor.length + 5}; names stop at ${maxMonitorName} here so that the file name fits in 255 bytes: shorten metadata.name`;
	}
	return undefined;
}
