import {Pair, Scalar, YAMLMap, YAMLSeq} from 'yaml';

/**
 * yaml's node classes, made the cheap way for the block reader, which makes one per key and value
 * of every item it reads. yaml's constructors mark each node's type with Object.defineProperty,
 * a slow path in V8 that took a quarter of the reader's time; here the mark is inherited from a
 * prototype made once per class, which yaml's `isMap`, `isScalar`… read just the same. The nodes
 * are instances of yaml's classes in every other respect, but for a scalar's range (below).
 */
function maker<T extends object>(sample: T): () => T {
	const proto = markedPrototype(sample);
	return () => Object.create(proto) as T;
}

function markedPrototype(sample: object): object {
	const proto = Object.create(Object.getPrototypeOf(sample) as object) as object;
	for (const symbol of Object.getOwnPropertySymbols(sample)) {
		Object.defineProperty(proto, symbol, Object.getOwnPropertyDescriptor(sample, symbol)!);
	}
	return proto;
}

const makeMap = maker(new YAMLMap());
const makeSeq = maker(new YAMLSeq());

/**
 * A scalar the block reader made: its range kept as three numbers, and made the array yaml's nodes
 * carry when first asked for. Most scalars never are (the function reads values; edits ask the
 * ranges of a few), and the arrays were two of the five objects the reader made per line, and a
 * fifth of what the read items kept alive. The reader sets `after` while it reads, before anything
 * asks.
 */
export interface BlockScalar extends Scalar {
	start: number;
	end: number;
	after: number;
}

interface ScalarFields extends BlockScalar {
	// Set only on the scalars asked for their range: a field of every one would be 8 bytes each.
	ranged?: [number, number, number];
}

// A constructor rather than Object.create: V8 sizes the objects `new` makes to the fields it sets.
function BlockScalarNode(this: ScalarFields, value: unknown, start: number, end: number, type: Scalar.Type | undefined) {
	this.value = value;
	this.start = start;
	this.end = end;
	this.after = end;
	this.type = type;
}
BlockScalarNode.prototype = markedPrototype(new Scalar<unknown>(null));
Object.defineProperty(BlockScalarNode.prototype, 'range', {
	get(this: ScalarFields) {
		return (this.ranged ??= [this.start, this.end, this.after]);
	},
	set(this: ScalarFields, range: [number, number, number]) {
		this.ranged = range;
	},
});

const ScalarNode = BlockScalarNode as unknown as new (
	value: unknown,
	start: number,
	end: number,
	type: Scalar.Type | undefined,
) => BlockScalar;

/** A scalar from `start` to `end` (and, until the reader says otherwise, its range[2]). */
export function scalarNode(value: unknown, start: number, end: number, type?: Scalar.Type): BlockScalar {
	return new ScalarNode(value, start, end, type);
}

/** Where a node the block reader made ends (range[1]), asked while it reads. */
export function endOf(node: Scalar | YAMLMap | YAMLSeq): number {
	return node instanceof BlockScalarNode ? (node as BlockScalar).end : node.range![1];
}

/**
 * A map or list of `items`, which are copied to their length: an array grown by push keeps room
 * for 16 entries, and a run keeps some 30,000 of them, most with two or three.
 */
export function mapNode(items: Pair[]): YAMLMap {
	const node = makeMap();
	node.items = items.slice();
	return node;
}

export function seqNode(items: unknown[]): YAMLSeq {
	const node = makeSeq();
	node.items = items.slice();
	return node;
}

// One for every key of every item: a constructor, sized to its two fields, as BlockScalarNode.
function BlockPairNode(this: Pair, key: Scalar, value: unknown) {
	this.key = key;
	this.value = value;
}
BlockPairNode.prototype = markedPrototype(new Pair<unknown, unknown>(null));
const PairNode = BlockPairNode as unknown as new (key: Scalar, value: unknown) => Pair;

export function pairNode(key: Scalar, value: unknown): Pair {
	return new PairNode(key, value);
}
