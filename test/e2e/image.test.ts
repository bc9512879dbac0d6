/**
 * The container image, run the ways users run it: `kpt fn eval --image`, a Kptfile `image:`
 * mutator under `kpt fn render`, and a plain `podman run` locked down like kpt and kustomize run
 * functions (read-only root, no network, user nobody).
 *
 * The image is built from this checkout once, before the tests (test/support/image.ts: the base
 * image is cached after its first build, and podman's layer cache makes a rebuild of an unchanged
 * tree take seconds).
 */
import {spawn} from 'node:child_process';
import {mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import test, {type ExecutionContext} from 'ava';
import {parse} from 'yaml';
import {deployment, runCommand} from '../support/command.js';
import {crdErrors} from '../support/crd-validator.js';
import {builtImage, imageBuildTimeout} from '../support/image.js';
import {root} from '../support/run-function.js';
import {e2eTest} from '../support/tools.js';

const e2e = e2eTest(['podman', 'kpt', 'debootstrap'], 'scripts/install-container-tools.sh installs podman, runc and debootstrap');

/** Filled in by the before hook. */
let image = '';
let env: NodeJS.ProcessEnv = {...process.env};

// Only when the tests run: a skipped (or, under CI, failing) e2e declaration has no hooks.
if (e2e === test)
	test.before(async t => {
		t.timeout(imageBuildTimeout, 'scripts/build-image.sh builds the base image with debootstrap on its first run');
		({image, env} = await builtImage());
	});

interface Outcome {
	status: number | null;
	stdout: string;
	stderr: string;
}

/** A command with the podman environment; never throws on a non-zero exit. */
function sh(command: string, args: string[], options: {input?: string; env?: NodeJS.ProcessEnv; cwd?: string} = {}): Promise<Outcome> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, {cwd: options.cwd ?? root, env: {...env, ...options.env}, stdio: ['pipe', 'pipe', 'pipe']});
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8').on('data', chunk => (stdout += chunk));
		child.stderr.setEncoding('utf8').on('data', chunk => (stderr += chunk));
		const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
		child.on('error', reject);
		child.on('close', status => {
			clearTimeout(timer);
			resolve({status, stdout, stderr});
		});
		child.stdin.end(options.input ?? '');
	});
}

const kpt = (args: string[]) => sh('kpt', args);

/** The locked-down run of kpt and kustomize, spelled out: no network, read-only root, user nobody. */
const podmanRun = (args: string[], input: string) =>
	sh('podman', ['run', '--rm', '-i', '--read-only', '--network', 'none', '--user', '65534', image, ...args], {input});

function makePackage(t: ExecutionContext, files: Record<string, string>): string {
	const dir = mkdtempSync(join(tmpdir(), 'prometheus-scraping-image-'));
	t.teardown(() => rmSync(dir, {recursive: true, force: true}));
	for (const [name, text] of Object.entries(files)) {
		mkdirSync(dirname(join(dir, name)), {recursive: true});
		writeFileSync(join(dir, name), text);
	}
	return dir;
}

function files(dir: string): string[] {
	return readdirSync(dir, {recursive: true, encoding: 'utf8'}).sort();
}

e2e('kpt fn eval --image in annotation mode annotates the pod template and keeps every comment', async t => {
	const dir = makePackage(t, {'deployment.yaml': deployment});
	const eval_ = await kpt(['fn', 'eval', dir, '--image', image, '--image-pull-policy', 'never', '--', 'port=metrics', 'path=/stats']);
	t.is(eval_.status, 0, eval_.stderr);
	t.true(eval_.stderr.includes(`[PASS] "${image}"`), eval_.stderr);
	t.regex(eval_.stderr, /annotated 1 workload/);
	const written = readFileSync(join(dir, 'deployment.yaml'), 'utf8');
	for (const comment of ['# The storefront. This comment must survive.\n', 'name: web # inline comment\n']) {
		t.true(written.includes(comment), `kept: ${comment}`);
	}
	const object = parse(written);
	t.deepEqual(object.spec.template.metadata.annotations, {
		'prometheus.io/scrape': 'true',
		'prometheus.io/scheme': 'http',
		'prometheus.io/path': '/stats',
		'prometheus.io/port': '9090',
	});
	t.deepEqual(files(dir), ['deployment.yaml']);
});

e2e(
	'kpt fn eval --image in operator mode writes a CRD-valid PodMonitor next to the Deployment and leaves the Deployment alone',
	async t => {
		const dir = makePackage(t, {'app/deployment.yaml': deployment});
		const eval_ = await kpt([
			'fn',
			'eval',
			dir,
			'--image',
			image,
			'--image-pull-policy',
			'never',
			'--',
			'operatorMode=true',
			'port=metrics',
			'monitorLabels.release=kube-prometheus-stack',
		]);
		t.is(eval_.status, 0, eval_.stderr);
		t.is(readFileSync(join(dir, 'app/deployment.yaml'), 'utf8'), deployment, 'byte for byte');
		t.deepEqual(files(dir), ['app', 'app/deployment.yaml', 'app/web-pod-monitor.yaml']);
		const monitor = parse(readFileSync(join(dir, 'app/web-pod-monitor.yaml'), 'utf8'));
		t.deepEqual(crdErrors(monitor), []);
		t.is(monitor.kind, 'PodMonitor');
		t.is(monitor.metadata.namespace, 'shop');
		t.deepEqual(monitor.metadata.labels, {release: 'kube-prometheus-stack'});
		t.deepEqual(monitor.spec.podMetricsEndpoints, [{port: 'metrics', path: '/metrics', scheme: 'http'}]);
	},
);

e2e(
	'kpt fn render with a Kptfile image: mutator generates the monitor, records the image in results, and a second render changes nothing',
	async t => {
		const dir = makePackage(t, {
			Kptfile: `apiVersion: kpt.dev/v1
kind: Kptfile
metadata:
  name: shop
pipeline:
  mutators:
    - image: ${image}
      configPath: scraping.yaml
`,
			'scraping.yaml': `apiVersion: fn.kpt.dev/v1alpha1
kind: PrometheusScraping
metadata:
  name: shop
  annotations:
    config.kubernetes.io/local-config: "true"
spec:
  operatorMode: true
  monitorType: service
  port: metrics
`,
			'service.yaml': `apiVersion: v1
kind: Service
metadata:
  name: api
  namespace: shop
  labels:
    app: api
spec:
  selector:
    app: api
  ports:
    - name: metrics
      port: 9100
`,
		});
		const results = mkdtempSync(join(tmpdir(), 'prometheus-scraping-image-results-'));
		t.teardown(() => rmSync(results, {recursive: true, force: true}));
		const render = await kpt(['fn', 'render', dir, '--image-pull-policy', 'never', '--results-dir', results]);
		t.is(render.status, 0, render.stderr);
		const monitor = parse(readFileSync(join(dir, 'api-service-monitor.yaml'), 'utf8'));
		t.deepEqual(crdErrors(monitor), []);
		t.like(monitor, {
			kind: 'ServiceMonitor',
			metadata: {name: 'api-service-monitor', namespace: 'shop'},
			spec: {selector: {matchLabels: {app: 'api'}}},
		});
		t.false(JSON.stringify(monitor).includes('local-config'));
		const resultList = parse(readFileSync(join(results, 'results.yaml'), 'utf8'));
		t.like(resultList, {exitCode: 0, items: [{image, exitCode: 0}]});
		t.true(resultList.items[0].results.some((result: {message: string}) => result.message === 'generated 1 ServiceMonitor for 1 Service'));

		const before = Object.fromEntries(files(dir).map(name => [name, readFileSync(join(dir, name), 'utf8')]));
		const again = await kpt(['fn', 'render', dir, '--image-pull-policy', 'never']);
		t.is(again.status, 0, again.stderr);
		t.deepEqual(Object.fromEntries(files(dir).map(name => [name, readFileSync(join(dir, name), 'utf8')])), before);
	},
);

const resourceList = (data: Record<string, string>) => `apiVersion: config.kubernetes.io/v1
kind: ResourceList
items:
- apiVersion: v1
  kind: Service
  metadata:
    name: api # the API
    namespace: shop
  spec:
    ports:
    - name: metrics
      port: 9100
functionConfig:
  apiVersion: v1
  kind: ConfigMap
  metadata:
    name: function-input
  data:
${Object.entries(data)
	.map(([key, value]) => `    ${key}: ${JSON.stringify(value)}`)
	.join('\n')}
`;

e2e('podman run --read-only --network none --user 65534 transforms a ResourceList on stdin', async t => {
	const out = await podmanRun([], resourceList({monitorType: 'service', port: '9100'}));
	t.is(out.status, 0, out.stderr);
	t.is(out.stderr, '', 'nothing on stderr when all is well');
	t.true(out.stdout.includes('name: api # the API'), out.stdout);
	const list = parse(out.stdout);
	t.is(list.kind, 'ResourceList');
	t.deepEqual(list.items[0].metadata.annotations, {
		'prometheus.io/scrape': 'true',
		'prometheus.io/scheme': 'http',
		'prometheus.io/path': '/metrics',
		'prometheus.io/port': '9100',
		'prometheus-scraping.fn.kpt.dev/owner': 'ConfigMap/function-input',
	});
	t.deepEqual(list.results, [
		{
			message: 'annotated 1 Service with prometheus.io/scrape, scheme, path and port',
			severity: 'info',
			resourceRef: {apiVersion: 'v1', kind: 'ConfigMap', name: 'function-input'},
		},
	]);
});

e2e('podman run with a bad config exits 1, writes the error on stderr and the unchanged list with its results on stdout', async t => {
	const input = resourceList({monitorType: 'services'});
	const out = await podmanRun([], input);
	t.is(out.status, 1);
	t.regex(out.stderr, /^prometheus-scraping: error: .*`data\.monitorType` must be one of pod, service, ingress; got "services"/m);
	const list = parse(out.stdout);
	t.deepEqual(list.items, parse(input).items, 'items unchanged');
	t.like(list.results[0], {severity: 'error', field: {path: 'data.monitorType'}});
});

const short = 'Give every workload, Service or Ingress in a kpt package or kustomize overlay its Prometheus scraping configuration.';

e2e('the image prints its usage for --help, which is what kpt fn doc shows, and runs as nobody by default', async t => {
	const help = await podmanRun(['--help'], '');
	t.is(help.status, 0, help.stderr);
	t.true(help.stdout.startsWith(short), help.stdout);
	t.regex(help.stdout, /operatorMode/);
	t.is(help.stderr, '');
	const doc = await kpt(['fn', 'doc', '--image', image]);
	t.is(doc.status, 0, doc.stderr);
	t.is(doc.stdout.trimEnd(), help.stdout.trimEnd(), 'kpt fn doc shows the --help text (plus a trailing newline)');
	const user = await sh('podman', ['image', 'inspect', '--format', '{{.Config.User}}', image]);
	t.is(user.stdout.trim(), '65534:65534');
});

const {version} = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {version: string};

e2e('the image is named for the package version, at most 130 MB, and holds Node, the bundle, CA certificates and nothing else', async t => {
	t.is(image, `localhost/prometheus-scraping:${version}`, "the name the examples' Kptfiles use");
	const size = await sh('podman', ['image', 'inspect', '--format', '{{.Size}}', image]);
	t.true(Number(size.stdout) <= 130e6, `image size ${size.stdout.trim()} bytes`);

	const created = await sh('podman', ['create', image]);
	t.is(created.status, 0, created.stderr);
	const container = created.stdout.trim();
	t.teardown(() => sh('podman', ['rm', container]));
	const exported = await sh('sh', ['-c', `podman export ${container} | tar -t`]);
	t.is(exported.status, 0, exported.stderr);
	const entries = exported.stdout
		.split('\n')
		.filter(Boolean)
		.map(entry => entry.replace(/^\.?\//, '').replace(/\/$/, ''));
	const regular = entries.filter(entry => !/^(dev|proc|sys|run|etc\/(hosts|hostname|resolv\.conf))(\/|$)/.test(entry));
	t.deepEqual(
		regular.filter(entry => /(^|\/)(npm|npx|apt|apt-get|dpkg|perl|sh|bash|busybox)$/.test(entry)),
		[],
		'no npm, apt, perl or shell',
	);
	const files = regular.filter(entry =>
		/\.(so(\.\d+)*|js|js\.cache|crt)$|^usr\/local\/bin\/node$|^etc\/(passwd|group|ld\.so\.cache)$/.test(entry),
	);
	t.deepEqual(
		regular.filter(entry => !files.includes(entry) && entry !== 'tmp' && !entries.some(other => other.startsWith(`${entry}/`))),
		[],
		'nothing but Node, its libraries, the bundle and its code cache, CA certificates, the passwd files and /tmp',
	);
	t.true(files.includes('usr/local/bin/node'));
	t.true(files.includes('app/prometheus-scraping.js'));
	t.true(files.includes('app/prometheus-scraping.js.cache'));
	t.true(files.includes('etc/ssl/certs/ca-certificates.crt'));

	const labels = await sh('podman', ['image', 'inspect', '--format', '{{json .Config.Labels}}', image]);
	t.like(JSON.parse(labels.stdout), {
		'org.opencontainers.image.title': 'prometheus-scraping',
		'org.opencontainers.image.version': version,
		'org.opencontainers.image.licenses': 'Apache-2.0',
		'org.opencontainers.image.source': 'https://github.com/prometheus-scraping/prometheus-scraping',
	});
	t.regex(
		readFileSync(join(root, 'Dockerfile'), 'utf8'),
		new RegExp(`^ARG VERSION=${version.replaceAll('.', '\\.')}$`, 'm'),
		'a plain docker build labels the same version',
	);
	const versionRun = await podmanRun(['--version'], '');
	t.is(versionRun.stdout, `prometheus-scraping ${version}\n`, versionRun.stderr);
});

/**
 * `docker build .` as a docker user runs it: no build arguments, so the build stage is the
 * Dockerfile's default, the official node:22-bookworm-slim. No registry can be reached here, so the
 * local base stands in under that name, less binutils, which the official image lacks too: the
 * Dockerfile then installs it from Debian's mirror to strip Node, as it would for that user. Only
 * the network (the build stage's npm ci and apt) and the intercepting CA are this machine's.
 */
e2e('the Dockerfile with no build arguments builds on node:22-bookworm-slim, getting strip from apt', async t => {
	t.timeout(imageBuildTimeout, 'the build stage runs npm ci and the build on another base than the cached one');
	const official = 'docker.io/library/node:22-bookworm-slim';
	const built = 'localhost/prometheus-scraping:docker-build';
	const lock = join(root, '.cache', 'image-build.lock');
	if ((await sh('podman', ['image', 'exists', official])).status !== 0) {
		const base = (await sh(join(root, 'scripts', 'build-base-image.sh'), [])).stdout.trim();
		const context = makePackage(t, {
			Containerfile: `FROM ${base}\nRUN apt-get remove --yes --quiet binutils >/dev/null && ! command -v strip\n`,
		});
		const standIn = await sh('flock', [lock, 'podman', 'build', '--pull=never', '--network', 'none', '--tag', official, context]);
		t.is(standIn.status, 0, standIn.stderr);
		t.teardown(() => sh('podman', ['rmi', '--force', official]).then(() => undefined));
	}
	const ca = ['--secret', 'id=ca-certificates,src=/etc/ssl/certs/ca-certificates.crt'];
	// The image's own build, longer than sh's hang guard allows.
	const build = await runCommand('flock', [lock, 'podman', 'build', '--pull=never', '--network', 'host', ...ca, '--tag', built, root], {
		env,
		timeoutMs: imageBuildTimeout,
	});
	t.teardown(() => sh('podman', ['rmi', '--force', built]).then(() => undefined));
	t.is(build.status, 0, build.stderr.slice(-4000));
	const history = await sh('podman', ['image', 'inspect', '--format', '{{.Size}}', built]);
	t.true(Number(history.stdout) <= 130e6, `image size ${history.stdout.trim()} bytes`);
	const run = await sh('podman', ['run', '--rm', '-i', '--read-only', '--network', 'none', built, '--version']);
	t.is(run.stdout, `prometheus-scraping ${version}\n`, run.stderr);
});
