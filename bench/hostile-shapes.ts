// The input shapes issue 15 found growing quadratically or worse: each is made at two sizes ten
// times apart, and the growth factor of the function's time is compared with the n·log n bound.
// These lists are written directly (as `kpt fn source` would write them): kpt adds nothing the
// shapes depend on, and at 10,000 apps it would take longer than the runs.
import {mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {parse} from 'yaml';
import {inputsDir} from './inputs.js';

export interface Shape {
	name: string;
	/** The input at each size, as a file. */
	files: [string, string];
	sizes: [number, number];
	/** A failed run is what this shape should give (clashing names are errors by design). */
	exitCode: 0 | 1;
}

const annotations = (path: string) =>
	`    annotations:\n      config.kubernetes.io/index: '0'\n      config.kubernetes.io/path: '${path}'\n      internal.config.kubernetes.io/index: '0'\n      internal.config.kubernetes.io/path: '${path}'\n`;

const deployment = (name: string, path: string) =>
	`- apiVersion: apps/v1\n  kind: Deployment\n  metadata:\n    name: ${name}\n    namespace: shop\n${annotations(path)}  spec:\n    selector:\n      matchLabels:\n        app: ${name}\n    template:\n      metadata:\n        labels:\n          app: ${name}\n      spec:\n        containers:\n        - name: app\n          image: registry.example/app:1.0\n          ports:\n          - name: http\n            containerPort: 8080\n`;

const service = (name: string, path: string) =>
	`- apiVersion: v1\n  kind: Service\n  metadata:\n    name: ${name}\n    namespace: shop\n    labels:\n      app: ${name}\n${annotations(path)}  spec:\n    selector:\n      app: ${name}\n    ports:\n    - name: http\n      port: 80\n      targetPort: http\n`;

const configMap = (name: string, path: string) =>
	`- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: ${name}\n    namespace: shop\n${annotations(path)}  data:\n    note: the file a generated monitor would take\n`;

const resourceList = (items: string, config: Record<string, string>) =>
	`apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${items}functionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: scraping\n  data:\n${Object.entries(
		config,
	)
		.map(([key, value]) => `    ${key}: "${value}"\n`)
		.join('')}`;

const ids = (n: number) => Array.from({length: n}, (_, i) => `app-${String(i + 1).padStart(6, '0')}`);

const shapes: Array<{name: string; exitCode: 0 | 1; make: (n: number) => string}> = [
	{
		name: 'ServiceMonitors for n Services and n Deployments in one namespace',
		exitCode: 0,
		make: n =>
			resourceList(
				ids(n)
					.map(id => deployment(id, `${id}.yaml`) + service(id, `${id}.yaml`))
					.join(''),
				{
					port: 'http',
					monitorType: 'service',
					operatorMode: 'true',
				},
			),
	},
	{
		name: 'n PodMonitors whose file another item already has',
		exitCode: 0,
		make: n =>
			resourceList(
				ids(n)
					.map(id => deployment(id, `${id}.yaml`) + configMap(`${id}-notes`, `${id}-pod-monitor.yaml`))
					.join(''),
				{
					port: 'http',
					operatorMode: 'true',
				},
			),
	},
	{
		name: 'n same-name Deployments whose monitors clash',
		exitCode: 1,
		make: n =>
			resourceList(
				ids(n)
					.map(id => deployment('web', `${id}.yaml`))
					.join(''),
				{port: 'http', operatorMode: 'true'},
			),
	},
	{
		name: 'n Deployments, the list written as JSON',
		exitCode: 0,
		make: n => {
			const yamlText = resourceList(
				ids(n)
					.map(id => deployment(id, `${id}.yaml`))
					.join(''),
				{port: '8080'},
			);
			return `${JSON.stringify(parse(yamlText), null, 2)}\n`;
		},
	},
];

/** Writes every shape at both sizes under bench/.inputs/shapes/. */
export function prepareShapes(sizes: [number, number]): Shape[] {
	const dir = join(inputsDir, 'shapes');
	mkdirSync(dir, {recursive: true});
	return shapes.map((shape, index) => {
		const files = sizes.map(n => {
			const file = join(dir, `shape${index + 1}-${n}.${shape.name.includes('JSON') ? 'json' : 'yaml'}`);
			writeFileSync(file, shape.make(n));
			return file;
		}) as [string, string];
		return {name: shape.name, files, sizes, exitCode: shape.exitCode};
	});
}

/** The growth an n·log n algorithm allows from `small` to `large` items. */
export const linearithmicBound = (small: number, large: number) => (large * Math.log2(large)) / (small * Math.log2(small));
