import {deepStrictEqual, ok, strictEqual} from 'node:assert/strict';
import test from 'ava';
import fc from 'fast-check';
import {parse} from 'yaml';
import {transform, type Outcome} from '../../src/run.js';
import {keysAnnotation, ownerAnnotation, replacedAnnotation} from '../../src/scrape/ownership.js';
import {listText, packageFromSeed, packageSeed, splitItems, withConfig, type RandomPackage} from '../support/random-packages.js';

/**
 * Issue 16's property: over random packages, a run with one annotation convention followed by a
 * run with another ends with exactly what a run with the second alone gives, byte for byte, for
 * every ordered pair of conventions (with and without params, a slow mark, an interval and
 * timeout); and the keys a person wrote that the second convention does not write come out as they
 * went in.
 */
const seed = Number(process.env.PROPERTY_SEED ?? 20_261_216);
const runs = Math.max(1, Math.round(40 * Number(process.env.PROPERTY_SCALE ?? 1)));

/** The settings of each run besides port and monitorType, as ConfigMap data. */
const conventions: Record<string, Record<string, string>> = {
	'prometheus.io': {},
	'prometheus.io slow with params': {scrapeSlow: 'true', 'params.collect': 'cpu'},
	'k8s.grafana.com': {annotations: 'k8s.grafana.com', interval: '30s', timeout: '10s'},
	'k8s.grafana.com with params': {annotations: 'k8s.grafana.com', 'params.collect': 'cpu'},
	'customized.prometheus': {annotations: 'customized.prometheus'},
	'scrape.example.com slow': {annotations: 'scrape.example.com', interval: '5m'},
};
const names = Object.keys(conventions);

function configBlock(pkg: RandomPackage, name: string): string {
	const own = parse(pkg.configs.annotation).functionConfig;
	const data: Record<string, string> = {
		port: String(own.data?.port ?? own.spec?.port),
		monitorType: pkg.monitorType,
		...conventions[name],
	};
	const lines = Object.entries(data).map(([key, value]) => `    ${key}: ${JSON.stringify(value)}\n`);
	return `functionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: scrape\n  data:\n${lines.join('')}`;
}

function run(input: string): Outcome & {output: string} {
	const outcome = transform(input);
	ok(outcome.output !== undefined, `no output for a valid list: ${outcome.results[0]?.message}`);
	return outcome as Outcome & {output: string};
}

type Annotations = Record<string, unknown>;

/** Every annotation map of an item (its own, a pod template's), by where it is. */
function annotationMaps(item: unknown, at = ''): Map<string, Annotations> {
	const found = new Map<string, Annotations>();
	if (!item || typeof item !== 'object') return found;
	for (const [key, value] of Object.entries(item)) {
		if (key === 'annotations' && value && typeof value === 'object' && !Array.isArray(value)) found.set(at, value as Annotations);
		else for (const [path, inner] of annotationMaps(value, `${at}.${key}`)) found.set(path, inner);
	}
	return found;
}

function itemsOf(list: string): unknown[] {
	return (parse(list, {uniqueKeys: false}).items ?? []) as unknown[];
}

/** The keys the run with `name` writes (by prefix), and the function's own marks. */
function writes(name: string, key: string): boolean {
	const prefix = conventions[name]!.annotations ?? 'prometheus.io';
	if ([ownerAnnotation, replacedAnnotation, keysAnnotation, 'prometheus.istio.io/merge-metrics'].includes(key)) return true;
	return key.startsWith(`${prefix}/`);
}

test(`${runs} random packages, every ordered pair of annotation conventions: the switch lands where the second alone does, and a person's other keys stay`, t => {
	let switched = 0;
	let changed = 0;
	fc.assert(
		fc.property(packageSeed, packageSeed => {
			const pkg = packageFromSeed(packageSeed);
			const input = listText(pkg, 'annotation');
			const inputItems = itemsOf(input);
			const direct = new Map(names.map(name => [name, run(withConfig(input, configBlock(pkg, name)))]));
			for (const from of names) {
				const first = direct.get(from)!;
				for (const to of names) {
					if (to === from) continue;
					const then = run(withConfig(first.output, configBlock(pkg, to)));
					const alone = direct.get(to)!;
					const what = `${from} then ${to}; package seed ${pkg.seed}`;
					strictEqual(then.exitCode, alone.exitCode, `${what}: exit ${then.exitCode}, ${to} alone: exit ${alone.exitCode}`);
					// A failed run changes nothing, so after one the first run's edits rightly remain.
					if (then.exitCode !== 0) continue;
					if (first.exitCode === 0) switched++;
					// The function moves its marks and the keys it wrote to where a first run puts them, so
					// that the switch leaves no trace of the convention before, not even in the key order.
					const texts = splitItems(then.output, pkg.itemColumn);
					const expected = splitItems(alone.output, pkg.itemColumn);
					strictEqual(texts.length, expected.length, what);
					const firstItems = splitItems(first.output, pkg.itemColumn);
					texts.forEach((text, i) => {
						if (firstItems[i] !== text) changed++;
						strictEqual(text, expected[i], `${what}: item ${i} (${pkg.kinds[i]})`);
					});
					itemsOf(then.output).forEach((item, i) => {
						const after = annotationMaps(item);
						for (const [path, before] of annotationMaps(inputItems[i])) {
							for (const [key, value] of Object.entries(before))
								if (!writes(to, key)) deepStrictEqual(after.get(path)?.[key], value, `${what}: item ${i} ${path}.${key}`);
						}
					});
				}
			}
		}),
		{numRuns: runs, seed, includeErrorInReport: true},
	);
	t.log(`${switched} switches where both runs succeeded; ${changed} items the second run changed`);
	t.true(switched > runs && changed > runs, 'most switches succeed and change items, so the property tests something');
});
