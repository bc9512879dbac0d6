import type {RelabelConfig} from '../generated/config-types.js';
import {fieldPath, endpointPath, show, type ConfigProblem, type ResolvedEndpoint, type Spec} from './config.js';
import {durationMs, operatorDefaultInterval} from './durations.js';
import {introducedIn, supports} from './operator-version.js';

/**
 * What prometheus-operator would refuse, or Prometheus would do other than the user meant, found
 * at render time: credentials over plain HTTP, TLS versions the wrong way round, fields the
 * configured operator version does not have, a prober address its URL check refuses, relabelings
 * its ValidateRelabelConfig refuses. Operator mode only.
 */
export function operatorProblems(
	spec: Spec,
	endpoints: readonly ResolvedEndpoint[],
	prefix: string,
	bad: ReadonlySet<string>,
): ConfigProblem[] {
	if (!spec.operatorMode) return [];
	const problems: ConfigProblem[] = [];
	const at = (...segments: string[]) => fieldPath(prefix, segments);
	const version = typeof spec.operatorVersion === 'string' && !bad.has(at('operatorVersion')) ? spec.operatorVersion : undefined;
	const gate = (path: string, what: string, minimum: string) => {
		if (!supports(version, minimum)) {
			problems.push({
				path,
				message: `\`${path}\` (${what}) needs prometheus-operator v${minimum} or later, and \`${at('operatorVersion')}\` is ${show(version)}`,
			});
		}
	};
	endpoints.forEach((endpoint, index) => {
		const here = (...segments: string[]) => endpointPath(prefix, spec, index, ...segments);
		const probe = spec.monitorType === 'ingress';
		const scheme = (probe ? spec.prober?.scheme : endpoint.scheme)?.toLowerCase() ?? 'http';
		const secured = (['tls', 'basicAuth', 'authorization', 'oauth2'] as const).find(field => endpoint[field] !== undefined);
		if (secured && scheme !== 'https') {
			const schemePath = probe ? at('prober', 'scheme') : spec.endpoints?.[index]?.scheme === undefined ? at('scheme') : here('scheme');
			problems.push({
				path: schemePath,
				message: `\`${here(secured)}\` is set, but \`${schemePath}\` is ${show(scheme)}: Prometheus ignores TLS settings over plain HTTP${secured === 'tls' ? '' : ' and would send the credentials in clear text'}; set \`${schemePath}: https\``,
			});
		}
		const tls = endpoint.tls;
		if (tls?.minVersion && tls.maxVersion && tls.minVersion > tls.maxVersion) {
			problems.push({
				path: here('tls', 'minVersion'),
				message: `\`${here('tls', 'minVersion')}\` (${tls.minVersion}) is above \`${here('tls', 'maxVersion')}\` (${tls.maxVersion}); no TLS version is left`,
			});
		}
		for (const field of ['minVersion', 'maxVersion'] as const)
			if (tls?.[field]) gate(here('tls', field), 'TLS versions', introducedIn.tlsVersions);
		if (probe && endpoint.params && Object.keys(endpoint.params).length > 0) gate(here('params'), 'Probe params', introducedIn.probeParams);
		if (probe && endpoint.metricRelabelings)
			gate(here('metricRelabelings'), 'Probe metricRelabelings', introducedIn.probeMetricRelabelings);
		for (const field of ['relabelings', 'metricRelabelings'] as const) {
			endpoint[field]?.forEach((rule, i) => problems.push(...relabelProblems(rule, here(field, String(i)), gate)));
		}
		const timeoutPath = spec.endpoints?.[index]?.timeout === undefined ? at('timeout') : here('timeout');
		if (endpoint.timeout !== undefined && endpoint.interval === undefined && !bad.has(timeoutPath)) {
			if (durationMs(endpoint.timeout) > durationMs(operatorDefaultInterval)) {
				problems.push({
					path: timeoutPath,
					message: `\`${timeoutPath}\` (${show(endpoint.timeout)}) is longer than the interval a Prometheus uses when a monitor sets none (prometheus-operator's default, ${operatorDefaultInterval}); set an interval too`,
				});
			}
		}
	});
	const url = spec.prober?.url;
	if (spec.monitorType === 'ingress' && typeof url === 'string' && !bad.has(at('prober', 'url'))) {
		const refused = proberUrlProblem(url);
		if (refused)
			problems.push({
				path: at('prober', 'url'),
				message: `\`${at('prober', 'url')}\` is ${show(url)}: ${refused}; prometheus-operator refuses the Probe`,
			});
	}
	return problems;
}

/** The prober address as the operator's URL check reads it: host[:port], no user info, no empty labels. */
function proberUrlProblem(url: string): string | undefined {
	const [host = '', port] = url.split(':');
	if (host.includes('@')) return 'user information (`@`) is not allowed';
	if (host.split('.').some((label, i, labels) => label === '' && !(i === labels.length - 1 && i > 0)))
		return 'the host has an empty label (`..`)';
	if (port !== undefined && !(Number(port) >= 1 && Number(port) <= 65535)) return 'the port must be from 1 to 65535';
	return undefined;
}

/** The fields each relabel action may not set, and whether it needs a targetLabel (the operator's rules). */
const actionRules: Record<string, {target?: true; forbids?: readonly (keyof RelabelConfig)[]; since?: string}> = {
	replace: {target: true},
	hashmod: {target: true},
	lowercase: {target: true, since: introducedIn.caseActions},
	uppercase: {target: true, since: introducedIn.caseActions},
	keepequal: {target: true, forbids: ['regex', 'modulus', 'separator', 'replacement'], since: introducedIn.equalActions},
	dropequal: {target: true, forbids: ['regex', 'modulus', 'separator', 'replacement'], since: introducedIn.equalActions},
	labeldrop: {forbids: ['sourceLabels', 'targetLabel', 'modulus', 'separator', 'replacement']},
	labelkeep: {forbids: ['sourceLabels', 'targetLabel', 'modulus', 'separator', 'replacement']},
};

function relabelProblems(rule: RelabelConfig, path: string, gate: (path: string, what: string, minimum: string) => void): ConfigProblem[] {
	if (!rule || typeof rule !== 'object') return [];
	const action = (rule.action ?? 'replace').toLowerCase();
	const rules = actionRules[action] ?? {};
	const problems: ConfigProblem[] = [];
	if (rules.since) gate(`${path}.action`, `the ${action} action`, rules.since);
	if (rules.target && rule.targetLabel === undefined) {
		problems.push({
			path: `${path}.targetLabel`,
			message: `\`${path}\` has action ${action}, which needs \`targetLabel\`; prometheus-operator refuses it without one`,
		});
	}
	if (action === 'hashmod' && rule.modulus === undefined) {
		problems.push({path: `${path}.modulus`, message: `\`${path}\` has action hashmod, which needs \`modulus\``});
	}
	for (const field of rules.forbids ?? []) {
		if (rule[field] !== undefined)
			problems.push({path: `${path}.${field}`, message: `\`${path}\` has action ${action}, which takes no \`${field}\`; remove it`});
	}
	return problems;
}
