import {spawnSync} from 'node:child_process';
import {join} from 'node:path';
import {parse} from 'yaml';

export const root = join(import.meta.dirname, '../..');
export const bundle = join(root, 'dist/prometheus-scraping.js');

/** The built function as kpt runs it: a child process, stdin in, stdout and stderr out. */
export function runCli(input: string | Buffer, args: string[] = []) {
	const child = spawnSync(process.execPath, [bundle, ...args], {input, encoding: 'utf8', maxBuffer: 1 << 30, timeout: 5 * 60_000});
	return {stdout: child.stdout, stderr: child.stderr, status: child.status, signal: child.signal};
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
