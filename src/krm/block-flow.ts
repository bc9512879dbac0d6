import type {Pair, Scalar, YAMLMap, YAMLSeq} from 'yaml';
import type {BlockScalar, Ranged} from './block-nodes.js';
import {mapNode, pairNode, rangeAt, scalarNode, seqNode} from './block-nodes.js';
import {doubleQuoted, plainValue, quotedValue, singleQuoted, unsupported} from './block-scalars.js';

// A plain scalar inside a flow collection: no flow indicator, no `: `, no ` #`, and no space
// before the `,` or bracket that ends it (yaml counts such a space into the scalar's range).
const flowPlain = /(?:[^\s,[\]{}#&*!|>'"%@`?:-]|[-?:](?=[^\s,[\]{}]))(?:[^\s,[\]{}:#]|:(?=[^\s,[\]{}])| +(?=[^\s,[\]{}:#]))*/y;

/**
 * A flow collection on one line, as real manifests write them: `{}`, `[]`, `[a, b]`,
 * `{name: x, value: "y"}` and `{requests: {storage: 1Gi}}`, whose keys are one-line scalars. Returns the node, with the ranges
 * yaml gives it (range[2] is left for the caller, which knows the line's end), and the offset
 * after its closing bracket. Anything else (collections as keys, multi-line, implicit keys, odd spacing)
 * throws `unsupported`, and the yaml parser reads the item.
 */
export function flowCollection(text: string, start: number, depth = 0): {node: (YAMLMap | YAMLSeq) & Ranged; end: number} {
	// Real manifests nest flow collections two or three deep; deeper ones are for yaml's depth check.
	if (depth > 8) throw unsupported;
	const isMap = text[start] === '{';
	const items: unknown[] = [];
	const close = isMap ? '}' : ']';
	let at = start + 1;
	if (text[at] !== close) {
		for (;;) {
			if (isMap) {
				const key = flowScalar(text, at);
				at = key.end;
				if (text[at] !== ':' || text[at + 1] !== ' ') throw unsupported;
				at += 2;
				while (text[at] === ' ') at++;
				const value = flowValue(text, at, depth);
				at = rangeAt(value, 1);
				items.push(pairNode(key, value));
			} else {
				const entry = flowValue(text, at, depth);
				at = rangeAt(entry, 1);
				items.push(entry);
			}
			if (text[at] === close) break;
			if (text[at] !== ',' || text[at + 1] !== ' ') throw unsupported;
			at += 2;
			while (text[at] === ' ') at++;
		}
	}
	return {node: isMap ? mapNode(items as Pair[], start, at + 1, at + 1, true) : seqNode(items, start, at + 1, at + 1, true), end: at + 1};
}

/** A value inside a flow collection: a scalar, or a flow collection nested on the same line. */
function flowValue(text: string, start: number, depth: number): Scalar | YAMLMap | YAMLSeq {
	return text[start] === '{' || text[start] === '[' ? flowCollection(text, start, depth + 1).node : flowScalar(text, start);
}

function flowScalar(text: string, start: number): BlockScalar {
	const char = text[start];
	const pattern = char === '"' ? doubleQuoted : char === "'" ? singleQuoted : flowPlain;
	pattern.lastIndex = start;
	const source = pattern.exec(text)?.[0];
	if (!source) throw unsupported;
	const end = start + source.length;
	if (pattern === flowPlain) return scalarNode(plainValue(source), start, end);
	const {value, type} = quotedValue(source);
	return scalarNode(value, start, end, type);
}
