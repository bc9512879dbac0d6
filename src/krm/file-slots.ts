import {posix} from 'node:path';
import type {Item} from './item.js';
import type {ResourceList} from './resource-list.js';

const pathAnnotations = ['config.kubernetes.io/path', 'internal.config.kubernetes.io/path'];
const indexAnnotations = ['config.kubernetes.io/index', 'internal.config.kubernetes.io/index'];
const packagePathAnnotation = 'internal.config.kubernetes.io/package-path';

/** Where a new item is to be written: a file, its index in that file, and the kpt package. */
export interface FileSlot {
	path: string;
	index: string;
	packagePath: string;
}

/**
 * A `…config.kubernetes.io/path` annotation in the text, however written: plain (to a comment, a
 * flow map's `,` or `}`, or a CR), single- or double-quoted, in block or flow style.
 */
const mentionPattern =
	/config\.kubernetes\.io\/path["']?[ \t]*:[ \t]*(?:"((?:[^"\\\r\n]|\\.)*)"|'((?:[^'\r\n]|'')*)'|([^\s"'#,{}[\]][^\r\n#,}]*))/g;

function mentioned(match: RegExpMatchArray): string {
	if (match[1] !== undefined) {
		try {
			return JSON.parse(`"${match[1]}"`) as string;
		} catch {
			return match[1];
		}
	}
	return match[2]?.replace(/''/g, "'") ?? match[3]!.trimEnd();
}

/**
 * kpt refuses two items at the same (path, index). A new item's file is normally new, so it gets
 * index 0; if the name is taken by something else, the next free index in that file. Which paths
 * the input uses, and which items mention one, is read off the text in one pass; the items that
 * do are looked into once, when a new item's path is first among them.
 */
export class FileSlots {
	private readonly mentioned = new Set<string>();
	private readonly mentioning = new Set<Item>();
	private taken = new Set<string>();
	private indexed = false;

	/** `leaving`: items the run removes, whose slots a new item may take (a monitor replaced by one of another kind and the same name). */
	constructor(
		private readonly list: ResourceList,
		private readonly leaving: ReadonlySet<Item> = new Set(),
	) {
		const {items} = list;
		for (const match of list.text.matchAll(mentionPattern)) {
			this.mentioned.add(mentioned(match));
			const item = items[itemAt(items, match.index!)];
			if (item && match.index! < item.span.end) this.mentioning.add(item);
		}
	}

	/** A slot for a file named `name` beside `neighbour` (a file path of the package, or none). */
	claim(packagePath: string, neighbour: string | undefined, name: string): FileSlot {
		// A neighbour's path outside the package (`../x.yaml`) is no place for a new file: the package root is.
		const beside = posix.join(posix.dirname(neighbour ?? ''), name);
		const path = beside.startsWith('../') || posix.isAbsolute(beside) ? posix.normalize(name) : beside;
		if (this.mentioned.has(path) && !this.indexed) this.indexSlotsInUse();
		const {taken} = this;
		let index = 0;
		while (taken.has(`${packagePath}\0${path}\0${index}`)) index++;
		taken.add(`${packagePath}\0${path}\0${index}`);
		return {path, index: String(index), packagePath};
	}

	/** Takes the slots of the items that mention a path, once. */
	private indexSlotsInUse(): void {
		this.indexed = true;
		for (const item of this.mentioning) {
			if (this.leaving.has(item)) continue;
			const path = item.filePath;
			if (path !== undefined) this.taken.add(`${item.packagePath}\0${path}\0${item.fileIndex ?? 0}`);
		}
	}
}

/** The index of the last item that starts at or before `offset` (-1 for none): items are in text order. */
function itemAt(items: readonly Item[], offset: number): number {
	let [low, high] = [0, items.length - 1];
	while (low <= high) {
		const middle = (low + high) >> 1;
		if (items[middle]!.span.start <= offset) low = middle + 1;
		else high = middle - 1;
	}
	return high;
}

/**
 * The annotations that tell kpt and kustomize where a new item goes: the file and index (in both
 * the current and the older internal spelling), and the package, for kpt to write the file into
 * the right subpackage.
 */
export function placementAnnotations(slot: FileSlot): Record<string, string> {
	const annotations: Record<string, string> = {};
	for (const key of pathAnnotations) annotations[key] = slot.path;
	for (const key of indexAnnotations) annotations[key] = slot.index;
	if (slot.packagePath) annotations[packagePathAnnotation] = slot.packagePath;
	return annotations;
}
