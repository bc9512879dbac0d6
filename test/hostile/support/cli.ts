import {spawn} from 'node:child_process';
import {join} from 'node:path';
import type {ExecutionContext} from 'ava';
import {parse, parseDocument} from 'yaml';
import {readSafely} from '../../../src/krm/read-safe.js';
import {transform, type Outcome} from '../../../src/run.js';
import {mergeMetricsAnnotation} from '../../../src/scrape/istio.js';
import {ownerAnnotation, replacedAnnotation, scrapeAnnotationKeys} from '../../../src/scrape/ownership.js';

const root = join(import.meta.dirname, '../../..');
export const bundle = join(root, 'dist/prometheus-scraping.js');
const reportRss = join(import.meta.dirname, 'report-rss.cjs');

export interface CliRun {
	status: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
	/** Wall time, ms. */
	ms: number;
	/** Peak resident set size of the function's process, KB. */
	maxRssKb: number;
}

/** The built function as kpt runs it: a child process, the input on stdin. */
export function runCli(
	input: string | Buffer,
	options: {timeoutMs?: number; closeStdout?: boolean; args?: readonly string[]} = {},
): Promise<CliRun> {
	return new Promise((resolve, reject) => {
		const started = performance.now();
		const child = spawn(process.execPath, ['--require', reportRss, bundle, ...(options.args ?? [])], {
			stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
			// A hang guard, not a speed limit: a busy machine may run any case many times slower.
			timeout: options.timeoutMs ?? 5 * 60_000,
		});
		const out: Buffer[] = [];
		const err: Buffer[] = [];
		const rss: Buffer[] = [];
		if (options.closeStdout) child.stdout.destroy();
		else child.stdout.on('data', chunk => out.push(chunk));
		child.stderr.on('data', chunk => err.push(chunk));
		(child.stdio[3] as NodeJS.ReadableStream).on('data', chunk => rss.push(chunk as Buffer));
		child.on('error', reject);
		// The function may refuse the input before reading it all; that is not the test's failure.
		child.stdin.on('error', () => {});
		child.on('close', (status, signal) =>
			resolve({
				status,
				signal,
				stdout: Buffer.concat(out).toString('utf8'),
				stderr: Buffer.concat(err).toString('utf8'),
				ms: performance.now() - started,
				maxRssKb: Number(Buffer.concat(rss).toString() || 0),
			}),
		);
		child.stdin.end(input);
	});
}

const stderrLine = /^prometheus-scraping: (error|warning): \S.*$/;

/**
 * The rules every run obeys, whatever the input: exit 0 or 1 and never a signal, no stack trace,
 * each stderr line one message of the function's own, an error line for exit 1.
 */
export function assertCliRules(t: ExecutionContext, run: CliRun): void {
	t.is(run.signal, null, `killed by ${run.signal}; stderr: ${run.stderr.slice(0, 500)}`);
	t.true(run.status === 0 || run.status === 1, `exit code ${run.status}; stderr: ${run.stderr.slice(0, 500)}`);
	t.notRegex(run.stderr, /^\s+at /m, 'a stack trace on stderr');
	t.notRegex(run.stderr, /node:internal|Error: |\n\s*\^/, 'a Node.js error report on stderr');
	const lines = run.stderr.split('\n').filter(line => line !== '');
	for (const line of lines) {
		t.regex(line, stderrLine, 'every stderr line is one message of the function');
		t.true(line.length <= 2000, `a stderr line of ${line.length} characters is not a clear message`);
	}
	if (run.status === 1)
		t.true(
			lines.some(line => line.startsWith('prometheus-scraping: error: ')),
			'exit 1 says why on stderr',
		);
	else
		t.false(
			lines.some(line => line.startsWith('prometheus-scraping: error: ')),
			'an error on stderr but exit 0',
		);
}

export interface OutputList {
	apiVersion: string;
	kind: string;
	items: unknown[];
	results?: Array<{message: string; severity: string; field?: {path: string}}>;
}

/**
 * For an input that was a ResourceList: stdout is one (parsed, not just printed), every input
 * item is in it, and every stderr line is also a result of the same severity.
 */
export function assertListOut(t: ExecutionContext, run: CliRun, input: string, itemsKept = true): OutputList {
	const doc = parseDocument(run.stdout, {uniqueKeys: false});
	t.deepEqual(
		doc.errors.map(error => error.message),
		[],
		'stdout is YAML',
	);
	const list = doc.toJS({maxAliasCount: -1}) as OutputList;
	t.is(list?.apiVersion, 'config.kubernetes.io/v1');
	t.is(list?.kind, 'ResourceList');
	const inputItems = (parse(input.replace(/^\uFEFF/, ''), {uniqueKeys: false, maxAliasCount: -1}).items ?? []) as unknown[];
	if (itemsKept) assertItemsKept(t, inputItems, list.items ?? []);
	else t.true((list.items ?? []).length >= inputItems.length, 'no item is lost');
	const lines = run.stderr.split('\n').filter(line => line !== '');
	const results = (list.results ?? []).filter(result => result.severity !== 'info');
	t.is(results.length, lines.length, 'each stderr line is a result too');
	for (const [i, line] of lines.entries())
		t.true(line.startsWith(`prometheus-scraping: ${results[i]?.severity}: `), `stderr line ${i + 1} is result ${i + 1}`);
	return list;
}

/** The annotations the function owns on a scraped object; whatever else differs is a loss. */
/** Every annotation the function may write on an object it scrapes, from the source itself. */
export const ownedAnnotationKeys: readonly string[] = [
	...scrapeAnnotationKeys,
	ownerAnnotation,
	replacedAnnotation,
	mergeMetricsAnnotation,
];

/**
 * `value` without the annotations the function owns, and without empty maps (in the input as in
 * the output), since the function creates the maps on the way to where its annotations go.
 */
export function withoutOwned(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(withoutOwned);
	if (value === null || typeof value !== 'object') return value;
	const out: Record<string, unknown> = {};
	for (const [key, inner] of Object.entries(value)) {
		let kept = withoutOwned(inner);
		if (key === 'annotations' && isMap(kept))
			kept = Object.fromEntries(Object.entries(kept).filter(([name]) => !ownedAnnotationKeys.includes(name)));
		if (isMap(kept) && Object.keys(kept).length === 0) continue;
		// `metadata: null` and the like hold no map yet; the function writes one in their place.
		if (kept === null && ['metadata', 'annotations', 'spec', 'template', 'jobTemplate'].includes(key)) continue;
		// A key such as __proto__ stays data.
		Object.defineProperty(out, key, {value: kept, enumerable: true, writable: true, configurable: true});
	}
	return out;
}

const isMap = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Every input item is in the output, in order, changed at most in the annotations the function owns. */
export function assertItemsKept(t: ExecutionContext, inputItems: unknown[], outputItems: unknown[]): void {
	t.true(outputItems.length >= inputItems.length, `${inputItems.length} items in, ${outputItems.length} out`);
	for (const [i, item] of inputItems.entries()) t.deepEqual(withoutOwned(outputItems[i]), withoutOwned(item), `item ${i} is kept`);
}

/** transform() in this process: it never throws, and exits 1 exactly when a result is an error. */
export function runInProcess(t: ExecutionContext, input: string): Outcome {
	let outcome: Outcome | undefined;
	// A stack overflow's trace must reach down to the function's own frames, below the recursion.
	const limit = Error.stackTraceLimit;
	Error.stackTraceLimit = Infinity;
	try {
		outcome = transform(input);
	} catch (error) {
		// Where in the function it came from: the frames outside the libraries.
		const stack = (error as Error).stack ?? String(error);
		t.fail(
			`transform() throws ${stack.split('\n')[0]}\n${stack
				.split('\n')
				.filter(line => line.includes('/src/'))
				.join('\n')}`,
		);
		return {results: [], exitCode: 1};
	} finally {
		Error.stackTraceLimit = limit;
	}
	t.true(outcome.exitCode === 0 || outcome.exitCode === 1);
	t.is(
		outcome.results.some(result => result.severity === 'error'),
		outcome.exitCode === 1,
		'exit 1 exactly when some result is an error',
	);
	return outcome;
}

/** The safe reader's outcome, for comparing with the default (fast where it can be) one. */
export function safeOutcome(input: string): Outcome {
	return transform(input, readSafely);
}
