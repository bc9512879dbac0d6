import {Pair, Scalar, YAMLMap, YAMLSeq} from 'yaml';

/**
 * yaml's node classes, made the cheap way for the block reader, which makes one per key and value
 * of every item it reads. yaml's constructors mark each node's type with Object.defineProperty,
 * a slow path in V8 that took a quarter of the reader's time; here the mark is inherited from a
 * prototype made once per class, which yaml's `isMap`, `isScalar`… read just the same. The nodes
 * are instances of yaml's classes in every other respect.
 */
function maker<T extends object>(sample: T): () => T {
	const proto = Object.create(Object.getPrototypeOf(sample) as object) as object;
	for (const symbol of Object.getOwnPropertySymbols(sample)) {
		Object.defineProperty(proto, symbol, Object.getOwnPropertyDescriptor(sample, symbol)!);
	}
	return () => Object.create(proto) as T;
}

const makeScalar = maker(new Scalar<unknown>(null));
const makeMap = maker(new YAMLMap());
const makeSeq = maker(new YAMLSeq());
const makePair = maker(new Pair<unknown, unknown>(null));

export function scalarNode(value: unknown, range: [number, number, number]): Scalar {
	const node = makeScalar();
	node.value = value;
	node.range = range;
	return node;
}

export function mapNode(): YAMLMap {
	const node = makeMap();
	node.items = [];
	return node;
}

export function seqNode(): YAMLSeq {
	const node = makeSeq();
	node.items = [];
	return node;
}

export function pairNode(key: Scalar, value: unknown): Pair {
	const node = makePair();
	node.key = key;
	node.value = value;
	return node;
}
