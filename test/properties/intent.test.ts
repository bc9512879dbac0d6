import {ok} from 'node:assert/strict';
import test from 'ava';
import fc from 'fast-check';
import {parse} from 'yaml';
import {objectKey, type Item} from '../../src/krm/item.js';
import {readSafely} from '../../src/krm/read-safe.js';
import type {Result} from '../../src/krm/results.js';
import {scrapeTargets} from '../../src/scrape/model/scrape-targets.js';
import {ownerAnnotation} from '../../src/scrape/ownership.js';
import {transform} from '../../src/run.js';
import {packageFromSeed, packageSeed, Random, type Mode, type RandomPackage} from '../support/random-packages.js';

/**
 * Issue 10's promise, over random packages in both modes: the scrape model of what the function
 * writes makes exactly the scrapes the config means, each once, and nothing else. The intended set
 * is worked out here from the package and the config alone (the targets, the pods behind them, the
 * port the config names, the path a person or the config wrote), not from the function's plan.
 * Where the output differs, the function must have said so on the target concerned (a warning or
 * an error): the property accepts exactly that, and counts it. The packages get, besides the
 * random ones' items, Services that share another's labels (a StatefulSet chart's headless twin)
 * and workloads whose pods another's selector also picks, where a monitor could scrape twice.
 */

const seed = Number(process.env.PROPERTY_SEED ?? 20_261_201);
const numRuns = Math.max(1, Math.round(300 * Number(process.env.PROPERTY_SCALE ?? 1)));

interface Settings {
	port: number | string;
	/** The number the package's pods declare for the config's port. */
	number: number;
	path?: string;
	operatorMode: boolean;
	monitorType: RandomPackage['monitorType'];
	owner: string;
}

function settingsOf(pkg: RandomPackage, mode: Mode): Settings {
	const object = parse(pkg.configs[mode]).functionConfig as Record<string, any>;
	const values: Record<string, unknown> = object.spec ?? object.data;
	const port = values.port as number | string;
	// The packages' containers all declare one metrics port (named or not): 8080, 9090 or 9100.
	const declared = /containerPort['"]?:\s*(\d+)/.exec(pkg.items.join(''))?.[1];
	return {
		port: typeof port === 'string' && /^\d+$/.test(port) ? Number(port) : port,
		number: typeof port === 'number' || /^\d+$/.test(String(port)) ? Number(port) : Number(declared ?? 9100),
		...(values.path !== undefined ? {path: String(values.path)} : {}),
		operatorMode: String(values.operatorMode) === 'true',
		monitorType: (values.monitorType as Settings['monitorType'] | undefined) ?? 'pod',
		owner: `${object.kind}/${object.metadata.name}`,
	};
}

/** Objects that overlap the package's own: a headless twin of a Service, a canary beside a workload. */
function overlapping(pkg: RandomPackage, port: number): string[] {
	const r = new Random(pkg.seed ^ 0x0e71a9);
	const pad = ' '.repeat(pkg.itemColumn);
	const item = (lines: string[]) => lines.map((line, i) => `${pad}${i === 0 ? '- ' : '  '}${line}\n`).join('');
	const extras: string[] = [];
	for (const name of ['web', 'api']) {
		const namespace = r.pick(['', 'shop']);
		const ns = namespace ? [`  namespace: ${namespace}`] : [];
		if (r.chance(0.3))
			extras.push(
				item([
					'apiVersion: v1',
					'kind: Service',
					'metadata:',
					`  name: ${name}-headless`,
					...ns,
					`  labels: {app: ${name}}`,
					'spec:',
					'  clusterIP: None',
					`  selector: {app: ${name}}`,
					`  ports: [{name: metrics, port: ${port}, targetPort: ${port}}]`,
				]),
			);
		if (r.chance(0.3))
			extras.push(
				item([
					'apiVersion: apps/v1',
					'kind: Deployment',
					'metadata:',
					`  name: ${name}-canary`,
					...ns,
					'spec:',
					`  selector: {matchLabels: {app: ${name}, track: canary}}`,
					'  template:',
					`    metadata: {labels: {app: ${name}, track: canary}}`,
					`    spec: {containers: [{name: ${name}, ports: [{name: metrics, containerPort: ${port}}]}]}`,
				]),
			);
	}
	return extras;
}

const templates: Record<string, string[]> = {
	Deployment: ['spec', 'template'],
	StatefulSet: ['spec', 'template'],
	DaemonSet: ['spec', 'template'],
	ReplicaSet: ['spec', 'template'],
	Rollout: ['spec', 'template'],
	Job: ['spec', 'template'],
	CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
	Pod: [],
};
const groups: Record<string, string> = {
	Deployment: 'apps',
	StatefulSet: 'apps',
	DaemonSet: 'apps',
	ReplicaSet: 'apps',
	Job: 'batch',
	CronJob: 'batch',
	Pod: '',
	Rollout: 'argoproj.io',
};

const deployed = (item: Item) => item.map !== undefined && !item.isLocalConfig;
const isWorkload = (item: Item) => deployed(item) && templates[item.kind] !== undefined && groups[item.kind] === item.group;
const podAnnotations = (item: Item) => item.stringMap([...templates[item.kind]!, 'metadata', 'annotations']);
const podLabels = (item: Item) => item.stringMap([...templates[item.kind]!, 'metadata', 'labels']);
/** The annotations the chart's jobs read: the pod template's, or the Service's own. */
const readAnnotations = (item: Item) => (templates[item.kind] ? podAnnotations(item) : item.annotations);

/** The container ports of a workload's running containers: number by name, and the numbers. */
function containerPorts(item: Item): {name?: string; number: number}[] {
	const containers = item.getValue([...templates[item.kind]!, 'spec', 'containers']);
	return (Array.isArray(containers) ? containers : []).flatMap((container: any) =>
		(Array.isArray(container?.ports) ? container.ports : []).map((port: any) => ({name: port.name, number: port.containerPort})),
	);
}

interface Place {
	key: string;
	/** The targets the place is meant for (or, for one nobody meant, the targets it came through). */
	targets: Item[];
}

/** The scrapes the config means, by place: a pod port and path of a workload, or an Ingress's URL. */
function intended(items: readonly Item[], settings: Settings): Map<string, Place> {
	const places = new Map<string, Place>();
	const add = (key: string, target: Item) => {
		const place = places.get(key) ?? {key, targets: []};
		place.targets.push(target);
		places.set(key, place);
	};
	const injected = new Set(
		items.filter(item => item.kind === 'Namespace' && item.labels['istio-injection'] === 'enabled').map(item => item.name),
	);
	const optedOut = (item: Item) => readAnnotations(item)['prometheus.io/scrape'] === 'false';
	for (const target of items) {
		if (!deployed(target) || optedOut(target)) continue;
		// A path a person wrote where the chart's jobs read it stays, unless the config sets one.
		const personPath = settings.operatorMode ? undefined : readAnnotations(target)['prometheus.io/path'];
		const path = settings.path ?? personPath ?? '/metrics';
		if (settings.monitorType === 'pod' && isWorkload(target) && !['Job', 'CronJob'].includes(target.kind)) {
			const annotations = podAnnotations(target);
			const merged =
				!settings.operatorMode &&
				(annotations['sidecar.istio.io/inject'] ?? (injected.has(target.namespace ?? '') ? 'true' : 'false')) === 'true';
			add(merged ? key(target, 15020, '/stats/prometheus') : key(target, portNumber(target, settings.port), path), target);
		}
		if (settings.monitorType === 'service' && target.kind === 'Service' && target.group === '') {
			const ports = target.getValue(['spec', 'ports']) as {name?: string; port: number; targetPort?: number | string}[];
			const selector = target.stringMap(['spec', 'selector']);
			const chosen = ports.find(port => port.name === settings.port || port.port === settings.port)!;
			for (const workload of items.filter(isWorkload)) {
				const labels = podLabels(workload);
				if ((workload.namespace ?? '') !== (target.namespace ?? '') || !Object.entries(selector).every(([k, v]) => labels[k] === v))
					continue;
				const reaches = (port: {targetPort?: number | string; port: number}) =>
					typeof (port.targetPort ?? port.port) === 'number' || containerPorts(workload).some(own => own.name === port.targetPort);
				// A monitor keeps its Service port's endpoints only; the chart rewrites every endpoint of the
				// Service to the one number the annotation holds, the port the pods listen on.
				if (settings.operatorMode && reaches(chosen))
					add(key(workload, portNumber(workload, chosen.targetPort ?? chosen.port), path), target);
				if (!settings.operatorMode && ports.some(reaches)) add(key(workload, settings.number, path), target);
			}
		}
		if (settings.monitorType === 'ingress' && settings.operatorMode && target.kind === 'Ingress' && target.group === 'networking.k8s.io')
			add(JSON.stringify([target.key, `http://${target.name}.example.com/`]), target);
	}
	return places;
}

function portNumber(workload: Item, port: number | string): number | undefined {
	return typeof port === 'number' ? port : containerPorts(workload).find(own => own.name === port)?.number;
}

function key(workload: Item, port: number | undefined, path: string): string {
	return JSON.stringify([workload.key, port ?? null, path]);
}

/**
 * The scrapes the model finds through what the function wrote (its monitors, its annotations), by
 * place. `count` is that of the most scraped item there: one object written in two files of a
 * package is two items at one place, but the cluster holds one of them, so their scrapes do not add up.
 */
function scraped(items: readonly Item[], settings: Settings): Map<string, {count: number; via: Item[]}> {
	const found = new Map<string, {count: number; via: Item[]; byItem: Map<Item | undefined, number>}>();
	for (const target of scrapeTargets(items)) {
		if (target.via.annotation(ownerAnnotation) !== settings.owner) continue;
		const at = target.workload
			? key(target.workload, target.port?.number, target.path)
			: JSON.stringify([objectKey('', 'Ingress', target.labels.namespace || undefined, target.labels.ingress ?? ''), target.url]);
		const entry = found.get(at) ?? {count: 0, via: [] as Item[], byItem: new Map<Item | undefined, number>()};
		const times = (entry.byItem.get(target.workload) ?? 0) + 1;
		entry.byItem.set(target.workload, times);
		entry.count = Math.max(entry.count, times);
		entry.via.push(target.via);
		found.set(at, entry);
	}
	return found;
}

/** A warning or error on the item: what the function says when it cannot do what was meant. */
function said(results: readonly Result[], items: readonly Item[]): boolean {
	return results.some(
		result =>
			result.severity !== 'info' &&
			items.some(
				item =>
					result.resourceRef?.kind === item.kind &&
					result.resourceRef.name === item.name &&
					result.resourceRef.namespace === item.namespace,
			),
	);
}

test(`intent over ${numRuns} random packages, both modes: the model of the output scrapes exactly what the config means, each once, or the function says why not`, t => {
	const counts = {checked: 0, scrapes: 0, refused: 0, reported: 0};
	fc.assert(
		fc.property(packageSeed, fc.constantFrom<Mode>('annotation', 'operator'), (packageSeed, mode) => {
			const pkg = packageFromSeed(packageSeed);
			const settings = settingsOf(pkg, mode);
			const input = `${pkg.header}items:\n${[...pkg.items, ...overlapping(pkg, settings.number)].join('')}${pkg.configs[mode]}`;
			const outcome = transform(input);
			if (outcome.exitCode !== 0) {
				ok(
					outcome.results.some(result => result.severity === 'error'),
					'a refused run says why',
				);
				counts.refused++;
				return;
			}
			counts.checked++;
			const before = readSafely(input).items;
			const meant = intended(before, settings);
			const found = scraped(readSafely(outcome.output!).items, settings);
			const where = `package seed ${packageSeed}, ${mode} mode`;
			for (const place of meant.values()) {
				const count = found.get(place.key)?.count ?? 0;
				counts.scrapes++;
				if (count === 1) continue;
				counts.reported++;
				ok(
					said(outcome.results, place.targets),
					`${where}: ${place.key} is meant once and scraped ${count} times, and nothing says so on ${place.targets.join(', ')}\n${input}`,
				);
			}
			for (const [at, {via}] of found) {
				if (meant.has(at)) continue;
				counts.reported++;
				// Said on the target the monitor or annotations were written for.
				const targets = before.filter(item => via.some(other => other.key === item.key || other.name.startsWith(`${item.name}-`)));
				ok(
					said(outcome.results, targets),
					`${where}: ${at} is scraped (via ${via.join(', ')}) but not meant, and nothing says so\n${input}`,
				);
			}
		}),
		{numRuns, seed, includeErrorInReport: true},
	);
	t.log(
		`${counts.checked} runs checked (${counts.scrapes} intended scrapes), ${counts.refused} refused with errors, ${counts.reported} differences the function reported`,
	);
	t.true(counts.checked > numRuns / 2, 'most runs are checked');
});
