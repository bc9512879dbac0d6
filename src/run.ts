import {loadConfig} from './config/load.js';
import {calledByKpt} from './krm/caller.js';
import {ListEditor} from './krm/editor.js';
import {withList, type Reader} from './krm/fallback.js';
import {InputError, type ResourceList} from './krm/resource-list.js';
import {configResult, hasErrors, type Result} from './krm/results.js';
import {applyAnnotations} from './scrape/annotations/apply.js';
import {checkIntent} from './scrape/intent-check.js';
import {checkPackage} from './scrape/check/check.js';
import {applyMonitors} from './scrape/monitors/apply.js';
import {planChanges} from './scrape/plan.js';
import {modeSettingWarnings} from './scrape/prometheus-selector.js';
import {mayPrune, partialRunNote} from './scrape/prune.js';
import {referenceChecks} from './scrape/secret-references.js';
import {configWarnings, summary} from './scrape/summary.js';
import {selectTargets} from './scrape/targets.js';

export interface Outcome {
	/** The output ResourceList; undefined when the input could not be read as one. */
	output?: string;
	results: Result[];
	exitCode: 0 | 1;
	/**
	 * kpt runs the function (krm/caller.ts). kpt shows the results and, beside them, the function's
	 * stderr, so the command writes no stderr lines for kpt; kustomize shows stderr only.
	 */
	kpt?: true;
}

/**
 * The whole function on text: read the list, load the config, select targets, plan, apply, write.
 * `read` is for tests that compare the readers; by default the fast reader is tried first.
 */
export function transform(input: string, read?: Reader): Outcome {
	try {
		return withList(input, list => ({...run(list), ...(calledByKpt(list) ? {kpt: true as const} : {})}), read);
	} catch (error) {
		if (!(error instanceof InputError)) throw error;
		return {results: [{message: error.message, severity: 'error'}], exitCode: 1};
	}
}

/** When any result is an error the items go out unchanged, so a failed run never half-edits a package. */
function run(list: ResourceList): Outcome {
	const editor = new ListEditor(list);
	const loaded = loadConfig(list.functionConfig);
	if (loaded.problems) {
		const results = loaded.problems.map(problem => configResult(list.functionConfig, 'error', problem.message, problem.path));
		return {output: editor.write(results, true), results, exitCode: 1};
	}
	const {config} = loaded;
	if (config.spec.mode === 'check') {
		const results = [...modeSettingWarnings(list, config), ...checkPackage(list.items, config)];
		return {output: editor.write(results, true), results, exitCode: hasErrors(results) ? 1 : 0};
	}
	const selection = selectTargets(list.items, config);
	const prune = mayPrune(list);
	const plan = planChanges(list, selection.targets, config, prune);
	const results = [
		...configWarnings(list, config),
		...modeSettingWarnings(list, config),
		...selection.results,
		...plan.results,
		...applyAnnotations(editor, plan.annotations),
		...plan.monitors.results,
	];
	applyMonitors(editor, plan.monitors, config);
	results.push(...editor.check());
	// The output is asked what it makes Prometheus scrape only once it is sure to be written as planned.
	if (!hasErrors(results)) {
		const output = editor.outputItems();
		const written = new Set(plan.intents.map(intent => intent.via));
		results.push(
			...checkIntent(plan.inputScrapes(), output, plan.intents, config.spec.annotations),
			// The group first: it comes from the item's lines, and the rest of a package is never read.
			...output
				.filter(item => item.group === 'monitoring.coreos.com' && written.has(item.key))
				.flatMap(item => referenceChecks(item, output, config.owner)),
		);
	}
	if (!prune) results.push(partialRunNote(list));
	const failed = hasErrors(results);
	// A failed run writes nothing, so it removed nothing either.
	if (failed) {
		const said = results.filter(result => !plan.monitors.removals.includes(result));
		return {output: editor.write(said, true), results: said, exitCode: 1};
	}
	results.push(summary(list, config, selection, plan.monitors.create.length + plan.monitors.update.length));
	return {output: editor.write(results), results, exitCode: 0};
}
