import type {RelabelConfig} from '../generated/config-types.js';
import {fieldPath, endpointPath, show, type ConfigProblem, type ResolvedEndpoint, type Spec} from './config.js';
import {compileRegex} from './regex.js';

/** Target labels GMP writes itself and refuses to let relabeling or pod labels touch (its CRD and pod_config.go). */
export const gmpProtectedLabels = [
	'project_id',
	'location',
	'cluster',
	'namespace',
	'job',
	'instance',
	'top_level_controller',
	'top_level_controller_type',
	'__address__',
];

/** The ones GMP's code checks labeldrop and labelkeep rules against. */
const droppable = gmpProtectedLabels.filter(label => !label.startsWith('top_level_'));

const gmp = 'Google Managed Prometheus (backend gmp)';

/** Settings of the whole spec that a PodMonitoring has no field for, and what GMP does instead. */
const specOnly: Partial<Record<keyof Spec, string>> = {
	jobLabel: "GMP sets `job` to the PodMonitoring's name",
	targetLabels: 'a PodMonitoring copies pod labels only (podTargetLabels), not Service labels',
	targetLimit: 'a PodMonitoring has limits on samples, labels and label lengths, not on targets',
	scrapeClass: "scrape classes are prometheus-operator's",
	fallbackScrapeProtocol: 'a PodMonitoring has no scrape protocol setting',
	operatorVersion: 'it is the prometheus-operator version, which GMP does not run',
	prober: 'GMP has no Probe',
};

/** Endpoint settings a PodMonitoring endpoint has no field for. */
const endpointOnly = {
	relabelings: 'a PodMonitoring has no target relabeling (only metricRelabelings)',
	honorLabels: 'GMP always keeps its own target labels over the scraped ones',
	honorTimestamps: 'a PodMonitoring has no honorTimestamps',
} as const;

/**
 * What a GMP PodMonitoring cannot say, one problem per field, each naming what GMP does instead;
 * and, the other way round, the text usernames and client ids that only GMP takes. Operator
 * mode only: annotation mode ignores the backend.
 */
export function backendProblems(spec: Spec, endpoints: readonly ResolvedEndpoint[], prefix: string): ConfigProblem[] {
	if (!spec.operatorMode) return [];
	const at = (...segments: string[]) => fieldPath(prefix, segments);
	if (spec.backend !== 'gmp') return textCredentials(spec, endpoints, prefix);
	const problems: ConfigProblem[] = [];
	const refuse = (path: string, why: string) => problems.push({path, message: `\`${path}\` has no equivalent in ${gmp}: ${why}`});
	if (spec.monitorType === 'ingress') {
		problems.push({
			path: at('monitorType'),
			message: `\`${at('monitorType')}\` is "ingress", and ${gmp} has no Probe, so it cannot probe Ingresses through a blackbox exporter; use monitorType pod or service, or backend prometheus-operator for Probes`,
		});
	}
	for (const [field, why] of Object.entries(specOnly)) if (spec[field as keyof Spec] !== undefined) refuse(at(field), why);
	if (spec.namespaceSelector?.matchNames !== undefined)
		refuse(
			at('namespaceSelector', 'matchNames'),
			'a PodMonitoring looks in its own namespace, and a ClusterPodMonitoring (namespaceSelector.any: true) in all',
		);
	if (spec.istio?.mtls !== undefined)
		refuse(at('istio', 'mtls'), "Istio's certificates are files in the Prometheus pod, and a PodMonitoring takes TLS from Secrets only");
	spec.podTargetLabels?.forEach((label, index) => {
		const to = prometheusLabelName(label);
		if (gmpProtectedLabels.includes(to))
			problems.push({
				path: at('podTargetLabels', String(index)),
				message: `\`${at('podTargetLabels', String(index))}\` is ${show(label)}, which would become the target label ${show(to)}, and GMP refuses to overwrite its own ${gmpProtectedLabels.join(', ')}; copy another pod label`,
			});
	});
	endpoints.forEach((endpoint, index) => {
		const here = (...segments: string[]) => endpointPath(prefix, spec, index, ...segments);
		if (endpoint.interval === undefined) {
			const path = spec.endpoints?.[index] === undefined ? at('interval') : here('interval');
			problems.push({
				path,
				message: `\`${path}\` is required with ${gmp}: every PodMonitoring endpoint names its scrape interval; set one, such as 30s (prometheus-operator's default)`,
			});
		}
		for (const [field, why] of Object.entries(endpointOnly))
			if (endpoint[field as keyof typeof endpointOnly] !== undefined) refuse(here(field), why);
		const {tls} = endpoint;
		for (const file of ['caFile', 'certFile', 'keyFile'] as const)
			if (tls?.[file] !== undefined) refuse(here('tls', file), 'a PodMonitoring takes TLS certificates from Secrets only, not files');
		for (const ref of ['ca', 'cert'] as const)
			if (tls?.[ref]?.configMap !== undefined)
				refuse(here('tls', ref, 'configMap'), 'a PodMonitoring takes TLS certificates from Secrets only');
		if (endpoint.oauth2 && typeof endpoint.oauth2.clientId !== 'string')
			refuse(
				here('oauth2', 'clientId'),
				'a PodMonitoring takes the client id as text (`clientId: my-client`), not from a Secret or ConfigMap',
			);
		if (endpoint.basicAuth && typeof endpoint.basicAuth.username !== 'string')
			refuse(here('basicAuth', 'username'), 'a PodMonitoring takes the username as text (`username: prometheus`), not from a Secret');
		for (const [path, ref] of secretRefs(endpoint, here))
			if (ref.optional !== undefined) refuse(`${path}.optional`, 'a PodMonitoring has no optional Secret references');
		endpoint.metricRelabelings?.forEach((rule, i) =>
			problems.push(...metricRelabelingProblems(rule, here('metricRelabelings', String(i)))),
		);
	});
	return problems;
}

/** A pod label as the target label GMP and the operator make of it: `app.kubernetes.io/name` → `app_kubernetes_io_name`. */
export function prometheusLabelName(label: string): string {
	return label.replace(/[^a-zA-Z0-9_]/g, '_');
}

/** With prometheus-operator, a username or client id must come from a Secret (or ConfigMap): its CRDs have no text field. */
function textCredentials(spec: Spec, endpoints: readonly ResolvedEndpoint[], prefix: string): ConfigProblem[] {
	const problems: ConfigProblem[] = [];
	endpoints.forEach((endpoint, index) => {
		const here = (...segments: string[]) => endpointPath(prefix, spec, index, ...segments);
		for (const [field, key, from] of [
			['basicAuth', 'username', 'a Secret ({name, key})'],
			['oauth2', 'clientId', 'a Secret or ConfigMap ({secret: {name, key}})'],
		] as const) {
			const value = (endpoint[field] as Record<string, unknown> | undefined)?.[key];
			if (typeof value === 'string')
				problems.push({
					path: here(field, key),
					message: `\`${here(field, key)}\` is text, which only GMP's PodMonitoring takes (backend gmp); prometheus-operator reads it from ${from}`,
				});
		}
	});
	return problems;
}

/** The Secret references of an endpoint, with their field paths. */
function secretRefs(endpoint: ResolvedEndpoint, here: (...segments: string[]) => string): [string, {optional?: boolean}][] {
	const refs: [string, {optional?: boolean} | undefined][] = [
		[here('tls', 'ca', 'secret'), endpoint.tls?.ca?.secret],
		[here('tls', 'cert', 'secret'), endpoint.tls?.cert?.secret],
		[here('tls', 'keySecret'), endpoint.tls?.keySecret],
		[here('basicAuth', 'password'), endpoint.basicAuth?.password],
		[here('authorization', 'credentials'), endpoint.authorization?.credentials],
		[here('oauth2', 'clientSecret'), endpoint.oauth2?.clientSecret],
	];
	return refs.filter((entry): entry is [string, {optional?: boolean}] => entry[1] !== undefined && typeof entry[1] === 'object');
}

/**
 * What GMP refuses in a metric relabeling rule (its CRD and convertRelabelingRule): `labelmap`,
 * which could overwrite its protected labels; a protected `targetLabel`; a `labeldrop` without a
 * regex, or one that would drop a protected label; a `labelkeep` that would drop one.
 */
function metricRelabelingProblems(rule: RelabelConfig, path: string): ConfigProblem[] {
	const action = (rule.action ?? 'replace').toLowerCase();
	if (action === 'labelmap')
		return [
			{
				path: `${path}.action`,
				message: `\`${path}.action\` is labelmap, which ${gmp} does not allow: it could overwrite the target labels GMP protects`,
			},
		];
	if (rule.targetLabel !== undefined && gmpProtectedLabels.includes(rule.targetLabel))
		return [
			{
				path: `${path}.targetLabel`,
				message: `\`${path}.targetLabel\` is ${show(rule.targetLabel)}, one of the target labels ${gmp} protects (${gmpProtectedLabels.join(', ')}); write another label`,
			},
		];
	if (action === 'labeldrop' && rule.regex === undefined)
		return [{path: `${path}.regex`, message: `\`${path}.regex\` is required for labeldrop with ${gmp}: without it every label would go`}];
	if (action !== 'labeldrop' && action !== 'labelkeep') return [];
	const regex = compileRegex(rule.regex ?? '(.*)');
	// A regex that does not compile is the relabel checks' problem.
	if (typeof regex === 'string') return [];
	const hit = droppable.filter(label => regex.test(label) === (action === 'labeldrop'));
	if (hit.length === 0) return [];
	return [
		{
			path: `${path}.regex`,
			message: `\`${path}.regex\` ${show(rule.regex ?? '(.*)')} would drop ${hit.join(', ')}, which ${gmp} protects; leave those labels alone`,
		},
	];
}
