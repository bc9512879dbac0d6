import test from 'ava';
import fc from 'fast-check';
import {readFast, refusable} from '../../src/krm/read-fast.js';
import {readSafely} from '../../src/krm/read-safe.js';
import {transform} from '../../src/run.js';
import {functionConfigs, resourceList, withFunctionConfig} from '../../bench/inputs.js';
import {realShapedFiles} from '../../bench/real-shaped.js';

/**
 * The fast reader must change nothing but speed: over random lists, the function's output through
 * it is byte for byte the output through the yaml parser. Lists include comment and blank lines
 * inside items (which move yaml's ranges), and what the fast reader must decline (flow maps,
 * comment lines between items, CRLF, block scalars), so both of its answers are exercised, and
 * every list runs a second time on its own output, where the monitors and annotations of the
 * first run are read back.
 */
const runs = 500;

/** True in about `percent` of cases, drawn by fast-check so that runs replay from the seed. */
const sometimes = (percent: number) => fc.integer({min: 0, max: 99}).map(n => n < percent);
const quoted = (value: string) => fc.constantFrom(value, `'${value}'`, `"${value}"`);
const name = fc.constantFrom('web', 'api', 'db', 'worker', 'café', 'app-1');
const comment = fc.constantFrom('', '', '', ' # note', ' # ünïcode ✓');

interface Shape {
	kind: string;
	apiVersion: string;
	name: string;
	namespace: string | undefined;
	labels: boolean;
	flowLabels: boolean;
	ports: Array<{name?: string; port: number}>;
	comment: string;
	head: string;
	path: string;
	blankInside: boolean;
	commentLineInside: boolean;
	commentBetween: boolean;
	blockScalar: boolean;
}

const shape: fc.Arbitrary<Shape> = fc.record({
	kind: fc.constantFrom('Deployment', 'StatefulSet', 'CronJob', 'Pod', 'Service', 'Ingress', 'ConfigMap', 'Namespace', 'Widget'),
	apiVersion: fc.constant(''),
	name,
	namespace: fc.option(fc.constantFrom('shop', 'mesh'), {nil: undefined}),
	labels: fc.boolean(),
	flowLabels: sometimes(5),
	ports: fc.array(
		fc.record({name: fc.option(fc.constantFrom('metrics', 'http'), {nil: undefined}), port: fc.constantFrom(8080, 9090, 9100)}),
		{maxLength: 2},
	),
	comment,
	head: fc.constantFrom('', '', ' # the item'),
	path: fc.constantFrom('a.yaml', 'sub/b.yaml', 'c d.yaml'),
	blankInside: sometimes(20),
	commentLineInside: sometimes(30),
	commentBetween: sometimes(3),
	blockScalar: fc.boolean(),
});

const groups: Record<string, string> = {
	Deployment: 'apps/v1',
	StatefulSet: 'apps/v1',
	CronJob: 'batch/v1',
	Pod: 'v1',
	Service: 'v1',
	Ingress: 'networking.k8s.io/v1',
	ConfigMap: 'v1',
	Namespace: 'v1',
	Widget: 'example.com/v1',
};

function itemText(item: Shape, wide: boolean, labelQuote: string): string {
	const lines = [`apiVersion: ${groups[item.kind]}`, `kind: ${item.kind}`, 'metadata:', `  name: ${item.name}${item.comment}`];
	if (item.namespace) lines.push(`  namespace: ${item.namespace}`);
	if (item.labels) lines.push(...(item.flowLabels ? ['  labels: {app: web}'] : ['  labels:', `    app: ${labelQuote}`]));
	lines.push('  annotations:', `    config.kubernetes.io/path: '${item.path}'`, `    internal.config.kubernetes.io/path: '${item.path}'`);
	if (item.commentLineInside) lines.push('  # a comment line inside the item', '      # and a deeper one');
	if (item.blankInside) lines.push('');
	const ports = item.ports.flatMap(port => [`- containerPort: ${port.port}`, ...(port.name ? [`  name: ${port.name}`] : [])]);
	const dash = (list: string[], pad: string) => list.map(line => pad + (wide ? '  ' : '') + line);
	const containers = [
		'containers:',
		...dash(['- name: c', '  image: "nginx:1.27"', ...(ports.length ? ['  ports:', ...dash(ports, '  ')] : [])], ''),
	];
	switch (item.kind) {
		case 'Deployment':
		case 'StatefulSet':
			lines.push(
				'spec:',
				'  selector:',
				'    matchLabels:',
				'      app: web',
				'  template:',
				'    metadata:',
				'      labels:',
				'        app: web',
				'    spec:',
				...containers.map(line => `      ${line}`),
			);
			break;
		case 'CronJob':
			lines.push(
				'spec:',
				'  schedule: "0 * * * *"',
				'  jobTemplate:',
				'    spec:',
				'      template:',
				'        spec:',
				...containers.map(line => `          ${line}`),
			);
			break;
		case 'Pod':
			lines.push('spec:', ...containers.map(line => `  ${line}`));
			break;
		case 'Service':
			lines.push(
				'spec:',
				'  selector:',
				'    app: web',
				'  ports:',
				...dash(['- name: metrics', '  port: 9100', '  targetPort: metrics', '- port: 80'], '  '),
			);
			break;
		case 'ConfigMap':
			lines.push('data:', ...(item.blockScalar ? ['  script: |', '    echo hello', '    echo: world'] : ['  key: "value"']));
			break;
		case 'Widget':
			lines.push('spec:', '  size: 3', '  enabled: true', '  ratio: 1.50');
			break;
	}
	const column = wide ? '  ' : '';
	const [first, ...rest] = lines;
	return (
		(item.commentBetween ? `${column}# a comment between items\n` : '') +
		[
			`${column}-${item.head} ${item.head ? '' : first}`.replace(/ $/, ''),
			...(item.head ? [`${column}  ${first}`] : []),
			...rest.map(line => (line ? `${column}  ${line}` : '')),
		].join('\n') +
		'\n'
	);
}

const list = fc
	.record({
		items: fc.array(shape, {minLength: 1, maxLength: 8}),
		wide: fc.boolean(),
		listKind: fc.constantFrom('ResourceList', 'ResourceList', 'List'),
		labelQuote: quoted('web'),
		flowConfig: fc.boolean(),
		operatorMode: fc.boolean(),
		monitorType: fc.constantFrom('pod', 'service', 'ingress'),
		port: fc.constantFrom('8080', 'metrics', '9100'),
		crlf: sometimes(8),
	})
	.map(({items, wide, listKind, labelQuote, flowConfig, operatorMode, monitorType, port, crlf}) => {
		const data = {operatorMode: String(operatorMode), monitorType, port, 'prober.url': 'blackbox:9115'};
		const config = flowConfig
			? `  data: {${Object.entries(data)
					.map(([key, value]) => `${key}: "${value}"`)
					.join(', ')}}\n`
			: `  data:\n${Object.entries(data)
					.map(([key, value]) => `    ${key}: "${value}"\n`)
					.join('')}`;
		const text = `apiVersion: config.kubernetes.io/v1\nkind: ${listKind}\nitems:\n${items.map(item => itemText(item, wide, labelQuote)).join('')}functionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: function-input\n${config}`;
		return crlf ? text.replace(/\n/g, '\r\n') : text;
	});

test(`the fast reader and the yaml parser give the same output on ${runs} random lists and on their outputs`, t => {
	let fast = 0;
	let compared = 0;
	fc.assert(
		fc.property(list, text => {
			for (const input of [text, transform(text, readSafely).output]) {
				if (input === undefined) continue;
				if (readFast(input)) fast++;
				compared++;
				const viaFast = transform(input);
				const viaSafe = transform(input, readSafely);
				if (viaFast.output !== viaSafe.output || viaFast.exitCode !== viaSafe.exitCode) {
					throw new Error(`the paths differ on:\n${input}\n--- fast:\n${viaFast.output}\n--- safe:\n${viaSafe.output}`);
				}
			}
			return true;
		}),
		{numRuns: runs, seed: 5},
	);
	t.log(`${compared} lists compared, ${fast} of them read by the fast reader`);
	t.true(fast > compared / 3, `only ${fast} of ${compared} lists took the fast path: the generator no longer exercises it`);
	t.true(fast < compared, 'no list took the safe path: the generator no longer exercises the fallback');
});

/**
 * Lists as `kpt fn source` gives them for real projects (bench/real-shaped.ts, the generator whose
 * output is kpt's byte for byte): license headers, flow maps and lists inside items, block
 * scalars, large CRDs, RBAC, a JSON item. Read each item on its own, falling back per item, the
 * function must write what it writes through the yaml parser; and so it must with comment and
 * blank lines put between some of the items, which yaml gives to one item or the next.
 */
const realShaped = resourceList(realShapedFiles(25));
let licenses = 0;
const betweenItems = realShaped
	.replace(/^- # Copyright/gm, head => (++licenses === 3 ? `# a comment between items\n${head}` : head))
	.replace(/^(- apiVersion: v1\n {2}kind: ServiceAccount)/m, '\n$1')
	.replace(/^(- apiVersion: rbac)/m, '  # at the column of the keys\n\n# and at 0\n$1');

for (const [name, items] of [
	['real-shaped lists', realShaped],
	['real-shaped lists with comment and blank lines between items', betweenItems],
] as const) {
	for (const mode of ['annotate', 'operator'] as const) {
		test(`${name}, ${mode}: the same output through the fast reader, most items read without yaml`, t => {
			const input = withFunctionConfig(items, functionConfigs[mode]);
			const list = readFast(input);
			if (!list) return t.fail('the fast reader declined the whole list');
			const viaFast = transform(input, () => list);
			const viaSafe = transform(input, readSafely);
			t.is(viaFast.exitCode, 0, viaFast.results.map(result => result.message).join('\n'));
			t.is(viaFast.output, viaSafe.output);
			const by = (how: 'block' | 'yaml' | undefined) => list.items.filter(item => item.readBy === how).length;
			// 25 apps: 25 workloads (the 25th a StatefulSet), 25 Services and ServiceAccounts, 5
			// ConfigMaps, 3 Roles and RoleBindings, 3 CRDs and a JSON Namespace.
			t.is(list.items.length, 25 * 3 + 5 + 6 + 3 + 1);
			t.is(by('block'), 25, 'the workloads, flow maps and all, by the block reader');
			t.is(by('yaml'), 1, 'the JSON Namespace (which the function asks its kind), by yaml on its own');
			t.is(by(undefined), list.items.length - 26, 'the rest never looked into');
		});
	}
}

test('items removed around comment and blank lines between items: yaml decides whose lines they are, and the fast reader agrees', t => {
	const monitor = (name: string) =>
		`- apiVersion: monitoring.coreos.com/v1\n  kind: PodMonitor\n  metadata:\n    name: ${name}\n    annotations:\n      prometheus-scraping.fn.kpt.dev/owner: ConfigMap/function-input\n  spec:\n    selector:\n      matchLabels:\n        app: gone\n`;
	const gaps = ['# between, at 0\n', '\n', '  # at the keys\n\n# at 0\n\n', '    # deeper\n\n'];
	const workload = realShaped.slice(realShaped.indexOf('- # Copyright'), realShaped.indexOf('- apiVersion: v1\n  kind: Service\n'));
	for (const trailing of ['', '# after the last item\n', '\n']) {
		const items = `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${workload}${gaps.map((gap, i) => monitor(`stale-${i}`) + gap).join('')}${monitor('last')}${trailing}`;
		const input = withFunctionConfig(items, functionConfigs.operator);
		t.truthy(readFast(input), 'the fast reader declined the whole list');
		const viaFast = transform(input);
		t.is(viaFast.output, transform(input, readSafely).output);
		t.false(viaFast.output!.slice(0, viaFast.output!.indexOf('\nresults:')).includes('stale-'), 'the stale monitors were pruned');
	}
});

test('the scan for anchors, aliases and tags finds what the regex it stands for finds', t => {
	// The regex is the rule: a node can only begin at a line start, after `: ` or `- `, or inside a flow collection.
	const rule = /(?:^ *|[:-] +|[[{,] *)[&*!]/m;
	const text = fc
		.array(fc.constantFrom(' ', ' ', '\n', '&', '*', '!', ':', '-', '[', '{', ',', 'a', '#', '"'), {maxLength: 24})
		.map(chars => chars.join(''));
	fc.assert(
		fc.property(text, body => refusable(body) === rule.test(body)),
		{numRuns: 20_000},
	);
	t.true(refusable('a: &anchor x'));
	t.false(refusable('schedule: "0 * * * *"'));
});
