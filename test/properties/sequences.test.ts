import {deepStrictEqual, ok} from 'node:assert/strict';
import test from 'ava';
import fc from 'fast-check';
import {parse} from 'yaml';
import {readSafely} from '../../src/krm/read-safe.js';
import {isMonitor} from '../../src/scrape/monitors/build.js';
import {doubleScrapes} from '../../src/scrape/model/double-scrapes.js';
import type {ScrapeTarget} from '../../src/scrape/model/scrape-target.js';
import {scrapeTargets} from '../../src/scrape/model/scrape-targets.js';
import {ownerAnnotation} from '../../src/scrape/ownership.js';
import {transform} from '../../src/run.js';
import {listText, packageFromSeed, packageSeed, splitItems, withConfig, type RandomPackage} from '../support/random-packages.js';

/**
 * Issue 11's property: random sequences of runs over random packages (both modes, selector and
 * exclude changes, monitorType changes, config renames, annotation conventions), whose items include prometheus.io values
 * and monitors a person wrote. After every run no two objects share kind, namespace and name; and
 * once every config used has taken back what it wrote, the items are byte for byte the input's.
 */
const seed = Number(process.env.PROPERTY_SEED ?? 20_261_130);
const runs = Math.max(1, Math.round(200 * Number(process.env.PROPERTY_SCALE ?? 1)));

interface Step {
	name: string;
	operatorMode: boolean;
	monitorType: 'pod' | 'service' | 'ingress';
	selector?: string;
	exclude?: string;
	/** The annotation convention (issue 16); prometheus.io when absent. */
	annotations?: string;
}

const step: fc.Arbitrary<Step> = fc.record(
	{
		name: fc.constantFrom('function-input', 'scrape', 'renamed'),
		operatorMode: fc.boolean(),
		monitorType: fc.constantFrom('pod', 'pod', 'service', 'ingress'),
		selector: fc.constantFrom('web', 'api|db', 'w.*'),
		exclude: fc.constantFrom('db', 'api'),
		annotations: fc.constantFrom('k8s.grafana.com', 'customized.prometheus'),
	},
	{requiredKeys: ['name', 'operatorMode', 'monitorType']},
);

function configBlock(step: Step, port: string, takeBack = false): string {
	const data: Record<string, string> = {port, operatorMode: String(step.operatorMode), monitorType: step.monitorType};
	if (step.monitorType === 'ingress') data['prober.url'] = 'blackbox-exporter.monitoring.svc:9115';
	if (step.annotations && !takeBack) data.annotations = step.annotations;
	if (step.selector && !takeBack) data['selector.name'] = step.selector;
	if (takeBack) data['exclude.name'] = '.*';
	else if (step.exclude) data['exclude.name'] = step.exclude;
	const lines = Object.entries(data).map(([key, value]) => `    ${key}: ${JSON.stringify(value)}\n`);
	return `functionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: ${step.name}\n  data:\n${lines.join('')}`;
}

/** The port the package's own config uses, which its targets declare. */
function portOf(pkg: RandomPackage): string {
	const config = parse(pkg.configs.annotation).functionConfig;
	return String(config.data?.port ?? config.spec?.port);
}

function identities(output: string): string[] {
	const items = (parse(output, {uniqueKeys: false}).items ?? []) as Array<Record<string, any> | null>;
	return items
		.filter(item => item && typeof item === 'object' && item.kind && item.metadata?.name)
		.map(
			item =>
				`${item!.metadata?.annotations?.['internal.config.kubernetes.io/package-path'] ?? ''}|${item!.kind}|${item!.metadata.namespace ?? ''}|${item!.metadata.name}`,
		);
}

/**
 * The pod ports the scrape model says are scraped more than once, where one of the
 * scrapes comes through what the function wrote: its monitors, or the annotations it owns.
 */
function addedDoubleScrapes(output: string, annotations?: string): string[] {
	const written = (item: {annotation(key: string): string | undefined}) => item.annotation(ownerAnnotation) !== undefined;
	const monitor = (target: ScrapeTarget) => isMonitor(target.via);
	return (
		doubleScrapes(scrapeTargets(readSafely(output).items, annotations))
			// Pod ports: a URL two Ingresses both route (same host in two namespaces) is the package's doing.
			.filter(group => group.workload !== undefined && group.targets.some(target => written(target.via)))
			// A monitor beside the chart's annotation jobs is scraped twice only by a Prometheus that runs
			// both; annotation mode warns then (README). Twice within one family is never right.
			.filter(group => new Set(group.targets.map(monitor)).size === 1)
			.map(
				group =>
					`${group.workload ?? group.url}:${group.port ?? ''}${group.path} via ${group.targets.map(target => target.job).join(', ')}`,
			)
	);
}

function counts(ids: readonly string[]): Map<string, number> {
	const map = new Map<string, number>();
	for (const id of ids) map.set(id, (map.get(id) ?? 0) + 1);
	return map;
}

test(`${runs} random sequences of runs: no duplicate objects, no pod port scraped twice, and taking everything back restores the input byte for byte`, t => {
	let succeeded = 0;
	let restored = 0;
	fc.assert(
		fc.property(packageSeed, fc.array(step, {minLength: 1, maxLength: 5}), (packageSeed, steps) => {
			const pkg = packageFromSeed(packageSeed);
			const port = portOf(pkg);
			let list = listText(pkg, 'annotation');
			// Random packages may hold same-name objects in different files on purpose; none may be added.
			const given = counts(identities(list));
			for (const [i, current] of steps.entries()) {
				const outcome = transform(withConfig(list, configBlock(current, port)));
				if (outcome.exitCode !== 0) continue;
				succeeded++;
				list = outcome.output!;
				const twice = addedDoubleScrapes(list, current.annotations);
				ok(
					twice.length === 0,
					`step ${i} (${JSON.stringify(current)}) scrapes a pod port twice: ${twice.join('; ')}; package ${packageSeed}`,
				);
				for (const [id, count] of counts(identities(list))) {
					ok(
						count <= Math.max(1, given.get(id) ?? 0),
						`step ${i} (${JSON.stringify(current)}) made a second ${id}; package ${packageSeed}`,
					);
				}
			}
			// Every config used takes back what it wrote, for every monitorType it may have used.
			for (const name of new Set(steps.map(s => s.name))) {
				for (const monitorType of ['pod', 'service', 'ingress'] as const) {
					for (const operatorMode of [false, true]) {
						const outcome = transform(withConfig(list, configBlock({name, operatorMode, monitorType}, port, true)));
						ok(outcome.exitCode === 0, `take-back by ${name} ${monitorType} failed: ${outcome.results.map(r => r.message).join('; ')}`);
						list = outcome.output!;
					}
				}
			}
			deepStrictEqual(splitItems(list, pkg.itemColumn), pkg.items, `package ${packageSeed}, steps ${JSON.stringify(steps)}`);
			restored++;
		}),
		{numRuns: runs, seed, includeErrorInReport: true},
	);
	t.log(`${succeeded} runs succeeded; ${restored} packages restored exactly after their sequence`);
	t.true(succeeded > runs, 'most steps succeed, so the sequences test something');
});
