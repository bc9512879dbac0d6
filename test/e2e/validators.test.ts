/**
 * Check mode where validators live (issue 12): a Kptfile `validators:` step under `kpt fn render`
 * (exec and image), and kustomize (the image as a containerized function, and the legacy exec
 * plugin, which kustomize loads for `validators:` as for `transformers:`).
 *
 * Every run uses the package of examples/prometheus-scraping-check-traefik: a Traefik Deployment
 * and a hand-written PodMonitor that selects `app: traefik` (the pods carry
 * app.kubernetes.io/name and app.kubernetes.io/instance: traefik) and drops metrics with a
 * labeldrop rule (which takes no sourceLabels). The broken package must fail with both problems
 * named; the package with both fixed as the results say must pass; neither run may change a byte.
 */
import {mkdirSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import {join, relative} from 'node:path';
import test, {type ExecutionContext} from 'ava';
import {parse} from 'yaml';
import {runCommand, tempDir, type Outcome} from '../support/command.js';
import {exampleImage} from '../support/examples.js';
import {builtImage, imageBuildTimeout} from '../support/image.js';
import {kustomizeConfig} from '../support/kustomize-config.js';
import {root} from '../support/run-function.js';
import {snapshot} from '../support/snapshot.js';
import {e2eTest} from '../support/tools.js';

const withKpt = e2eTest(['kpt'], 'kpt 1.0.0-beta.56 runs Kptfile validators');
const withKptImage = e2eTest(['kpt', 'podman', 'debootstrap'], 'kpt runs the image with podman; scripts/install-container-tools.sh');
const withKustomizeImage = e2eTest(
	['kubectl', 'podman', 'debootstrap'],
	'kubectl runs containerized validators through scripts/docker-shim (podman); the image build needs debootstrap',
);
const withKustomizePlugin = e2eTest(['kubectl', 'node'], 'kubectl kustomize runs the legacy exec plugin as a validator');

const example = join(root, 'examples', 'prometheus-scraping-check-traefik');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const checkSection = readme.slice(readme.indexOf('### Check mode'), readme.indexOf('\n### ', readme.indexOf('### Check mode') + 1));

// --- the packages --------------------------------------------------------------------------------

const resources = ['traefik.yaml', 'traefik-pod-monitor.yaml'] as const;
const broken = Object.fromEntries(resources.map(name => [name, readFileSync(join(example, name), 'utf8')])) as Record<string, string>;

/** The same monitor with both mistakes put right, as the results say to. */
function fixed(): Record<string, string> {
	const monitor = broken['traefik-pod-monitor.yaml']!;
	const corrected = monitor
		.replace('      app: traefik\n', '      app.kubernetes.io/name: traefik\n')
		.replace('action: labeldrop', 'action: drop');
	if (corrected.split('\n').length !== monitor.split('\n').length || corrected === monitor)
		throw new Error('the example monitor no longer has the two lines this test corrects');
	return {...broken, 'traefik-pod-monitor.yaml': corrected};
}

/** The messages the broken package must give, as the results say them. */
const selectorProblem =
	/^`spec\.selector` matches no pod template in namespace "traefik", so PodMonitor traefik\/traefik scrapes nothing\. Near misses: Deployment traefik\/traefik has the value under another key: write `spec\.selector\.matchLabels: {app\.kubernetes\.io\/name: traefik}` to select it$/;
const ruleProblem = /^`spec\.podMetricsEndpoints\.0\.metricRelabelings\.0` has action labeldrop, which takes no `sourceLabels`; remove it$/;

function writePackage(t: ExecutionContext, files: Record<string, string>): string {
	const dir = tempDir(t, 'validators');
	for (const [name, text] of Object.entries(files)) {
		mkdirSync(join(dir, name, '..'), {recursive: true});
		writeFileSync(join(dir, name), text);
	}
	return dir;
}

// --- kpt -----------------------------------------------------------------------------------------

/** The validator step as README's Check mode section shows it, with `image:` or `exec:`. */
const validatorStep = (step: string) => `pipeline:
  validators:
    - ${step}
      configMap:
        mode: check
        prometheusSelector: release=kube-prometheus-stack
`;

const kptfile = (step: string) => `apiVersion: kpt.dev/v1
kind: Kptfile
metadata:
  name: traefik
${validatorStep(step)}`;

interface KptResult {
	message: string;
	severity: string;
	resourceRef?: {kind: string; name: string; namespace?: string};
	field?: {path: string};
}

/** kpt fn render on a package; the results it records, and whether any file changed. */
async function render(t: ExecutionContext, step: string, files: Record<string, string>, env: NodeJS.ProcessEnv, allowExec: boolean) {
	const dir = writePackage(t, {Kptfile: kptfile(step), ...files});
	const results = tempDir(t, 'validators-results');
	const before = snapshot(dir);
	const run = await runCommand('kpt', ['fn', 'render', dir, ...(allowExec ? ['--allow-exec'] : []), '--results-dir', results], {env});
	t.deepEqual(snapshot(dir), before, 'kpt fn render with only a validator changes no byte of the package');
	const list = parse(readFileSync(join(results, 'results.yaml'), 'utf8')) as {exitCode: number; items: Array<{results?: KptResult[]}>};
	return {run, list, results: list.items.flatMap(item => item.results ?? [])};
}

async function assertKpt(t: ExecutionContext, step: string, env: NodeJS.ProcessEnv, allowExec: boolean) {
	const failed = await render(t, step, broken, env, allowExec);
	t.not(failed.run.status, 0, failed.run.stderr);
	t.is(failed.list.exitCode, 1);
	const on = (path: string) => failed.results.find(result => result.field?.path === path);
	t.like(on('spec.selector'), {severity: 'error', resourceRef: {kind: 'PodMonitor', name: 'traefik', namespace: 'traefik'}});
	t.regex(on('spec.selector')?.message ?? '', selectorProblem);
	t.like(on('spec.podMetricsEndpoints.0.metricRelabelings.0.sourceLabels'), {
		severity: 'error',
		resourceRef: {kind: 'PodMonitor', name: 'traefik', namespace: 'traefik'},
	});
	t.regex(on('spec.podMetricsEndpoints.0.metricRelabelings.0.sourceLabels')?.message ?? '', ruleProblem);
	// kpt shows each problem once, as a result: the function writes no stderr line of its own under kpt.
	const shown = failed.run.stderr.match(/`spec\.selector` matches no pod template/g) ?? [];
	t.is(shown.length, 1, failed.run.stderr);
	t.regex(failed.run.stderr, /\[error\] monitoring\.coreos\.com\/v1\/PodMonitor\/traefik\/traefik spec\.selector: /);

	const passed = await render(t, step, fixed(), env, allowExec);
	t.is(passed.run.status, 0, passed.run.stderr);
	t.is(passed.list.exitCode, 0);
	t.deepEqual(
		passed.results.filter(result => result.severity !== 'info'),
		[],
		'no error or warning on the corrected package',
	);
	t.true(
		passed.results.some(result =>
			/^scrapes http:\/\/<pod IP of Deployment traefik\/traefik>:9100\/metrics every 15s via PodMonitor traefik\/traefik/.test(
				result.message,
			),
		),
		JSON.stringify(passed.results),
	);
}

withKpt(
	'kpt fn render with a Kptfile exec: validator in check mode fails on the broken monitor, passes the fixed one, changes no file',
	async t => {
		// As README says: the executable on PATH (here the checkout's bin/), named by `exec:`.
		await assertKpt(t, 'exec: prometheus-scraping', {...process.env, PATH: `${join(root, 'bin')}:${process.env.PATH}`}, true);
	},
);

withKptImage(
	'kpt fn render with a Kptfile image: validator in check mode fails on the broken monitor, passes the fixed one, changes no file',
	async t => {
		t.timeout(imageBuildTimeout, 'scripts/build-image.sh builds the base image with debootstrap on its first run');
		const {image, env} = await builtImage();
		t.is(image, exampleImage);
		await assertKpt(t, `image: ${image}`, env, false);
	},
);

test("README's Check mode section shows the Kptfile validator steps these tests run", t => {
	t.true(checkSection.includes(validatorStep(`image: ${exampleImage}`)), checkSection);
	t.true(checkSection.includes(validatorStep('exec: prometheus-scraping')), 'the exec variant');
	t.true(checkSection.includes('kpt fn render my-package --allow-exec'), 'exec steps need --allow-exec');
});

// --- kustomize -----------------------------------------------------------------------------------

const checkConfig = (image?: string) => kustomizeConfig('check', 'mode: check\nprometheusSelector: release=kube-prometheus-stack', image);

/** The kustomization, with the check config listed under `validators:` or `transformers:`, or not at all. */
const kustomization = (field?: 'validators' | 'transformers') =>
	`resources: [traefik.yaml, traefik-pod-monitor.yaml]\n${field ? `${field}: [check.yaml]\n` : ''}`;

/**
 * kubectl kustomize with the check config under `validators:` and under `transformers:`. Both fail
 * the broken package with the problems on stderr. kustomize (v5.5.0) refuses every validator that
 * writes the resources back, however unchanged (kustomize#5036: it compares the parsed YAML nodes,
 * layout included), so the corrected package fails under `validators:`; under `transformers:` it
 * builds exactly as without the check.
 */
async function assertKustomize(t: ExecutionContext, env: NodeJS.ProcessEnv, image?: string) {
	const build = (files: Record<string, string>, field?: 'validators' | 'transformers') =>
		runCommand(
			'kubectl',
			[
				'kustomize',
				'--enable-alpha-plugins',
				writePackage(t, {...files, 'kustomization.yaml': kustomization(field), 'check.yaml': checkConfig(image)}),
			],
			{
				env,
				timeoutMs: 5 * 60_000,
			},
		);
	const plain = await build(fixed());
	t.is(plain.status, 0, plain.stderr);
	t.regex(plain.stdout, /kind: PodMonitor/);

	for (const field of ['validators', 'transformers'] as const) {
		const failed: Outcome = await build(broken, field);
		t.not(failed.status, 0, `${field}: ${failed.stderr}`);
		t.is(failed.stdout, '');
		t.regex(
			failed.stderr,
			/prometheus-scraping: error: PodMonitor traefik\/traefik spec\.selector: `spec\.selector` matches no pod template/,
		);
		t.regex(
			failed.stderr,
			/prometheus-scraping: error: PodMonitor traefik\/traefik spec\.podMetricsEndpoints\.0\.metricRelabelings\.0\.sourceLabels: .*labeldrop, which takes no `sourceLabels`/,
		);
	}
	const validated = await build(fixed(), 'validators');
	t.not(validated.status, 0, 'kustomize#5036 is fixed: update README (Check mode) and this test');
	t.regex(validated.stderr, /validator shouldn't modify the resource map: nodes unequal/);
	t.notRegex(validated.stderr, /prometheus-scraping: error/);

	const transformed = await build(fixed(), 'transformers');
	t.is(transformed.status, 0, transformed.stderr);
	t.is(transformed.stdout, plain.stdout, 'check mode leaves the build as it is');
}

withKustomizeImage(
	'kubectl kustomize with the image in check mode: fails on the broken monitor with the problem on stderr; passes the fixed one unchanged as a transformer (kustomize refuses it as a validator)',
	async t => {
		t.timeout(imageBuildTimeout, 'scripts/build-image.sh builds the base image with debootstrap on its first run');
		const {image, env} = await builtImage();
		await assertKustomize(t, env, image);
	},
);

withKustomizePlugin(
	'kubectl kustomize with the legacy exec plugin in check mode: fails on the broken monitor with the problem on stderr; passes the fixed one unchanged as a transformer (kustomize refuses it as a validator)',
	async t => {
		const home = tempDir(t, 'validators-plugins');
		const env = {...process.env, KUSTOMIZE_PLUGIN_HOME: home};
		const install = await runCommand(join(root, 'scripts', 'install-kustomize-plugin.sh'), [], {env});
		t.is(install.status, 0, install.stderr);
		await assertKustomize(t, env);
	},
);

test("README's Check mode section shows the kustomize validator config these tests run", t => {
	t.true(checkSection.includes('transformers: [check.yaml]'), checkSection);
	t.regex(checkSection, /kustomize#5036/, 'why not validators:');
	t.true(checkSection.includes(checkConfig(exampleImage)), 'the container config');
	t.regex(checkSection, /legacy exec plugin/);
});
