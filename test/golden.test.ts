import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import test from 'ava';
import {transform} from '../src/run.js';
import {crdErrors} from './support/crd-validator.js';
import {parseList, root, withConfig} from './support/run-function.js';

/**
 * Golden cases: testdata/<case>/input.yaml (a ResourceList as kpt sends it) with config.yaml as its
 * functionConfig must give expected.yaml exactly, and the exit code in exit-code (0 if absent).
 * UPDATE_GOLDEN=1 rewrites expected.yaml; review the diff before committing it. Every case runs
 * again on its own output, which must come back unchanged: the function is idempotent.
 */
const casesDir = join(root, 'testdata');
const monitorKinds = new Set(['PodMonitor', 'ServiceMonitor', 'Probe']);
const gmpKinds = new Set(['PodMonitoring', 'ClusterPodMonitoring']);
/** A monitor the function generates, of either backend. */
const isMonitor = (item: {apiVersion?: string; kind?: string} | null) =>
	(item?.apiVersion === 'monitoring.coreos.com/v1' && monitorKinds.has(item.kind!)) ||
	(item?.apiVersion === 'monitoring.googleapis.com/v1' && gmpKinds.has(item.kind!));
const cases = readdirSync(casesDir).filter(name => existsSync(join(casesDir, name, 'input.yaml')));

for (const name of cases) {
	const dir = join(casesDir, name);
	const read = (file: string) => (existsSync(join(dir, file)) ? readFileSync(join(dir, file), 'utf8') : undefined);

	test(`golden ${name}`, t => {
		const input = withConfig(read('input.yaml')!, read('config.yaml'));
		const outcome = transform(input);
		t.is(outcome.exitCode as number, Number(read('exit-code') ?? 0), outcome.results.map(result => result.message).join('\n'));
		if (process.env.UPDATE_GOLDEN === '1') writeFileSync(join(dir, 'expected.yaml'), outcome.output!);
		t.is(outcome.output, read('expected.yaml'));

		// Results report what a run did (a prune happens once), so only they may differ.
		const again = transform(outcome.output!);
		t.is(withoutResults(again.output!), withoutResults(outcome.output!), 'a second run changes nothing');

		for (const item of parseList(outcome.output!).items) {
			// Monitors only: testdata/crds holds no Prometheus CRD, and a check case's Prometheus is input.
			if (isMonitor(item)) t.deepEqual(crdErrors(item), [], `${item.kind} ${item.metadata?.name} is CRD-valid`);
		}
	});
}

test('golden cases exist and cover generated monitors of every kind', t => {
	const kinds = new Set<string>();
	for (const name of cases) {
		const expected = readFileSync(join(casesDir, name, 'expected.yaml'), 'utf8');
		for (const item of parseList(expected).items) if (isMonitor(item)) kinds.add(item.kind);
	}
	t.deepEqual([...kinds].sort(), ['ClusterPodMonitoring', 'PodMonitor', 'PodMonitoring', 'Probe', 'ServiceMonitor']);
});

function withoutResults(text: string): string {
	const at = text.lastIndexOf('\nresults:\n');
	return at === -1 ? text : text.slice(0, at);
}
