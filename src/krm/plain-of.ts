import {isDeepStrictEqual} from 'node:util';
import {isNode, isScalar, YAMLMap, YAMLSeq, type Node} from 'yaml';

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
		for (const {key, value: inner} of pairs) {
			const name = keyOf(key);
			if (name === undefined || seen.has(name) || (inner !== null && !isNode(inner))) return isDeepStrictEqual(plainOf(node), value);
			seen.add(name);
			if (!Object.hasOwn(value, name) || !matchesValue(inner as Node | null, (value as Obj)[name])) return false;
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
