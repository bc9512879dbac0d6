import {deepStrictEqual, ok} from 'node:assert/strict';
import test from 'ava';
import fc from 'fast-check';
import {parse} from 'yaml';
import {transform} from '../../src/run.js';
import {listText, packageFromSeed, packageSeed, splitItems, withConfig, type RandomPackage} from '../support/random-packages.js';

/**
 * Issue 16's property for `backend`: random sequences of runs of one config over a random package,
 * switching between prometheus-operator and Google Managed Prometheus (PodMonitoring, or
 * ClusterPodMonitoring with namespaceSelector.any) and between operator and annotation mode, end
 * with exactly the items a fresh run with the last config gives on the package; and a monitor a
 * person wrote (prometheus-operator's or GMP's) comes out of every run byte for byte.
 */
const seed = Number(process.env.PROPERTY_SEED ?? 20_261_130);
const runs = Math.max(1, Math.round(200 * Number(process.env.PROPERTY_SCALE ?? 1)));

interface Step {
	operatorMode: boolean;
	backend: 'prometheus-operator' | 'gmp';
	any: boolean;
}

const step: fc.Arbitrary<Step> = fc.record({
	operatorMode: fc.boolean(),
	backend: fc.constantFrom('prometheus-operator', 'gmp'),
	any: fc.boolean(),
});

/** The package's own port and monitorType (Ingresses have no GMP monitor: pods then), one config name, the step's switches. */
function configBlock(pkg: RandomPackage, step: Step): string {
	const own = parse(pkg.configs.annotation).functionConfig;
	const data: Record<string, string> = {
		port: String(own.data?.port ?? own.spec?.port),
		monitorType: pkg.monitorType === 'ingress' ? 'pod' : pkg.monitorType,
		operatorMode: String(step.operatorMode),
		backend: step.backend,
	};
	// GMP needs an interval; annotation mode warns that it ignores one.
	if (step.operatorMode) data.interval = '30s';
	if (step.operatorMode && step.any) data['namespaceSelector.any'] = 'true';
	const lines = Object.entries(data).map(([key, value]) => `    ${key}: ${JSON.stringify(value)}\n`);
	return `functionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: scraping\n  data:\n${lines.join('')}`;
}

const monitorKinds = new Set(['PodMonitor', 'ServiceMonitor', 'Probe', 'PodMonitoring', 'ClusterPodMonitoring']);

test(`${runs} random sequences of backend and mode switches end where a fresh run with the last config does, and leave a person's monitors alone`, t => {
	const stats = {gmp: 0, switches: 0, compared: 0};
	fc.assert(
		fc.property(packageSeed, fc.array(step, {minLength: 1, maxLength: 5}), (packageSeed, steps) => {
			const pkg = packageFromSeed(packageSeed);
			const input = listText(pkg, 'annotation');
			const personal = pkg.items.filter((_, i) => monitorKinds.has(pkg.kinds[i]!));
			let list = input;
			let last: Step | undefined;
			for (const [i, current] of steps.entries()) {
				const outcome = transform(withConfig(list, configBlock(pkg, current)));
				if (outcome.exitCode !== 0) continue;
				if (current.operatorMode && current.backend === 'gmp') stats.gmp++;
				if (last && (last.backend !== current.backend || last.operatorMode !== current.operatorMode)) stats.switches++;
				list = outcome.output!;
				last = current;
				const items = splitItems(list, pkg.itemColumn);
				for (const item of personal)
					ok(items.includes(item), `step ${i} (${JSON.stringify(current)}) changed a person's monitor:\n${item}`);
			}
			if (!last) return;
			const fresh = transform(withConfig(input, configBlock(pkg, last)));
			ok(fresh.exitCode === 0, `a fresh run with ${JSON.stringify(last)} fails: ${fresh.results.map(r => r.message).join('; ')}`);
			deepStrictEqual(
				splitItems(list, pkg.itemColumn),
				splitItems(fresh.output!, pkg.itemColumn),
				`package ${packageSeed}, steps ${JSON.stringify(steps)}`,
			);
			stats.compared++;
		}),
		{numRuns: runs, seed, includeErrorInReport: true},
	);
	t.log(`${stats.gmp} GMP runs, ${stats.switches} switches, ${stats.compared} sequences compared with a fresh run`);
	t.true(stats.gmp > runs / 4 && stats.switches > runs / 4, 'the sequences run GMP and switch often enough to test something');
});
