import {isDeepStrictEqual} from 'node:util';
import {isNode, isScalar, YAMLMap, YAMLSeq, type Node, type Pair} from 'yaml';

type Obj = Record<string, unknown>;

/**
 * A node's plain value, as yaml's own `toJSON()` gives it for a node read without a document (no
 * aliases, no merge keys), in a quarter of the time: yaml's goes through a context and a key
 * stringifier for every pair, and every item the function edits is read this way (what its
 * edits mean). Anything out of the ordinary (a collection as a key, an alias, a tagged object
 * such as `!!binary`) is left to yaml.
 */
export function plainOf(node: Node | null): unknown {
	if (node === null) return null;
	if (isScalar(node)) {
		const value = node.value;
		if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
		return node.toJSON();
	}
	// Exactly a map or a list: yaml's tagged kinds (`!!set`, `!!omap`) are subclasses with values of their own.
	if (node.constructor === YAMLMap) {
		const out: Obj = {};
		for (const {key, value} of (node as YAMLMap).items) {
			const name = keyOf(key);
			if (name === undefined || (value !== null && !isNode(value))) return node.toJSON();
			const plain = plainOf(value as Node | null);
			// `__proto__` is a key like any other in YAML, and yaml makes it an own property.
			if (name === '__proto__') Object.defineProperty(out, name, {value: plain, writable: true, enumerable: true, configurable: true});
			else out[name] = plain;
		}
		return out;
	}
	if (node.constructor === YAMLSeq) {
		const out: unknown[] = [];
		for (const item of (node as YAMLSeq).items) {
			if (item !== null && !isNode(item)) return node.toJSON();
			out.push(plainOf(item as Node | null));
		}
		return out;
	}
	return node.toJSON();
}

/** For each value lazyPlainOf made: the node of each entry that is not yet a value. */
const unread = new WeakMap<Obj, Map<string, Node | null>>();

/**
 * The node's plain value as plainOf makes it, except that a map's entries become values only
 * when first read: what an edited item's edits mean is its value with a few changes along a few
 * paths, and the rest of it is then compared as nodes (sameNode) instead of being made. Each
 * entry is an accessor until read or set, then a plain property, so the value reads, enumerates
 * and changes as plainOf's would.
 */
export function lazyPlainOf(node: Node | null): unknown {
	if (node === null || node.constructor !== YAMLMap) return plainOf(node);
	const out: Obj = {};
	const nodes = new Map<string, Node | null>();
	for (const {key, value} of (node as YAMLMap).items) {
		const name = keyOf(key);
		// Anything out of the ordinary is plainOf's to decide. A repeated key keeps its first place
		// and its last value, in a Map as in plainOf's object.
		if (name === undefined || (value !== null && !isNode(value))) return plainOf(node);
		nodes.set(name, value as Node | null);
	}
	const settle = (name: string, value: unknown) => {
		nodes.delete(name);
		Object.defineProperty(out, name, {value, writable: true, enumerable: true, configurable: true});
	};
	for (const [name, value] of nodes) {
		Object.defineProperty(out, name, {
			get() {
				const plain = lazyPlainOf(value);
				settle(name, plain);
				return plain;
			},
			set(plain: unknown) {
				settle(name, plain);
			},
			enumerable: true,
			configurable: true,
		});
	}
	unread.set(out, nodes);
	return out;
}

/**
 * True when two nodes have the same plain value, told by walking both alike; false may also mean
 * they are written differently (keys in another order), which the caller then decides by value.
 */
function sameNode(a: Node | null, b: Node | null): boolean {
	if (a === b) return true;
	if (a === null || b === null) return false;
	if (isScalar(a) && isScalar(b)) {
		const value = a.value;
		return (
			(value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') && Object.is(value, b.value)
		);
	}
	const kind = a.constructor;
	if ((kind !== YAMLMap && kind !== YAMLSeq) || b.constructor !== kind) return false;
	const ours = (a as YAMLMap | YAMLSeq).items as unknown[];
	const theirs = (b as YAMLMap | YAMLSeq).items as unknown[];
	if (ours.length !== theirs.length) return false;
	for (let i = 0; i < ours.length; i++) {
		let x = ours[i];
		let y = theirs[i];
		if (kind === YAMLMap) {
			const key = keyOf((x as Pair).key);
			if (key === undefined || key !== keyOf((y as Pair).key)) return false;
			x = (x as Pair).value;
			y = (y as Pair).value;
		}
		if ((x !== null && !isNode(x)) || (y !== null && !isNode(y)) || !sameNode(x as Node | null, y as Node | null)) return false;
	}
	return true;
}

/** A map key as yaml makes it a property name: a scalar's value as a string, null as ''. */
function keyOf(key: unknown): string | undefined {
	if (key === null) return '';
	if (!isScalar(key)) return undefined;
	const value = key.value;
	if (value === null) return '';
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	return undefined;
}

/**
 * Whether `value` is the node's plain value (as isDeepStrictEqual(value, plainOf(node)) says),
 * found without making that value: every edited item is compared with what its edits meant, and
 * it nearly always is. Anything out of the ordinary (a repeated key, a tagged node) is decided
 * by making the value after all.
 */
export function matchesValue(node: Node | null, value: unknown): boolean {
	if (node === null) return value === null;
	if (isScalar(node)) {
		const own = node.value;
		if (own === null || typeof own === 'string' || typeof own === 'number' || typeof own === 'boolean') return Object.is(own, value);
	} else if (node.constructor === YAMLMap) {
		if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype) return false;
		const pairs = (node as YAMLMap).items;
		if (pairs.length !== Object.keys(value).length) return isDeepStrictEqual(plainOf(node), value);
		const seen = new Set<string>();
		const lazy = unread.get(value as Obj);
		for (const {key, value: inner} of pairs) {
			const name = keyOf(key);
			if (name === undefined || seen.has(name) || (inner !== null && !isNode(inner))) return isDeepStrictEqual(plainOf(node), value);
			seen.add(name);
			if (!Object.hasOwn(value, name)) return false;
			// An entry no change has read or set is still the node it came from (a change may
			// also define the property over the accessor: only an accessor is unread).
			const before = lazy?.get(name);
			if (before !== undefined && Object.getOwnPropertyDescriptor(value, name)!.get && sameNode(before, inner as Node | null)) continue;
			if (!matchesValue(inner as Node | null, (value as Obj)[name])) return false;
		}
		return true;
	} else if (node.constructor === YAMLSeq) {
		const items = (node as YAMLSeq).items;
		if (!Array.isArray(value) || value.length !== items.length) return false;
		for (const [index, item] of items.entries()) {
			if (item !== null && !isNode(item)) return isDeepStrictEqual(plainOf(node), value);
			if (!matchesValue(item as Node | null, value[index])) return false;
		}
		return true;
	}
	return isDeepStrictEqual(plainOf(node), value);
}
