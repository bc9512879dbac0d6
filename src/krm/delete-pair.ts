import type {Node, Pair} from 'yaml';
import type {EditTarget} from './edit-map.js';
import {blockEnd, column, eolAt, lineStart} from './text.js';

/** Cuts a pair out of a block map with its lines: what follows moves up, and nothing else changes. */
export function deletePair(target: EditTarget, pair: Pair): void {
	const {text} = target;
	const key = pair.key as Node;
	const value = pair.value as Node | null;
	// A block collection ends at a line start (or, after trailing comments, at the next line's
	// content, which blockEnd brings back to its line start); a scalar ends mid-line, before any
	// comment, so the pair's lines run to the next newline.
	const valueEnd = blockEnd(text, value?.range ? value.range[1] : key.range![1]);
	const end = text[valueEnd - 1] === '\n' ? valueEnd : text.indexOf('\n', valueEnd) + 1 || text.length;
	const start = lineStart(text, key.range![0]);
	if (/^ *$/.test(text.slice(start, key.range![0]))) {
		target.edits.add(start, end, '');
		return;
	}
	// The key stands on its item's `- ` line: the dash stays, and the next line's content moves up
	// beside it when it is of the same map (same column); when nothing of the map is left, `{}`.
	let next = end;
	while (text[next] === ' ') next++;
	if (next < text.length && next - end === column(text, key.range![0])) target.edits.add(key.range![0], next, '');
	else target.edits.add(key.range![0], end, `{}${end > 0 && text[end - 1] === '\n' ? eolAt(text, end - 1) : ''}`);
}
