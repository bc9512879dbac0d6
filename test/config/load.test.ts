import test from 'ava';
import {parseDocument} from 'yaml';
import {Item} from '../../src/krm/item.js';
import {loadConfig} from '../../src/config/load.js';

function config(yaml: string) {
	return loadConfig(new Item(parseDocument(yaml).contents, -1, {start: 0, end: 0}));
}

test('no config, and an empty ConfigMap, give the design defaults', t => {
	const defaults = {scheme: 'http', path: '/metrics', port: 8080, operatorMode: false, monitorType: 'pod'};
	t.like(loadConfig(undefined).config?.spec, defaults);
	// No interval or timeout: the Prometheus's own apply, which a default here would override.
	t.is(loadConfig(undefined).config?.spec.interval, undefined);
	t.is(loadConfig(undefined).config?.spec.timeout, undefined);
	t.like(config('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: function-input}\n').config?.spec, defaults);
	t.like(config('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: function-input}\ndata: {}\n').config?.spec, defaults);
});

test('ConfigMap strings become the types the schema asks for', t => {
	const loaded = config(`apiVersion: v1
kind: ConfigMap
metadata: {name: function-input}
data: {port: "9090", operatorMode: "true", monitorType: service, prober.url: "bb:9115", monitorLabels.app.kubernetes.io/part-of: shop}
`);
	t.deepEqual(loaded.problems, undefined);
	t.like(loaded.config?.spec, {
		port: 9090,
		operatorMode: true,
		monitorType: 'service',
		prober: {url: 'bb:9115', module: 'http_2xx'},
		monitorLabels: {'app.kubernetes.io/part-of': 'shop'},
	});
	t.is(loaded.config?.owner, 'ConfigMap/function-input');
	t.is(config('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {port: metrics}\n').config?.spec.port, 'metrics');
});

test('the typed config reads spec, and records which settings were given', t => {
	const loaded = config('apiVersion: fn.kpt.dev/v1alpha1\nkind: PrometheusScraping\nmetadata: {name: s}\nspec: {interval: 30s}\n');
	t.is(loaded.config?.spec.interval, '30s');
	t.deepEqual([...loaded.config!.explicit], ['interval']);
	t.is(loaded.config?.owner, 'PrometheusScraping/s');
});

test('every problem is its own message, with the field path, the bad value and what is allowed', t => {
	const loaded = config(`apiVersion: fn.kpt.dev/v1alpha1
kind: PrometheusScraping
metadata: {name: s}
spec: {port: "0", path: metrics, interval: 10s, timeout: 20s, monitorType: pods, extra: 1}
`);
	const problems = loaded.problems ?? [];
	t.deepEqual(problems.map(problem => problem.path).sort(), ['spec.extra', 'spec.monitorType', 'spec.path', 'spec.port', 'spec.timeout']);
	const byPath = Object.fromEntries(problems.map(problem => [problem.path, problem.message]));
	t.regex(byPath['spec.monitorType']!, /must be one of pod, service, ingress; got "pods"/);
	t.regex(byPath['spec.path']!, /got "metrics"/);
	t.regex(byPath['spec.timeout']!, /must not be longer than `spec.interval`/);
	t.regex(byPath['spec.extra']!, /is not a known setting; the settings here are scheme, path, port/);
});

test('durations follow the Prometheus grammar: no decimals, units in order', t => {
	for (const bad of ['1.5s', '5', 's', '1s1m', '-1s', '']) {
		t.truthy(config(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {interval: "${bad}"}\n`).problems, bad);
	}
	for (const good of ['1m30s', '500ms', '1h', '2d']) {
		t.is(
			config(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {interval: "${good}", timeout: 100ms}\n`).problems,
			undefined,
			good,
		);
	}
});

test('a port is a number from 1 to 65535 or an IANA service name', t => {
	for (const bad of ['0', '65536', 'Metrics', 'a--b', '-web', 'way-too-long-port-name', 'has space']) {
		t.truthy(config(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {port: "${bad}"}\n`).problems, bad);
	}
	for (const good of ['1', '65535', 'metrics', 'http-metrics', 'p8080']) {
		t.is(config(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {port: "${good}"}\n`).problems, undefined, good);
	}
});

test('ingress in operator mode needs a prober, and the error says what a prober is', t => {
	const problems = config(
		'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {operatorMode: "true", monitorType: ingress}\n',
	).problems!;
	t.is(problems[0]?.path, 'data.prober.url');
	t.regex(problems[0]!.message, /blackbox exporter/);
});

test('selectors are checked: regular expressions and label selector syntax', t => {
	const problems = config(`apiVersion: fn.kpt.dev/v1alpha1
kind: PrometheusScraping
metadata: {name: s}
spec: {selector: {name: "web(", labelSelector: "a in (b"}, exclude: {annotationSelector: "x=="}}
`).problems!;
	t.deepEqual(problems.map(problem => problem.path).sort(), ['spec.selector.labelSelector', 'spec.selector.name']);
});

test('a config of another kind, or settings outside spec, are errors that say what is accepted', t => {
	t.regex(
		config('apiVersion: v1\nkind: Secret\nmetadata: {name: x}\n').problems![0]!.message,
		/must be a ConfigMap \(v1\) or a PrometheusScraping \(fn\.kpt\.dev\/v1alpha1\); got "Secret" \("v1"\)$/,
	);
	t.regex(
		config('apiVersion: fn.kpt.dev/v1alpha1\nkind: PrometheusScraping\nmetadata: {name: x}\nport: 80\n').problems![0]!.message,
		/settings go under `spec`/,
	);
	t.regex(
		config('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {selector: {name: a}}\n').problems![0]!.message,
		/must be a string/,
	);
});

const problemsOf = (yaml: string) => Object.fromEntries((config(yaml).problems ?? []).map(problem => [problem.path, problem.message]));
const typed = (spec: string) => `apiVersion: fn.kpt.dev/v1alpha1\nkind: PrometheusScraping\nmetadata: {name: s}\nspec: ${spec}\n`;
const configMap = (data: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: ${data}\n`;

// Issue 15: each of these was accepted and written into monitors or annotations.
test('a path is a URL path: no newline, spaces or query', t => {
	for (const bad of ['/a\\nb', '/a b', '/metrics?x=1', '/m#f']) {
		const byPath = problemsOf(configMap(`{path: "${bad}"}`));
		t.regex(byPath['data.path'] ?? '', /^`data\.path` must be a URL path.*; got "/, bad);
	}
	t.regex(problemsOf(typed('{endpoints: [{path: "/a b"}]}'))['spec.endpoints.0.path'] ?? '', /must be a URL path/);
	t.regex(problemsOf(typed('{prober: {url: "bb:9115", path: "/p?x"}}'))['spec.prober.path'] ?? '', /must be a URL path/);
	t.is(config(configMap('{path: "/a/b-c_d.~%20;x=1:@!"}')).problems, undefined);
});

test('a duration longer than Prometheus can hold is refused', t => {
	const byPath = problemsOf(configMap('{interval: 999999999y, timeout: 5s}'));
	t.deepEqual(Object.keys(byPath), ['data.interval']);
	t.regex(byPath['data.interval']!, /longer than Prometheus can hold \(about 292 years\); got "999999999y"/);
	t.is(config(configMap('{interval: 292y, timeout: 5s}')).problems, undefined);
});

test('label selectors: empty sets, empty values and keys Kubernetes refuses', t => {
	const cases: [string, RegExp][] = [
		['app in ()', /needs at least one value/],
		['app in (web,,x)', /a value between commas is empty/],
		['a/b/c', /has the key "a\/b\/c", which is not a valid label key/],
		['app=has space', /cannot read/],
		[`app=${'v'.repeat(64)}`, /not a valid label value/],
	];
	for (const [selector, message] of cases) {
		t.regex(problemsOf(configMap(`{selector.labelSelector: "${selector}"}`))['data.selector.labelSelector'] ?? '', message, selector);
	}
	t.is(config(configMap('{selector.labelSelector: "example.com/app in (a, b),tier="}')).problems, undefined);
});

test('a number or boolean where text belongs is refused, asking for quotes', t => {
	const byPath = problemsOf(configMap('{monitorLabels.version: 1.10, selector.name: 10, path: "/m"}'));
	t.regex(byPath['data.monitorLabels.version'] ?? '', /must be a string; got 1\.1: write the value in quotes/);
	t.regex(byPath['data.selector.name'] ?? '', /write the value in quotes/);
	t.regex(
		problemsOf(typed('{monitorLabels: {version: 1.10}}'))['spec.monitorLabels.version'] ?? '',
		/must be a string; got 1\.1; write the value in quotes/,
	);
	t.is(config(configMap('{port: 9090, operatorMode: true}')).problems, undefined, 'numbers and booleans where the setting takes them');
});

test('relabel regexes must be RE2; the message names the field', t => {
	const byPath = problemsOf(
		typed(
			'{operatorMode: true, endpoints: [{metricRelabelings: [{regex: "ok.*", action: keep}, {regex: "(?!tmp).*", action: keep}], relabelings: [{regex: "(a)\\\\1", action: drop}]}]}',
		),
	);
	t.deepEqual(Object.keys(byPath).sort(), ['spec.endpoints.0.metricRelabelings.1.regex', 'spec.endpoints.0.relabelings.0.regex']);
	t.regex(
		byPath['spec.endpoints.0.metricRelabelings.1.regex']!,
		/^`spec\.endpoints\.0\.metricRelabelings\.1\.regex` is not a valid RE2 regular expression.*no lookarounds/,
	);
});

// Issue 15. Was a bug, fixed: the typo suggestion ran an edit distance over the whole key (60 s for
// 1 MB), and the message quoted all of it.
test('a huge unknown setting name gives a short message', t => {
	const key = 'k'.repeat(1_000_000);
	const problems = config(configMap(`{${key}: x}`)).problems ?? [];
	t.is(problems.length, 1);
	t.regex(problems[0]!.message, /is not a known setting; the settings here are scheme/);
	t.true(problems[0]!.message.length < 2000 && problems[0]!.path.length < 200);
	t.regex(problemsOf(typed('{intervall: 1s}'))['spec.intervall'] ?? '', /did you mean `interval`\?/);
});
