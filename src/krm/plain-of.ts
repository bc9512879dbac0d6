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
		if (isPlainScalar(value)) return value;
		return node.toJSON();
	}
	// Exactly a map or a list: yaml's tagged kinds (`!!set`, `!!omap`) are subclasses with values of their own.
	if (node.constructor === YAMLMap) {
		const out: Obj = {};
		for (const {key, value} of (node as YAMLMap).items) {
			const name = keyOf(key);
			if (name === undefined || (value !== null && !isNode(value))) return node.toJSON();
			const plain = plainOf(value as Node | null);
			put(out, name, plain);
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

/** A scalar's value that is its plain value as it is; any other (a date, binary data) yaml makes. */
export function isPlainScalar(value: unknown): value is string | number | boolean | null {
	return value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** An entry of a value lazyPlainOf made that nothing has read: still the node it was read from. */
class Unread {
	constructor(readonly node: Node | null) {}
}

/**
 * `value` set as the map's own entry `name`. `__proto__` is a key like any other in YAML, and yaml
 * makes it an own property; any other key of a plain object is one when assigned.
 */
export function put(map: Obj, name: string, value: unknown): void {
	if (name === '__proto__') Object.defineProperty(map, name, {value, writable: true, enumerable: true, configurable: true});
	else map[name] = value;
}

/**
 * The node's plain value as plainOf makes it, except that a map's entries are made values only
 * when read through entryOf: what an edited item's edits mean is its value with a few changes
 * along a few paths, and the rest of it is then compared as the nodes it still is (sameNode),
 * not made. settled() makes the rest, for a message or for writing the value out.
 */
export function lazyPlainOf(node: Node | null): unknown {
	if (node === null || node.constructor !== YAMLMap) return plainOf(node);
	const out: Obj = {};
	for (const {key, value} of (node as YAMLMap).items) {
		const name = keyOf(key);
		// Anything out of the ordinary is plainOf's to decide. A repeated key keeps its first place
		// and its last value, as in plainOf.
		if (name === undefined || (value !== null && !isNode(value))) return plainOf(node);
		put(out, name, new Unread(value as Node | null));
	}
	return out;
}

/** The entry `name` of a map in a value lazyPlainOf made, made a value (lazily) when first read. */
export function entryOf(map: Obj, name: string): unknown {
	const value = map[name];
	if (!(value instanceof Unread)) return value;
	const made = lazyPlainOf(value.node);
	put(map, name, made);
	return made;
}

/** The value with every entry made: plainOf's value, changed as the changes changed it. */
export function settled(value: unknown): unknown {
	if (value instanceof Unread) return plainOf(value.node);
	if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
		for (const name of Object.keys(value)) put(value as Obj, name, settled((value as Obj)[name]));
	}
	return value;
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
		return isPlainScalar(value) && Object.is(value, b.value);
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
		if (isPlainScalar(own)) return Object.is(own, value);
	} else if (node.constructor === YAMLMap) {
		if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype) return false;
		const pairs = (node as YAMLMap).items;
		if (pairs.length !== Object.keys(value).length) return isDeepStrictEqual(plainOf(node), settled(value));
		const seen = new Set<string>();
		for (const {key, value: inner} of pairs) {
			const name = keyOf(key);
			if (name === undefined || seen.has(name) || (inner !== null && !isNode(inner)))
				return isDeepStrictEqual(plainOf(node), settled(value));
			seen.add(name);
			if (!Object.hasOwn(value, name)) return false;
			const meant = (value as Obj)[name];
			// An entry no change has read is still the node it came from.
			if (meant instanceof Unread) {
				if (!sameNode(meant.node, inner as Node | null) && !matchesValue(inner as Node | null, plainOf(meant.node))) return false;
			} else if (!matchesValue(inner as Node | null, meant)) return false;
		}
		return true;
	} else if (node.constructor === YAMLSeq) {
		const items = (node as YAMLSeq).items;
		if (!Array.isArray(value) || value.length !== items.length) return false;
		for (const [index, item] of items.entries()) {
			if (item !== null && !isNode(item)) return isDeepStrictEqual(plainOf(node), settled(value));
			if (!matchesValue(item as Node | null, value[index])) return false;
		}
		return true;
	}
	return isDeepStrictEqual(plainOf(node), settled(value));
}
