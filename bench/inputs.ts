// Generates and caches the benchmark inputs under bench/.inputs/. Each input is a package
// directory of one file per app (a Deployment and, except for the cold-start input, its Service),
// the ResourceList `kpt fn source` makes of it, and a kustomization over the same files.
import {execFileSync} from 'node:child_process';
import {existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';

export const inputsDir = join(import.meta.dirname, '.inputs');

/** Bump when the shape below changes, so that cached inputs are made again. */
const shapeVersion = 6;

export type Mode = 'annotate' | 'operator';

export interface Input {
	name: string;
	/** What the input holds, for the tables: `1000 Deployments + 1000 Services`, say. */
	shape: string;
	/** The items of the list, and how many of them are workloads the function annotates. */
	items: number;
	workloads: number;
	/** Who made the ResourceList: kpt itself, or the generator below when kpt is absent. */
	madeBy: 'kpt' | 'generator';
	/** The ResourceList files, one per function config. */
	list: Record<Mode, string>;
	bytes: number;
	/** A directory whose kustomization.yaml patches every Deployment as annotation mode would. */
	kustomization: string;
}

export const functionConfigs: Record<Mode, Record<string, string>> = {
	annotate: {port: '8080'},
	operator: {port: '8080', operatorMode: 'true'},
};

/** The synthetic input: one file per app, a Deployment and (for the first `services`) its Service. */
export function prepareInput(deployments: number, services: number, useKpt: boolean): Input {
	return cachedInput(`d${deployments}-s${services}`, useKpt, () => appFiles(deployments, services), {
		shape: `${deployments} Deployments + ${services} Services`,
		items: deployments + services,
		workloads: deployments,
	});
}

/**
 * An input made once and kept under bench/.inputs/`name` until the shape version changes: the
 * files, the ResourceList kpt (or, without kpt, `resourceList`) makes of them for each mode, and
 * a kustomization over them.
 */
export function cachedInput(
	name: string,
	useKpt: boolean,
	files: () => AppFile[],
	counts: Pick<Input, 'shape' | 'items' | 'workloads'>,
	configs = functionConfigs,
): Input {
	const dir = join(inputsDir, name);
	const stampFile = join(dir, 'stamp.json');
	const wanted = {shapeVersion, madeBy: useKpt ? 'kpt' : 'generator'} as const;
	const list = {annotate: join(dir, 'annotate.yaml'), operator: join(dir, 'operator.yaml')};
	const kustomization = dir;
	const stamp = existsSync(stampFile) ? (JSON.parse(readFileSync(stampFile, 'utf8')) as typeof wanted) : undefined;
	if (stamp?.shapeVersion !== wanted.shapeVersion || stamp.madeBy !== wanted.madeBy) {
		rmSync(dir, {recursive: true, force: true});
		const pkg = join(dir, 'pkg');
		mkdirSync(pkg, {recursive: true});
		const made = files();
		for (const file of made) writeFileSync(join(pkg, file.name), file.docs.map(doc => doc.join('\n') + '\n').join('---\n'));
		// kpt is the real producer; the generator writes what kpt writes, for machines without it.
		const items = useKpt ? execFileSync('kpt', ['fn', 'source', pkg], {maxBuffer: 1 << 30, encoding: 'utf8'}) : resourceList(made);
		for (const mode of ['annotate', 'operator'] as const) writeFileSync(list[mode], withFunctionConfig(items, configs[mode]));
		writeKustomization(
			kustomization,
			made.map(file => file.name),
		);
		writeFileSync(stampFile, JSON.stringify(wanted) + '\n');
	}
	return {name, ...counts, madeBy: wanted.madeBy, list, bytes: statSync(list.annotate).size, kustomization};
}

export interface AppFile {
	name: string;
	/** Each document's lines, as in the file. */
	docs: string[][];
}

const width = 5;

function appFiles(deployments: number, services: number): AppFile[] {
	return Array.from({length: deployments}, (_, i) => {
		const id = String(i + 1).padStart(width, '0');
		const docs = [deployment(id)];
		if (i < services) docs.push(service(id));
		return {name: `app-${id}.yaml`, docs};
	});
}

// Compact sequences (`- ` at the key's column) because that is what kpt writes back, so the
// generator's list and kpt's are the same bytes. Comments of all three kinds (heading an object,
// on a line of their own inside it, after a value) are what the function must keep and the SDK
// loses; real packages have all three.
function deployment(id: string): string[] {
	return [
		`# app-${id}: the web frontend of shop ${id}.`,
		'apiVersion: apps/v1',
		'kind: Deployment',
		'metadata:',
		`  name: app-${id} # one per shop`,
		`  namespace: shop-${id}`,
		'  labels:',
		`    app: app-${id}`,
		'spec:',
		'  replicas: 2',
		'  selector:',
		'    matchLabels:',
		`      app: app-${id}`,
		'  template:',
		'    metadata:',
		'      labels:',
		`        app: app-${id}`,
		'    spec:',
		'      containers:',
		'      - name: web',
		'        image: registry.example.com/shop/web:1.2.3 # pinned',
		'        # scraped by Prometheus',
		'        ports:',
		'        - name: metrics',
		'          containerPort: 8080',
	];
}

function service(id: string): string[] {
	return [
		`# Routes shop ${id}'s traffic to app-${id}.`,
		'apiVersion: v1',
		'kind: Service',
		'metadata:',
		`  name: app-${id}`,
		`  namespace: shop-${id}`,
		'  labels:',
		`    app: app-${id}`,
		'spec:',
		'  selector:',
		`    app: app-${id}`,
		'  # for clients and Prometheus',
		'  ports:',
		'  - name: http',
		'    port: 80',
		'    targetPort: 8080 # the metrics port',
	];
}

/**
 * What `kpt fn source` makes of the files: each document as an item, its head comment after the
 * `- `, and kpt's path and index annotations at the end of its metadata (inside the one line of a
 * JSON document). The documents are written as kpt writes YAML back (compact sequences), so that
 * kpt's list and this one are the same bytes.
 */
export function resourceList(files: AppFile[]): string {
	const out = ['apiVersion: config.kubernetes.io/v1', 'kind: ResourceList', 'items:'];
	for (const file of files) {
		file.docs.forEach((doc, index) => {
			const annotations: Array<[string, string]> = [
				['config.kubernetes.io/index', `'${index}'`],
				['config.kubernetes.io/path', `'${file.name}'`],
				['internal.config.kubernetes.io/index', `'${index}'`],
				['internal.config.kubernetes.io/path', `'${file.name}'`],
				['internal.config.kubernetes.io/seqindent', "'compact'"],
			];
			if (doc[0]!.startsWith('{')) {
				// kpt adds the annotations to the metadata map, which the JSON documents here end with.
				const json = doc.join('');
				out.push(`- ${json.slice(0, -2)}, annotations: {${annotations.map(([key, value]) => `${key}: ${value}`).join(', ')}}}}`);
				return;
			}
			const lines = [...doc];
			// metadata's entries end at the first top-level key after it.
			const metadataEnd = lines.findIndex((line, i) => i > lines.indexOf('metadata:') && /^\S/.test(line));
			lines.splice(
				metadataEnd === -1 ? lines.length : metadataEnd,
				0,
				'  annotations:',
				...annotations.map(([key, value]) => `    ${key}: ${value}`),
			);
			lines.forEach((line, i) => out.push(line === '' ? '' : (i === 0 ? '- ' : '  ') + line));
		});
	}
	return out.join('\n') + '\n';
}

/** The list with a ConfigMap functionConfig, as `kpt fn eval -- key=value` passes it. */
export function withFunctionConfig(list: string, data: Record<string, string>): string {
	const entries = Object.entries(data).map(([key, value]) => `    ${key}: ${JSON.stringify(value)}`);
	return [
		list.trimEnd(),
		'functionConfig:',
		'  apiVersion: v1',
		'  kind: ConfigMap',
		'  metadata:',
		'    name: function-input',
		'  data:',
		...entries,
		'',
	].join('\n');
}

/**
 * kustomize's way to make annotation mode's edit: a strategic-merge patch on every Deployment.
 * The kustomization sits in pkg/'s parent: kustomize loads only files below its own directory,
 * and kpt would read a kustomization.yaml inside pkg/ as one more resource.
 */
function writeKustomization(dir: string, files: string[]): void {
	const patch = [
		'apiVersion: apps/v1',
		'kind: Deployment',
		'metadata:',
		'  name: any',
		'  annotations:',
		'    prometheus-scraping.fn.kpt.dev/owner: ConfigMap/function-input',
		'spec:',
		'  template:',
		'    metadata:',
		'      annotations:',
		'        prometheus.io/scrape: "true"',
		'        prometheus.io/scheme: "http"',
		'        prometheus.io/path: "/metrics"',
		'        prometheus.io/port: "8080"',
	];
	writeFileSync(join(dir, 'patch.yaml'), patch.join('\n') + '\n');
	const kustomization = [
		'apiVersion: kustomize.config.k8s.io/v1beta1',
		'kind: Kustomization',
		'resources:',
		...files.map(file => `- pkg/${file}`),
		'patches:',
		'- path: patch.yaml',
		'  target:',
		'    kind: Deployment',
	];
	writeFileSync(join(dir, 'kustomization.yaml'), kustomization.join('\n') + '\n');
}
