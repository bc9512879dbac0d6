import {Pair, Scalar, YAMLMap, YAMLSeq} from 'yaml';

/**
 * yaml's node classes, made the cheap way for the block reader, which makes one per key and value
 * of every item it reads. yaml's constructors mark each node's type with Object.defineProperty,
 * a slow path in V8 that took a quarter of the reader's time; here the mark is inherited from a
 * prototype made once per class, which yaml's `isMap`, `isScalar`… read just the same. The nodes
 * are instances of yaml's classes in every other respect, but for their range (below).
 *
 * They are made by constructors rather than Object.create: V8 sizes the objects `new` makes to
 * the fields the constructor sets, and a run keeps every node of every item it reads.
 */
function markedPrototype(sample: object): object {
	const proto = Object.create(Object.getPrototypeOf(sample) as object) as object;
	for (const symbol of Object.getOwnPropertySymbols(sample)) {
		Object.defineProperty(proto, symbol, Object.getOwnPropertyDescriptor(sample, symbol)!);
	}
	return proto;
}

/**
 * A node's range kept as three numbers, and made the array yaml's nodes carry when first asked
 * for. Most nodes never are (the function reads values; edits ask the ranges of a few), and the
 * arrays were two of the five objects the reader made per line, and a fifth of what the read
 * items kept alive. The reader sets `after` while it reads, before anything asks.
 */
export interface Ranged {
	start: number;
	end: number;
	after: number;
}

export type BlockScalar = Scalar & Ranged;

interface RangeFields extends Ranged {
	// Set only on the nodes asked for their range: a field of every one would be 8 bytes each.
	ranged?: [number, number, number];
}

/** `Kind`'s prototype: yaml's class, its type mark, and the range made from the three numbers. */
function rangedPrototype(Kind: Function, sample: object): void {
	Kind.prototype = markedPrototype(sample);
	Object.defineProperty(Kind.prototype, 'range', {
		get(this: RangeFields) {
			return (this.ranged ??= [this.start, this.end, this.after]);
		},
		// A range given anew is the node's: the reader reads the numbers (rangeAt).
		set(this: RangeFields, range: [number, number, number] | undefined) {
			if (range) [this.start, this.end, this.after] = range;
			this.ranged = range;
		},
	});
}

function BlockScalarNode(this: BlockScalar, value: unknown, start: number, end: number, type: Scalar.Type | undefined) {
	this.value = value;
	this.start = start;
	this.end = end;
	this.after = end;
	this.type = type;
}
rangedPrototype(BlockScalarNode, new Scalar<unknown>(null));

/**
 * A map's or list's constructor. Its entries are copied to their length: an array grown by push
 * keeps room for 16, and a run keeps some 30,000 of them, most with two or three.
 */
function collectionNode(sample: YAMLMap | YAMLSeq): Function {
	function BlockCollectionNode(this: YAMLMap & Ranged, items: Pair[], start: number, end: number, after: number, flow: boolean) {
		this.items = items.slice();
		this.start = start;
		this.end = end;
		this.after = after;
		this.flow = flow;
	}
	rangedPrototype(BlockCollectionNode, sample);
	return BlockCollectionNode;
}
const BlockMapNode = collectionNode(new YAMLMap());
const BlockSeqNode = collectionNode(new YAMLSeq());

function BlockPairNode(this: Pair, key: Scalar, value: unknown) {
	this.key = key;
	this.value = value;
}
BlockPairNode.prototype = markedPrototype(new Pair<unknown, unknown>(null));

type Made<T, A extends unknown[]> = new (...args: A) => T;

/** A scalar from `start` to `end` (and, until the reader says otherwise, its range[2]). */
export const scalarNode = (value: unknown, start: number, end: number, type?: Scalar.Type): BlockScalar =>
	new (BlockScalarNode as unknown as Made<BlockScalar, [unknown, number, number, Scalar.Type | undefined]>)(value, start, end, type);

export const mapNode = (items: Pair[], start: number, end: number, after: number, flow = false): YAMLMap & Ranged =>
	new (BlockMapNode as unknown as Made<YAMLMap & Ranged, [Pair[], number, number, number, boolean]>)(items, start, end, after, flow);

export const seqNode = (items: unknown[], start: number, end: number, after: number, flow = false): YAMLSeq & Ranged =>
	new (BlockSeqNode as unknown as Made<YAMLSeq & Ranged, [unknown[], number, number, number, boolean]>)(items, start, end, after, flow);

export const pairNode = (key: Scalar, value: unknown): Pair => new (BlockPairNode as unknown as Made<Pair, [Scalar, unknown]>)(key, value);

const rangeFields = ['start', 'end', 'after'] as const;

/** A node's range[i], from its numbers when the block reader made it: no array is made. */
export function rangeAt(node: Scalar | YAMLMap | YAMLSeq, i: 0 | 1 | 2): number {
	return (node as Partial<Ranged>)[rangeFields[i]] ?? node.range![i];
}
