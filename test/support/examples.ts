/**
 * A small re-implementation of kpt's e2e harness (kptdev/kpt pkg/test/runner) for the example
 * packages in examples/: every directory there with `.expected/config.yaml` is a case.
 *
 * For each case: copy the package to a temp dir, `git init` + commit it, run kpt the way
 * `.expected/config.yaml` says (with `--results-dir`), check the exit code, commit again, and
 * compare `git diff <initial> HEAD` with `.expected/diff.patch` and kpt's results with
 * `.expected/results.yaml`. `UPDATE_EXPECTED=1` rewrites both files instead; they are reviewed
 * output, so read the new diff before committing it.
 *
 * How kpt finds the function: the examples name the image, `localhost/prometheus-scraping:<version>`
 * (Kptfile `image:`, or `image:` in an eval config), so that a package fetched with `kpt pkg get` or
 * copied anywhere works as it is. The tests run the same examples two ways: through `--exec`
 * (the copy's Kptfiles get `exec: <checkout>/bin/prometheus-scraping` instead of the image, so no
 * container runtime is needed), and with the image itself under podman. Both give the same reviewed
 * output: kpt's results name the image either way (an exec run's `exec:` entry is written back as
 * the image's), and kpt always runs in the temp directory, outside the repository.
 */
import {execFile} from 'node:child_process';
import {existsSync, readdirSync, readFileSync, statSync} from 'node:fs';
import {cp, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {promisify} from 'node:util';
import {parse, stringify} from 'yaml';
import {root} from './run-function.js';

const {version} = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {version: string};
/** The image every example names: the one scripts/build-image.sh (or `docker build`) tags. */
export const exampleImage = `localhost/prometheus-scraping:${version}`;
/** What the `--exec` runs use in place of the image. */
const execEntry = join(root, 'bin', 'prometheus-scraping');

const run = promisify(execFile);

export const examplesDir = join(root, 'examples');
/** Every example directory's name must start with the function's name (catalog rule). */
export const functionName = 'prometheus-scraping';

/** `.expected/config.yaml`: the subset of kpt's harness settings these examples use. */
export interface ExampleConfig {
	testType: 'render' | 'eval';
	/** The exit code kpt must end with. */
	exitCode: number;
	/** eval only: the function's image (the one the Kptfiles name, by default). */
	image: string;
	/** eval only: `key: value` pairs passed after `--`, in this order. */
	args: Record<string, string>;
	/** eval only: a config file in the package, passed as `--fn-config`. */
	fnConfig?: string;
	/** A regular expression kpt's stderr must match. */
	stdErrRegEx?: string;
	skip: boolean;
	/**
	 * Set when the function does not yet do what the hand-written expected files say: the test is
	 * then declared with ava's `test.failing`, and reports when it starts passing.
	 */
	knownIssue?: string;
}

const knownSettings = new Set(['testType', 'exitCode', 'image', 'args', 'fnConfig', 'stdErrRegEx', 'skip', 'knownIssue']);

/** The names of the example packages, sorted. */
export function exampleNames(): string[] {
	if (!existsSync(examplesDir)) return [];
	return readdirSync(examplesDir)
		.filter(name => statSync(join(examplesDir, name)).isDirectory() && existsSync(join(examplesDir, name, '.expected', 'config.yaml')))
		.sort();
}

export function readExampleConfig(name: string): ExampleConfig {
	const raw = (parse(readFileSync(join(examplesDir, name, '.expected', 'config.yaml'), 'utf8')) ?? {}) as Record<string, unknown>;
	const unknown = Object.keys(raw).filter(key => !knownSettings.has(key));
	if (unknown.length > 0)
		throw new Error(`${name}/.expected/config.yaml: unknown settings ${unknown.join(', ')}; known: ${[...knownSettings].join(', ')}`);
	const testType = raw.testType ?? 'render';
	if (testType !== 'render' && testType !== 'eval')
		throw new Error(`${name}/.expected/config.yaml: testType must be render or eval; got ${String(testType)}`);
	const args = Object.fromEntries(Object.entries((raw.args ?? {}) as Record<string, unknown>).map(([key, value]) => [key, String(value)]));
	if (testType === 'render' && (Object.keys(args).length > 0 || raw.fnConfig !== undefined || raw.image !== undefined)) {
		throw new Error(
			`${name}/.expected/config.yaml: args, fnConfig and image are eval settings; a render takes its pipeline from the Kptfile`,
		);
	}
	return {
		testType,
		exitCode: Number(raw.exitCode ?? 0),
		image: String(raw.image ?? exampleImage),
		args,
		fnConfig: raw.fnConfig === undefined ? undefined : String(raw.fnConfig),
		stdErrRegEx: raw.stdErrRegEx === undefined ? undefined : String(raw.stdErrRegEx),
		skip: raw.skip === true,
		knownIssue: raw.knownIssue === undefined ? undefined : String(raw.knownIssue),
	};
}

/** How a run reaches the function: the image the example names, or the checkout's exec entry. */
export type Runner = 'image' | 'exec';

/** kpt's arguments for a package at `pkg`. */
export function kptArgs(config: ExampleConfig, pkg: string, runner: Runner, resultsDir?: string): string[] {
	const results = resultsDir ? ['--results-dir', resultsDir] : [];
	if (config.testType === 'render') return ['fn', 'render', pkg, ...(runner === 'exec' ? ['--allow-exec'] : []), ...results];
	const fnConfig = config.fnConfig ? ['--fn-config', join(pkg, config.fnConfig)] : [];
	const args = Object.entries(config.args).map(([key, value]) => `${key}=${value}`);
	const fn = runner === 'exec' ? ['--exec', execEntry] : ['--image', config.image];
	return ['fn', 'eval', pkg, ...fn, ...fnConfig, ...results, ...(args.length > 0 ? ['--', ...args] : [])];
}

/**
 * The command a user types in the directory where `kpt pkg get` put the example, as its README
 * must show it. Values that need quoting for a shell are single-quoted.
 */
export function userCommand(name: string, config: ExampleConfig): string {
	return ['kpt', ...kptArgs(config, name, 'image')].map(shellWord).join(' ');
}

/** Every Kptfile of the example (subpackages too), for the exec runs to point at the checkout. */
function kptfiles(dir: string): string[] {
	return readdirSync(dir, {recursive: true, encoding: 'utf8'})
		.filter(path => path === 'Kptfile' || path.endsWith('/Kptfile'))
		.map(path => join(dir, path));
}

/** `image: <the example image>` in a Kptfile's text, as the examples write it. */
const imageLine = new RegExp(`^(\\s*-?\\s*)image: ${exampleImage.replaceAll('.', '\\.')}$`, 'gm');

function shellWord(word: string): string {
	return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

export interface ExampleRun {
	exitCode: number;
	stdout: string;
	stderr: string;
	/** `git diff <initial> HEAD` after the run, as git printed it (trimmed). */
	diff: string;
	/** kpt's results.yaml, normalised; '' when kpt wrote none. */
	results: string;
	/** `git status --porcelain` after running kpt a second time on the result (only when the first run succeeded). */
	secondRunChanges?: string;
	/** The first run's kpt command line, for failure messages. */
	command: string;
}

/** git with the user's and system's configuration shut out, so diffs look the same everywhere. */
function git(cwd: string, args: string[]) {
	return run(
		'git',
		[
			'-c',
			'user.name=examples',
			'-c',
			'user.email=examples@example.com',
			'-c',
			'commit.gpgsign=false',
			'-c',
			'core.autocrlf=false',
			...args,
		],
		{
			cwd,
			env: {...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0'},
			maxBuffer: 1 << 26,
		},
	);
}

async function runKpt(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{exitCode: number; stdout: string; stderr: string}> {
	try {
		const {stdout, stderr} = await run('kpt', args, {cwd, env, maxBuffer: 1 << 26, timeout: 5 * 60_000});
		return {exitCode: 0, stdout, stderr};
	} catch (error) {
		const failed = error as {code?: number | string; stdout?: string; stderr?: string};
		if (typeof failed.code !== 'number') throw error;
		return {exitCode: failed.code, stdout: failed.stdout ?? '', stderr: failed.stderr ?? ''};
	}
}

/**
 * Runs one example in a temp copy, the way kpt's harness does; the copy is removed afterwards.
 * `env` is kpt's environment (the image runs need KPT_FN_RUNTIME and CONTAINERS_CONF).
 */
export async function runExample(
	name: string,
	config: ExampleConfig,
	runner: Runner,
	env: NodeJS.ProcessEnv = process.env,
): Promise<ExampleRun> {
	const work = await mkdtemp(join(tmpdir(), `${name}-`));
	const pkg = join(work, name);
	const resultsDir = join(work, 'results');
	const kpt = (args: string[]) => runKpt(args, work, env);
	try {
		await cp(join(examplesDir, name), pkg, {recursive: true});
		if (runner === 'exec') {
			for (const kptfile of kptfiles(pkg)) {
				const text = await readFile(kptfile, 'utf8');
				await writeFile(kptfile, text.replace(imageLine, `$1exec: ${execEntry}`));
			}
		}
		await git(pkg, ['init', '--quiet', '--initial-branch=main']);
		await git(pkg, ['add', '--all']);
		await git(pkg, ['commit', '--quiet', '--no-verify', '-m', 'initial']);
		const initial = (await git(pkg, ['rev-parse', 'HEAD'])).stdout.trim();

		const args = kptArgs(config, pkg, runner, resultsDir);
		const first = await kpt(args);
		await git(pkg, ['add', '--all']);
		await git(pkg, ['commit', '--quiet', '--no-verify', '--allow-empty', '-m', 'after kpt']);
		const diff = (await git(pkg, ['diff', '--no-color', '--no-ext-diff', initial, 'HEAD'])).stdout;
		const resultsFile = join(resultsDir, 'results.yaml');
		const results = existsSync(resultsFile) ? await readFile(resultsFile, 'utf8') : '';

		let secondRunChanges: string | undefined;
		if (first.exitCode === 0) {
			const second = await kpt(kptArgs(config, pkg, runner));
			if (second.exitCode !== 0)
				throw new Error(`the second kpt run on ${name}'s output failed (exit ${second.exitCode}):\n${second.stderr}`);
			secondRunChanges = (await git(pkg, ['status', '--porcelain'])).stdout;
		}
		const placeholders = (text: string) =>
			text
				.replaceAll(resultsDir, '<results-dir>')
				.replaceAll(pkg, '<package>')
				.replaceAll(`exec: ${execEntry}`, `image: ${config.image}`)
				.replaceAll(root, '<repo>');
		return {
			exitCode: first.exitCode,
			stdout: placeholders(first.stdout),
			stderr: placeholders(first.stderr),
			diff: diff.trim(),
			results: normalizeResults(placeholders(results)),
			secondRunChanges,
			command: `kpt ${args.map(shellWord).join(' ')}`,
		};
	} finally {
		await rm(work, {recursive: true, force: true});
	}
}

/**
 * A diff for comparison: `index <hash>..<hash>` lines dropped (abbreviation lengths differ between
 * git versions and repositories; the body shows any content change anyway), whitespace trimmed at
 * both ends, as kpt's harness does.
 */
export function normalizeDiff(text: string): string {
	return text
		.replace(/\r\n/g, '\n')
		.split('\n')
		.filter(line => !/^index [0-9a-f]+\.\.[0-9a-f]+( \d+)?$/.test(line))
		.join('\n')
		.trim();
}

/**
 * kpt's results, laid out the same whichever way kpt wrote them; temp paths are already
 * placeholders. kpt keeps an exec function's stderr as written and trims a container's final
 * newline, which also changes how it quotes a one-line stderr: the newline is put back.
 */
export function normalizeResults(text: string): string {
	const results = parse(text.replace(/\r\n/g, '\n')) as {items?: Array<{stderr?: unknown}>} | null;
	if (!results) return '';
	for (const item of results.items ?? []) if (typeof item.stderr === 'string') item.stderr = item.stderr.replace(/\n?$/, '\n');
	return stringify(results, {lineWidth: 0}).trim();
}

export function expectedFile(name: string, file: 'diff.patch' | 'results.yaml'): string {
	return join(examplesDir, name, '.expected', file);
}

export function readExpected(name: string, file: 'diff.patch' | 'results.yaml'): string | undefined {
	const path = expectedFile(name, file);
	return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

/** Writes what a run produced as the example's expected files (UPDATE_EXPECTED=1). */
export async function writeExpected(name: string, outcome: {diff: string; results: string}): Promise<void> {
	await writeFile(expectedFile(name, 'diff.patch'), outcome.diff === '' ? '' : `${outcome.diff}\n`);
	await writeFile(expectedFile(name, 'results.yaml'), outcome.results === '' ? '' : `${outcome.results}\n`);
}
