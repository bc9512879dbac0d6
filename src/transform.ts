import {applyAnnotations} from './apply-annotations.js';
import {applyMonitors} from './apply-monitors.js';
import {monitorKinds} from './build-monitor.js';
import {loadConfig, type Config} from './load-config.js';
import {isMonitor, planChanges} from './plan-changes.js';
import {readBlockList, ReadSafely} from './read-block-list.js';
import {InputError, readResourceList, type ResourceList} from './read-resource-list.js';
import {configResult, hasErrors, type Result} from './results.js';
import {selectTargets, targetKinds} from './select-targets.js';
import {TextEdits} from './text-edits.js';
import {writeResourceList} from './write-resource-list.js';

export interface Outcome {
	/** The output ResourceList; undefined when the input could not be read as one. */
	output?: string;
	results: Result[];
	exitCode: 0 | 1;
}

/**
 * The whole function on text: read the list, load the config, select targets, plan, apply, write.
 * When any result is an error the items go out unchanged, so a failed run never half-edits a
 * package. A run the fast reader cannot finish with certainty is run again the safe way.
 */
export function transform(input: string, read: (text: string) => ResourceList = readFastOrSafe): Outcome {
	try {
		return run(input, read);
	} catch (error) {
		if (error instanceof ReadSafely) return run(input, readResourceList);
		throw error;
	}
}

function run(input: string, read: (text: string) => ResourceList): Outcome {
	let list: ResourceList;
	try {
		list = read(input);
	} catch (error) {
		if (!(error instanceof InputError)) throw error;
		return {results: [{message: error.message, severity: 'error'}], exitCode: 1};
	}
	const loaded = loadConfig(list.functionConfig);
	if (loaded.problems) {
		const results = loaded.problems.map(problem => configResult(list.functionConfig, 'error', problem.message, problem.path));
		return {output: writeResourceList(list, new TextEdits(), results), results, exitCode: 1};
	}
	const {config} = loaded;
	const targets = selectTargets(list.items, config);
	// kpt `selectors:` hand the function only the selected items, marked with a resource id; what
	// it does not see may still exist, so nothing is taken back or pruned in such a run.
	const partial = list.items.some(item => item.mentions('kpt-resource-id'));
	const plan = planChanges(list.items, targets, config, !partial);
	// The fast reader leaves an item it cannot place in the text read-only; if one of those is to
	// be edited, the run starts over with every item read by the yaml parser.
	const edited = [...plan.set, ...plan.remove].map(change => change.item).concat(list.items.filter(isMonitor));
	if (edited.some(item => !item.editable)) throw new ReadSafely();
	const edits = new TextEdits();
	const target = {text: list.text, eol: list.eol, edits};
	const results = [
		...configWarnings(list, config),
		...plan.results,
		...applyAnnotations(target, plan),
		...applyMonitors(list, edits, plan.monitors, config, !partial),
	];
	if (partial) {
		results.push(configResult(list.functionConfig, 'info', 'kpt selectors are in use, so this run sees only the selected items: monitors and annotations written earlier for items it cannot see are kept, not pruned'));
	}
	const failed = hasErrors(results);
	if (!failed) results.push(summary(list, config, targets.length, plan.monitors.length));
	return {output: writeResourceList(list, failed ? new TextEdits() : edits, results), results, exitCode: failed ? 1 : 0};
}

/** The fast reader where it is sure of the text, else the yaml parser; the output is the same. */
function readFastOrSafe(text: string): ResourceList {
	return readBlockList(text) ?? readResourceList(text);
}

/** Settings the chosen mode cannot honour, said once for the config rather than per target. */
function configWarnings(list: ResourceList, config: Config): Result[] {
	if (config.spec.operatorMode) return [];
	return (['interval', 'timeout'] as const)
		.filter(setting => config.explicit.has(setting))
		.map(setting =>
			configResult(list.functionConfig, 'warning', `\`${setting}\` has no prometheus.io annotation: in annotation mode the Prometheus scrape job decides it, so this setting is ignored (use operatorMode: true to set it per target)`, `${config.prefix}.${setting}`),
		);
}

/** One line on what the package now has, worded the same on every run with the same input. */
function summary(list: ResourceList, config: Config, targets: number, monitors: number): Result {
	const {monitorType, operatorMode} = config.spec;
	const kinds = targetKinds[monitorType].map(kind => kind.kind);
	if (targets === 0) {
		const selected = config.selector ? ' that the selector picks' : '';
		return configResult(list.functionConfig, 'warning', `no targets: the input has no ${kinds.join(', ')}${selected}, so nothing is scraped`);
	}
	const noun = monitorType === 'pod' ? 'workload' : kinds[0]!;
	if (operatorMode) {
		return configResult(list.functionConfig, 'info', `generated ${monitors} ${monitorKinds[monitorType].kind}${monitors === 1 ? '' : 's'} for ${targets} ${noun}${targets === 1 ? '' : 's'}`);
	}
	return configResult(list.functionConfig, 'info', `annotated ${targets} ${noun}${targets === 1 ? '' : 's'} with prometheus.io/scrape, scheme, path and port`);
}
