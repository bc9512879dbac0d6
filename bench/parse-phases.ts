// An experiment behind the proposals in the benchmark report: what reading the input costs, phase
// by phase, and what it would cost to parse only the items the function edits. Each variant runs
// once in a fresh process, as the function does (cold JIT, garbage collection included).
//
//   npx tsx bench/parse-phases.ts [list.yaml] [--runs N]        (default: the 1k+1k input, 5 runs)
import {spawnSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {join} from 'node:path';
import {performance} from 'node:perf_hooks';
import {Lexer, parseDocument, Parser} from 'yaml';
import {inputsDir} from './inputs.js';

/** The line spans of a kpt-style list's items: `- ` at column 0 inside `items:` up to the next. */
function splitItems(text: string): {start: number; end: number}[] {
	const items = /^items:[ \t]*$/m.exec(text);
	if (!items) return [];
	// `items:` ends at the next top-level key: a line that starts with neither space, `-` nor `#`.
	const after = items.index + items[0].length;
	const next = /^[^\s#-]/m.exec(text.slice(after));
	const end = next ? after + next.index : text.length;
	const starts: number[] = [];
	for (const match of text.slice(after, end).matchAll(/^-(?: |$)/gm)) starts.push(after + match.index);
	return starts.map((start, i) => ({start, end: starts[i + 1] ?? end}));
}

/** An item's top-level scalar, when it is written plainly on its own line; undefined means "parse to know". */
function topLevel(text: string, key: string): string | undefined {
	return new RegExp(`^(?:- |  )${key}: *["']?([\\w./-]+)["']? *(?:#.*)?$`, 'm').exec(text)?.[1];
}

/**
 * The keys of one item by path, with their line offsets, read from indentation alone: what a fast
 * path would use to find `kind`, `metadata.annotations` or `spec.template.metadata` without a YAML
 * parser. `fallback` is set by anything outside plain block style (flow collections, anchors,
 * aliases, tags, block scalars, quotes that may run on), for which the real parser would be used.
 */
function outline(text: string, start: number, end: number): {keys: Map<string, number>; fallback: boolean} {
	const keyLine = /^( *)(- )?([\w./-]+|"[^"\n]*"|'[^'\n]*'):(?: +(.*?))?\s*$/;
	const unsafe = /^(?:[[{&*!|>]|["'](?!.*["']\s*$))/;
	const stack: {indent: number; key: string}[] = [];
	const keys = new Map<string, number>();
	let fallback = false;
	for (let at = start; at < end; ) {
		const newline = text.indexOf('\n', at);
		const next = newline === -1 || newline >= end ? end : newline + 1;
		// The item's `- ` stands for two spaces of indentation, like any sequence entry's.
		const line = (at === start ? text.slice(at, next).replace(/^- /, '  ') : text.slice(at, next)).replace(/ #.*$/, '');
		const match = keyLine.exec(line);
		if (match) {
			const indent = match[1]!.length + (match[2] ? 2 : 0);
			while (stack.length > 0 && stack.at(-1)!.indent >= indent) stack.pop();
			stack.push({indent, key: match[3]!.replace(/^["']|["']$/g, '')});
			if (match[4] && unsafe.test(match[4])) fallback = true;
			keys.set(stack.map(entry => entry.key).join('.'), at);
		} else if (!/^\s*(?:#|- |$)/.test(line)) {
			fallback = true;
		}
		at = next;
	}
	return {keys, fallback};
}

const variants: Record<string, (text: string) => number> = {
	'lexer only (tokens)': text => {
		let n = 0;
		for (const _ of new Lexer().lex(text)) n++;
		return n;
	},
	'lexer + parser (CST)': text => {
		let n = 0;
		for (const _ of new Parser().parse(text)) n++;
		return n;
	},
	'parseDocument, keepSourceTokens (the safe path)': text => parseDocument(text, {keepSourceTokens: true, uniqueKeys: false}).errors.length,
	'parseDocument, no source tokens': text => parseDocument(text, {uniqueKeys: false}).errors.length,
	'js-yaml 3 safeLoad (the SDK)': text => {
		const jsYaml = createRequire(createRequire(import.meta.url).resolve('kpt-functions'))('js-yaml') as {safeLoad(text: string): unknown};
		return (jsYaml.safeLoad(text) as {items: unknown[]}).items.length;
	},
	'split by lines + read kind (no parse)': text => splitItems(text).filter(span => topLevel(text.slice(span.start, span.end), 'kind') === 'Deployment').length,
	'split + indentation outline of every item': text =>
		splitItems(text).filter(span => {
			const {keys, fallback} = outline(text, span.start, span.end);
			return !fallback && keys.has('spec.template.metadata');
		}).length,
	'split + parseDocument each item': text => splitItems(text).map(span => parseDocument(text.slice(span.start, span.end), {keepSourceTokens: true})).length,
	'split + parseDocument Deployments only': text =>
		splitItems(text)
			.map(span => text.slice(span.start, span.end))
			.filter(item => topLevel(item, 'kind') === 'Deployment')
			.map(item => parseDocument(item, {keepSourceTokens: true})).length,
};

const [variant] = process.argv.slice(2).filter(arg => arg.startsWith('variant='));
if (variant) {
	// The child: time one variant once, and say how much memory it took.
	const text = readFileSync(process.argv[2]!, 'utf8');
	const start = performance.now();
	variants[variant.slice('variant='.length)]!(text);
	const ms = performance.now() - start;
	console.log(JSON.stringify({ms, rssMb: process.resourceUsage().maxRSS / 1024}));
} else {
	const args = process.argv.slice(2);
	const runsAt = args.indexOf('--runs');
	const runs = runsAt === -1 ? 5 : Number(args.splice(runsAt, 2)[1]);
	const input = args[0] ?? join(inputsDir, 'd1000-s1000/annotate.yaml');
	console.log(`${input}, median of ${runs} fresh processes (ms in-process, peak RSS of the process)`);
	for (const name of Object.keys(variants)) {
		const figures = Array.from({length: runs}, () => {
			const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, input, `variant=${name}`], {encoding: 'utf8'});
			if (child.status !== 0) throw new Error(child.stderr);
			return JSON.parse(child.stdout) as {ms: number; rssMb: number};
		});
		const median = (values: number[]) => values.sort((a, b) => a - b)[values.length >> 1]!;
		console.log(`${median(figures.map(f => f.ms)).toFixed(0).padStart(6)} ms ${median(figures.map(f => f.rssMb)).toFixed(0).padStart(5)} MB  ${name}`);
	}
}
