import {getHeapSpaceStatistics, setFlagsFromString} from 'node:v8';

/**
 * Peak RSS follows V8's young generation. A run keeps nearly all it reads (every node of every item
 * it looks into), so after each scavenge that keeps as much as the young generation holds, V8 doubles
 * its two semi-spaces, up to 16 MB each, and they stay that size. Their size can be set only on
 * node's command line (--max-semi-space-size), which npm's bin, kpt's exec and the standalone
 * executable do not give; the growth factor V8 reads at each growth, so once the semi-spaces have
 * grown to 2 MB it is set to 1. On the real-shaped input of the benchmark that is a fifth less peak
 * RSS.
 *
 * Only the command line limits it (main.ts): a program that calls the API keeps its own heap.
 */
let limiting = false;
let reads = 0;
// Both semi-spaces at 2 MB.
const limit = 4 * 2 ** 20;

export function limitYoungGeneration(): void {
	limiting = true;
	// Start-up may have grown it already: the bundle's code is read from its file as a string.
	look();
}

/**
 * Called as each item is read, where a run's memory grows. Every 16th item the young generation
 * is looked at: between two looks it can double once at most.
 */
export function itemRead(): void {
	if (limiting && ++reads % 16 === 0) look();
}

function look(): void {
	const young = getHeapSpaceStatistics().find(space => space.space_name === 'new_space');
	if (young === undefined || young.space_size < limit) return;
	setFlagsFromString('--semi-space-growth-factor=1');
	limiting = false;
}
