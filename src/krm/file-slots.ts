import {posix} from 'node:path';
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
 * kpt refuses two items at the same (path, index). A new item's file is normally new, so it gets
 * index 0; if the name is taken by something else, the next free index in that file. Which paths
 * the input uses is read off the text in one pass, so that items are only looked into when a new
 * item's path is among them.
 */
export class FileSlots {
	private readonly mentioned = new Set<string>();
	private readonly taken = new Set<string>();

	constructor(private readonly list: ResourceList) {
		for (const match of list.text.matchAll(/config\.kubernetes\.io\/path: *["']?([^"'\n]*)/g)) this.mentioned.add(match[1]!);
	}

	/** A slot for a file named `name` beside `neighbour` (a file path of the package, or none). */
	claim(packagePath: string, neighbour: string | undefined, name: string): FileSlot {
		// A neighbour's path outside the package (`../x.yaml`) is no place for a new file: the package root is.
		const beside = posix.join(posix.dirname(neighbour ?? ''), name);
		const path = beside.startsWith('../') || posix.isAbsolute(beside) ? posix.normalize(name) : beside;
		if (this.mentioned.has(path)) {
			this.mentioned.delete(path);
			for (const item of this.list.items) {
				if (item.filePath === path) this.taken.add(`${item.packagePath}\0${path}\0${item.fileIndex ?? 0}`);
			}
		}
		let index = 0;
		while (this.taken.has(`${packagePath}\0${path}\0${index}`)) index++;
		this.taken.add(`${packagePath}\0${path}\0${index}`);
		return {path, index: String(index), packagePath};
	}
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
