/**
 * The function under `kubectl kustomize --enable-alpha-plugins`, both ways kustomize can run it as a
 * transformer:
 *
 * - as a containerized KRM function: the config's `config.kubernetes.io/function` annotation names
 *   the image, and kustomize runs it with `docker`, which scripts/docker-shim turns into podman;
 * - as a legacy exec plugin, installed by scripts/install-kustomize-plugin.sh under
 *   KUSTOMIZE_PLUGIN_HOME (or kustomize's default, $XDG_CONFIG_HOME/kustomize/plugin): the way to run
 *   it where there is no container runtime, since kubectl has no --enable-exec.
 *
 * Both use one kustomization with two transformers, a PodMonitor step and a Service annotation
 * step, after kustomize's own namespace and label transformers; the assertions are on the build
 * output: what the function generated is there, with what kustomize's transformers set, and none of
 * the config's or kustomize's bookkeeping annotations leaked onto it.
 */
import {execFile, spawn} from 'node:child_process';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {promisify} from 'node:util';
import type {ExecutionContext} from 'ava';
import {parseAllDocuments} from 'yaml';
import {crdErrors} from '../support/crd-validator.js';
import {builtImage, imageBuildTimeout} from '../support/image.js';
import {kustomizeConfig} from '../support/kustomize-config.js';
import {root} from '../support/run-function.js';
import {e2eTest} from '../support/tools.js';

const container = e2eTest(
	['podman', 'kubectl', 'debootstrap'],
	'kubectl runs containerized functions through scripts/docker-shim (podman); the image build needs debootstrap',
);
const legacy = e2eTest(['kubectl', 'node'], 'kubectl kustomize runs the legacy exec plugin');
const run = promisify(execFile);

interface Outcome {
	status: number | null;
	stdout: string;
	stderr: string;
}

function sh(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<Outcome> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, {cwd: root, env, stdio: ['ignore', 'pipe', 'pipe']});
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
	});
}

function tempDir(t: ExecutionContext, prefix: string): string {
	const dir = mkdtempSync(join(tmpdir(), `prometheus-scraping-kustomize-${prefix}-`));
	t.teardown(() => rmSync(dir, {recursive: true, force: true}));
	return dir;
}

// --- the kustomization -------------------------------------------------------------------------

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx
          ports:
            - name: http
              containerPort: 8080
            - name: metrics
              containerPort: 9090
`;

const service = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - name: http
      port: 80
      targetPort: http
    - name: metrics
      port: 9090
      targetPort: metrics
`;

function kustomization(
	t: ExecutionContext,
	options: {image?: string; podSpec?: string; plugins?: string; resources?: string} = {},
): string {
	const dir = tempDir(t, 'build');
	const files: Record<string, string> = {
		'kustomization.yaml': `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: shop
labels:
  - pairs:
      team: storefront
    includeSelectors: true
${options.resources ?? 'resources:\n  - deployment.yaml\n  - service.yaml\n'}${options.plugins ?? 'transformers:\n  - pods.yaml\n  - services.yaml\n'}`,
		'deployment.yaml': deployment,
		'service.yaml': service,
		'pods.yaml': kustomizeConfig(
			'pods',
			options.podSpec ?? 'operatorMode: true\nport: metrics\nmonitorLabels:\n  release: kube-prometheus-stack\n',
			options.image,
		),
		'services.yaml': kustomizeConfig('services', 'monitorType: service\nport: metrics\n', options.image),
	};
	for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
	return dir;
}

type KObject = {
	apiVersion: string;
	kind: string;
	metadata: {name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string>};
	spec: any;
};

function objects(stdout: string): KObject[] {
	return parseAllDocuments(stdout).map(doc => doc.toJS() as KObject);
}

/** Annotations no generated object may carry out of a kustomize build. */
const leaked =
	/^(config\.kubernetes\.io\/(function|local-config|path|index)|internal\.config\.kubernetes\.io\/|config\.k8s\.io\/id|kustomize\.config\.k8s\.io\/)/;

/** The checks both ways of running share: the build's output, object by object. */
function assertBuild(t: ExecutionContext, build: Outcome) {
	t.is(build.status, 0, build.stderr);
	const out = objects(build.stdout);
	t.deepEqual(out.map(object => `${object.kind} ${object.metadata.namespace}/${object.metadata.name}`).sort(), [
		'Deployment shop/web',
		'PodMonitor shop/web-pod-monitor',
		'Service shop/web',
	]);
	t.false(
		out.some(object => object.kind === 'PrometheusScraping'),
		'the transformer configs are not part of the build',
	);

	const monitor = out.find(object => object.kind === 'PodMonitor')!;
	t.deepEqual(crdErrors(monitor), []);
	t.deepEqual(
		monitor.metadata.annotations,
		{'prometheus-scraping.fn.kpt.dev/owner': 'PrometheusScraping/pods'},
		'only the owner annotation',
	);
	t.deepEqual(monitor.metadata.labels, {release: 'kube-prometheus-stack'});
	// kustomize's label transformer ran first, so the selector has the label it added to the pods.
	t.deepEqual(monitor.spec.selector, {matchLabels: {app: 'web', team: 'storefront'}});
	t.deepEqual(monitor.spec.podMetricsEndpoints, [{port: 'metrics', path: '/metrics', scheme: 'http'}]);

	const svc = out.find(object => object.kind === 'Service')!;
	t.deepEqual(svc.metadata.annotations, {
		'prometheus.io/scrape': 'true',
		'prometheus.io/scheme': 'http',
		'prometheus.io/path': '/metrics',
		'prometheus.io/port': '9090',
		'prometheus-scraping.fn.kpt.dev/owner': 'PrometheusScraping/services',
	});
	const web = out.find(object => object.kind === 'Deployment')!;
	t.is(web.metadata.annotations, undefined, 'operator mode leaves the Deployment alone');

	for (const object of out) {
		const keys = Object.keys(object.metadata.annotations ?? {}).filter(key => leaked.test(key));
		t.deepEqual(keys, [], `${object.kind} ${object.metadata.name}: no orchestrator or config annotations`);
	}
}

const badPods = 'operatorMode: true\nport: metrics\nmonitorType: pods\n';

// --- containerized KRM function ------------------------------------------------------------------

/** The image, built once (test/support/image.ts), and the environment that reaches podman. */
function image(t: ExecutionContext) {
	t.timeout(imageBuildTimeout, 'scripts/build-image.sh builds the base image with debootstrap on its first run');
	return builtImage();
}

container(
	'kubectl kustomize runs the image as a containerized transformer: a PodMonitor and Service annotations, no leaked annotations',
	async t => {
		const {image: name, env} = await image(t);
		const dir = kustomization(t, {image: name});
		assertBuild(t, await sh('kubectl', ['kustomize', '--enable-alpha-plugins', dir], env));
	},
);

container('kubectl kustomize with the image and a bad config fails and shows the error on stderr', async t => {
	const {image: name, env} = await image(t);
	const dir = kustomization(t, {image: name, podSpec: badPods});
	const build = await sh('kubectl', ['kustomize', '--enable-alpha-plugins', dir], env);
	t.not(build.status, 0);
	t.regex(build.stderr, /`spec\.monitorType` must be one of pod, service, ingress; got "pods"/);
	t.is(build.stdout, '');
});

// kustomize shows a containerized function's stderr, and never its results: a warning must be there.
container('kubectl kustomize with the image shows a warning on stderr, once, and the build succeeds', async t => {
	const {image: name, env} = await image(t);
	const dir = kustomization(t, {image: name, podSpec: 'port: metrics\nselector:\n  name: nothing-by-this-name\n'});
	const build = await sh('kubectl', ['kustomize', '--enable-alpha-plugins', dir], env);
	t.is(build.status, 0, build.stderr);
	const warnings = build.stderr.split('\n').filter(line => line.startsWith('prometheus-scraping: warning: '));
	t.is(warnings.length, 1, build.stderr);
	t.regex(warnings[0]!, /no targets: the input has no .*, so nothing is scraped/);
});

// --- legacy exec plugin ------------------------------------------------------------------------

/** Installs the plugin with the project's script into a fresh directory; returns the build's env. */
async function installPlugin(t: ExecutionContext, variable: 'KUSTOMIZE_PLUGIN_HOME' | 'XDG_CONFIG_HOME'): Promise<NodeJS.ProcessEnv> {
	const home = tempDir(t, 'plugins');
	const env = {...process.env, [variable]: home};
	if (variable === 'XDG_CONFIG_HOME') delete env.KUSTOMIZE_PLUGIN_HOME;
	const {stdout} = await run(join(root, 'scripts', 'install-kustomize-plugin.sh'), [], {cwd: root, env});
	const expected = variable === 'KUSTOMIZE_PLUGIN_HOME' ? home : join(home, 'kustomize', 'plugin');
	t.is(stdout.trim(), join(expected, 'fn.kpt.dev/v1alpha1/prometheusscraping/PrometheusScraping'));
	return env;
}

legacy(
	'kubectl kustomize runs the legacy exec plugin from KUSTOMIZE_PLUGIN_HOME: a PodMonitor and Service annotations, no leaked annotations',
	async t => {
		const env = await installPlugin(t, 'KUSTOMIZE_PLUGIN_HOME');
		const dir = kustomization(t);
		assertBuild(t, await sh('kubectl', ['kustomize', '--enable-alpha-plugins', dir], env));
	},
);

legacy("the plugin script's default location is kustomize's: $XDG_CONFIG_HOME/kustomize/plugin", async t => {
	const env = await installPlugin(t, 'XDG_CONFIG_HOME');
	const dir = kustomization(t);
	assertBuild(t, await sh('kubectl', ['kustomize', '--enable-alpha-plugins', dir], env));
});

legacy('kubectl kustomize with the legacy plugin and a bad config fails and shows the error on stderr', async t => {
	const env = await installPlugin(t, 'KUSTOMIZE_PLUGIN_HOME');
	const dir = kustomization(t, {podSpec: badPods});
	const build = await sh('kubectl', ['kustomize', '--enable-alpha-plugins', dir], env);
	t.not(build.status, 0);
	t.regex(build.stderr, /prometheus-scraping: error: .*`spec\.monitorType` must be one of pod, service, ingress; got "pods"/);
	t.is(build.stdout, '');
});

// kustomize hands a generator an empty stream, and a transformer too when there are no resources.
// Either way the function sees no items: a warning (no targets), never a YAML error about its own
// wrapping. kustomize drops a successful plugin's stderr, so the warning is not shown: the README
// says so.
for (const [what, options] of [
	['the config listed under generators:', {plugins: 'generators:\n  - pods.yaml\n'}],
	['a kustomization with no resources', {resources: ''}],
] as const) {
	legacy(`kubectl kustomize with the legacy plugin and ${what}: an empty stream builds, and the warning is dropped`, async t => {
		const env = await installPlugin(t, 'KUSTOMIZE_PLUGIN_HOME');
		const dir = kustomization(t, options);
		const build = await sh('kubectl', ['kustomize', '--enable-alpha-plugins', dir], env);
		t.is(build.status, 0, build.stderr);
		t.notRegex(build.stderr, /not valid YAML/);
		t.notRegex(build.stderr, /no targets/, 'kustomize shows no stderr of a plugin that succeeded');
		const kinds = objects(build.stdout)
			.map(object => object.kind)
			.sort();
		t.deepEqual(kinds, 'resources' in options ? [] : ['Deployment', 'Service']);
	});
}
