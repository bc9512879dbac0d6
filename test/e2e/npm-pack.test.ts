/**
 * The npm package as a user gets it: `npm pack` on a fresh clone (no dist/) must build the bundle
 * itself (prepack) and ship it with LICENSE and CHANGELOG.md; installing the tarball into a
 * prefix must give a working `prometheus-scraping` command, which kpt runs with `--exec`.
 */
import {readFileSync} from 'node:fs';
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
});
