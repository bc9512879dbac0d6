// Where the function's time goes: runs the function once under `node --cpu-prof` on a benchmark
// input and summarises the .cpuprofile: self time by function and by bundled module, and inclusive
// time of the pipeline's steps. dist/ is minified, so this profiles a bundle of its own made the
// same way but readable: names kept, and esbuild's `// path` comment at each module's start.
//
//   npm run build && npx tsx bench/profile.ts [list.yaml] [--top N]   (default: the 1k+1k input)
import {spawnSync} from 'node:child_process';
import {mkdtempSync, openSync, readdirSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {build} from 'esbuild';
// @ts-expect-error: a plain ES module of the build scripts, without declarations
import {yamlModule} from '../scripts/yaml-module.mjs';
import {inputsDir, prepareInput} from './inputs.js';

interface ProfileNode {
	id: number;
	callFrame: {functionName: string; url: string; lineNumber: number};
	children?: number[];
}
interface Profile {
	nodes: ProfileNode[];
	samples: number[];
	timeDeltas: number[];
}

const args = process.argv.slice(2);
const topIndex = args.indexOf('--top');
const top = topIndex === -1 ? 25 : Number(args.splice(topIndex, 2)[1]);
const input =
	args[0] ??
	(prepareInput(1000, 1000, spawnSync('sh', ['-c', 'command -v kpt']).status === 0), join(inputsDir, 'd1000-s1000/annotate.yaml'));
const bundle = join(inputsDir, 'profile/prometheus-scraping.js');
await build({
	entryPoints: [join(import.meta.dirname, '../src/main.ts')],
	outfile: bundle,
	bundle: true,
	platform: 'node',
	target: 'node20',
	format: 'esm',
	banner: {js: "import {createRequire as __createRequire} from 'node:module';\nconst require = __createRequire(import.meta.url);"},
	logLevel: 'warning',
	plugins: [yamlModule],
});

const dir = mkdtempSync(join(tmpdir(), 'cpuprof-'));
// A 100 µs sampling interval: the default 1 ms leaves too few samples on a one-second run.
const child = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-interval', '100', '--cpu-prof-dir', dir, bundle], {
	stdio: [openSync(input, 'r'), 'ignore', 'ignore'],
});
// Exit 1 is a run that reported errors (the clash shapes do): still a profile worth reading.
if (child.status !== 0 && child.status !== 1) throw new Error(`the function exited ${child.status}`);
const file = join(
	dir,
	readdirSync(dir).find(name => name.endsWith('.cpuprofile'))!,
);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;

// The module each bundle line belongs to.
const bundleLines = readFileSync(bundle, 'utf8').split('\n');
const moduleStarts: {line: number; module: string}[] = [];
bundleLines.forEach((line, i) => {
	const match = /^\/\/ ((?:node_modules|src)\/\S+)$/.exec(line);
	if (match) moduleStarts.push({line: i, module: match[1]!.replace(/^node_modules\//, '')});
});
const moduleOf = (frame: ProfileNode['callFrame']) => {
	// V8 shows a regular expression's matching as a frame of its own, with no script.
	if (frame.functionName.startsWith('RegExp: ')) return '(regular expressions)';
	if (!frame.url.endsWith('prometheus-scraping.js')) return frame.url || frame.functionName || '(native)';
	let found = '(bundle prologue)';
	for (const start of moduleStarts) if (start.line <= frame.lineNumber) found = start.module;
	return found;
};

const byId = new Map(profile.nodes.map(node => [node.id, node]));
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

const self = new Map<string, number>();
const selfByModule = new Map<string, number>();
const inclusive = new Map<string, number>();
let total = 0;
// The steps: every named function of src/ (so this follows src/ as it changes) and yaml's entry
// points, each timed with all it calls. esbuild renames clashing names with a digit suffix, and
// yaml's Lexer has a parseDocument of its own, hence the module in the name.
const yamlEntryPoints = new Set(['parseDocument', 'parse', 'stringify']);
const stepOf = (frame: ProfileNode['callFrame']) => {
	const module = moduleOf(frame);
	const name = frame.functionName.replace(/\d+$/, '');
	const step = module.startsWith('src/') ? name !== '' : module === 'yaml/dist/public-api.js' && yamlEntryPoints.has(name);
	return step ? `${name} (${module})` : undefined;
};
// Coarser than modules: which part of yaml, the function's own code, or the runtime.
const groupOf = (module: string) =>
	/^yaml\/dist\/parse\/lexer/.test(module)
		? 'yaml lexer (text to tokens)'
		: /^yaml\/dist\/parse\//.test(module)
			? 'yaml parser (tokens to CST)'
			: /^yaml\/dist\/stringify\//.test(module)
				? 'yaml stringify'
				: /^yaml\//.test(module)
					? 'yaml composer and nodes (CST to Document)'
					: /^src\//.test(module)
						? 'the function (src/)'
						: /^ajv\//.test(module)
							? 'ajv runtime'
							: module.startsWith('(')
								? module
								: 'node internals (start-up, streams)';
const selfByGroup = new Map<string, number>();
profile.samples.forEach((id, i) => {
	const us = profile.timeDeltas[i] ?? 0;
	total += us;
	const node = byId.get(id)!;
	const frame = node.callFrame;
	const name = `${frame.functionName || '(anonymous)'} ${moduleOf(frame)}:${frame.lineNumber + 1}`;
	self.set(name, (self.get(name) ?? 0) + us);
	selfByModule.set(moduleOf(frame), (selfByModule.get(moduleOf(frame)) ?? 0) + us);
	selfByGroup.set(groupOf(moduleOf(frame)), (selfByGroup.get(groupOf(moduleOf(frame))) ?? 0) + us);
	// Each step counts a sample once, however often it is on the stack.
	const seen = new Set<string>();
	for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
		const step = stepOf(byId.get(at)!.callFrame);
		if (step === undefined || seen.has(step)) continue;
		seen.add(step);
		inclusive.set(step, (inclusive.get(step) ?? 0) + us);
	}
});

const ms = (us: number) => `${(us / 1000).toFixed(1).padStart(8)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%`;
const print = (title: string, entries: Map<string, number>, limit: number) => {
	console.log(`\n${title}`);
	for (const [name, us] of [...entries].sort((a, b) => b[1] - a[1]).slice(0, limit)) console.log(`${ms(us)}  ${name}`);
};
console.log(`${input}: ${(total / 1000).toFixed(0)} ms sampled (${file})`);
print('Inclusive time of the steps (garbage collection is on no stack: see below)', inclusive, top);
print('Self time by part', selfByGroup, 100);
print('Self time by module', selfByModule, top);
print('Self time by function', self, top);
