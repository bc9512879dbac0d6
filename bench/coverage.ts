// The fast path's coverage (issue 13): of a list's items, how many the function passed through as
// text, how many the block reader read and how many only yaml could, in one run in this process.
import {readFast} from '../src/krm/read-fast.js';
import {transform} from '../src/run.js';

export interface Coverage {
	items: number;
	text: number;
	block: number;
	yaml: number;
	/** The share of items not read by yaml, or 0 when the fast reader declined the whole list. */
	fast: number;
}

export function coverage(input: string): Coverage {
	const list = readFast(input);
	if (!list) return {items: NaN, text: 0, block: 0, yaml: NaN, fast: 0};
	transform(input, () => list);
	const count = (by: 'block' | 'yaml' | undefined) => list.items.filter(item => item.readBy === by).length;
	const yaml = count('yaml');
	return {items: list.items.length, text: count(undefined), block: count('block'), yaml, fast: 1 - yaml / list.items.length};
}
