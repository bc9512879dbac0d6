import test from 'ava';
import {parseAllDocuments} from 'yaml';
import {isMap, isSeq, parseDocument, type Document} from 'yaml';
import {readSafely} from '../../src/krm/read-safe.js';
import {transform, type Outcome} from '../../src/run.js';
import {assertCliRules, runCli} from './support/cli.js';
import {base, mutate, Random} from './support/mutate.js';

/**
 * Truncation and byte-flip fuzzing of valid lists (issue 6). Whatever the bytes, transform()
 * returns (it never throws: every problem is a result), exit 1 exactly when a result is an
 * error, and any output is a ResourceList; through the CLI, the process rules of matrix.test.ts
 * hold. FUZZ_SEED picks the cases (fixed by default); FUZZ_RUNS and FUZZ_CLI_RUNS set how many
 * (scripts/fuzz.sh runs many more).
 */

const seed = Number(process.env.FUZZ_SEED ?? 6);
const runs = Number(process.env.FUZZ_RUNS ?? 600);
const cliRuns = Number(process.env.FUZZ_CLI_RUNS ?? 40);

const workloadKinds = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Rollout'];

/**
 * Which bug already pinned by a failing test explains invalid output for `input`, if any: output
 * that is not YAML is then counted, not failed, so that the fuzzing goes on finding new bugs.
 */
/**
 * The one documented way an output may carry malformed YAML: the fast reader passes an item it
 * never looks into on unread (README, Guarantees), syntax errors and all.
 */
function passedOnUnread(input: string): boolean {
	return parseDocument(input, {uniqueKeys: false}).errors.length > 0;
}

/** The rules for one outcome; returns what is wrong, or undefined. */
function check(outcome: Outcome): string | undefined {
	if (outcome.exitCode !== 0 && outcome.exitCode !== 1) return `exit code ${outcome.exitCode}`;
	const errors = outcome.results.filter(result => result.severity === 'error');
	if (errors.length > 0 !== (outcome.exitCode === 1)) return `exit ${outcome.exitCode} with ${errors.length} error results`;
	for (const result of outcome.results) {
		if (typeof result.message !== 'string' || result.message === '' || result.message.includes('\n'))
			return `a result message that is not one line: ${JSON.stringify(result.message)}`;
	}
	if (outcome.output === undefined) return outcome.exitCode === 1 ? undefined : 'no output, yet exit 0';
	const doc = parseDocument(outcome.output, {uniqueKeys: false});
	if (doc.errors.length > 0) return `the output is not YAML: ${doc.errors[0]!.message}`;
	return checkList(doc, outcome.results.length);
}

/** The output document is a ResourceList holding `results` results. */
function checkList(doc: Document, results: number): string | undefined {
	if (!isMap(doc.contents) || doc.get('kind') !== 'ResourceList') return 'the output is not a ResourceList';
	// An input without apiVersion comes out without one (pinned by a failing test in matrix.test.ts).
	const apiVersion = doc.get('apiVersion');
	if (apiVersion !== undefined && apiVersion !== 'config.kubernetes.io/v1')
		return 'the output is not a config.kubernetes.io/v1 ResourceList';
	const written = doc.get('results');
	if ((isSeq(written) ? written.items.length : 0) !== results) return 'the output does not hold the results';
	return undefined;
}

/** A case to replay: its number under FUZZ_SEED, and the start of the input. */
const shown = (i: number, input: string) =>
	`case ${i} of FUZZ_SEED=${seed}: ${JSON.stringify(input.length > 3000 ? `${input.slice(0, 3000)}…` : input)}`;

test(`${runs} truncated and byte-flipped lists: transform() never throws, and its outcome is well formed`, t => {
	const r = new Random(seed);
	const refused = new Map<string, number>();
	let failures = 0;
	let unread = 0;
	for (let i = 0; i < runs && failures < 5; i++) {
		const input = mutate(base(r), r);
		let outcome: Outcome;
		try {
			outcome = transform(input);
		} catch (error) {
			failures++;
			t.fail(
				`transform() threw ${(error as Error).stack
					?.split('\n')
					.filter(line => !line.includes('node_modules'))
					.slice(0, 6)
					.join('\n')}\n${shown(i, input)}`,
			);
			continue;
		}
		let wrong = check(outcome);
		if (wrong?.startsWith('the output is not YAML') && passedOnUnread(input)) {
			unread++;
			wrong = undefined;
		}
		if (wrong) {
			failures++;
			t.fail(`${wrong}\n${shown(i, input)}`);
		}
		const first =
			outcome.results
				.find(result => result.severity === 'error')
				?.message.replace(/ \(line.*/, '')
				.slice(0, 70) ?? 'accepted';
		refused.set(first, (refused.get(first) ?? 0) + 1);
	}
	t.log(`${unread} malformed inputs passed on unread by the fast reader, as documented`);
	t.log(
		[...refused]
			.sort((a, b) => b[1] - a[1])
			.slice(0, 8)
			.map(([message, count]) => `${count} × ${message}`)
			.join('\n'),
	);
	t.pass();
});

// Where the input is valid YAML, the fast reader must give exactly what the yaml parser gives.
// (Malformed YAML in an item the function never looks into is passed on unread by the fast reader
// and refused by the parser: see matrix.test.ts; such inputs are not compared.)
test(`${runs} mutated lists: where they are still valid YAML, the fast reader and the yaml parser give the same outcome`, t => {
	const r = new Random(seed + 1);
	let compared = 0;
	let example = '';
	let differ = 0;
	for (let i = 0; i < runs; i++) {
		const input = mutate(base(r), r);
		if (parseAllDocuments(input).some(doc => 'errors' in doc && doc.errors.length > 0)) continue;
		compared++;
		const fast = transform(input);
		const safe = transform(input, readSafely);
		if (fast.output !== safe.output || fast.exitCode !== safe.exitCode) {
			differ++;
			example ||= `fast: exit ${fast.exitCode} ${fast.results[0]?.message}; yaml parser: exit ${safe.exitCode} ${safe.results[0]?.message}\n${shown(i, input)}`;
		}
	}
	t.log(`${compared} of ${runs} mutated lists were valid YAML and compared`);
	t.is(differ, 0, example);
	t.true(compared > runs / 10, 'too few mutated lists stayed valid YAML to compare');
});

test(`${cliRuns} truncated and byte-flipped lists through the CLI: exit 0 or 1, no stack trace, one message per line`, async t => {
	const r = new Random(seed + 2);
	const inputs: Buffer[] = [];
	for (let i = 0; i < cliRuns; i++) {
		const bytes = Buffer.from(mutate(base(r), r));
		// Now and then a byte that is not UTF-8, which only the CLI can be given.
		if (r.below(4) === 0) bytes[r.below(bytes.length)] = 0x80 + r.below(128);
		inputs.push(bytes);
	}
	// Two at a time: the machine this runs on may have two cores.
	for (let i = 0; i < inputs.length; i += 2) {
		const pair = inputs.slice(i, i + 2);
		const runsDone = await Promise.all(pair.map(input => runCli(input)));
		for (const [j, run] of runsDone.entries()) {
			assertCliRules(t, run);
			if (run.stdout === '') continue;
			const input = pair[j]!.toString();
			const doc = parseDocument(run.stdout, {uniqueKeys: false});
			if (doc.errors.length > 0 && passedOnUnread(input)) continue;
			t.deepEqual(
				doc.errors.map(error => error.message),
				[],
				shown(i + j, input),
			);
			const results = run.stderr.split('\n').filter(Boolean).length;
			const written = doc.get('results');
			const infos = isSeq(written) ? written.items.filter(result => isMap(result) && result.get('severity') === 'info').length : 0;
			t.is(checkList(doc, results + infos), undefined, shown(i + j, input));
		}
	}
});
