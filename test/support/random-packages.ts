import fc from 'fast-check';
import {parse} from 'yaml';

/**
 * Random valid ResourceLists, written as text the way people and tools write YAML: block and flow
 * maps, plain, single- and double-quoted and literal scalars, quoted keys, comments above entries,
 * after values and below maps, blank lines, unicode, and items of many kinds (workloads, Services,
 * Ingresses, ConfigMaps, unknown CRDs, a Kptfile, local-config objects, foreign monitors of
 * prometheus-operator and GMP), with
 * same-named items in different files. Each package can be written with an annotation-mode or an
 * operator-mode functionConfig of the same owner, for mode-switch properties.
 *
 * Every package is parsed back and compared with the value it was meant to say, so a generator
 * bug fails loudly instead of testing the function on something else.
 */

export type Mode = 'annotation' | 'operator';

export interface RandomPackage {
	/** The seed it was drawn from, to replay with `packageFromSeed`. */
	seed: number;
	/** Each item's text: its head comment lines and its lines from `- ` on. */
	items: string[];
	/** Each item's kind, and whether the function may scrape it (its kind, not local-config). */
	kinds: string[];
	scrapable: boolean[];
	/** The column of the items' `-`. */
	itemColumn: number;
	monitorType: 'pod' | 'service' | 'ingress';
	/** The `functionConfig:` block for each mode; both have the same owner. */
	configs: Record<Mode, string>;
	/** The lines before `items:`, comments included. */
	header: string;
}

/** The whole list for `mode`: header, items, then the functionConfig. */
export function listText(pkg: RandomPackage, mode: Mode): string {
	return `${pkg.header}items:\n${pkg.items.join('')}${pkg.configs[mode]}`;
}

/** Seeds for `packageFromSeed`: a failing property then reports a number to replay, not a package. */
export const packageSeed: fc.Arbitrary<number> = fc.noShrink(fc.integer({min: 1, max: 2 ** 31 - 1}));

export const randomPackage: fc.Arbitrary<RandomPackage> = packageSeed.map(packageFromSeed);

/** The text of `list` up to its `results:`, which the function writes last. */
export function withoutResults(list: string): string {
	const at = list.search(/^results:/m);
	return at === -1 ? list : list.slice(0, at);
}

/** `list` (a package, or the function's output for one) with its functionConfig block replaced. */
export function withConfig(list: string, config: string): string {
	const text = withoutResults(list);
	const at = text.search(/^functionConfig:/m);
	if (at === -1) throw new Error('no functionConfig in the list');
	// The config is the last block before results in every list this module writes.
	return text.slice(0, at) + config;
}

/**
 * The items of a list this module wrote (or the function's output for one), split by lines: an
 * item runs from its head comment lines and its `- ` line to the next item's. Independent of the
 * function's own reader, so the two can be compared.
 */
export function splitItems(list: string, itemColumn: number): string[] {
	const lines = withoutResults(list).split(/(?<=\n)/);
	const start = lines.findIndex(line => /^items:\s*$/.test(line));
	if (start === -1) return [];
	const dash = new RegExp(`^ {${itemColumn}}-( |$)`);
	const headComment = new RegExp(`^ {0,${itemColumn}}#`);
	const items: string[] = [];
	// Comment lines at the items' column, kept until it is clear whether an item follows them.
	let pending = '';
	for (const line of lines.slice(start + 1)) {
		// The next top-level key ends the items (`- ` and comments at column 0 do not).
		if (/^[^\s#-]/.test(line)) break;
		if (dash.test(line)) {
			items.push(pending + line);
			pending = '';
		} else if (headComment.test(line)) {
			pending += line;
		} else if (items.length > 0) {
			items[items.length - 1] += pending + line;
			pending = '';
		}
	}
	// Comment lines left over head the next top-level key, not an item.
	return items;
}

// ---------------------------------------------------------------------------------------------
// A small seeded random source: fast-check draws the seed (and reports it on failure).

export class Random {
	constructor(private state: number) {}

	next(): number {
		// mulberry32
		let t = (this.state = (this.state + 0x6d2b79f5) | 0);
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}

	int(min: number, max: number): number {
		return min + this.below(max - min + 1);
	}

	/** A whole number from 0 to max - 1. */
	below(max: number): number {
		return Math.floor(this.next() * max);
	}

	pick<T>(values: readonly T[]): T {
		return values[this.below(values.length)]!;
	}

	chance(probability: number): boolean {
		return this.next() < probability;
	}
}

// ---------------------------------------------------------------------------------------------
// A YAML tree with presentation: what to write and how.

type Style = 'plain' | 'single' | 'double' | 'literal';

interface ScalarNode {
	type: 'scalar';
	value: string | number | boolean | null;
	style: Style;
	/** A comment after the value, on its line. */
	comment?: string;
}

interface Entry {
	key: string;
	keyStyle: Exclude<Style, 'literal'>;
	value: YNode;
	/** Comment lines above the entry. */
	head?: string[];
}

interface MapNode {
	type: 'map';
	entries: Entry[];
	flow: boolean;
	/** A comment line below the map's last entry. */
	foot?: string;
}

interface SeqNode {
	type: 'seq';
	items: YNode[];
	flow: boolean;
	/** `- ` two columns in from the key (true) or at the key's column. */
	indented: boolean;
}

type YNode = ScalarNode | MapNode | SeqNode;

/** Writing choices for one package: plain kpt-style output, or anything goes. */
interface Presentation {
	r: Random;
	rich: boolean;
}

const unicode = [
	'café',
	'naïve façade',
	'日本語のテキスト',
	'emoji 🎉🚀',
	'Ωmega ∑',
	'שלום עולם',
	'e\u0301 combining',
	'tab\tinside',
	'quote \' and "',
	'colon: inside',
	'hash # inside',
	'- dash first',
	'[brackets]',
	'{braces}',
	'*star',
	'&amp',
	'!bang',
	'%percent',
	'@at',
	'`tick`',
	'yes',
	'no',
	'on',
	'null',
	'~',
	'0777',
	'1e3',
	'12:30',
	'true',
	' leading space',
	'trailing space ',
	'',
];
const commentTexts = [
	'TODO: tune this',
	'managed by hand',
	'ünïcode ✓ comment',
	'see https://example.com/#anchor',
	'#hash',
	'kpt-set: ${name}',
	'--- not a document',
	'items:',
	'- not an item',
];

function scalar(p: Presentation, value: string | number | boolean | null): ScalarNode {
	const {r} = p;
	let style: Style = 'plain';
	if (typeof value === 'string') {
		const canPlain = plainSafe(value);
		if (value.includes('\n')) style = p.rich && r.chance(0.6) && literalSafe(value) ? 'literal' : 'double';
		else if (!canPlain) style = /[\t]/.test(value) || (!p.rich && r.chance(0.5)) ? 'double' : r.pick(['single', 'double'] as const);
		else if (r.chance(p.rich ? 0.4 : 0.2)) style = r.pick(['single', 'double'] as const);
	}
	const node: ScalarNode = {type: 'scalar', value, style};
	if (p.rich && style !== 'literal' && r.chance(0.1)) node.comment = r.pick(commentTexts);
	return node;
}

const plainSafety = new Map<string, boolean>();

function plainSafe(value: string): boolean {
	if (!/^[\p{L}\p{N}_./][\p{L}\p{N}\p{M} _./@()=+-]*$/u.test(value) || value.endsWith(' ')) return false;
	if (/: | #|^[-?:]/.test(value)) return false;
	// What yaml would read as something other than this string.
	let safe = plainSafety.get(value);
	if (safe === undefined) {
		try {
			safe = parse(value) === value;
		} catch {
			safe = false;
		}
		plainSafety.set(value, safe);
	}
	return safe;
}

function literalSafe(value: string): boolean {
	return value.split('\n').every(line => line !== '' && !line.startsWith(' ') && !line.startsWith('\t') && !/\s$/.test(line));
}

function entry(p: Presentation, key: string, value: YNode): Entry {
	const {r} = p;
	const keyStyle = p.rich && r.chance(0.08) ? r.pick(['single', 'double'] as const) : 'plain';
	const made: Entry = {key, keyStyle: plainSafe(key) ? keyStyle : 'double', value};
	if (p.rich && r.chance(0.06)) made.head = [r.pick(commentTexts)];
	return made;
}

/** A map of `fields`; values that are plain JS become scalars, maps and lists. */
function map(p: Presentation, fields: Record<string, YNode | Value>, flow = false): MapNode {
	const node: MapNode = {
		type: 'map',
		entries: Object.entries(fields)
			.filter(([, value]) => value !== undefined)
			.map(([key, value]) => entry(p, key, toNode(p, value as YNode | Value))),
		flow,
	};
	if (p.rich && !flow && p.r.chance(0.04)) node.foot = p.r.pick(commentTexts);
	return node;
}

function seq(p: Presentation, items: Array<YNode | Value>, flow = false): SeqNode {
	return {type: 'seq', items: items.map(item => toNode(p, item)), flow, indented: p.r.chance(0.5)};
}

type Value = string | number | boolean | null | Value[] | {[key: string]: Value};

function toNode(p: Presentation, value: YNode | Value): YNode {
	if (
		value !== null &&
		typeof value === 'object' &&
		'type' in value &&
		typeof (value as YNode).type === 'string' &&
		['scalar', 'map', 'seq'].includes((value as YNode).type)
	)
		return value as YNode;
	if (Array.isArray(value)) return seq(p, value, p.rich && p.r.chance(0.15));
	if (value !== null && typeof value === 'object') return map(p, value as Record<string, Value>, p.rich && p.r.chance(0.15));
	return scalar(p, value as string | number | boolean | null);
}

/** Flow style for maps that hold only flow-safe scalars; block otherwise. */
function flowSafe(node: YNode): boolean {
	if (node.type === 'scalar') return node.style !== 'literal' && !node.comment;
	if (node.type === 'map') return !node.foot && node.entries.every(item => !item.head && flowSafe(item.value));
	return node.items.every(flowSafe);
}

// ---------------------------------------------------------------------------------------------
// Writing the tree.

function keyText(item: Entry): string {
	if (item.keyStyle === 'single') return `'${item.key.replace(/'/g, "''")}'`;
	if (item.keyStyle === 'double') return JSON.stringify(item.key);
	return item.key;
}

function scalarText(node: ScalarNode): string {
	const {value, style} = node;
	if (typeof value !== 'string') return value === null ? 'null' : String(value);
	if (style === 'single') return `'${value.replace(/'/g, "''")}'`;
	if (style === 'double') return JSON.stringify(value);
	return value;
}

function flowText(node: YNode): string {
	if (node.type === 'scalar') return scalarText({...node, style: node.style === 'literal' ? 'double' : node.style});
	if (node.type === 'seq') return `[${node.items.map(flowText).join(', ')}]`;
	return `{${node.entries.map(item => `${keyText(item)}: ${flowText(item.value)}`).join(', ')}}`;
}

/** Written in flow style: asked to be and able to, or empty (block style cannot write `{}`). */
function isFlow(node: YNode): boolean {
	if (node.type === 'scalar') return false;
	const empty = node.type === 'map' ? node.entries.length === 0 : node.items.length === 0;
	return empty || (node.flow && flowSafe(node));
}

function mapLines(node: MapNode, indent: number): string[] {
	const pad = ' '.repeat(indent);
	const lines: string[] = [];
	for (const item of node.entries) {
		for (const comment of item.head ?? []) lines.push(`${pad}# ${comment}`);
		lines.push(...entryLines(item, indent));
	}
	if (node.foot) lines.push(`${pad}# ${node.foot}`);
	return lines;
}

function entryLines(item: Entry, indent: number): string[] {
	const pad = ' '.repeat(indent);
	const key = `${pad}${keyText(item)}:`;
	const {value} = item;
	if (value.type === 'scalar') {
		if (value.style === 'literal') {
			const text = value.value as string;
			const chomp = text.endsWith('\n') ? '' : '-';
			const body = (chomp ? text : text.slice(0, -1)).split('\n').map(line => `${pad}  ${line}`);
			return [`${key} |${chomp}`, ...body];
		}
		return [`${key} ${scalarText(value)}${value.comment ? ` # ${value.comment}` : ''}`];
	}
	if (isFlow(value)) return [`${key} ${flowText(value)}`];
	if (value.type === 'map') return [key, ...mapLines(value, indent + 2)];
	return [key, ...seqLines(value, value.indented ? indent + 2 : indent)];
}

function seqLines(node: SeqNode, indent: number): string[] {
	const pad = ' '.repeat(indent);
	const lines: string[] = [];
	for (const item of node.items) {
		if (item.type === 'scalar') {
			if (item.style === 'literal') lines.push(`${pad}- ${JSON.stringify(item.value)}`);
			else lines.push(`${pad}- ${scalarText(item)}${item.comment ? ` # ${item.comment}` : ''}`);
		} else if (item.type === 'seq' || isFlow(item)) {
			lines.push(`${pad}- ${flowText(item)}`);
		} else {
			const first = {...item, entries: item.entries.map((one, i) => (i === 0 ? {...one, head: undefined} : one))};
			const body = mapLines(first, indent + 2);
			lines.push(`${pad}- ${body[0]!.slice(indent + 2)}`, ...body.slice(1));
		}
	}
	return lines;
}

/** An item: its head comments at `column`, `- ` and the first entry, the rest two columns in. */
function itemText(node: MapNode, column: number, head: string[]): string {
	const body = mapLines({...node, entries: node.entries.map((one, i) => (i === 0 ? {...one, head: undefined} : one))}, column + 2);
	const pad = ' '.repeat(column);
	return [...head.map(comment => `${pad}# ${comment}`), `${pad}- ${body[0]!.slice(column + 2)}`, ...body.slice(1)]
		.map(line => `${line}\n`)
		.join('');
}

/** The plain value a tree says, to check the text against. */
function valueOf(node: YNode): unknown {
	if (node.type === 'scalar') return node.value;
	if (node.type === 'seq') return node.items.map(valueOf);
	const out: Record<string, unknown> = {};
	for (const item of node.entries)
		Object.defineProperty(out, item.key, {value: valueOf(item.value), enumerable: true, writable: true, configurable: true});
	return out;
}

// ---------------------------------------------------------------------------------------------
// Kubernetes objects.

const names = ['web', 'api', 'db', 'worker', 'front-end'];
const namespaces = [undefined, undefined, 'shop', 'mesh', 'monitoring'];
const dirs = ['', 'base/', 'overlays/prod/', 'sub pkg/'];
const workloadKinds = {
	Deployment: 'apps/v1',
	StatefulSet: 'apps/v1',
	DaemonSet: 'apps/v1',
	ReplicaSet: 'apps/v1',
	Job: 'batch/v1',
	CronJob: 'batch/v1',
	Pod: 'v1',
	Rollout: 'argoproj.io/v1alpha1',
} as const;

interface Context {
	p: Presentation;
	port: number;
	portName: string;
	monitorType: RandomPackage['monitorType'];
	/**
	 * A second source for the keys of other annotation conventions a person wrote (Grafana's, a
	 * custom prefix's), drawn apart so that every other draw stays what the seed gave before.
	 */
	people: Random;
}

function metadata(
	c: Context,
	kind: string,
	name: string,
	extra: {labels?: Record<string, Value>; annotations?: Record<string, Value>; localConfig?: boolean} = {},
): Record<string, Value> {
	const {r} = c.p;
	const namespace = r.pick(namespaces);
	const file = `${r.pick(dirs)}${name}-${kind.toLowerCase()}.yaml`;
	const annotations: Record<string, Value> = {...extra.annotations};
	if (r.chance(0.7)) {
		annotations['config.kubernetes.io/path'] = file;
		annotations['internal.config.kubernetes.io/path'] = file;
		if (r.chance(0.5)) {
			annotations['config.kubernetes.io/index'] = '0';
			annotations['internal.config.kubernetes.io/index'] = '0';
		}
	}
	if (extra.localConfig) annotations['config.kubernetes.io/local-config'] = 'true';
	if (r.chance(0.3)) annotations['note.example.com/text'] = r.pick(unicode);
	if (r.chance(0.1)) annotations['prometheus.io/path'] = '/custom';
	Object.assign(annotations, theirs(c));
	const meta: Record<string, Value> = {name};
	if (namespace) meta.namespace = namespace;
	if (extra.labels) meta.labels = extra.labels;
	if (Object.keys(annotations).length > 0) meta.annotations = annotations;
	return meta;
}

function containers(c: Context, name: string): Value[] {
	const {r} = c.p;
	const ports: Value[] = [
		{containerPort: c.port, ...(r.chance(0.7) ? {name: c.portName} : {}), ...(r.chance(0.3) ? {protocol: 'TCP'} : {})},
	];
	if (r.chance(0.4)) ports.push({containerPort: 8443, name: 'https'});
	const container: Record<string, Value> = {name, image: `registry.example.com/${name}:1.${r.int(0, 9)}`, ports};
	if (r.chance(0.3)) container.args = ['--verbose', r.pick(unicode)];
	if (r.chance(0.2)) container.env = [{name: 'GREETING', value: r.pick(unicode)}];
	const list: Value[] = [container];
	if (r.chance(0.15)) list.push({name: 'sidecar', image: 'sidecar:2'});
	return list;
}

function podTemplate(c: Context, name: string): Record<string, Value> {
	const {r} = c.p;
	const meta: Record<string, Value> = {labels: {app: name, ...(r.chance(0.3) ? {tier: 'backend'} : {})}};
	if (r.chance(0.2)) meta.annotations = {'sidecar.istio.io/inject': 'false'};
	if (r.chance(0.1)) meta.annotations = {'prometheus.io/scrape': 'false', 'prometheus.io/port': '1234'};
	const own = theirs(c);
	if (Object.keys(own).length > 0) meta.annotations = {...((meta.annotations as Record<string, Value>) ?? {}), ...own};
	return {metadata: meta, spec: {containers: containers(c, name)}};
}

/** Keys of Grafana's and a custom prefix's conventions that a person wrote, now and then. */
function theirs(c: Context): Record<string, Value> {
	const {people} = c;
	const keys: Record<string, Value> = {};
	if (people.chance(0.1)) keys['k8s.grafana.com/job'] = 'theirs';
	if (people.chance(0.05)) keys['k8s.grafana.com/metrics.path'] = '/theirs';
	if (people.chance(0.05)) keys['customized.prometheus/path'] = '/theirs';
	if (people.chance(0.05)) keys['customized.prometheus/param_debug'] = 'true';
	return keys;
}

function workload(c: Context, kind: keyof typeof workloadKinds, name: string, localConfig: boolean): Record<string, Value> {
	const {r} = c.p;
	const meta = metadata(c, kind, name, {labels: r.chance(0.6) ? {app: name} : undefined, localConfig});
	if (kind === 'Pod') {
		return {apiVersion: workloadKinds[kind], kind, metadata: {...meta, labels: {app: name}}, spec: {containers: containers(c, name)}};
	}
	const template = podTemplate(c, name);
	let spec: Record<string, Value>;
	if (kind === 'CronJob') spec = {schedule: r.pick(['*/5 * * * *', '0 3 * * *', '@hourly']), jobTemplate: {spec: {template}}};
	else if (kind === 'Job') spec = {template};
	else spec = {...(kind !== 'DaemonSet' && r.chance(0.5) ? {replicas: r.int(1, 5)} : {}), selector: {matchLabels: {app: name}}, template};
	return {apiVersion: workloadKinds[kind], kind, metadata: meta, spec};
}

function service(c: Context, name: string): Record<string, Value> {
	const {r} = c.p;
	return {
		apiVersion: 'v1',
		kind: 'Service',
		metadata: metadata(c, 'Service', name, {labels: {app: name}}),
		spec: {
			selector: {app: name},
			ports: [
				{name: c.portName, port: c.port, targetPort: r.chance(0.5) ? c.port : c.portName},
				...(r.chance(0.3) ? [{name: 'http', port: 80, targetPort: 8080}] : []),
			],
		},
	};
}

function ingress(c: Context, name: string): Record<string, Value> {
	return {
		apiVersion: 'networking.k8s.io/v1',
		kind: 'Ingress',
		metadata: metadata(c, 'Ingress', name, {labels: {app: name}}),
		spec: {
			rules: [
				{host: `${name}.example.com`, http: {paths: [{path: '/', pathType: 'Prefix', backend: {service: {name, port: {number: 80}}}}]}},
			],
		},
	};
}

function configMap(c: Context, name: string, localConfig: boolean): Record<string, Value> {
	const {r} = c.p;
	const data: Record<string, Value> = {greeting: r.pick(unicode), count: String(r.int(0, 100))};
	if (r.chance(0.5)) data['config.yaml'] = `server:\n  port: ${c.port}\n  name: ${r.pick(['a', 'b'])}\n`;
	if (r.chance(0.3)) data['script.sh'] = 'echo hello\nexit 0';
	return {apiVersion: 'v1', kind: 'ConfigMap', metadata: metadata(c, 'ConfigMap', `${name}-config`, {localConfig}), data};
}

function customResource(c: Context, name: string): Record<string, Value> {
	const {r} = c.p;
	return {
		apiVersion: r.pick(['example.com/v1alpha1', 'widgets.example.io/v2']),
		kind: r.pick(['Widget', 'Gadget', 'Deployment']),
		metadata: metadata(c, 'Widget', name),
		spec: {size: r.int(1, 9), mode: r.pick(unicode), nested: {list: [1, 'two', {three: 3}], empty: {}, none: null}},
	};
}

function kptfile(c: Context): Record<string, Value> {
	return {
		apiVersion: 'kpt.dev/v1',
		kind: 'Kptfile',
		metadata: {name: 'pkg', annotations: {'config.kubernetes.io/local-config': 'true', 'config.kubernetes.io/path': 'Kptfile'}},
		pipeline: {mutators: [{image: 'prometheus-scraping', configPath: c.p.r.pick(['scrape.yaml', 'fn-config.yaml'])}]},
	};
}

function foreignMonitor(c: Context, name: string): Record<string, Value> {
	const kind = c.p.r.pick(['PodMonitor', 'ServiceMonitor', 'PodMonitoring']);
	const meta = metadata(c, 'PodMonitor', `${name}-by-hand`);
	const selector = {matchLabels: {app: name}};
	if (kind === 'PodMonitoring')
		return {
			apiVersion: 'monitoring.googleapis.com/v1',
			kind,
			metadata: meta,
			spec: {selector, endpoints: [{port: 'metrics', interval: '30s'}]},
		};
	return {apiVersion: 'monitoring.coreos.com/v1', kind, metadata: meta, spec: {selector, podMetricsEndpoints: [{port: 'metrics'}]}};
}

function namespaceObject(c: Context): Record<string, Value> {
	return {
		apiVersion: 'v1',
		kind: 'Namespace',
		metadata: {name: c.p.r.pick(['shop', 'mesh']), labels: {'istio-injection': c.p.r.pick(['enabled', 'disabled'])}},
	};
}

const targetKindsOf: Record<RandomPackage['monitorType'], string[]> = {
	pod: Object.keys(workloadKinds),
	service: ['Service'],
	ingress: ['Ingress'],
};

export function packageFromSeed(seed: number): RandomPackage {
	const r = new Random(seed);
	const p: Presentation = {r, rich: r.chance(0.7)};
	const monitorType = r.pick(['pod', 'pod', 'pod', 'service', 'ingress'] as const);
	const c: Context = {p, port: r.pick([8080, 9090, 9100]), portName: 'metrics', monitorType, people: new Random(seed ^ 0x5bd1e995)};
	const itemColumn = r.chance(0.7) ? 0 : 2;
	const objects: Array<Record<string, Value>> = [];
	const count = r.int(0, 12);
	for (let i = 0; i < count; i++) {
		const name = r.pick(names);
		const roll = r.next();
		if (roll < 0.4) objects.push(workload(c, r.pick(Object.keys(workloadKinds)) as keyof typeof workloadKinds, name, r.chance(0.05)));
		else if (roll < 0.52) objects.push(service(c, name));
		else if (roll < 0.6) objects.push(ingress(c, name));
		else if (roll < 0.75) objects.push(configMap(c, name, r.chance(0.2)));
		else if (roll < 0.85) objects.push(customResource(c, name));
		else if (roll < 0.9) objects.push(kptfile(c));
		else if (roll < 0.95) objects.push(foreignMonitor(c, name));
		else objects.push(namespaceObject(c));
	}
	const items: string[] = [];
	const kinds: string[] = [];
	const scrapable: boolean[] = [];
	for (const object of objects) {
		const node = map(p, object as Record<string, Value>);
		const head = p.rich && r.chance(0.15) ? [r.pick(commentTexts)] : [];
		let text = itemText(node, itemColumn, head);
		if (p.rich && r.chance(0.05)) text = text.replace(new RegExp(`\\n(?= {${itemColumn + 2}}\\S)`), '\n\n');
		checkText(text.replace(new RegExp(`^( {${itemColumn}})`, 'gm'), ''), valueOf(node), seed, true);
		items.push(text);
		kinds.push(object.kind as string);
		const annotations = ((object.metadata as Record<string, Value>)?.annotations ?? {}) as Record<string, Value>;
		scrapable.push(
			targetKindsOf[monitorType].includes(object.kind as string) &&
				object.apiVersion !== 'example.com/v1alpha1' &&
				object.apiVersion !== 'widgets.example.io/v2' &&
				annotations['config.kubernetes.io/local-config'] !== 'true',
		);
	}
	const configs = {annotation: configText(c, 'annotation', seed), operator: configText(c, 'operator', seed)};
	const header = `${p.rich && r.chance(0.3) ? `# ${r.pick(commentTexts)}\n` : ''}apiVersion: ${r.pick(['config.kubernetes.io/v1', 'config.kubernetes.io/v1alpha1', 'v1'])}\nkind: ${r.pick(['ResourceList', 'ResourceList', 'List'])}\n`;
	const pkg: RandomPackage = {seed, items, kinds, scrapable, itemColumn, monitorType, configs, header};
	for (const mode of ['annotation', 'operator'] as const) {
		const parsed = parse(listText(pkg, mode), {uniqueKeys: false});
		if ((parsed.items ?? []).length !== items.length)
			throw new Error(`random package ${seed}: ${parsed.items?.length} items parsed, ${items.length} written`);
		const split = splitItems(listText(pkg, mode), itemColumn);
		const wrong = items.findIndex((item, i) => split[i] !== item);
		if (wrong !== -1 || split.length !== items.length)
			throw new Error(
				`random package ${seed}: splitItems reads item ${wrong} as\n${JSON.stringify(split.slice(wrong, wrong + 2))}\nnot\n${JSON.stringify(items.slice(wrong, wrong + 2))}`,
			);
	}
	return pkg;
}

function configText(c: Context, mode: Mode, seed: number): string {
	const {p} = c;
	// The same draws for both modes, so that the two configs differ in operatorMode only.
	const r = new Random(seed ^ 0x5eed);
	const q: Presentation = {r, rich: p.rich};
	const typed = r.chance(0.5);
	const name = r.pick(['scrape', 'prometheus', 'fn-config']);
	const port: Value = r.chance(0.8) || c.monitorType === 'ingress' ? c.port : c.portName;
	const settings: Record<string, Value> = {
		port,
		...(c.monitorType !== 'pod' || r.chance(0.3) ? {monitorType: c.monitorType} : {}),
		...(mode === 'operator' ? {operatorMode: true} : r.chance(0.3) ? {operatorMode: false} : {}),
	};
	if (r.chance(0.3)) settings.path = r.pick(['/metrics', '/stats/prometheus']);
	if (c.monitorType === 'ingress') settings['prober'] = {url: 'blackbox-exporter.monitoring.svc:9115'};
	let object: Record<string, Value>;
	if (typed) {
		object = {apiVersion: 'fn.kpt.dev/v1alpha1', kind: 'PrometheusScraping', metadata: {name}, spec: settings};
	} else {
		const data: Record<string, Value> = {};
		for (const [key, value] of Object.entries(settings)) {
			if (value !== null && typeof value === 'object')
				for (const [inner, innerValue] of Object.entries(value)) data[`${key}.${inner}`] = String(innerValue);
			else data[key] = String(value);
		}
		object = {
			apiVersion: 'v1',
			kind: 'ConfigMap',
			metadata: {name, ...(r.chance(0.5) ? {annotations: {'config.kubernetes.io/local-config': 'true'}} : {})},
			data,
		};
	}
	// The `functionConfig:` key itself stays plain, for withConfig to find.
	const node = map(q, {functionConfig: object});
	node.entries[0] = {...node.entries[0]!, keyStyle: 'plain', head: undefined};
	// Nor does a comment follow it: the function writes results after the config, not after that.
	node.foot = undefined;
	const text = mapLines(node, 0)
		.map(line => `${line}\n`)
		.join('');
	checkText(text, valueOf(node), seed, false);
	return text;
}

/** The text says `expected` (one item, as a list entry, or a map). */
function checkText(text: string, expected: unknown, seed: number, asItem: boolean): void {
	const got = parse(text, {uniqueKeys: false});
	const value = asItem ? (got as unknown[])[0] : got;
	if (JSON.stringify(value) !== JSON.stringify(expected)) {
		throw new Error(
			`random package ${seed}: the generator wrote text that does not say what it meant:\n${text}\n${JSON.stringify(value)}\n${JSON.stringify(expected)}`,
		);
	}
}
