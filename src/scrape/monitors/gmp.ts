import type {Config, ResolvedEndpoint} from '../../config/config.js';
import {prometheusLabelName} from '../../config/gmp-checks.js';
import type {RelabelConfig, SecretKeySelector} from '../../generated/config-types.js';
import type {PodMonitoringSpec} from '../../generated/monitor-types.js';
import {defined, lowercase} from './build.js';
import {gmpForm} from './credential-forms.js';

type Endpoint = PodMonitoringSpec['endpoints'][number];

/**
 * Google Managed Prometheus' PodMonitoring and ClusterPodMonitoring (monitoring.googleapis.com/v1)
 * from the config: the same settings as a PodMonitor's, under GMP's field names. What GMP cannot
 * say (target relabelings, honorLabels, TLS files, ...) the config checks refused already
 * (config/gmp-checks.ts), so everything here has a place.
 */
export function podMonitoringSpec(config: Config, selector: PodMonitoringSpec['selector'], endpoints: Endpoint[]): PodMonitoringSpec {
	const {podTargetLabels, sampleLimit, labelLimit, labelNameLengthLimit, labelValueLengthLimit} = config.spec;
	const limits = defined({
		samples: sampleLimit,
		labels: labelLimit,
		labelNameLength: labelNameLengthLimit,
		labelValueLength: labelValueLengthLimit,
	});
	return defined<PodMonitoringSpec>({
		selector,
		endpoints,
		// GMP would name the target label after the pod label as written, which a label name like
		// `app.kubernetes.io/name` cannot be: `to` is the name prometheus-operator would give it.
		targetLabels: podTargetLabels?.length
			? {fromPod: podTargetLabels.map(from => (prometheusLabelName(from) === from ? {from} : {from, to: prometheusLabelName(from)}))}
			: undefined,
		limits: Object.keys(limits).length > 0 ? limits : undefined,
	});
}

/**
 * One PodMonitoring endpoint. `port` is a container port's name or number as the pods declare it:
 * GMP keeps the targets of a named port, and sends a number to the pod's IP whether or not a
 * container declares it. Secret references of a ClusterPodMonitoring, which has no namespace of
 * its own, name the target's (`secretNamespace`).
 */
export function podMonitoringEndpoint(endpoint: ResolvedEndpoint, port: number | string, secretNamespace?: string): Endpoint {
	const secret = (ref: SecretKeySelector | undefined) =>
		ref && {secret: {name: ref.name, key: ref.key, ...(secretNamespace !== undefined ? {namespace: secretNamespace} : {})}};
	const {tls, basicAuth, authorization, oauth2} = endpoint;
	const username = gmpForm(basicAuth?.username);
	const clientId = gmpForm(oauth2?.clientId);
	return defined<Endpoint>({
		port,
		path: endpoint.path,
		scheme: lowercase(endpoint.scheme),
		// config/gmp-checks.ts refuses a gmp config without an interval, which the CRD requires.
		interval: endpoint.interval!,
		timeout: endpoint.timeout,
		params: endpoint.params,
		tls:
			tls &&
			defined({
				ca: secret(tls.ca?.secret),
				cert: secret(tls.cert?.secret),
				key: secret(tls.keySecret),
				serverName: tls.serverName,
				insecureSkipVerify: tls.insecureSkipVerify,
				minVersion: tls.minVersion,
				maxVersion: tls.maxVersion,
			}),
		basicAuth: basicAuth && username !== undefined ? {username, password: secret(basicAuth.password)} : undefined,
		authorization: authorization && defined({type: authorization.type, credentials: secret(authorization.credentials)}),
		oauth2:
			oauth2 &&
			defined({
				clientID: clientId,
				clientSecret: secret(oauth2.clientSecret),
				tokenURL: oauth2.tokenUrl,
				scopes: oauth2.scopes,
				endpointParams: oauth2.endpointParams,
			}),
		metricRelabeling: endpoint.metricRelabelings?.map(metricRelabeling),
	});
}

/** GMP's CRD takes relabel actions in lower case only. */
function metricRelabeling(rule: RelabelConfig): NonNullable<Endpoint['metricRelabeling']>[number] {
	const {action, ...rest} = rule;
	const lower = action && lowercase(action);
	// config/gmp-checks.ts refuses labelmap, which GMP's CRD does not have.
	return lower === undefined || lower === 'labelmap' ? rest : {...rule, action: lower};
}
