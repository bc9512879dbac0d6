import {readFastOrSafe} from '../../../src/krm/fallback.js';
import type {Item} from '../../../src/krm/item.js';
import type {ScrapeTarget} from '../../../src/scrape/model/scrape-target.js';

/** The items of a ResourceList made of the given YAML documents (each a block mapping). */
export function items(...documents: string[]): Item[] {
	const body = documents
		.map(document => {
			const lines = document.replace(/^\n+|\s+$/g, '').split('\n');
			const indent = /^ */.exec(lines[0]!)![0].length;
			return lines.map((line, i) => `${i === 0 ? '- ' : '  '}${line.slice(indent)}`).join('\n');
		})
		.join('\n');
	return readFastOrSafe(`apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${body}\n`).items;
}

/** `job workload:port scheme path`, one line per target: what a person checks a scrape by. */
export function brief(target: ScrapeTarget): string {
	const where = target.workload
		? `${target.workload.name}:${target.port?.number ?? '-'}`
		: `${target.address} ${target.url ?? '(no target)'}`;
	return `${target.job} ${where} ${target.scheme} ${target.path}`;
}

/** A Deployment `name` in `namespace` with pod labels and containers given as YAML flow text. */
export function deployment(name: string, namespace: string, labels: string, containers: string, annotations = '{}'): string {
	return `
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  template:
    metadata: {labels: ${labels}, annotations: ${annotations}}
    spec:
      containers: ${containers}
`;
}

/** A database workload `db` whose init containers (flow YAML list) run before its `sql` container. */
export function dbWithInit(kind: 'Deployment' | 'StatefulSet', initContainers: string): string {
	return `
apiVersion: apps/v1
kind: ${kind}
metadata: {name: db, namespace: shop}
spec:
  template:
    metadata: {labels: {app: db}}
    spec:
      initContainers: ${initContainers}
      containers: [{name: db, ports: [{name: sql, containerPort: 5432}]}]
`;
}

export function service(name: string, namespace: string, labels: string, selector: string, ports: string, annotations = '{}'): string {
	return `
apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: ${namespace}, labels: ${labels}, annotations: ${annotations}}
spec:
  selector: ${selector}
  ports: ${ports}
`;
}

/** A monitor object of `kind` (`monitoring.googleapis.com/v1 PodMonitoring`, say) with `spec` as YAML; no namespace when `namespace` is undefined. */
export function monitorObject(kind: string, spec: string, name: string, namespace: string | undefined): string {
	const [apiVersion, kindName] = kind.split(' ');
	return `
apiVersion: ${apiVersion}
kind: ${kindName}
metadata: {name: ${name}${namespace ? `, namespace: ${namespace}` : ''}}
spec:
${spec.replace(/^\n/, '').replace(/^/gm, '  ')}
`;
}
