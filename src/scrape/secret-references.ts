import type {Item} from '../krm/item.js';
import {itemResult, type Result} from '../krm/results.js';
import {monitorKind} from './model/cluster.js';
import {isObject} from './model/pods.js';
import {someOf} from './some-of.js';

interface Reference {
	kind: 'Secret' | 'ConfigMap';
	name: string;
	path: string;
}

/** Fields that hold a SecretKeySelector ({name, key}) in the monitors' auth and TLS settings. */
const secretKeys = new Set(['username', 'password', 'credentials', 'clientSecret', 'keySecret', 'bearerTokenSecret']);
const referring = /secret|configMap|username|password|credentials|proxyConnectHeader/i;

/**
 * The Secrets and ConfigMaps a monitor's settings name: basicAuth, authorization.credentials,
 * oauth2 clientId and clientSecret, tlsConfig ca, cert and keySecret, bearerTokenSecret and proxy
 * headers, wherever they sit (an endpoint, a Probe's spec, oauth2's own tlsConfig). `secret:` and
 * `configMap:` say which kind a SecretOrConfigMap means.
 */
function references(value: unknown, path: string, out: Reference[]): Reference[] {
	if (Array.isArray(value)) value.forEach((entry, index) => references(entry, `${path}.${index}`, out));
	if (!isObject(value)) return out;
	for (const [key, inner] of Object.entries(value)) {
		const at = `${path}.${key}`;
		const named = isObject(inner) && typeof inner.name === 'string' && inner.name !== '' ? inner.name : undefined;
		if (named && key === 'secret') out.push({kind: 'Secret', name: named, path: at});
		else if (named && key === 'configMap') out.push({kind: 'ConfigMap', name: named, path: at});
		else if (named && secretKeys.has(key)) out.push({kind: 'Secret', name: named, path: at});
		else if (key === 'proxyConnectHeader' && isObject(inner))
			for (const [header, selectors] of Object.entries(inner)) secretList(selectors, `${at}.${header}`, out);
		else references(inner, at, out);
	}
	return out;
}

function secretList(selectors: unknown, path: string, out: Reference[]): void {
	(Array.isArray(selectors) ? selectors : [selectors]).forEach((selector, index) => {
		if (isObject(selector) && typeof selector.name === 'string') out.push({kind: 'Secret', name: selector.name, path: `${path}.${index}`});
	});
}

/**
 * A warning for each Secret or ConfigMap a monitor names that the input lacks, when the input holds
 * others of that kind in the monitor's namespace (the package manages them, so the absence is
 * likely a typo or a rename): the operator reads them from the monitor's namespace, and refuses
 * the monitor while one is missing. Without any of that kind there, they come from elsewhere.
 */
export function referenceChecks(monitor: Item, items: readonly Item[], writtenBy?: string): Result[] {
	// Most monitors name none: their text says so before they are read.
	if (!referring.test(monitor.text) || !monitorKind(monitor)) return [];
	const namespace = monitor.namespace ?? '';
	const found = references(monitor.getValue(['spec']), 'spec', []);
	if (found.length === 0) return [];
	const present = (kind: string) =>
		items
			.filter(item => item.kind === kind && item.group === '' && !item.isLocalConfig && (item.namespace ?? '') === namespace)
			.map(item => item.name);
	const held = {Secret: present('Secret'), ConfigMap: present('ConfigMap')};
	const results: Result[] = [];
	const said = new Set<string>();
	for (const {kind, name, path} of found) {
		const names = held[kind];
		// One result per missing object, at the first field that names it.
		if (names.length === 0 || names.includes(name) || said.has(`${kind}/${name}`)) continue;
		said.add(`${kind}/${name}`);
		const where = namespace ? `namespace ${JSON.stringify(namespace)}` : 'the default namespace';
		const also = found.filter(other => other.kind === kind && other.name === name && other.path !== path).map(other => `\`${other.path}\``);
		const fix = writtenBy
			? `the config ${writtenBy} wrote it there, so correct the name in the config, or add the ${kind}`
			: `add it, or name one of those`;
		const message = `\`${path}\`${also.length > 0 ? ` (and ${someOf(also)})` : ''} names the ${kind} ${JSON.stringify(name)}, which the input does not hold, though it holds ${kind}s of ${where} (${someOf(names.map(other => JSON.stringify(other)))}): the operator reads it from the monitor's namespace and refuses ${monitor} while it is missing; ${fix}`;
		results.push(itemResult(monitor, 'warning', message, path));
	}
	return results;
}
