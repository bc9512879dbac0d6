/** A replacement of input[start, end) by text; start === end inserts. */
export interface TextEdit {
	start: number;
	end: number;
	text: string;
	/** For insertions at one offset: the column of the map they add to; deeper goes first. */
	depth: number;
}

/** Where edits go: the whole list's edits, or one item's. */
export interface EditSink {
	add(start: number, end: number, text: string, depth?: number): void;
}

/**
 * The changes to the input, as splices of its text. Everything outside an edit stays byte for byte
 * as it came in, which is how comments, quoting and formatting of what the function does not own
 * survive. Insertions at one offset into maps that end together go deepest first, so that each
 * lands in its own map; otherwise edits at the same offset apply in the order they were added.
 */
export class TextEdits implements EditSink {
	private readonly edits: TextEdit[] = [];
	/** Each item's edits, so that an edited item can be read again on its own. */
	private readonly owned = new Map<object, TextEdit[]>();

	add(start: number, end: number, text: string, depth = 0, owner?: object): void {
		const edit = {start, end, text, depth};
		this.edits.push(edit);
		if (!owner) return;
		const own = this.owned.get(owner);
		if (own) own.push(edit);
		else this.owned.set(owner, [edit]);
	}

	/** A sink whose edits are marked as `owner`'s. */
	of(owner: object): EditSink {
		return {add: (start, end, text, depth = 0) => this.add(start, end, text, depth, owner)};
	}

	/**
	 * How far the input offsets [from, to] move in `owner`'s text with its edits (applyTo from
	 * `start`); undefined when one of its edits reaches them.
	 */
	shiftOf(owner: object, start: number, from: number, to: number): number | undefined {
		let shift = -start;
		for (const edit of this.owned.get(owner) ?? []) {
			if (edit.start <= to && edit.end >= from) return undefined;
			if (edit.end < from) shift += edit.text.length - (edit.end - edit.start);
		}
		return shift;
	}

	/** The whole source with every edit. */
	apply(source: string): string {
		return splice(source, this.edits, 0);
	}

	/**
	 * `owner`'s text, source[start, end), with `owner`'s edits; undefined when one of them reaches
	 * outside it (and so would change what is not `owner`'s).
	 */
	applyTo(owner: object, source: string, start: number, end: number): string | undefined {
		const own = this.owned.get(owner) ?? [];
		if (own.some(edit => edit.start < start || edit.end > end)) return undefined;
		return splice(source.slice(start, end), own, start);
	}
}

/** `source` (which begins at offset `base` of the input) with `edits` spliced in. */
function splice(source: string, edits: readonly TextEdit[], base: number): string {
	const sorted = edits.map((edit, order) => ({...edit, order})).sort((a, b) => a.start - b.start || b.depth - a.depth || a.order - b.order);
	let out = '';
	let at = 0;
	for (const edit of sorted) {
		const start = edit.start - base;
		if (start < at) throw new Error(`overlapping edits at offset ${edit.start}`);
		out += source.slice(at, start) + edit.text;
		at = edit.end - base;
	}
	return out + source.slice(at);
}
