/**
 * The programmatic API, what `import … from 'prometheus-scraping'` gives: the function on a
 * ResourceList's text, and the types of its config, its results and the monitors it writes. The
 * command (main.ts) is a separate bundle, so nothing here costs the command's start-up.
 */
import {transform as run} from './run.js';
import type {Result} from './krm/results.js';

export type {Result, Severity} from './krm/results.js';
export type * from './generated/config-types.js';
export type {PodMonitorSpec, ProbeSpec, ServiceMonitorSpec} from './generated/monitor-types.js';

/** What one run gives: the ResourceList to write, every result, and the exit code the command would end with. */
export interface Outcome {
	/** The output ResourceList, edited in place of the input's text; undefined when the input could not be read as one. */
	output?: string;
	results: Result[];
	/** 1 when any result is an error; the items are then unchanged. */
	exitCode: 0 | 1;
}

/**
 * Runs the function on a ResourceList (YAML or JSON text, with the config as its `functionConfig`),
 * as the command does on stdin, and never throws for bad input or config: problems are results.
 */
export function transform(resourceList: string): Outcome {
	const {output, results, exitCode} = run(resourceList);
	return {...(output !== undefined ? {output} : {}), results, exitCode};
}
