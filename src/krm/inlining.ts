import {setFlagsFromString} from 'node:v8';

/**
 * A run is short: most of the function's code runs a few thousand times, then never again. V8
 * still optimizes what runs often, and its optimizing compiler inlines the functions a hot one
 * calls, which for this code made each compile several times larger: on the benchmark's
 * real-shaped input, compiling took a fifth of the instructions a run executes, on the second
 * core that V8's parallel garbage collection also uses. Without inlining, that run takes a quarter
 * less CPU time and a tenth less wall time (880 vs 980 ms, medians of 15); one of 100,000 items
 * takes no longer. The flag is read at each compile, so setting it at start-up is enough.
 *
 * Only the command line sets it (main.ts): a program that calls the API keeps its own settings.
 */
export function limitInlining(): void {
	setFlagsFromString('--no-turbo-inlining');
}
