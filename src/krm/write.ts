import {stringify} from 'yaml';
import {removeEntries} from './edit-map.js';
import {closing} from './flow-list.js';
import type {ResourceList} from './resource-list.js';
import type {Result} from './results.js';
import {quote} from './scalar-text.js';
import {blockEnd} from './text.js';
import type {TextEdits} from './text-edits.js';

const apiVersion = 'config.kubernetes.io/v1';

/**
 * The output: the input text with the run's edits spliced in, as a `config.kubernetes.io/v1`
 * ResourceList (a `List` or older version is renamed in place) whose `results` are this run's.
 * A list written as JSON or in flow style gets them in flow style.
 */
export function writeResourceList(list: ResourceList, edits: TextEdits, results: readonly Result[]): string {
	const {root, text, eol} = list;
	for (const [key, wanted] of [
		['apiVersion', apiVersion],
		['kind', 'ResourceList'],
	] as const) {
		const node = root.get(key, true) as {value?: unknown; range?: [number, number, number]} | undefined;
		if (node?.range && node.value !== wanted) edits.add(node.range[0], node.range[1], root.flow ? quote(wanted) : wanted);
		// Only `kind` is required of the input; the output says its version all the same.
		else if (!node && root.flow) edits.add(root.range![0] + 1, root.range![0] + 1, `${quote(key)}: ${quote(wanted)}, `);
		else if (!node) edits.add(root.range![0], root.range![0], `${key}: ${wanted}${eol}`);
	}
	removeEntries({text, edits}, root, [], ['results']);
	if (results.length > 0 && root.flow) {
		const at = closing(text, root, '}');
		edits.add(at, at, `, "results": ${quote(results)}`);
	} else if (results.length > 0) {
		const at = blockEnd(text, root.range![1]);
		const block = stringify({results}, {version: '1.1', lineWidth: 0, indentSeq: false}).replace(/\n/g, eol);
		edits.add(at, at, (text[at - 1] === '\n' ? '' : eol) + block);
	}
	return edits.apply(text);
}
