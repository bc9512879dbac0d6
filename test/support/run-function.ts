import {spawnSync} from 'node:child_process';
import {join} from 'node:path';
import type {ExecutionContext} from 'ava';
import {parse} from 'yaml';

export const root = join(import.meta.dirname, '../..');
export const bundle = join(root, 'dist/prometheus-scraping.js');

/** The built function as kpt runs it: a child process, stdin in, stdout and stderr out. */
export function runCli(input: string | Buffer, args: string[] = []) {
	const child = spawnSync(process.execPath, [bundle, ...args], {input, encoding: 'utf8', maxBuffer: 1 << 30, timeout: 5 * 60_000});
	return {stdout: child.stdout, stderr: child.stderr, status: child.status, signal: child.signal};
}

/**
 * The function run on `input` in a child with `preload` (a file's path) loaded first, by the command
 * line (`'cli'`) or by a program that calls the API (`'api'`): for what a process-wide setting the
 * command line makes, and the API must not, leaves behind. Its stderr, once it has succeeded.
 */
export function runWithPreload(t: ExecutionContext, preload: string, via: 'cli' | 'api', input: string): string {
	const api = `const {transform} = require(${JSON.stringify(join(root, 'dist/api.cjs'))});
const outcome = transform(require('node:fs').readFileSync(0, 'utf8'));
if (outcome.exitCode !== 0) throw new Error(JSON.stringify(outcome.results));
`;
	// A hang guard only, in minutes.
	const child = spawnSync(process.execPath, ['-r', preload, ...(via === 'cli' ? [bundle] : ['-e', api])], {
		input,
		encoding: 'utf8',
		maxBuffer: 1 << 28,
		timeout: 10 * 60_000,
	});
	t.is(child.status, 0, child.stderr.slice(0, 500));
	return child.stderr;
}

/** `text` as a ResourceList with `config` (a YAML document's text) as its functionConfig. */
export function withConfig(text: string, config: string | undefined): string {
	if (config === undefined) return text;
	const indented = config
		.trimEnd()
		.split('\n')
		.map(line => (line ? `  ${line}` : line))
		.join('\n');
	return `${text.trimEnd()}\nfunctionConfig:\n${indented}\n`;
}

export interface OutputList {
	items: Array<Record<string, any>>;
	results?: Array<{message: string; severity: string; field?: {path: string}; resourceRef?: Record<string, string>}>;
}

export function parseList(text: string): OutputList {
	return parse(text) as OutputList;
}
