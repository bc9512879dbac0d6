import test from 'ava';
import {ListEditor} from '../../../src/krm/editor.js';
import type {Item} from '../../../src/krm/item.js';
import {readFast} from '../../../src/krm/read-fast.js';
import {isObject, podsOf, podTemplate, portNumber} from '../../../src/scrape/model/pods.js';
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
        - {name: twice, ports: [{containerPort: 80, containerPort: 81}]}
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
		// Of a repeated key the model takes the last, as item.getValue does, and planning the first (below).
		{name: 'twice', init: false, sidecar: false, ports: [{number: 81, protocol: 'TCP'}]},
		{name: 'proxy', init: true, sidecar: true, ports: [{number: 15090, protocol: 'TCP'}]},
	]);
	// Planning refuses 0755 (Go YAML reads 493), and names a port of an unnamed container too.
	t.deepEqual(template.declared, [
		{containerPort: 8080, name: 'http', container: 'app'},
		{containerPort: 9090, name: '', container: 'app'},
		{containerPort: 7000},
		{containerPort: 80, container: 'twice'},
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

/** The model's containers as `item.getValue` makes the template's lists: what the one pass must agree with. */
function asValues(item: Item): unknown[] {
	const lists = ['containers', 'initContainers'].map(list => item.getValue(['spec', 'template', 'spec', list]));
	return lists.flatMap((list, index) =>
		(Array.isArray(list) ? list : []).flatMap((container: any) => {
			if (!isObject(container) || typeof container.name !== 'string') return [];
			const ports = (Array.isArray(container.ports) ? container.ports : []).flatMap((port: any) => {
				const number = isObject(port) ? portNumber(port.containerPort) : undefined;
				if (number === undefined) return [];
				const name = typeof port.name === 'string' && port.name !== '' ? {name: port.name} : {};
				return [{number, protocol: typeof port.protocol === 'string' ? port.protocol : 'TCP', ...name}];
			});
			return [{name: container.name, init: index === 1, sidecar: index === 1 && container.restartPolicy === 'Always', ports}];
		}),
	);
}

test('ports written in any shape read as item.getValue makes them, in the model: aliases, repeated keys, nested values, empty entries', t => {
	const shapes = [
		'[{name: a, ports: [{containerPort: 80, name: http}, null, {containerPort: "81", protocol: UDP, name: ""}]}]',
		'[{name: a, ports: [{containerPort: 80, containerPort: 81, name: x, name: y}]}]',
		'[{name: a, ports: [{containerPort: 80, extra: {nested: true}}, {containerPort: 81, name: [x]}]}]',
		'[{name: a, ports: [&p {containerPort: 80, name: http}]}, {name: b, ports: [*p, {name: &n 82, containerPort: *n}]}]',
		'[{name: a, ports: [{name: &n "82", containerPort: *n, protocol: &u UDP}, {containerPort: 83, protocol: *u}]}]',
		'[&c {name: a, ports: &ps [{containerPort: 80}]}, *c, {name: b, ports: *ps}]',
		'[{name: a, ports: [{containerPort: 80, name: }, {containerPort: , name: y}, {containerPort: 0x50}, 81]}, {ports: [{containerPort: 83}]}]',
		'[{name: a, ports: !!omap [{x: 1}]}, {name: b, ports: [!!set {? a}]}]',
	];
	for (const shape of shapes) {
		const item = items(deployment('web', 'shop', '{app: web}', shape))[0]!;
		t.deepEqual(podTemplate(item)!.containers, asValues(item), shape);
	}
});

test('an edited workload read again reads the same containers, from the nodes its edit did not reach', t => {
	const text =
		'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: apps/v1\n  kind: Deployment\n  metadata:\n    name: web\n' +
		'  spec:\n    template:\n      metadata:\n        labels:\n          app: web\n      spec:\n        containers:\n        - name: app\n' +
		'          ports:\n          - name: http\n            containerPort: 8080\n          - containerPort: 0755\n';
	const list = readFast(text)!;
	const editor = new ListEditor(list);
	editor.setEntries(list.items[0]!, ['spec', 'template', 'metadata', 'annotations'], {'prometheus.io/scrape': 'true'});
	t.deepEqual(editor.check(), []);
	const before = podTemplate(list.items[0]!)!;
	const after = podTemplate(editor.outputItems()[0]!)!;
	t.deepEqual(after.containers, before.containers);
	// Planning refuses 0755 (493 to kubectl) in the output too: its spelling is found in the input's text.
	t.deepEqual(after.declared, [{containerPort: 8080, name: 'http', container: 'app'}]);
	t.deepEqual(after.annotations, {'prometheus.io/scrape': 'true'});
});
