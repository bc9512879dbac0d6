import {deepStrictEqual, ok, strictEqual} from 'node:assert/strict';
import {posix} from 'node:path';
import test from 'ava';
import fc from 'fast-check';
import {parse} from 'yaml';
import {readSafely} from '../../src/krm/read-safe.js';
import {transform, type Outcome} from '../../src/run.js';
import {ownedAnnotationKeys, withoutOwned} from '../hostile/support/cli.js';
import {
	listText,
	packageFromSeed,
	packageSeed,
	splitItems,
	withConfig,
	withoutResults,
	type Mode,
	type RandomPackage,
} from '../support/random-packages.js';

/**
 * Properties of the function over random valid packages (test/support/random-packages.ts): it
 * loses nothing, is idempotent and deterministic, switching modes lands where starting in the
 * other mode does, and order is kept. Runs replay from PROPERTY_SEED (fixed by default).
 */

const seed = Number(process.env.PROPERTY_SEED ?? 20_260_611);
const scale = Number(process.env.PROPERTY_SCALE ?? 1);
const runs = (count: number) => Math.max(1, Math.round(count * scale));
const modes: Mode[] = ['annotation', 'operator'];
const monitorKinds = ['PodMonitor', 'ServiceMonitor', 'Probe'];

function run(input: string): Outcome & {output: string} {
	const outcome = transform(input);
	ok(outcome.output !== undefined, `no output for a valid list: ${outcome.results[0]?.message}`);
	return outcome as Outcome & {output: string};
}

/** One item's text (as split from a list) as a value. */
function itemValue(text: string, column: number): Record<string, unknown> {
	const lines = text.replace(new RegExp(`^ {0,${column}}`, 'gm'), '');
	return (parse(lines, {uniqueKeys: false}) as unknown[])[0] as Record<string, unknown>;
}

function annotationsOf(value: Record<string, unknown>): Record<string, unknown> {
	return ((value.metadata as Record<string, unknown> | undefined)?.annotations ?? {}) as Record<string, unknown>;
}

/** Where a failing case can be replayed from, and what it was. */
const described = (pkg: RandomPackage, mode: Mode) => `package seed ${pkg.seed}, ${mode} mode:\n${listText(pkg, mode)}`;

const noLossRuns = runs(300);
test(`no loss over ${noLossRuns} random packages: every item comes out in order, untouched unless it is a target, which differs only in the annotations the function owns`, t => {
	const stats = {edited: 0, failed: 0, monitors: 0};
	fc.assert(
		fc.property(packageSeed, fc.constantFrom(...modes), (packageSeed, mode) => {
			const pkg = packageFromSeed(packageSeed);
			const input = listText(pkg, mode);
			const outcome = run(input);
			const before = splitItems(input, pkg.itemColumn);
			const after = splitItems(outcome.output, pkg.itemColumn);
			deepStrictEqual(before, pkg.items, described(pkg, mode));
			ok(after.length >= before.length, `${before.length} items in, ${after.length} out; ${described(pkg, mode)}`);
			for (const [i, text] of before.entries()) {
				if (after[i] === text) continue;
				stats.edited++;
				ok(outcome.exitCode === 0, `item ${i} changed in a failed run; ${described(pkg, mode)}`);
				ok(
					mode === 'annotation' && pkg.scrapable[i],
					`item ${i} (${pkg.kinds[i]}) is not a target of ${mode} mode, yet changed:\n${after[i]}\n${described(pkg, mode)}`,
				);
				deepStrictEqual(
					withoutOwned(itemValue(after[i]!, pkg.itemColumn)),
					withoutOwned(itemValue(text, pkg.itemColumn)),
					`item ${i} changed beyond the owned annotations; ${described(pkg, mode)}`,
				);
			}
			for (const text of after.slice(before.length)) {
				stats.monitors++;
				const value = itemValue(text, pkg.itemColumn);
				ok(mode === 'operator' && monitorKinds.includes(value.kind as string), `an item was added in ${mode} mode:\n${text}`);
				ok(annotationsOf(value)['prometheus-scraping.fn.kpt.dev/owner'], `an added monitor without an owner:\n${text}`);
			}
			if (outcome.exitCode === 1) {
				stats.failed++;
				deepStrictEqual(after, before, 'a failed run changes nothing');
			}
			ok(withoutResults(outcome.output).endsWith(pkg.configs[mode]), `the functionConfig changed; ${described(pkg, mode)}`);
		}),
		{numRuns: noLossRuns, seed, includeErrorInReport: true},
	);
	t.log(`${stats.edited} targets edited, ${stats.monitors} monitors added, ${stats.failed} runs refused with errors`);
	t.pass();
});

const idempotenceRuns = runs(200);
test(`idempotence over ${idempotenceRuns} random packages: a second run changes nothing but results`, t => {
	fc.assert(
		fc.property(packageSeed, fc.constantFrom(...modes), (packageSeed, mode) => {
			const pkg = packageFromSeed(packageSeed);
			const once = run(listText(pkg, mode));
			const twice = run(once.output);
			strictEqual(withoutResults(twice.output), withoutResults(once.output), described(pkg, mode));
			strictEqual(twice.exitCode, once.exitCode, `exit ${once.exitCode} then ${twice.exitCode}; ${described(pkg, mode)}`);
		}),
		{numRuns: idempotenceRuns, seed, includeErrorInReport: true},
	);
	t.pass();
});

const determinismRuns = runs(150);
test(`determinism over ${determinismRuns} random packages: the same bytes, and results, every time`, t => {
	fc.assert(
		fc.property(packageSeed, fc.constantFrom(...modes), (packageSeed, mode) => {
			const pkg = packageFromSeed(packageSeed);
			const input = listText(pkg, mode);
			const first = run(input);
			const second = run(input);
			strictEqual(second.output, first.output, described(pkg, mode));
			deepStrictEqual(second.results, first.results);
			// And on a copy of the text, so that nothing hangs on string identity.
			strictEqual(run(` ${input}`.slice(1)).output, first.output);
		}),
		{numRuns: determinismRuns, seed, includeErrorInReport: true},
	);
	t.pass();
});

const readerRuns = runs(150);
test(`the fast reader and the yaml parser give the same output over ${readerRuns} random packages`, t => {
	fc.assert(
		fc.property(packageSeed, fc.constantFrom(...modes), (packageSeed, mode) => {
			const pkg = packageFromSeed(packageSeed);
			const input = listText(pkg, mode);
			const fast = run(input);
			const safe = transform(input, readSafely);
			strictEqual(fast.output, safe.output, described(pkg, mode));
			strictEqual(fast.exitCode, safe.exitCode);
		}),
		{numRuns: readerRuns, seed, includeErrorInReport: true},
	);
	t.pass();
});

const modeSwitchRuns = runs(150);
test(`mode switch over ${modeSwitchRuns} random packages: annotation then operator mode gives the items operator mode gives, and the reverse`, t => {
	let switched = 0;
	fc.assert(
		fc.property(packageSeed, packageSeed => {
			const pkg = packageFromSeed(packageSeed);
			for (const [from, to] of [
				['annotation', 'operator'],
				['operator', 'annotation'],
			] as const) {
				const first = run(listText(pkg, from));
				const then = run(withConfig(first.output, pkg.configs[to]));
				const direct = run(listText(pkg, to));
				strictEqual(
					then.exitCode,
					direct.exitCode,
					`${from} then ${to}: exit ${then.exitCode}, ${to} alone: exit ${direct.exitCode}; ${described(pkg, from)}`,
				);
				// A failed run changes nothing, so after one the first mode's edits rightly remain.
				if (then.exitCode !== 0) continue;
				if (first.exitCode === 0) switched++;
				deepStrictEqual(
					splitItems(then.output, pkg.itemColumn),
					splitItems(direct.output, pkg.itemColumn),
					`${from} then ${to}; ${described(pkg, from)}`,
				);
			}
		}),
		{numRuns: modeSwitchRuns, seed, includeErrorInReport: true},
	);
	t.log(`${switched} switches where both runs succeeded`);
	t.pass();
});

// Was a design gap, fixed by prometheus-scraping.fn.kpt.dev/replaced (scrape/ownership.ts): annotation mode replaces a
// prometheus.io value a person set (with a warning) and takes the key as its own, so switching to
// operator mode, which takes back what the config owns, deletes the person's value too: the items
// then differ from operator mode run directly. The fix: keep what was replaced (say, as JSON in an
// annotation such as prometheus-scraping.fn.kpt.dev/replaced) and write it back on taking back;
// or leave keys a person set alone, with a warning, instead of replacing them.
test('switching from annotation to operator mode keeps a prometheus.io value a person set', t => {
	const input = `apiVersion: config.kubernetes.io/v1
kind: ResourceList
items:
- apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: web
  spec:
    template:
      metadata:
        labels:
          app: web
        annotations:
          prometheus.io/port: "1234"
      spec:
        containers:
        - name: web
          ports:
          - containerPort: 8080
`;
	const config = (operatorMode: boolean) =>
		`functionConfig:\n  apiVersion: fn.kpt.dev/v1alpha1\n  kind: PrometheusScraping\n  metadata:\n    name: scrape\n  spec:\n    operatorMode: ${operatorMode}\n`;
	const annotated = run(input + config(false));
	const switched = run(withConfig(annotated.output, config(true)));
	const direct = run(input + config(true));
	t.deepEqual(splitItems(switched.output, 0), splitItems(direct.output, 0));
});

/** The folder a target's monitor is written to: its target's, unless that lies outside the package. */
function monitorFolder(targetPath: unknown): string {
	const beside = posix.join(posix.dirname(typeof targetPath === 'string' ? targetPath : ''), 'monitor.yaml');
	return beside.startsWith('../') || posix.isAbsolute(beside) ? '.' : posix.dirname(beside);
}

/**
 * The index in `targets` of the target each monitor was generated for, in output order: -1 where
 * none fits after the previous monitor's. A monitor is named `<target's name>-<suffix>`, in its
 * target's namespace and folder, but `scrapable` says only what the kind allows: the run also
 * skips Jobs and CronJobs (unless selector.kinds names them), workloads a person opted out, and
 * targets another monitor already scrapes. So an item it skipped may share the real target's
 * name and come before it (package 690648739: Job shop/worker, skipped, then ReplicaSet api, then
 * Deployment shop/worker, whose monitor the old rule gave to the Job, so api's seemed to come
 * late). Each monitor takes the first fitting target after the previous monitor's: if any
 * choice of targets keeps their order, this one does.
 */
function monitorTargets(monitors: Array<Record<string, any>>, targets: Array<Record<string, any>>): number[] {
	const fits = (monitor: Record<string, any>, target: Record<string, any>) =>
		(monitor.metadata?.namespace ?? '') === (target.metadata?.namespace ?? '') &&
		String(monitor.metadata?.name).startsWith(`${target.metadata?.name}-`) &&
		posix.dirname(String(annotationsOf(monitor)['config.kubernetes.io/path'])) ===
			monitorFolder(annotationsOf(target)['config.kubernetes.io/path']);
	let previous = -1;
	return monitors.map(monitor => {
		const at = targets.findIndex((target, index) => index > previous && fits(monitor, target));
		if (at !== -1) previous = at;
		return at;
	});
}

/** Items keep their places; in operator mode, the monitors after them come in their targets' order. */
function checkOrder(packageSeed: number, mode: Mode): void {
	const pkg = packageFromSeed(packageSeed);
	const outcome = run(listText(pkg, mode));
	const out = parse(outcome.output, {uniqueKeys: false}) as {items?: Array<Record<string, any>>};
	const input = parse(listText(pkg, mode), {uniqueKeys: false}) as {items?: Array<Record<string, any>>};
	const identity = (item: Record<string, any>) =>
		JSON.stringify([item?.kind, item?.metadata?.namespace, item?.metadata?.name, annotationsOf(item ?? {})['config.kubernetes.io/path']]);
	const inputItems = input.items ?? [];
	const outputItems = out.items ?? [];
	deepStrictEqual(outputItems.slice(0, inputItems.length).map(identity), inputItems.map(identity), described(pkg, mode));
	if (mode !== 'operator' || outcome.exitCode !== 0) return;
	const monitors = outputItems.slice(inputItems.length);
	const targets = inputItems.filter((_, i) => pkg.scrapable[i]);
	for (const monitor of monitors)
		ok(monitorTargets([monitor], targets)[0] !== -1, `a monitor for no target: ${monitor.metadata?.name}; ${described(pkg, mode)}`);
	ok(!monitorTargets(monitors, targets).includes(-1), `monitors out of their targets' order; ${described(pkg, mode)}`);
}

const orderRuns = runs(200);
test(`order preserved over ${orderRuns} random packages: items keep their places, monitors come in their targets' order`, t => {
	fc.assert(fc.property(packageSeed, fc.constantFrom(...modes), checkOrder), {numRuns: orderRuns, seed, includeErrorInReport: true});
	t.pass();
});

// Packages the order property failed on, replayed whatever PROPERTY_SEED and PROPERTY_SCALE say.
test('order preserved in the packages it once failed on', t => {
	checkOrder(690_648_739, 'operator');
	t.pass();
});
