import test from 'ava';
import {podsOf, podTemplate} from '../../../src/scrape/model/pods.js';
import {Workloads} from '../../../src/scrape/workloads.js';
import {deployment, items} from './support.js';

const containers = `
      containers:
        - name: app
          ports:
            - {name: http, containerPort: 8080}
            - {name: octal, containerPort: 0755}
            - {name: "", containerPort: "9090", protocol: UDP}
        - {ports: [{containerPort: 7000}]}
      initContainers:
        - {name: proxy, restartPolicy: Always, ports: [{containerPort: 15090}]}`;

const web = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    metadata: {labels: {app: web}, annotations: {a: b}}
    spec:${containers}
`;

test("one pass over a pod template gives the model's containers and the ports planning may name, each read its own way", t => {
	const template = podTemplate(items(web)[0]!)!;
	t.deepEqual(template.path, ['spec', 'template']);
	t.deepEqual({...template.labels}, {app: 'web'});
	t.deepEqual({...template.annotations}, {a: 'b'});
	t.true(template.runs);
	// Discovery lists a container by its name: the unnamed one has none to list. 0755 is the number 755 as the model reads YAML.
	t.deepEqual(template.containers, [
		{
			name: 'app',
			init: false,
			sidecar: false,
			ports: [
				{number: 8080, protocol: 'TCP', name: 'http'},
				{number: 755, protocol: 'TCP', name: 'octal'},
				{number: 9090, protocol: 'UDP'},
			],
		},
		{name: 'proxy', init: true, sidecar: true, ports: [{number: 15090, protocol: 'TCP'}]},
	]);
	// Planning refuses 0755 (Go YAML reads 493), and names a port of an unnamed container too.
	t.deepEqual(template.declared, [
		{containerPort: 8080, name: 'http', container: 'app'},
		{containerPort: 9090, name: '', container: 'app'},
		{containerPort: 7000},
		{containerPort: 15090, container: 'proxy', init: true},
	]);
});

test("a workload's template is read once a run: the model's pods and planning's workloads share the reading", t => {
	const list = items(web, deployment('empty', 'shop', '{app: empty}', '[]'));
	const [item, empty] = list;
	const template = podTemplate(item!)!;
	t.is(podTemplate(item!), template);
	t.is(podsOf(list)[0]!.containers, template.containers);
	t.is(new Workloads(list).of(item!)!.ports, template.declared);
	t.false(podTemplate(empty!)!.runs);
});

test('objects that are not workloads, and those the orchestrator does not deploy, have no pod template', t => {
	const local = web.replace('{name: web, namespace: shop}', '{name: web, annotations: {config.kubernetes.io/local-config: "true"}}');
	const [service, localWorkload] = items('apiVersion: v1\nkind: Service\nmetadata: {name: web}', local);
	t.is(podTemplate(service!), undefined);
	t.is(podTemplate(localWorkload!), undefined);
});
