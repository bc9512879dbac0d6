/**
 * The npm package as a user gets it: `npm pack` on a fresh clone (no dist/) must build the bundle
 * itself (prepack) and ship it with LICENSE and CHANGELOG.md; installing the tarball into a
 * prefix must give a working `prometheus-scraping` command, which kpt runs with `--exec`; and a
 * TypeScript project that installs it must compile against its types (strict, with the shipped
 * declarations checked too) and run, as an ES module and as CommonJS.
 */
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {readdir} from 'node:fs/promises';
import {join} from 'node:path';
import {parse} from 'yaml';
import {expectedPodAnnotations, freshCopy, runCommand, shown, smallPackage, tempDir} from '../support/command.js';
import {root} from '../support/run-function.js';
import {e2eTest} from '../support/tools.js';

const e2e = e2eTest(['kpt', 'npm', 'git', 'tar'], 'npm packs and installs the package; kpt runs the installed command');
const {version} = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {version: string};

e2e('npm pack on a fresh clone builds and ships the bundle; the installed command runs under kpt fn eval --exec', async t => {
	t.timeout(10 * 60_000, 'npm pack builds the bundle');
	const clone = freshCopy(t, {nodeModules: true});
	const work = tempDir(t, 'npm');

	const pack = await runCommand('npm', ['pack', '--pack-destination', work, '--no-audit', '--no-fund'], {cwd: clone});
	t.is(pack.status, 0, shown('npm pack', pack));
	const [tarball, ...others] = (await readdir(work)).filter(name => name.endsWith('.tgz'));
	t.is(tarball, `prometheus-scraping-${version}.tgz`);
	t.deepEqual(others, []);

	const listing = await runCommand('tar', ['-tzf', join(work, tarball!)]);
	const files = listing.stdout
		.split('\n')
		.filter(Boolean)
		.map(name => name.replace(/^package\//, ''));
	for (const file of [
		'package.json',
		'dist/prometheus-scraping.js',
		'dist/api.mjs',
		'dist/api.cjs',
		'dist/api.d.ts',
		'dist/api.d.mts',
		'dist/kpt-functions.mjs',
		'dist/kpt-functions.cjs',
		'dist/kpt-functions.d.ts',
		'dist/kpt-functions.d.mts',
		'LICENSE',
		'CHANGELOG.md',
		'README.md',
		'schemas/prometheus-scraping.schema.json',
	]) {
		t.true(files.includes(file), `the tarball ships ${file}: ${files.join(', ')}`);
	}
	t.deepEqual(
		files.filter(file => /^(src|test|scripts|examples|testdata|node_modules)\//.test(file)),
		[],
		'no sources, tests or build scripts',
	);

	// --offline: the bundle carries its dependencies, so installing fetches nothing.
	const prefix = join(work, 'prefix');
	const install = await runCommand('npm', [
		'install',
		'--global',
		'--prefix',
		prefix,
		'--offline',
		'--no-audit',
		'--no-fund',
		join(work, tarball!),
	]);
	t.is(install.status, 0, shown('npm install --global --prefix', install));
	const command = join(prefix, 'bin', 'prometheus-scraping');

	const versionRun = await runCommand(command, ['--version']);
	t.is(versionRun.stdout, `prometheus-scraping ${version}\n`, shown('--version', versionRun));

	const pkg = smallPackage(t);
	const kpt = await runCommand('kpt', ['fn', 'eval', pkg, '--exec', command, '--', 'port=metrics'], {cwd: pkg});
	t.is(kpt.status, 0, shown('kpt fn eval --exec', kpt));
	const written = readFileSync(join(pkg, 'deployment.yaml'), 'utf8');
	t.true(written.startsWith('# The storefront. This comment must survive.\n'), written);
	t.deepEqual(parse(written).spec.template.metadata.annotations, expectedPodAnnotations);

	// The API, from a project that installs the tarball as a dependency.
	const project = join(work, 'consumer');
	writeProject(project);
	const dependency = await runCommand('npm', ['install', '--offline', '--no-audit', '--no-fund', join(work, tarball!)], {cwd: project});
	t.is(dependency.status, 0, shown('npm install <tarball>', dependency));
	const compiled = await runCommand(process.execPath, [tsc, '-p', project]);
	t.is(compiled.status, 0, shown('tsc on the consumer', compiled));
	for (const file of ['consumer.mjs', 'consumer.cjs']) {
		const ran = await runCommand(process.execPath, [join(project, 'out', file)], {cwd: project});
		t.is(ran.status, 0, shown(file, ran));
		t.deepEqual(JSON.parse(ran.stdout), consumerSays, file);
	}

	// The types are the config's own: a wrong type or a misspelt setting does not compile.
	for (const [wrong, error] of [
		['port: true', /consumer\.mts.*error TS2322: Type 'true' is not assignable to type 'string \| number \| undefined'/],
		["portt: 'metrics'", /consumer\.mts.*error TS2561: .*'portt' does not exist in type 'PrometheusScrapingSpec'/],
	] as const) {
		writeFileSync(join(project, 'consumer.mts'), consumer.replace("port: 'metrics'", wrong));
		const refused = await runCommand(process.execPath, [tsc, '-p', project]);
		t.is(refused.status, 2, shown(`tsc on a config with ${wrong}`, refused));
		t.regex(refused.stdout, error);
	}
});

const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');

/**
 * A consumer of the API: a typed config, a run on a Deployment, the results read by their types.
 * A name regex in the selector makes the ES module load re2js, which the bundle must carry.
 */
const consumer = `import {transform, type Outcome, type PrometheusScraping, type Result} from 'prometheus-scraping';

const config: PrometheusScraping = {
	apiVersion: 'fn.kpt.dev/v1alpha1',
	kind: 'PrometheusScraping',
	metadata: {name: 'shop'},
	spec: {operatorMode: true, port: 'metrics', selector: {name: 'web|api'}},
};
const deployment = {
	apiVersion: 'apps/v1',
	kind: 'Deployment',
	metadata: {name: 'web', namespace: 'shop'},
	spec: {
		selector: {matchLabels: {app: 'web'}},
		template: {metadata: {labels: {app: 'web'}}, spec: {containers: [{name: 'web', ports: [{name: 'metrics', containerPort: 9090}]}]}},
	},
};
const outcome: Outcome = transform(JSON.stringify({apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: [deployment], functionConfig: config}));
const errors: Result[] = outcome.results.filter(result => result.severity === 'error');
const items = (JSON.parse(outcome.output ?? '{}') as {items: {kind: string; metadata: {name: string}}[]}).items;
console.log(JSON.stringify({exitCode: outcome.exitCode, errors, items: items.map(item => \`\${item.kind} \${item.metadata.name}\`)}));
`;

const consumerSays = {exitCode: 0, errors: [], items: ['Deployment web', 'PodMonitor web-pod-monitor']};

/** The consumer as an ES module and as CommonJS, compiled strictly, declaration files included. */
function writeProject(dir: string): void {
	mkdirSync(dir, {recursive: true});
	writeFileSync(join(dir, 'package.json'), JSON.stringify({name: 'consumer', private: true, type: 'module'}));
	writeFileSync(join(dir, 'consumer.mts'), consumer);
	writeFileSync(join(dir, 'consumer.cts'), consumer);
	writeFileSync(
		join(dir, 'tsconfig.json'),
		JSON.stringify({
			compilerOptions: {
				strict: true,
				exactOptionalPropertyTypes: true,
				noUncheckedIndexedAccess: true,
				skipLibCheck: false,
				module: 'nodenext',
				moduleResolution: 'nodenext',
				target: 'es2022',
				outDir: 'out',
				typeRoots: [join(root, 'node_modules', '@types')],
				types: ['node'],
			},
			files: ['consumer.mts', 'consumer.cts'],
		}),
	);
}
