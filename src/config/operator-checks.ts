import {fieldPath, endpointPath, show, type ConfigProblem, type ResolvedEndpoint, type Spec} from './config.js';
import {durationMs, operatorDefaultInterval} from './durations.js';
import {proberUrlProblems, relabelProblems, tlsProblems, versionGate} from './operator-rules.js';
import {introducedIn} from './operator-version.js';

/**
 * What prometheus-operator would refuse, or Prometheus would do other than the user meant, found
 * at render time: credentials over plain HTTP, TLS versions the wrong way round, fields the
 * configured operator version does not have, a prober address its URL check refuses, relabelings
 * its ValidateRelabelConfig refuses (the last four by operator-rules.ts, which check mode applies
 * to the monitors a person wrote). Operator mode only.
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
	const gate = versionGate(version, at('operatorVersion'));
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
		problems.push(...tlsProblems(endpoint.tls, here('tls'), gate));
		if (probe && endpoint.params && Object.keys(endpoint.params).length > 0)
			problems.push(...gate(here('params'), 'Probe params', introducedIn.probeParams));
		if (probe && endpoint.metricRelabelings)
			problems.push(...gate(here('metricRelabelings'), 'Probe metricRelabelings', introducedIn.probeMetricRelabelings));
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
	if (spec.monitorType === 'ingress' && !bad.has(at('prober', 'url')))
		problems.push(...proberUrlProblems(spec.prober?.url, at('prober', 'url')));
	return problems;
}
