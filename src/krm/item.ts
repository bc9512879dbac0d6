import {isAlias, isMap, isScalar, isSeq, type Document, type Node, type Scalar, type YAMLMap} from 'yaml';
import {lazyPlainOf, plainOf} from './plain-of.js';
import {asWritten} from './scalar-text.js';

/** Where an item sits in the input text: from the start of its `- ` line to the start of the next. */
export interface Span {
	start: number;
	end: number;
}

/**
 * One entry of the ResourceList's `items`, read through the yaml node that the whole input was
 * parsed into. Every node range is an offset into the input text, which is what lets the function
 * edit an item in place instead of re-printing it.
 */
export class Item {
	private loaded: Node | null | undefined;
	private readonly load?: () => Node | null;

	/**
	 * `node` may be a function that reads the item when first asked: the fast reader leaves items
	 * as text until the function looks at them (see read-fast.ts), and says their apiVersion
	 * and kind in `header` from their lines.
	 */
	constructor(
		node: Node | null | (() => Node | null),
		readonly index: number,
		readonly span: Span,
		/** The item's own text. */
		readonly text = '',
		private readonly header?: {apiVersion: string; kind: string},
		/**
		 * For an item read again after edits: the collections kept from its first reading, whose
		 * ranges are offsets into the first text (block-reader.ts EarlierReading).
		 */
		private readonly earlier?: {text: string; kept: readonly Node[]},
	) {
		if (typeof node === 'function') this.load = node;
		else this.loaded = node;
	}

	get node(): Node | null {
		if (this.loaded === undefined) this.loaded = this.load!();
		return this.loaded;
	}

	get map(): YAMLMap | undefined {
		return isMap(this.node) ? this.node : undefined;
	}

	/** The scalar string at `path`, or undefined when it is absent or not a scalar. */
	getString(...path: string[]): string | undefined {
		const value = this.getNode(path);
		return isScalar(value) && value.value !== null ? String(value.value) : undefined;
	}

	/**
	 * How the fast reader read the item, once it has: by the block reader or by yaml; undefined
	 * while the item is still only text. The benchmark's coverage figure and the parity test count
	 * these.
	 */
	readBy?: 'block' | 'yaml';

	/** The document, when its items use aliases: reading follows an alias to its anchor. */
	document?: Document;

	getNode(path: readonly (string | number)[]): Node | undefined {
		let node: unknown = this.node;
		for (const key of path) {
			if (isMap(node)) node = this.resolve(valueOf(node, key));
			else if (isSeq(node) && typeof key === 'number') node = this.resolve(node.items[key]);
			else return undefined;
		}
		return (node ?? undefined) as Node | undefined;
	}

	/** A node of this item as paths reach it: an alias followed to its anchor. */
	resolve(node: unknown): unknown {
		// Only an item read with its document (read-safe.ts) can hold an alias.
		return this.document && isAlias(node) ? node.resolve(this.document) : node;
	}

	/** The scalar at `path` as it is written (quotes and all), to be put back as it was. */
	written(path: readonly string[]): string | undefined {
		const node = this.getNode(path);
		return node === undefined ? undefined : asWritten(node);
	}

	/** The keys of the map at `path`, in the order they are written. */
	keysAt(path: readonly string[]): string[] {
		const node = this.getNode(path);
		return isMap(node) ? node.items.flatMap(pair => (isScalar(pair.key) ? [String(pair.key.value)] : [])) : [];
	}

	/** True when a comment may follow the value at `path` on its line (`key: value # …`). */
	commentAfter(path: readonly string[]): boolean {
		const node = this.getNode(path);
		const end = node?.range?.[1];
		if (end === undefined) return false;
		const {text, base} = this.textOf(node!);
		const at = end - base;
		// A node reached through an alias may stand in another item's text.
		if (at < 0 || at > text.length) return false;
		const line = text.indexOf('\n', at);
		return text.slice(at, line === -1 ? undefined : line).includes('#');
	}

	/** The text `node` of this item was written as, when it can be told. */
	sourceOf(node: Node): string | undefined {
		const {text, base} = this.textOf(node);
		const [start, end] = node.range ?? [-1, -1];
		return start >= base && end - base <= text.length ? text.slice(start - base, end - base) : undefined;
	}

	private keptNodes?: WeakSet<object>;

	/** The text the node's range is an offset into, and where that text's offsets begin. */
	private textOf(node: Node): {text: string; base: number} {
		if (this.earlier) {
			// Asked rarely (a port number's spelling): the kept nodes are listed on the first question.
			this.keptNodes ??= nodesUnder(this.earlier.kept);
			if (this.keptNodes.has(node)) return {text: this.earlier.text, base: 0};
		}
		return {text: this.text, base: this.span.start};
	}

	/** The plain value at `path` (maps and lists as JS objects). */
	getValue(path: readonly (string | number)[]): unknown {
		const node = this.getNode(path);
		return node === undefined ? undefined : this.valueOfNode(node);
	}

	/** The plain value of a node of this item, found by getNode or resolve. */
	valueOfNode(node: Node): unknown {
		// The reader has bounded what aliases expand to (read-safe.ts), so yaml's own count, which
		// refuses a hundred aliases of one character, is not asked again.
		return this.document ? (node as Node).toJS(this.document, {maxAliasCount: -1}) : plainOf(node);
	}

	/**
	 * The item's value, for changes to be applied to: plainOf's, with each map entry made a value
	 * only when a change reads it (lazyPlainOf), so that what no change touches is compared as
	 * nodes; settled() makes the rest.
	 */
	changeableValue(): unknown {
		return this.document ? this.getValue([]) : lazyPlainOf(this.node);
	}

	// Identity is read for every item at every step; items are never renamed, so it is kept.
	private names?: {name: string; namespace: string | undefined};

	get apiVersion(): string {
		return this.type.apiVersion;
	}

	get kind(): string {
		return this.type.kind;
	}

	// Asked of every item at every step, of the output's edited items too (which have no header).
	private typeOf?: {apiVersion: string; kind: string};

	private get type(): {apiVersion: string; kind: string} {
		this.typeOf ??= this.header ?? {apiVersion: this.getString('apiVersion') ?? '', kind: this.getString('kind') ?? ''};
		return this.typeOf;
	}

	private get metadataNames() {
		this.names ??= {name: this.getString('metadata', 'name') ?? '', namespace: this.getString('metadata', 'namespace')};
		return this.names;
	}

	get name(): string {
		return this.metadataNames.name;
	}

	get namespace(): string | undefined {
		return this.metadataNames.namespace;
	}

	/** The API group: `apps` for `apps/v1`, '' for the core group. */
	get group(): string {
		const slash = this.apiVersion.indexOf('/');
		return slash === -1 ? '' : this.apiVersion.slice(0, slash);
	}

	/** A string-valued map (labels, annotations) at `path`; entries that are not strings are left out. */
	stringMap(path: readonly string[]): Record<string, string> {
		const node = this.getNode(path);
		const out: Record<string, string> = Object.create(null);
		if (!isMap(node)) return out;
		for (const pair of node.items) {
			const value = this.resolve(pair.value);
			if (isScalar(pair.key) && isScalar(value) && value.value !== null) out[String(pair.key.value)] = String(value.value);
		}
		return out;
	}

	get labels(): Record<string, string> {
		return this.stringMap(['metadata', 'labels']);
	}

	get annotations(): Record<string, string> {
		return this.stringMap(['metadata', 'annotations']);
	}

	annotation(key: string): string | undefined {
		const value = this.getNode(['metadata', 'annotations', key]);
		return isScalar(value) && value.value !== null ? String(value.value) : undefined;
	}

	/** True for objects orchestrators keep out of the output (`config.kubernetes.io/local-config`). */
	get isLocalConfig(): boolean {
		this.localConfig ??= this.annotation('config.kubernetes.io/local-config') === 'true';
		return this.localConfig;
	}

	// Like identity, asked of every item at every step, and never changed by the function.
	private localConfig?: boolean;
	private identityKey?: string;

	/** The file the orchestrator read the item from, if it said. */
	get filePath(): string | undefined {
		return this.annotation('internal.config.kubernetes.io/path') ?? this.annotation('config.kubernetes.io/path');
	}

	/**
	 * The kpt package the item belongs to, when kpt renders a package with subpackages: the parent's
	 * pipeline sees every subpackage's items, each path relative to its own package.
	 */
	get packagePath(): string {
		// Asked of every item at most steps. The item's own text says at once when it has none (most
		// lists), unless it has no text of its own or reads values through aliases.
		if (this.packagePathOf === undefined) {
			const mayHave = this.text === '' || this.document !== undefined || this.mentions('package-path');
			this.packagePathOf = mayHave ? (this.annotation('internal.config.kubernetes.io/package-path') ?? '') : '';
		}
		return this.packagePathOf;
	}

	private packagePathOf?: string;

	/** True when the item's text contains `needle`: a cheap test before reading the item. */
	mentions(needle: string): boolean {
		return this.text.includes(needle);
	}

	get fileIndex(): number | undefined {
		const raw = this.annotation('internal.config.kubernetes.io/index') ?? this.annotation('config.kubernetes.io/index');
		return raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : undefined;
	}

	/** Which object this is: no two items of one package may share it. */
	get key(): string {
		this.identityKey ??= objectKey(this.packagePath, this.kind, this.namespace, this.name);
		return this.identityKey;
	}

	/** `Kind namespace/name`, for messages. */
	toString(): string {
		return `${this.kind || 'item'} ${this.namespace ? `${this.namespace}/` : ''}${this.name || `#${this.index}`}`;
	}
}

/**
 * The value of the first pair whose key is `key`, as yaml's `map.get(key, true)` finds it, without
 * its general key matching: this is asked for every step of every path the function reads.
 */
function valueOf(map: YAMLMap, key: string | number): unknown {
	for (const pair of map.items) {
		const found = pair.key;
		// The value first: a key that is not a scalar has none, and a map has many keys to pass over.
		if (found === key || ((found as Scalar | null)?.value === key && isScalar(found))) return pair.value;
	}
	return undefined;
}

/** Every node in the collections, keys included. */
function nodesUnder(roots: readonly Node[]): WeakSet<object> {
	const found = new WeakSet<object>();
	const walk = (node: unknown): void => {
		if (typeof node !== 'object' || node === null || found.has(node)) return;
		found.add(node);
		if (isMap(node)) for (const pair of node.items) (walk(pair.key), walk(pair.value));
		else if (isSeq(node)) node.items.forEach(walk);
	};
	roots.forEach(walk);
	return found;
}

/** An object's identity: kpt subpackages may hold same-name objects (for other clusters, say). */
export function objectKey(packagePath: string, kind: string, namespace: string | undefined, name: string): string {
	return `${packagePath}\0${kind}/${namespace ?? ''}/${name}`;
}
