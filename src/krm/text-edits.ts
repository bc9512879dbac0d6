/** A replacement of input[start, end) by text; start === end inserts. */
export interface TextEdit {
	start: number;
	end: number;
	text: string;
	/** For insertions at one offset: the column of the map they add to; deeper goes first. */
	depth: number;
}

/**
 * The changes to the input, as splices of its text. Everything outside an edit stays byte for byte
 * as it came in, which is how comments, quoting and formatting of what the function does not own
 * survive. Insertions at one offset into maps that end together go deepest first, so that each
 * lands in its own map; otherwise edits at the same offset apply in the order they were added.
 */
export class TextEdits {
	private readonly edits: TextEdit[] = [];

	add(start: number, end: number, text: string, depth = 0): void {
		this.edits.push({start, end, text, depth});
	}

	apply(source: string): string {
		const sorted = this.edits
			.map((edit, order) => ({...edit, order}))
			.sort((a, b) => a.start - b.start || b.depth - a.depth || a.order - b.order);
		let out = '';
		let at = 0;
		for (const edit of sorted) {
			if (edit.start < at) throw new Error(`overlapping edits at offset ${edit.start}`);
			out += source.slice(at, edit.start) + edit.text;
			at = edit.end;
		}
		return out + source.slice(at);
	}
}
