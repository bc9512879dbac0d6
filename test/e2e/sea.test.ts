/**
 * The standalone executable (scripts/build-sea.sh), run where there is no Node: as a kustomize
 * legacy exec plugin (the Argo CD repo-server recipe) and under `kpt fn eval --exec`, each with a
 * PATH that holds kubectl or kpt and nothing else, so no `node` can be found.
 *
 * The executable is built once, in a fresh copy of the checkout, so that the build cannot rewrite
 * dist/ under the other test files while they run it.
 */
import {execFileSync} from 'node:child_process';
import {readFileSync, symlinkSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import test, {type ExecutionContext} from 'ava';
import {parse, parseAllDocuments} from 'yaml';
import {expectedPodAnnotations, freshCopy, runCommand, shown, smallPackage, tempDir} from '../support/command.js';
import {root} from '../support/run-function.js';
import {e2eTest} from '../support/tools.js';

const e2e = e2eTest(['kpt', 'kubectl', 'git'], 'kpt and kubectl run the executable');

let executable: string | undefined;

if (e2e === test) {
	// Hooks have no t.teardown: what the build leaves is removed after the last test.
	const cleanups: Array<() => void> = [];
	const scope = {teardown: (cleanup: () => void) => cleanups.push(cleanup)};
	test.after.always(() => cleanups.forEach(cleanup => cleanup()));
	test.before(async t => {
		t.timeout(10 * 60_000, 'scripts/build-sea.sh builds the bundle and copies Node');
		const clone = freshCopy(scope, {nodeModules: true});
		const out = join(tempDir(scope, 'sea'), 'prometheus-scraping');
		const build = await runCommand(join(clone, 'scripts', 'build-sea.sh'), [], {cwd: clone, env: {...process.env, OUT: out}});
		if (build.status !== 0) throw new Error(shown('scripts/build-sea.sh', build));
		executable = build.stdout.trim().split('\n').pop();
	});
}

/** A PATH of one directory with only `tools` in it: no node, no npm. */
function pathWith(t: ExecutionContext, tools: string[]): NodeJS.ProcessEnv {
	const bin = tempDir(t, 'path');
	for (const tool of tools) {
		symlinkSync(execFileSync('sh', ['-c', 'command -v "$1"', 'sh', tool], {encoding: 'utf8'}).trim(), join(bin, tool));
	}
	return {...process.env, PATH: bin};
}

e2e('with no node on PATH, the executable runs and reports its version', async t => {
	const env = pathWith(t, []);
	t.not((await runCommand('/bin/sh', ['-c', 'command -v node'], {env})).status, 0, 'node is not on this PATH');
	const run = await runCommand(executable!, ['--version'], {env});
	const {version} = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {version: string};
	t.is(run.stdout, `prometheus-scraping ${version}\n`, shown('--version', run));
	t.is(run.stderr, '', 'no experimental-feature warning');
});

e2e('as a kustomize legacy exec plugin, with no node on PATH: kubectl kustomize annotates the Deployment', async t => {
	const home = tempDir(t, 'plugins');
	const install = await runCommand(join(root, 'scripts', 'install-kustomize-plugin.sh'), [executable!], {
		env: {...process.env, KUSTOMIZE_PLUGIN_HOME: home},
	});
	t.is(install.status, 0, shown('install-kustomize-plugin.sh', install));
	const dir = smallPackage(t);
	writeFileSync(join(dir, 'kustomization.yaml'), 'resources: [deployment.yaml]\ntransformers: [scraping.yaml]\n');
	writeFileSync(
		join(dir, 'scraping.yaml'),
		'apiVersion: fn.kpt.dev/v1alpha1\nkind: PrometheusScraping\nmetadata:\n  name: shop\nspec:\n  port: metrics\n',
	);
	const env = {...pathWith(t, ['kubectl']), KUSTOMIZE_PLUGIN_HOME: home};
	const build = await runCommand('kubectl', ['kustomize', '--enable-alpha-plugins', dir], {env});
	t.is(build.status, 0, shown('kubectl kustomize', build));
	const [deployment] = parseAllDocuments(build.stdout).map(doc => doc.toJS());
	t.deepEqual(deployment.spec.template.metadata.annotations, expectedPodAnnotations);
});

e2e('under kpt fn eval --exec, with no node on PATH: the pod template is annotated and comments kept', async t => {
	const pkg = smallPackage(t);
	const run = await runCommand('kpt', ['fn', 'eval', pkg, '--exec', executable!, '--', 'port=metrics'], {
		cwd: pkg,
		env: pathWith(t, ['kpt', 'git']),
	});
	t.is(run.status, 0, shown('kpt fn eval --exec', run));
	const written = readFileSync(join(pkg, 'deployment.yaml'), 'utf8');
	t.true(written.startsWith('# The storefront. This comment must survive.\n'), written);
	t.deepEqual(parse(written).spec.template.metadata.annotations, expectedPodAnnotations);
});
