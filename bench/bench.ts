// The benchmark of issue 5: the function against the kpt-functions SDK, kustomize and a bare
// `node -e 0`, on kpt-made ResourceLists. `npm run bench` measures and writes bench/RESULTS.md;
// `npm run bench -- --quick` is CI's smoke run: small inputs, one or two runs, and it fails only
// when an output is wrong, never on timing.
import {execFileSync, spawnSync} from 'node:child_process';
import {closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync} from 'node:fs';
import {availableParallelism, cpus, loadavg, totalmem} from 'node:os';
import {join} from 'node:path';
import {performance} from 'node:perf_hooks';
import {coverage} from './coverage.js';
import {inputsDir, prepareInput, type Input, type Mode} from './inputs.js';
import {linearithmicBound, prepareShapes} from './hostile-shapes.js';
import {prepareCrowded, prepareRealShaped} from './real-shaped.js';
import {shippingJobs} from './ship.js';
import {verify} from './verify.js';

const quick = process.argv.includes('--quick');
const root = join(import.meta.dirname, '..');
const bundle = join(root, 'dist/prometheus-scraping.js');
const outDir = join(inputsDir, 'out');

// The scaling sizes are 2,000, 20,000 and 100,000 items (Deployments and their Services); the
// real-shaped input is about 2,000 items, the crowded one 2,000 and 20,000.
const plan = quick
	? {
			base: 100,
			big: 1000,
			huge: 0,
			apps: 30,
			crowded: [100, 1000],
			shapes: [100, 1000] as [number, number],
			runs: {base: 1, big: 1, huge: 1, cold: 2},
			warmup: 0,
		}
	: {
			base: 1000,
			big: 10_000,
			huge: 50_000,
			apps: 600,
			crowded: [1000, 10_000],
			shapes: [1000, 10_000] as [number, number],
			runs: {base: 5, big: 3, huge: 1, cold: 11},
			warmup: 1,
		};

const has = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
const tools = {kpt: has('kpt'), kubectl: has('kubectl'), time: existsSync('/usr/bin/time')};
if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run \`npm run build\` first (npm run bench does)`);
if (!tools.time) console.warn('GNU time is missing (apt-get install time): peak RSS is not measured');

interface Job {
	name: string;
	command: string[];
	/** The file on stdin; kustomize reads its directory instead. */
	stdin?: string;
	cwd?: string;
	check?: Parameters<typeof verify>[0];
	input?: Input;
	mode?: Mode;
	/** The exit code a correct run gives: 0, but 1 for an input whose errors are the point. */
	exitCode?: 0 | 1;
}

interface Figures {
	ms: number[];
	rssKb: number[];
}

const fn = (input: Input, mode: Mode, check = true): Job => ({
	name: `function ${mode === 'annotate' ? 'annotation' : 'operator'} mode`,
	command: [process.execPath, bundle],
	stdin: input.list[mode],
	check: check ? `function-${mode}` : undefined,
	input,
	mode,
});
const sdk = (input: Input, mode: Mode): Job => ({
	name: `kpt-functions SDK, ${mode === 'annotate' ? 'annotation' : 'operator'} mode`,
	command: [process.execPath, join(import.meta.dirname, 'sdk-annotate.mjs')],
	stdin: input.list[mode],
	check: `sdk-${mode}`,
	input,
	mode,
});
const kustomize = (input: Input): Job => ({
	name: 'kubectl kustomize',
	command: ['kubectl', 'kustomize', '.'],
	cwd: input.kustomization,
	check: 'kustomize',
	input,
});
const bareNode: Job = {name: 'node -e 0', command: [process.execPath, '-e', '0']};

/** Runs one job once: wall time from here, peak RSS from GNU time (the child's own maximum). */
function measure(job: Job, out: string): {ms: number; rssKb: number} {
	const rssFile = join(outDir, 'rss.txt');
	const command = tools.time ? ['/usr/bin/time', '-f', '%M', '-o', rssFile, ...job.command] : job.command;
	const stdin = openSync(job.stdin ?? '/dev/null', 'r');
	const stdout = openSync(out, 'w');
	const start = performance.now();
	const child = spawnSync(command[0]!, command.slice(1), {stdio: [stdin, stdout, 'pipe'], cwd: job.cwd, maxBuffer: 1 << 28});
	const ms = performance.now() - start;
	closeSync(stdin);
	closeSync(stdout);
	if (child.status !== (job.exitCode ?? 0))
		throw new Error(`${job.name} exited ${child.status ?? child.signal}: ${child.stderr.toString().slice(0, 2000)}`);
	return {ms, rssKb: tools.time ? Number(readFileSync(rssFile, 'utf8').trim().split('\n').at(-1)) : NaN};
}

const problems: string[] = [];

/**
 * Runs the jobs in turns (a, b, c, a, b, c, ...) rather than each job's runs in a row, so that a
 * slow minute of the machine falls on every job alike; the first `warmup` turns fill the page
 * cache and are not counted. The output of the last turn is verified.
 */
function suite(label: string, jobs: Job[], runs: number): Map<Job, Figures> {
	const figures = new Map(jobs.map(job => [job, {ms: [], rssKb: []} as Figures]));
	for (let turn = 0; turn < plan.warmup + runs; turn++) {
		for (const job of jobs) {
			const {ms, rssKb} = measure(job, outFile(label, job));
			if (turn < plan.warmup) continue;
			figures.get(job)!.ms.push(ms);
			figures.get(job)!.rssKb.push(rssKb);
		}
		process.stderr.write(`${label}: turn ${turn + 1}/${plan.warmup + runs}\r`);
	}
	process.stderr.write('\n');
	for (const job of jobs) {
		if (!job.check || !job.input) continue;
		const found = verify(
			job.check,
			readFileSync(job.input.list[job.mode ?? 'annotate'], 'utf8'),
			readFileSync(outFile(label, job), 'utf8'),
			job.input.workloads,
		);
		problems.push(...found.map(problem => `${label}, ${job.name}: ${problem}`));
	}
	return figures;
}

const outFile = (label: string, job: Job) => join(outDir, `${label}-${job.name.replace(/\W+/g, '-')}.out`);

const median = (values: number[]) => {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = sorted.length >> 1;
	return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

// The machine may be shared: the load average says how much the figures can be trusted.
const loadBefore = loadavg()[0]!;

// --- Inputs
mkdirSync(outDir, {recursive: true});
if (!tools.kpt) console.warn('kpt is missing: the inputs come from the generator, which writes what `kpt fn source` would');
const inputs = {
	base: prepareInput(plan.base, plan.base, tools.kpt),
	real: prepareRealShaped(plan.apps, tools.kpt),
	big: prepareInput(plan.big, plan.big, tools.kpt),
	huge: plan.huge ? prepareInput(plan.huge, plan.huge, tools.kpt) : undefined,
	crowded: plan.crowded.map(n => prepareCrowded(n, tools.kpt)),
	cold: prepareInput(1, 0, tools.kpt),
};

// --- Runs. kustomize only at the base size: it grows faster than linearly, and no target
// compares against it.
const both = (input: Input, check = true) => [fn(input, 'annotate', check), fn(input, 'operator', check)];
const withSdk = (input: Input) => [...both(input), sdk(input, 'annotate'), sdk(input, 'operator')];
const results: Array<[Input, Map<Job, Figures>]> = [];
const run = (input: Input, jobs: Job[], runs: number) => {
	const figures = suite(input.name, jobs, runs);
	results.push([input, figures]);
	return figures;
};
const base = run(inputs.base, withSdk(inputs.base), plan.runs.base);
// Once: kustomize takes seconds per thousand objects, and is shown for scale only.
if (tools.kubectl) run(inputs.base, [kustomize(inputs.base)], 1);
const real = run(inputs.real, withSdk(inputs.real), plan.runs.base);
const big = run(inputs.big, [...both(inputs.big), sdk(inputs.big, 'annotate')], plan.runs.big);
// Not verified: parsing its 72 MB output here would take more heap than this process has.
const huge = inputs.huge ? run(inputs.huge, both(inputs.huge, false), plan.runs.huge) : undefined;
const crowded = inputs.crowded.map(input => run(input, both(input, false), plan.runs.big));
// Issue 15's shapes: only their growth is compared, so each is timed alone at both sizes.
const shapes = prepareShapes(plan.shapes).map(shape => {
	const times = shape.files.map((file, index) => {
		const job: Job = {name: `function, ${shape.name}`, command: [process.execPath, bundle], stdin: file, exitCode: shape.exitCode};
		return median(suite(`shape-${shape.sizes[index]}`, [job], plan.runs.big).get(job)!.ms);
	});
	return {shape, times};
});
const cold = run(inputs.cold, [fn(inputs.cold, 'annotate'), sdk(inputs.cold, 'annotate'), bareNode], plan.runs.cold);
const shipping = shippingJobs(root, inputs.cold, outDir);
const shipped = suite(`${inputs.cold.name}-shipping`, shipping.jobs, plan.runs.cold);

// --- Figures
const rows: string[][] = [];
for (const [input, figures] of results) {
	for (const [job, {ms, rssKb}] of figures) {
		const size = job === bareNode ? '-' : `${input.shape}: ${input.items} items (${(input.bytes / 1e6).toFixed(2)} MB)`;
		rows.push([
			size,
			job.name,
			String(ms.length),
			median(ms).toFixed(0),
			`${Math.min(...ms).toFixed(0)}–${Math.max(...ms).toFixed(0)}`,
			tools.time ? (median(rssKb) / 1024).toFixed(0) : 'n/a',
		]);
	}
}
const get = (figures: Map<Job, Figures>, name: string, what: keyof Figures) =>
	median([...figures].find(([job]) => job.name === name)![1][what]);
const fnA = 'function annotation mode';
const fnO = 'function operator mode';
const sdkA = 'kpt-functions SDK, annotation mode';
const sdkO = 'kpt-functions SDK, operator mode';
const ratio = (what: string, value: number, target: number) => ({what, value, target});
const ratios = [
	ratio(`function / SDK wall, annotation mode, ${inputs.base.name}`, get(base, fnA, 'ms') / get(base, sdkA, 'ms'), 1.0),
	ratio(`function / SDK wall, operator mode, ${inputs.base.name}`, get(base, fnO, 'ms') / get(base, sdkO, 'ms'), 1.0),
	ratio(`function / SDK wall, annotation mode, ${inputs.real.name} (real-shaped)`, get(real, fnA, 'ms') / get(real, sdkA, 'ms'), 1.0),
	ratio(`function / SDK wall, operator mode, ${inputs.real.name} (real-shaped)`, get(real, fnO, 'ms') / get(real, sdkO, 'ms'), 1.0),
	ratio(`peak RSS function / SDK, annotation mode, ${inputs.real.name}`, get(real, fnA, 'rssKb') / get(real, sdkA, 'rssKb'), 1.0),
	ratio(`peak RSS function / SDK, operator mode, ${inputs.real.name}`, get(real, fnO, 'rssKb') / get(real, sdkO, 'rssKb'), 1.0),
	ratio(`peak RSS function / SDK, annotation mode, ${inputs.base.name}`, get(base, fnA, 'rssKb') / get(base, sdkA, 'rssKb'), 1.0),
	ratio('cold start: function / node -e 0, one Deployment', get(cold, fnA, 'ms') / get(cold, 'node -e 0', 'ms'), 1.3),
	...[fnA, fnO].flatMap(mode => [
		ratio(`scaling, ${mode}: ${inputs.big.items} / ${inputs.base.items} items (10x)`, get(big, mode, 'ms') / get(base, mode, 'ms'), 10.5),
		...(huge
			? [
					ratio(
						`scaling, ${mode}: ${inputs.huge!.items} / ${inputs.big.items} items (5x)`,
						get(huge, mode, 'ms') / get(big, mode, 'ms'),
						5.25,
					),
				]
			: []),
		ratio(
			`scaling, ${mode}, crowded: ${inputs.crowded[1]!.items} / ${inputs.crowded[0]!.items} items (10x)`,
			get(crowded[1]!, mode, 'ms') / get(crowded[0]!, mode, 'ms'),
			10.5,
		),
	]),
];
const shapeRows = shapes.map(({shape, times}) => {
	const growth = times[1]! / times[0]!;
	const bound = linearithmicBound(...shape.sizes);
	return [shape.name, ...times.map(ms => ms.toFixed(0)), growth.toFixed(2), `≤ ${bound.toFixed(2)}`, growth <= bound ? 'yes' : 'no'];
});
const covered = [inputs.base, inputs.real].flatMap(input =>
	(['annotate', 'operator'] as const).map(mode => {
		const found = coverage(readFileSync(input.list[mode], 'utf8'));
		return [
			input.name,
			mode,
			String(found.items),
			String(found.text),
			String(found.block),
			String(found.yaml),
			`${(100 * found.fast).toFixed(1)}%`,
		];
	}),
);

const version = (command: string, args: string[]) => {
	try {
		return execFileSync(command, args, {encoding: 'utf8'}).trim().split('\n')[0]!;
	} catch {
		return 'absent';
	}
};
// src/ changes under the benchmark: say which version was measured.
const commit = version('git', ['-C', root, 'describe', '--always', '--dirty']);
const machine = [
	`commit ${commit} (dist/ built from it by npm run bench)`,
	`nproc ${availableParallelism()}, ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`,
	`node ${process.version}, kpt ${tools.kpt ? version('kpt', ['version']) : 'absent'}, kubectl ${tools.kubectl ? version('kubectl', ['version', '--client']).replace(/^Client Version: /, '') : 'absent'}`,
	`load average ${loadBefore.toFixed(2)} at the start, ${loadavg()[0]!.toFixed(2)} at the end (the benchmark adds about 1; more means other work shared the cores)`,
	`inputs made by ${inputs.base.madeBy}; ${plan.warmup} warm-up turn(s), then medians of the runs shown`,
];

const table = (header: string[], body: string[][]) =>
	[`| ${header.join(' | ')} |`, `|${header.map(() => ' --- ').join('|')}|`, ...body.map(row => `| ${row.join(' | ')} |`)].join('\n');
const report = [
	`# Benchmark results${quick ? ' (quick run: small inputs, targets not meaningful)' : ''}`,
	'',
	`Written by \`npm run bench${quick ? ' -- --quick' : ''}\` on ${new Date().toISOString().slice(0, 10)}.`,
	'',
	...machine.map(line => `- ${line}`),
	'',
	table(['input', 'command', 'runs', 'median ms', 'min–max ms', 'peak RSS MB'], rows),
	'',
	'Fast-path coverage: of the items, those passed through as text (never looked into), read by the block reader, or read by yaml alone (per item; target: yaml reads at most 5%).',
	'',
	table(['input', 'mode', 'items', 'as text', 'block reader', 'yaml', 'fast'], covered),
	'',
	table(
		['ratio', 'measured', 'target', 'met'],
		ratios.map(ratio => [
			ratio.what,
			ratio.value.toFixed(2),
			`≤ ${ratio.target.toFixed(2)}`,
			Number.isNaN(ratio.value) ? 'n/a' : ratio.value <= ratio.target ? 'yes' : 'no',
		]),
	),
	'',
	`Shapes that once grew quadratically (issue 15), timed at n = ${plan.shapes[0]} and ${plan.shapes[1]} apps; the bound is what n·log n allows. The clashing names end in error results by design.`,
	'',
	table(['shape', `median ms, n=${plan.shapes[0]}`, `median ms, n=${plan.shapes[1]}`, 'growth', 'bound', 'met'], shapeRows),
	'',
	'## How it ships',
	'',
	...shipping.notes.map(note => `- ${note}`),
	'',
	table(
		['command, one Deployment', 'runs', 'median ms', 'min–max ms'],
		[...shipped].map(([job, {ms}]) => [
			job.name,
			String(ms.length),
			median(ms).toFixed(0),
			`${Math.min(...ms).toFixed(0)}–${Math.max(...ms).toFixed(0)}`,
		]),
	),
	'',
	problems.length === 0
		? 'Every timed output was verified (annotations or PodMonitors on every workload; the function keeps every comment), but for the crowded and the 100,000-item inputs, whose runs are only checked to succeed.'
		: `Verification FAILED:\n\n${problems.map(p => `- ${p}`).join('\n')}`,
	'',
].join('\n');

// The quick run must not overwrite the real figures that are committed.
const resultsFile = quick ? join(inputsDir, 'RESULTS-quick.md') : join(import.meta.dirname, 'RESULTS.md');
writeFileSync(resultsFile, report);
console.log(report);
console.log(`${ratios.filter(ratio => ratio.value <= ratio.target).length} of ${ratios.length} targets met; written to ${resultsFile}`);
process.exitCode = problems.length > 0 ? 1 : 0;
