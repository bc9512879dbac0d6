import {fieldPath, endpointPath, show, type ConfigProblem, type ResolvedEndpoint, type Spec} from './config.js';
import {writesGrafana} from './conventions.js';
import {durationMs} from './durations.js';
import {monitorKinds} from './monitor-kinds.js';
import {introducedIn, supports} from './operator-version.js';

/**
 * Checks across fields, which a JSON Schema cannot say. They run even when the schema fails
 * elsewhere, so that one run reports every problem; each runs only on values the schema accepted
 * (`bad` holds the paths it refused).
 */
export function crossFieldProblems(
	spec: Spec,
	endpoints: readonly ResolvedEndpoint[],
	prefix: string,
	bad: ReadonlySet<string>,
): ConfigProblem[] {
	const problems: ConfigProblem[] = [];
	const at = (...segments: string[]) => fieldPath(prefix, segments);
	endpoints.forEach((endpoint, index) => {
		const here = (...segments: string[]) => endpointPath(prefix, spec, index, ...segments);
		const inherited = (field: 'interval' | 'timeout') => (spec.endpoints?.[index]?.[field] === undefined ? at(field) : here(field));
		const intervalPath = inherited('interval');
		const timeoutPath = inherited('timeout');
		if (bad.has(intervalPath) || bad.has(timeoutPath)) return;
		if (endpoint.interval !== undefined && durationMs(endpoint.interval) === 0) {
			problems.push({path: intervalPath, message: `\`${intervalPath}\` must be longer than zero; got ${show(endpoint.interval)}`});
		} else if (
			endpoint.interval !== undefined &&
			endpoint.timeout !== undefined &&
			durationMs(endpoint.timeout) > durationMs(endpoint.interval)
		) {
			problems.push({
				path: timeoutPath,
				message: `\`${timeoutPath}\` (${show(endpoint.timeout)}) must not be longer than \`${intervalPath}\` (${show(endpoint.interval)}); ${writesGrafana(spec) ? 'Alloy drops such targets' : 'prometheus-operator rejects such monitors'}`,
			});
		}
		const auths = (['basicAuth', 'authorization', 'oauth2'] as const).filter(field => endpoint[field] !== undefined);
		if (auths.length > 1) {
			problems.push({
				path: here(auths[1]!),
				message: `\`${here()}\` sets ${auths.join(' and ')}: an endpoint authenticates one way, so keep only one`,
			});
		}
		problems.push(...tlsProblems(spec, endpoint, here));
		if (spec.monitorType === 'ingress') {
			for (const field of ['honorLabels', 'honorTimestamps'] as const) {
				if (endpoint[field] !== undefined)
					problems.push({path: here(field), message: `\`${here(field)}\` has no place in a Probe (monitorType ingress)`});
			}
		}
	});
	if (spec.monitorType === 'ingress' && endpoints.length > 1) {
		problems.push({
			path: at('endpoints'),
			message: `\`${at('endpoints')}\` may hold one endpoint for monitorType ingress: a Probe has one prober`,
		});
	}
	if (!spec.operatorMode && endpoints.length > 1) {
		problems.push({
			path: at('endpoints'),
			message: `\`${at('endpoints')}\` holds ${endpoints.length} endpoints, but prometheus.io annotations describe one port; use operatorMode: true for several`,
		});
	}
	for (const field of ['jobLabel', 'targetLabels', 'podTargetLabels'] as const) {
		const allowed = field === 'targetLabels' ? spec.monitorType === 'service' : spec.monitorType !== 'ingress';
		// GMP's own checks (gmp-checks.ts) say what a PodMonitoring has no place for.
		if (spec[field] !== undefined && !allowed && spec.backend !== 'gmp') {
			problems.push({
				path: at(field),
				message: `\`${at(field)}\` has no place in a ${monitorKinds[spec.monitorType]?.kind ?? 'monitor'} (monitorType ${spec.monitorType})`,
			});
		}
	}
	const version = typeof spec.operatorVersion === 'string' && !bad.has(at('operatorVersion')) ? spec.operatorVersion : undefined;
	if (!supports(version, introducedIn.minimumSupported)) {
		problems.push({
			path: at('operatorVersion'),
			message: `\`${at('operatorVersion')}\` is ${show(version)}; the function supports prometheus-operator v${introducedIn.minimumSupported} and later`,
		});
	}
	for (const field of ['scrapeClass', 'fallbackScrapeProtocol'] as const) {
		if (spec[field] !== undefined && !supports(version, introducedIn[field])) {
			problems.push({
				path: at(field),
				message: `\`${at(field)}\` needs prometheus-operator v${introducedIn[field]} or later, and \`${at('operatorVersion')}\` is ${show(version)}`,
			});
		}
	}
	if (spec.operatorMode === true && spec.monitorType === 'ingress' && typeof spec.prober?.url !== 'string') {
		problems.push({
			path: at('prober', 'url'),
			message: `\`${at('prober', 'url')}\` is required for monitorType ingress in operator mode: a Probe asks a prober (a blackbox exporter) to fetch each Ingress URL, so give the exporter's address as host:port, for example blackbox-exporter.monitoring.svc:9115`,
		});
	}
	return problems;
}

/** TLS files only on ServiceMonitors, a file or a reference but not both, a certificate with its key. */
function tlsProblems(spec: Spec, endpoint: ResolvedEndpoint, here: (...segments: string[]) => string): ConfigProblem[] {
	const {tls} = endpoint;
	if (!tls || typeof tls !== 'object') return [];
	const problems: ConfigProblem[] = [];
	const files = (['caFile', 'certFile', 'keyFile'] as const).filter(field => tls[field] !== undefined);
	if (files.length > 0 && spec.monitorType !== 'service' && spec.backend !== 'gmp') {
		problems.push({
			path: here('tls', files[0]!),
			message: `\`${here('tls', files[0]!)}\` is a file in the Prometheus pod, which only a ServiceMonitor may name (monitorType service); a ${spec.monitorType === 'pod' ? 'PodMonitor' : 'Probe'} takes ca, cert and keySecret from Secrets or ConfigMaps, or a scrapeClass can supply files`,
		});
	}
	for (const [file, ref] of [
		['caFile', 'ca'],
		['certFile', 'cert'],
		['keyFile', 'keySecret'],
	] as const) {
		if (tls[file] !== undefined && tls[ref] !== undefined)
			problems.push({path: here('tls', file), message: `\`${here('tls')}\` sets both ${file} and ${ref}; give one`});
	}
	const hasCert = tls.cert !== undefined || tls.certFile !== undefined;
	const hasKey = tls.keySecret !== undefined || tls.keyFile !== undefined;
	if (hasCert !== hasKey)
		problems.push({
			path: here('tls'),
			message: `\`${here('tls')}\` needs a client certificate and its key together (cert or certFile with keySecret or keyFile)`,
		});
	return problems;
}
