import {grafanaConvention} from '../../config/conventions.js';

/**
 * The keys of the prometheus-community chart's convention under a prefix: `prometheus.io`, or the
 * prefix of a Prometheus whose jobs read the same keys under another name (`customized.prometheus`).
 */
export function chartKeys(prefix: string): ChartKeys {
	let keys = chartKeysOf.get(prefix);
	if (!keys) {
		keys = {
			scrape: `${prefix}/scrape`,
			scheme: `${prefix}/scheme`,
			path: `${prefix}/path`,
			port: `${prefix}/port`,
			slow: `${prefix}/scrape_slow`,
			probe: `${prefix}/probe`,
			param: (name: string) => `${prefix}/param_${name}`,
		};
		chartKeysOf.set(prefix, keys);
	}
	return keys;
}

interface ChartKeys {
	readonly scrape: string;
	readonly scheme: string;
	readonly path: string;
	readonly port: string;
	readonly slow: string;
	readonly probe: string;
	readonly param: (name: string) => string;
}

// Asked for every key of every target; a run has one or two prefixes.
const chartKeysOf = new Map<string, ChartKeys>();

/** The keys Grafana Alloy's annotation autodiscovery (k8s-monitoring) reads on Pods and Services. */
export const grafanaKeys = {
	scrape: `${grafanaConvention}/scrape`,
	scheme: `${grafanaConvention}/metrics.scheme`,
	path: `${grafanaConvention}/metrics.path`,
	portName: `${grafanaConvention}/metrics.portName`,
	portNumber: `${grafanaConvention}/metrics.portNumber`,
	container: `${grafanaConvention}/metrics.container`,
	interval: `${grafanaConvention}/metrics.scrapeInterval`,
	timeout: `${grafanaConvention}/metrics.scrapeTimeout`,
	param: (name: string) => `${grafanaConvention}/metrics.param_${name}`,
} as const;

/** The key that says scrape (`"false"`: a person's opt-out) in the convention `annotations` names. */
export function scrapeKey(annotations: string): string {
	return annotations === grafanaConvention ? grafanaKeys.scrape : chartKeys(annotations).scrape;
}

const settingOfName: Record<string, string> = {
	scheme: 'scheme',
	'metrics.scheme': 'scheme',
	path: 'path',
	'metrics.path': 'path',
	port: 'port',
	'metrics.portName': 'port',
	'metrics.portNumber': 'port',
	'metrics.container': 'port',
	'metrics.scrapeInterval': 'interval',
	'metrics.scrapeTimeout': 'timeout',
	scrape_slow: 'scrapeSlow',
};

/**
 * The setting behind a key a convention writes, which a value a person wrote there gives way to;
 * undefined for `scrape` and keys no setting writes.
 */
export function settingOf(key: string): string | undefined {
	const name = key.slice(key.indexOf('/') + 1);
	if (/^(metrics\.)?param_/.test(name)) return 'params';
	return Object.hasOwn(settingOfName, name) ? settingOfName[name] : undefined;
}
