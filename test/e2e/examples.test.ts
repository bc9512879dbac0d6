/**
 * The example packages in examples/ are kpt-catalog style e2e cases (test/support/examples.ts):
 * each runs with the real kpt in a temp git repository, and must give exactly its reviewed
 * `.expected/diff.patch` and `.expected/results.yaml`, with the exit code in `.expected/config.yaml`.
 * A successful run must also be idempotent: kpt again on the result changes nothing.
 *
 * Each example runs twice: through `--exec` (the checkout's bin/, no container runtime needed), and
 * with the image it names, under podman, in a copy outside the repository, as a user who fetched it
 * would. Both must give the same reviewed output.
 *
 * UPDATE_EXPECTED=1 rewrites the expected files; read every changed diff.patch before committing.
 */
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import test from 'ava';
import {parse} from 'yaml';
import {
	exampleImage,
	exampleNames,
	examplesDir,
	functionName,
	normalizeDiff,
	normalizeResults,
	readExampleConfig,
	readExpected,
	runExample,
	type Runner,
	userCommand,
	writeExpected,
} from '../support/examples.js';
import {bundle, root} from '../support/run-function.js';
import {builtImage, imageBuildTimeout} from '../support/image.js';
import {e2eTest} from '../support/tools.js';

const e2e = e2eTest(['kpt', 'git'], 'kpt 1.0.0-beta.56 runs each example package as the catalog harness does');
const withImage = e2eTest(
	['kpt', 'git', 'podman', 'debootstrap'],
	'kpt runs the image the examples name with podman; scripts/install-container-tools.sh',
);
const update = process.env.UPDATE_EXPECTED === '1';
const names = exampleNames();

// bin/prometheus-scraping builds a missing bundle itself; with the examples running in parallel
// that would be several builds at once, so insist on one made beforehand (when kpt runs at all).
if (e2e === test) {
	test.before(() => {
		if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run \`npm run build\` first`);
	});
}

test('there are example packages, named after the function, each a complete catalog example', t => {
	t.true(names.length >= 10, `examples found: ${names.join(', ')}`);
	for (const name of names) {
		const dir = join(examplesDir, name);
		t.true(name.startsWith(`${functionName}-`), `${name} starts with ${functionName}-`);
		for (const file of ['README.md', 'Kptfile', '.krmignore', '.expected/config.yaml', '.expected/diff.patch', '.expected/results.yaml']) {
			t.true(existsSync(join(dir, file)), `${name}/${file} exists`);
		}
		t.true(
			readFileSync(join(dir, '.krmignore'), 'utf8').split('\n').includes('.expected'),
			`${name}/.krmignore keeps .expected out of the package`,
		);
		const config = readExampleConfig(name);
		const readme = readFileSync(join(dir, 'README.md'), 'utf8');
		t.true(readme.includes(userCommand(name, config)), `${name}/README.md shows the command the test runs: ${userCommand(name, config)}`);
		t.notRegex(readme, /kpt fn run |kpt cfg |kpt pkg cat /, `${name}/README.md uses no removed kpt command`);
		t.notRegex(
			readme,
			/bin\/prometheus-scraping|--allow-exec/,
			`${name}/README.md runs the image, which works once the package is fetched`,
		);
	}
});

test('every Kptfile in the examples names the image of this version, and nothing runs through exec:', t => {
	const kptfiles = readdirSync(examplesDir, {recursive: true, encoding: 'utf8'}).filter(path => path.endsWith('Kptfile'));
	t.true(kptfiles.length >= names.length);
	for (const path of kptfiles) {
		const kptfile = parse(readFileSync(join(examplesDir, path), 'utf8')) as {
			pipeline?: Record<string, Array<{image?: string; exec?: string}>>;
		};
		for (const fn of Object.values(kptfile.pipeline ?? {}).flat()) {
			t.is(fn.image, exampleImage, `${path}: ${JSON.stringify(fn)}`);
			t.is(fn.exec, undefined, `${path}: no exec:`);
		}
	}
});

test('metadata.yaml lists every example package', t => {
	const metadata = parse(readFileSync(join(root, 'metadata.yaml'), 'utf8')) as {examplePackageURLs: string[]};
	const listed = metadata.examplePackageURLs.map(url => url.split('/').pop());
	t.deepEqual([...listed].sort(), names);
});

for (const name of names) {
	const config = readExampleConfig(name);
	for (const [runner, kind] of [
		['exec', e2e],
		['image', withImage],
	] as Array<[Runner, typeof e2e]>) {
		// A known issue runs as test.failing, unless e2e tests are skipped (or fail) for a missing tool.
		const declare = config.skip ? test.skip : config.knownIssue !== undefined && kind === test ? test.failing : kind;
		declare(`example ${name}${runner === 'image' ? ', fetched: with its image, outside the repository' : ''}`, async t => {
			if (config.knownIssue !== undefined) t.log(`known issue: ${config.knownIssue}`);
			let env = process.env;
			if (runner === 'image') {
				t.timeout(imageBuildTimeout, 'the image is built on first use');
				({env} = await builtImage());
			}
			const outcome = await runExample(name, config, runner, env);
			const context = `${outcome.command}\nexit ${outcome.exitCode}\nstderr:\n${outcome.stderr}`;
			t.is(outcome.exitCode, config.exitCode, context);
			if (config.stdErrRegEx !== undefined) t.regex(outcome.stderr, new RegExp(config.stdErrRegEx), context);

			if (update && runner === 'exec' && config.knownIssue === undefined) {
				await writeExpected(name, outcome);
				t.log(`UPDATE_EXPECTED=1: wrote ${name}/.expected/diff.patch and results.yaml; review them`);
			}
			t.is(normalizeDiff(outcome.diff), normalizeDiff(readExpected(name, 'diff.patch') ?? ''), `git diff after ${outcome.command}`);
			t.is(outcome.results, normalizeResults(readExpected(name, 'results.yaml') ?? ''), `results.yaml of ${outcome.command}`);
			if (outcome.secondRunChanges !== undefined) t.is(outcome.secondRunChanges, '', 'a second run on the result changes nothing');
		});
	}
}
