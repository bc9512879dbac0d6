/**
 * The prometheus-operator versions (from its CHANGELOG) that introduced the fields the function may
 * write, and the other monitor fields check mode looks for in monitors a person wrote. A config's
 * `operatorVersion` below one of these makes the function avoid the field, or fail when nothing can
 * stand in for it; in check mode, a monitor that uses the field gets an error.
 */
export const introducedIn = {
	/** OAuth2, the oldest field the function writes, sets the minimum it supports. */
	minimumSupported: '0.50.0',
	/** Probe `metricRelabelings` (CHANGELOG 0.51.0). */
	probeMetricRelabelings: '0.51.0',
	/** The relabel actions lowercase and uppercase (#4840). */
	caseActions: '0.58.0',
	/** The relabel actions keepequal and dropequal (#5368). */
	equalActions: '0.64.0',
	scrapeClass: '0.72.0',
	/** `minVersion` and `maxVersion` in a TLS config (#6736). */
	tlsVersions: '0.76.0',
	portNumber: '0.79.0',
	fallbackScrapeProtocol: '0.79.1',
	/** Probe `params`. */
	probeParams: '0.85.0',
	/** Monitor fields the function does not write. */
	followRedirects: '0.55.0',
	podMonitorAttachMetadata: '0.57.0',
	enableHttp2: '0.58.0',
	serviceMonitorAttachMetadata: '0.61.0',
	keepDroppedTargets: '0.68.0',
	trackTimestampsStaleness: '0.70.0',
	scrapeProtocols: '0.72.0',
	bodySizeLimit: '0.73.0',
	selectorMechanism: '0.79.0',
	convertClassicHistogramsToNHCB: '0.82.0',
	/** Probe `enableHttp2` and `followRedirects` (#8112). */
	probeHttpSettings: '0.88.0',
	scrapeNativeHistograms: '0.88.0',
} as const;

/** Compares dotted versions (an optional leading `v`): negative, zero or positive. */
export function compareVersions(a: string, b: string): number {
	const parts = (version: string) => version.replace(/^v/, '').split('.').map(Number);
	const [x, y] = [parts(a), parts(b)];
	for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
	return 0;
}

/** True when the config names no version (assume current) or one at least `minimum`. */
export function supports(operatorVersion: string | undefined, minimum: string): boolean {
	return operatorVersion === undefined || compareVersions(operatorVersion, minimum) >= 0;
}
