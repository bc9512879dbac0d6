import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {parse} from 'yaml';
import {deployment} from '../support/command.js';
import {crdErrors} from '../support/crd-validator.js';
import {root} from '../support/run-function.js';
import {snapshot} from '../support/snapshot.js';
import {e2eTest} from '../support/tools.js';

const e2e = e2eTest(['kpt'], 'kpt 1.0.0-beta.56 runs the function as kpt users do');
const exec = join(root, 'bin/prometheus-scraping');

/** A package in a fresh temp dir; removed when the test ends. */
function makePackage(t: {teardown: (fn: () => void) => void}, files: Record<string, string>): string {
	const dir = mkdtempSync(join(tmpdir(), 'prometheus-scraping-kpt-'));
	t.teardown(() => rmSync(dir, {recursive: true, force: true}));
	for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
	return dir;
}

function kpt(args: string[], cwd: string) {
	const child = spawnSync('kpt', args, {cwd, encoding: 'utf8', timeout: 5 * 60_000});
	return {status: child.status, stdout: child.stdout, stderr: child.stderr};
}

e2e('kpt fn eval --exec with key=value arguments annotates the pod template and keeps comments', t => {
	const dir = makePackage(t, {'deployment.yaml': deployment});
	const run = kpt(['fn', 'eval', dir, '--exec', exec, '--', 'port=metrics', 'path=/stats'], dir);
	t.is(run.status, 0, run.stderr);
	const written = readFileSync(join(dir, 'deployment.yaml'), 'utf8');
	t.true(written.startsWith('# The storefront. This comment must survive.\n'), written);
	t.true(written.includes('name: web # inline comment'), written);
	t.like(parse(written).spec.template.metadata.annotations, {
		'prometheus.io/scrape': 'true',
		'prometheus.io/port': '9090',
		'prometheus.io/path': '/stats',
		'prometheus.io/scheme': 'http',
	});
	t.regex(run.stderr, /annotated 1 workload/);
});

e2e('kpt fn eval --exec in operator mode writes a CRD-valid PodMonitor file into the package', t => {
	const dir = makePackage(t, {'deployment.yaml': deployment});
	const run = kpt(['fn', 'eval', dir, '--exec', exec, '--', 'operatorMode=true', 'port=9090', 'interval=30s'], dir);
	t.is(run.status, 0, run.stderr);
	const monitor = parse(readFileSync(join(dir, 'web-pod-monitor.yaml'), 'utf8'));
	t.deepEqual(crdErrors(monitor), []);
	t.deepEqual(monitor.spec.podMetricsEndpoints, [{port: 'metrics', path: '/metrics', scheme: 'http', interval: '30s'}]);
	t.is(monitor.metadata.namespace, 'shop');
});

e2e('kpt fn render with a typed configPath: comments survive, the monitor lands in the package, a second render changes nothing', t => {
	const dir = makePackage(t, {
		Kptfile: `apiVersion: kpt.dev/v1
kind: Kptfile
metadata:
  name: shop
pipeline:
  mutators:
    - exec: ${exec}
      configPath: scraping.yaml
`,
		'scraping.yaml': `# How the shop is scraped.
apiVersion: fn.kpt.dev/v1alpha1
kind: PrometheusScraping
metadata:
  name: shop
  annotations:
    config.kubernetes.io/local-config: "true"
spec:
  operatorMode: true
  port: metrics
  monitorLabels:
    release: kube-prometheus-stack
`,
		'deployment.yaml': deployment,
	});
	const before = snapshot(dir);
	const first = kpt(['fn', 'render', dir, '--allow-exec'], dir);
	t.is(first.status, 0, first.stderr);
	const rendered = snapshot(dir);
	t.is(rendered['deployment.yaml'], before['deployment.yaml'], 'the Deployment is not touched in operator mode');
	t.is(rendered['scraping.yaml'], before['scraping.yaml'], 'the function config is not touched');
	t.deepEqual(Object.keys(rendered).sort(), ['Kptfile', 'deployment.yaml', 'scraping.yaml', 'web-pod-monitor.yaml']);
	const monitor = parse(rendered['web-pod-monitor.yaml']!);
	t.deepEqual(crdErrors(monitor), []);
	t.deepEqual(monitor.metadata.labels, {release: 'kube-prometheus-stack'});
	t.false(JSON.stringify(monitor).includes('local-config'), 'no orchestrator or config annotations are copied onto the monitor');

	const second = kpt(['fn', 'render', dir, '--allow-exec'], dir);
	t.is(second.status, 0, second.stderr);
	t.deepEqual(snapshot(dir), rendered, 'a second render gives no diff');

	// Switching to annotation mode removes the generated file and annotates the pod template.
	writeFileSync(join(dir, 'scraping.yaml'), rendered['scraping.yaml']!.replace('operatorMode: true', 'operatorMode: false'));
	const third = kpt(['fn', 'render', dir, '--allow-exec'], dir);
	t.is(third.status, 0, third.stderr);
	const switched = snapshot(dir);
	t.false('web-pod-monitor.yaml' in switched, 'the PodMonitor is pruned');
	t.true(switched['deployment.yaml']!.includes('prometheus.io/port: "9090"'));
	t.true(switched['deployment.yaml']!.startsWith('# The storefront. This comment must survive.\n'));
});

/** The number of times `text` says `message`. */
function times(text: string, message: string): number {
	return text.split(message).length - 1;
}

// kpt prints a function's results and, beside them, its stderr: a line there would say each thing twice.
e2e('kpt fn eval --exec shows a warning once, as a result, and the function writes no stderr line for it', t => {
	const retired = deployment.replace('apiVersion: apps/v1', 'apiVersion: extensions/v1beta1').replace('name: web #', 'name: old #');
	const dir = makePackage(t, {'deployment.yaml': deployment, 'old.yaml': retired});
	const run = kpt(['fn', 'eval', dir, '--exec', exec, '--truncate-output=false', '--', 'port=metrics'], dir);
	t.is(run.status, 0, run.stderr);
	t.is(times(run.stderr, 'extensions/v1beta1 is no longer served'), 1, run.stderr);
	t.notRegex(run.stderr, /prometheus-scraping: warning:/);
});

e2e('kpt fn eval --exec with a bad config shows each error once', t => {
	const dir = makePackage(t, {'deployment.yaml': deployment});
	const run = kpt(['fn', 'eval', dir, '--exec', exec, '--truncate-output=false', '--', 'portt=80'], dir);
	t.not(run.status, 0);
	t.is(times(run.stderr, '`data.portt` is not a known setting'), 1, run.stderr);
});

e2e('kpt fn eval with a bad config fails with the field path on stderr and leaves the files alone', t => {
	const dir = makePackage(t, {'deployment.yaml': deployment});
	const before = snapshot(dir);
	const run = kpt(['fn', 'eval', dir, '--exec', exec, '--', 'interval=1.5s', 'portt=80'], dir);
	t.not(run.status, 0);
	t.regex(run.stderr, /data\.interval/);
	t.regex(run.stderr, /`data\.portt` is not a known setting/);
	t.notRegex(run.stderr, /^\s+at /m, 'no stack trace');
	t.deepEqual(snapshot(dir), before);
});

e2e("the README's example command (npm run example) prints its package rendered and leaves the files alone", t => {
	const example = 'examples/prometheus-scraping-render-config-path';
	const script = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {scripts: Record<string, string>}).scripts.example!;
	const [, command] = /^npm run build --silent && kpt (.*)$/.exec(script) ?? [];
	t.truthy(command, `npm run example builds, then runs kpt: ${script}`);
	const before = snapshot(join(root, example));
	const run = kpt(command!.split(' '), root);
	t.is(run.status, 0, run.stderr);
	const items = parse(run.stdout).items as Array<{kind: string; metadata: {name: string}}>;
	t.true(
		items.some(item => item.kind === 'PodMonitor'),
		run.stdout,
	);
	t.deepEqual(snapshot(join(root, example)), before, 'output to stdout leaves the package alone');
});
