import {fstatSync, readSync, writeSync} from 'node:fs';
import {usage} from './generated/usage.js';
import {version} from './generated/version.js';
import {legacyConfigPath, unwrapItems, wrapStream} from './krm/legacy-plugin.js';
import {oneLine} from './krm/quote-text.js';
import {stderrLine} from './krm/results.js';
import {limitInlining} from './krm/inlining.js';
import {limitYoungGeneration} from './krm/young-generation.js';
import {transform} from './run.js';

/**
 * The entry point kpt, kustomize and a shell call: a ResourceList on stdin, a ResourceList on
 * stdout with the results in it, exit 1 on any error. Each error and warning is also a line on
 * stderr, where kustomize and a shell show them, except under kpt: kpt shows the results and the
 * stderr both, so there a line would say each thing twice. Nothing here prints a stack trace: an
 * unexpected failure is one line, and still exit 1.
 */
async function main(): Promise<number> {
	const args = process.argv.slice(2);
	if (args.includes('--help') || args.includes('-h')) {
		write(1, usage);
		return 0;
	}
	if (args.includes('--version')) {
		write(1, `prometheus-scraping ${version}\n`);
		return 0;
	}
	limitInlining();
	const input = await readStdin();
	if (input === undefined) {
		write(2, 'prometheus-scraping: error: the input is not valid UTF-8; a ResourceList must be UTF-8 YAML or JSON\n');
		return 1;
	}
	limitYoungGeneration();
	const configPath = legacyConfigPath(args);
	const outcome = transform(configPath ? wrapStream(input, configPath) : input);
	if (configPath !== undefined || !outcome.kpt) {
		for (const result of outcome.results) {
			if (result.severity !== 'info') write(2, stderrLine(result) + '\n');
		}
	}
	if (configPath) {
		if (outcome.exitCode === 0 && outcome.output !== undefined) write(1, unwrapItems(outcome.output));
	} else if (outcome.output !== undefined) {
		write(1, outcome.output);
	}
	return outcome.exitCode;
}

/** All of stdin as UTF-8 text, or undefined when it is not UTF-8. */
async function readStdin(): Promise<string | undefined> {
	const bytes = await stdinBytes();
	try {
		return new TextDecoder('utf-8', {fatal: true}).decode(bytes);
	} catch {
		return undefined;
	}
}

/**
 * Read in blocking calls: that spares every run Node's stream machinery, a good part of start-up
 * for a small package. Where stdin is non-blocking, a call fails (EAGAIN) once the writer has not
 * caught up; what was read stays, and the rest is read as a stream.
 */
async function stdinBytes(): Promise<Buffer> {
	let buffer: Buffer = Buffer.alloc(0);
	let length = 0;
	try {
		// A file's size is known: one read, into a buffer of that size (and one more byte, for the end).
		buffer = Buffer.allocUnsafe(Math.max(fstatSync(0).size + 1, 1 << 16));
		for (;;) {
			if (length === buffer.length) {
				const larger = Buffer.allocUnsafe(buffer.length * 2);
				buffer.copy(larger, 0, 0, length);
				buffer = larger;
			}
			const read = readSync(0, buffer, length, buffer.length - length, null);
			if (read === 0) return buffer.subarray(0, length);
			length += read;
		}
	} catch (error) {
		const {code} = error as NodeJS.ErrnoException;
		if (code === 'EISDIR') throw new Error('cannot read the input: stdin is a directory; give a ResourceList on stdin');
		if (code !== 'EAGAIN') throw new Error(`cannot read the input from stdin: ${(error as Error).message}`);
		const chunks: Buffer[] = [buffer.subarray(0, length)];
		for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
		return Buffer.concat(chunks);
	}
}

/**
 * Writes in blocking calls: touching process.stdout or process.stderr loads Node's net and stream
 * modules, a good part of a small run's start-up. Where the descriptor is non-blocking (EAGAIN),
 * the rest goes through the stream. A reader that goes away early (`| head`) makes a write fail
 * with EPIPE: there is no output left to give, and a failed stderr line has nowhere to be said.
 */
function write(fd: 1 | 2, text: string): void {
	const bytes = Buffer.from(text);
	let done = 0;
	try {
		while (done < bytes.length) done += writeSync(fd, bytes, done);
	} catch (error) {
		const {code, message} = error as NodeJS.ErrnoException;
		if (code === 'EAGAIN') {
			const stream = fd === 1 ? process.stdout : process.stderr;
			stream.on('error', (streamError: Error) => failed(fd, streamError.message));
			stream.write(bytes.subarray(done));
		} else failed(fd, message);
	}
}

function failed(fd: 1 | 2, message: string): void {
	process.exitCode = 1;
	if (fd === 1) write(2, `prometheus-scraping: error: cannot write the output: ${message}\n`);
}

main().then(
	code => {
		// A failed write has already set 1; success must not hide it.
		process.exitCode = Math.max(Number(process.exitCode ?? 0), code);
	},
	(error: unknown) => {
		write(2, `prometheus-scraping: error: ${oneLine(error instanceof Error ? error.message : String(error), 4000)}\n`);
		process.exitCode = 1;
	},
);
