import {chartConvention, grafanaConvention} from '../../config/conventions.js';
import {fieldPath, type Config} from '../../config/config.js';
import {versionGate} from '../../config/operator-rules.js';
import type {Item} from '../../krm/item.js';
import {itemResult, type Result, type Severity} from '../../krm/results.js';
import {Cluster, monitorKind} from '../model/cluster.js';
import {doubleScrapes} from '../model/double-scrapes.js';
import {scrapeModel} from '../model/scrape-targets.js';
import type {Finding} from '../model/scrape-target.js';
import {annotationChecks} from './annotation-checks.js';
import {grafanaChecks} from './grafana-checks.js';
import {loadedByChecks} from './loaded-by.js';
import {endpointChecks, scrapesNothing, selectionChecks} from './monitor-checks.js';
import type {Selection} from '../model/monitor-selection.js';
import {scrapeReport} from './report.js';
import {referenceChecks} from '../secret-references.js';

const severities: Record<Finding['type'], Severity> = {
	'invalid-selector': 'error',
	'invalid-port': 'error',
	'endpoint-scrapes-nothing': 'error',
	'init-container-port': 'warning',
	'probe-rule-without-host': 'warning',
	'probe-wildcard-host': 'warning',
};

/**
 * Check mode: every monitor and prometheus.io annotation in the list, judged against the objects
 * it would scrape, the Prometheus that would load it and the operator (at the config's
 * operatorVersion, if set), and one info result per scrape. Nothing is changed.
 */
export function checkPackage(items: readonly Item[], config: Config): Result[] {
	const gate = versionGate(config.spec.operatorVersion, fieldPath(config.prefix, ['operatorVersion']));
	const {annotations} = config.spec;
	const cluster = new Cluster(items);
	const model = scrapeModel(items, annotations);
	const results: Result[] = [];
	const selectsNothing = new Set<Item>();
	const selections = new Map<Item, Selection>();
	const monitors = items.filter(item => monitorKind(item) !== undefined);
	for (const item of monitors) {
		const {selection, results: problems} = selectionChecks(item, cluster);
		selections.set(item, selection);
		if (problems.length > 0) selectsNothing.add(item);
		results.push(...problems, ...endpointChecks(item, gate), ...referenceChecks(item, items));
	}
	for (const finding of model.findings) {
		// A monitor that selects nothing has one result saying so, not one per endpoint.
		if (finding.type === 'endpoint-scrapes-nothing' && selectsNothing.has(finding.item)) continue;
		const selection = finding.type === 'endpoint-scrapes-nothing' ? selections.get(finding.item) : undefined;
		if (selection) results.push(scrapesNothing(finding.item, finding.path, finding.message, selection, cluster));
		else results.push(itemResult(finding.item, severities[finding.type], finding.message, finding.path));
	}
	const unloaded = loadedByChecks(items, monitors, config.prometheusSelector);
	results.push(...unloaded, ...annotationChecks(cluster), ...conventionChecks(cluster, annotations));
	for (const group of doubleScrapes(model.targets)) {
		const jobs = group.targets.map(target => target.job);
		const what = group.workload ? `port ${group.port} path ${group.path} of ${group.workload}` : `URL ${group.url}`;
		const reported = new Set<Item>();
		for (const target of group.targets) {
			if (reported.has(target.via)) continue;
			reported.add(target.via);
			results.push(
				itemResult(
					target.via,
					'warning',
					`${what} is scraped ${jobs.length} times (${jobs.join(', ')}): each writes the same series again; keep one`,
				),
			);
		}
	}
	const notLoaded = new Set(monitors.filter(monitor => unloaded.some(result => sameObject(result, monitor))));
	return [...results, ...scrapeReport(model.targets, notLoaded)];
}

/** The keys of the configured convention, when it is not prometheus.io. */
function conventionChecks(cluster: Cluster, annotations: string): Result[] {
	if (annotations === grafanaConvention) return grafanaChecks(cluster);
	return annotations === chartConvention ? [] : annotationChecks(cluster, annotations);
}

function sameObject(result: Result, item: Item): boolean {
	const ref = result.resourceRef;
	return ref?.kind === item.kind && ref.name === item.name && ref.namespace === item.namespace;
}
