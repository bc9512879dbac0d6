import type {V1HTTPIngressPath, V1HTTPIngressRuleValue, V1Ingress, V1IngressRule, V1IngressTLS} from '@kubernetes/client-node';
import {fieldsOf} from '../../krm/fields-of.js';
import type {Item} from '../../krm/item.js';
import type {Cluster} from './cluster.js';
import {endpointSettings} from './endpoint-settings.js';
import {ingressMeta} from './discovery-labels.js';
import {selectedBy} from './monitor-selection.js';
import {isObject} from './pods.js';
import {relabeling} from './relabel.js';
import type {Finding, ScrapeTarget} from './scrape-target.js';

/** Ingress discovery: one target per rule and path; https when a `spec.tls` host pattern covers the rule's host. */
export function ingressRules(ingress: Item): {index: number; host: string; scheme: 'http' | 'https'; path: string}[] {
	const ingressFields = fieldsOf<V1Ingress>();
	const tls = ingress.getValue(ingressFields('spec', 'tls'));
	const patterns = (Array.isArray(tls) ? tls : []).flatMap(entry =>
		isObject<V1IngressTLS>(entry) && Array.isArray(entry.hosts) ? entry.hosts.map(String) : [],
	);
	const rules = ingress.getValue(ingressFields('spec', 'rules'));
	return (Array.isArray(rules) ? rules : []).flatMap((rule: unknown, index) => {
		const host = isObject<V1IngressRule>(rule) && typeof rule.host === 'string' ? rule.host : '';
		const scheme = patterns.some(pattern => hostMatches(pattern, host)) ? ('https' as const) : ('http' as const);
		const http = isObject<V1IngressRule>(rule) && isObject<V1HTTPIngressRuleValue>(rule.http) ? rule.http : {};
		const declared = Array.isArray(http.paths) ? http.paths : [];
		const paths =
			declared.length === 0
				? ['/']
				: declared.map(path => (isObject<V1HTTPIngressPath>(path) && typeof path.path === 'string' && path.path !== '' ? path.path : '/'));
		return paths.map(path => ({index, host, scheme, path}));
	});
}

/** Prometheus' matchesHostnamePattern: equal, or `*.rest` covering exactly one more label. */
function hostMatches(pattern: string, host: string): boolean {
	if (pattern === host) return true;
	const patternParts = pattern.split('.');
	const hostParts = host.split('.');
	return (
		patternParts[0] === '*' && patternParts.length === hostParts.length && patternParts.slice(1).join('.') === hostParts.slice(1).join('.')
	);
}

/**
 * The probes of a Probe (job `probe/<ns>/<name>`): every static target, and every Ingress rule
 * path as `<scheme>://<host><path>` (the operator's relabeling of Ingress discovery). Prometheus
 * sends each to the prober. A rule without host leaves the prober without a target, and a wildcard
 * host is no address: both are findings.
 */
export function probeTargets(probe: Item, cluster: Cluster, findings: Finding[]): ScrapeTarget[] {
	const job = `probe/${probe.namespace ?? ''}/${probe.name}`;
	const prober = probe.getValue(['spec', 'prober']);
	const proberUrl = isObject(prober) && typeof prober.url === 'string' ? prober.url : '';
	// The prober has the scheme and path; the Probe's spec has interval and scrapeTimeout.
	const {scheme, path} = endpointSettings(prober, '/probe');
	const {interval, timeout} = endpointSettings(probe.getValue(['spec']), '/probe');
	const module = probe.getString('spec', 'module');
	const probed = (url: string | undefined, labels: Record<string, string>): ScrapeTarget => ({
		job,
		via: probe,
		scheme,
		path,
		...(interval ? {interval} : {}),
		...(timeout ? {timeout} : {}),
		params: {...(module ? {module} : {}), ...(url !== undefined ? {target: url} : {})},
		labels,
		address: proberUrl,
		...(url !== undefined ? {url} : {}),
	});
	const targets: ScrapeTarget[] = [];
	// The operator's rules set the probed URL and the prober's address before the Probe's own run.
	const rules = {
		staticConfig: relabeling(probe.getValue(['spec', 'targets', 'staticConfig', 'relabelingConfigs'])),
		ingress: relabeling(probe.getValue(['spec', 'targets', 'ingress', 'relabelingConfigs'])),
	};
	/** The probe of `url`, unless the Probe's relabelings drop it. */
	const relabeled = (source: keyof typeof rules, meta: Record<string, string>, url: string | undefined, labels: Record<string, string>) => {
		const outcome = rules[source]({
			...meta,
			...labels,
			...(url !== undefined ? {__param_target: url, instance: url} : {}),
			__address__: proberUrl,
			job,
		});
		if (outcome === false) return undefined;
		const target = probed(url, labels);
		if (typeof outcome === 'string') target.unmodelled = outcome;
		targets.push(target);
		return target;
	};
	const statics = probe.getValue(['spec', 'targets', 'staticConfig', 'static']);
	for (const url of Array.isArray(statics) ? statics.map(String) : []) relabeled('staticConfig', {}, url, {});
	for (const ingress of selectedBy(probe, cluster, findings)) {
		const namespace = ingress.namespace ?? '';
		for (const {index, host, scheme, path} of ingressRules(ingress)) {
			const labels = {namespace, ingress: ingress.name};
			const at = `spec.rules.${index}.host`;
			const url = host === '' ? undefined : `${scheme}://${host}${path}`;
			const target = relabeled('ingress', ingressMeta(ingress, scheme, path), url, labels);
			if (!target) continue;
			if (host === '') {
				findings.push({
					type: 'probe-rule-without-host',
					item: ingress,
					path: at,
					message: `${job} probes rule ${index} of ${ingress}, which has no host: Prometheus sends the prober no target`,
					target,
				});
			} else if (host.includes('*')) {
				findings.push({
					type: 'probe-wildcard-host',
					item: ingress,
					path: at,
					message: `${job} probes ${target.url}: a wildcard host is no address the prober can reach`,
					target,
				});
			}
		}
	}
	return targets;
}
