import {ok, strictEqual} from 'node:assert/strict';
import test from 'ava';
import fc from 'fast-check';
import {parse} from 'yaml';
import type {Result} from '../../src/krm/results.js';
import {transform} from '../../src/run.js';
import {listText, packageFromSeed, packageSeed, withConfig, withoutResults, type Mode} from '../support/random-packages.js';

/**
 * Check mode (issue 12) over what generate mode writes: the monitors and annotations the function
 * generates for a random package must pass its own checks, and check mode changes no byte. The
 * random packages hold monitors written by hand, some selecting nothing: errors on those are due.
 */

const seed = Number(process.env.PROPERTY_SEED ?? 20_260_611);
const scale = Number(process.env.PROPERTY_SCALE ?? 1);
const numRuns = Math.max(1, Math.round(200 * scale));
const checkConfig = 'functionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: check\n  data:\n    mode: check\n';

test(`check mode on ${numRuns} generated packages: no error, and the items come out byte for byte`, t => {
	let checked = 0;
	fc.assert(
		fc.property(packageSeed, fc.constantFrom<Mode>('annotation', 'operator'), (packageSeed, mode) => {
			const pkg = packageFromSeed(packageSeed);
			const generated = transform(listText(pkg, mode));
			if (generated.exitCode !== 0 || generated.output === undefined) return;
			const handWritten = new Set(
				((parse(listText(pkg, mode), {uniqueKeys: false}) as {items: (Record<string, any> | null)[] | null}).items ?? []).map(item =>
					identity(item?.kind, item?.metadata?.namespace, item?.metadata?.name),
				),
			);
			const input = withConfig(generated.output, checkConfig);
			const outcome = transform(input);
			const where = `package seed ${pkg.seed}, ${mode} mode`;
			const errors = outcome.results.filter(result => result.severity === 'error' && !handWritten.has(refOf(result)));
			strictEqual(errors.length, 0, `${where}: ${errors.map(result => result.message).join('\n')}\n${input}`);
			strictEqual(withoutResults(outcome.output!), withoutResults(input), `${where}: check mode changed the list`);
			checked++;
		}),
		{seed, numRuns},
	);
	t.true(checked > numRuns / 2, `only ${checked} of ${numRuns} packages were generated without error`);
});

function identity(kind: unknown, namespace: unknown, name: unknown): string {
	return JSON.stringify([kind, namespace ?? '', name]);
}

function refOf(result: Result): string {
	return identity(result.resourceRef?.kind, result.resourceRef?.namespace, result.resourceRef?.name);
}
