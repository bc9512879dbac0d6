import test from 'ava';
import {isMap, isScalar, isSeq, Scalar, YAMLMap, YAMLSeq} from 'yaml';
import {mapNode, pairNode, rangeAt, scalarNode, seqNode} from '../../src/krm/block-nodes.js';

// The block reader's nodes keep their range as numbers and make yaml's array when first asked
// (block-nodes.ts): the array must say what the numbers say, and a range given anew must be what
// the reader then reads.
test("block nodes are yaml's nodes, with the range their numbers say", t => {
	const key = scalarNode('name', 4, 8);
	const value = scalarNode('web', 10, 13, 'QUOTE_SINGLE');
	value.after = 14;
	const map = mapNode([pairNode(key, value)], 4, 14, 16);
	const seq = seqNode([map], 2, 14, 16, true);
	t.true(isScalar(key) && key instanceof Scalar && isMap(map) && map instanceof YAMLMap && isSeq(seq) && seq instanceof YAMLSeq);
	t.deepEqual(
		[key.range, value.range, map.range, seq.range],
		[
			[4, 8, 8],
			[10, 13, 14],
			[4, 14, 16],
			[2, 14, 16],
		],
	);
	t.is(value.type, 'QUOTE_SINGLE');
	t.true(seq.flow);
	t.false(map.flow);
	t.is(map.range, map.range, 'made once, so a change to it stays');
	map.range = [5, 15, 17];
	t.deepEqual([rangeAt(map, 0), rangeAt(map, 1), rangeAt(map, 2), map.range], [5, 15, 17, [5, 15, 17]]);
	// Entries are the node's own copy.
	const items = [pairNode(key, value)];
	t.not(mapNode(items, 0, 1, 1).items, items);
});
