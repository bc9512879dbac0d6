import {isObject} from './pods.js';
import type {ScrapeTarget} from './scrape-target.js';

type Settings = Pick<ScrapeTarget, 'scheme' | 'path' | 'interval' | 'timeout'>;

/**
 * The scrape settings of a monitor endpoint (or a Probe's spec): scheme (the CRDs take either
 * case; the operator writes it lower-cased) defaulting to http, path to `defaultPath`, and
 * interval and timeout only when given, since without them the Prometheus global ones apply.
 */
export function endpointSettings(endpoint: unknown, defaultPath: string): Settings {
	const fields = isObject(endpoint) ? endpoint : {};
	const path = typeof fields.path === 'string' && fields.path !== '' ? fields.path : defaultPath;
	return {
		scheme: typeof fields.scheme === 'string' && fields.scheme.toLowerCase() === 'https' ? 'https' : 'http',
		path,
		...(typeof fields.interval === 'string' && fields.interval !== '' ? {interval: fields.interval} : {}),
		...(typeof fields.scrapeTimeout === 'string' && fields.scrapeTimeout !== '' ? {timeout: fields.scrapeTimeout} : {}),
	};
}

/** A monitor's list of endpoints (`endpoints`, `podMetricsEndpoints`) as plain objects. */
export function endpointList(value: unknown): Record<string, unknown>[] {
	return Array.isArray(value) ? value.map(entry => (isObject(entry) ? entry : {})) : [];
}
