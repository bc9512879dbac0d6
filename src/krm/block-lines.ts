import {unsupported} from './block-scalars.js';

/**
 * The block reader's view of the text as lines: where they end, how they are indented, and which
 * hold only blanks and comments. Offsets run up to `end`, the end of what is being read.
 */
export class BlockLines {
	/** The offset of the next line to read. */
	at = 0;

	constructor(
		protected readonly text: string,
		protected readonly end: number,
	) {}

	/** Where the next token after this text is: past the indentation of the line that follows. */
	protected get tokenAtEnd(): number {
		return this.end + this.indentAt(this.end);
	}

	/**
	 * From `from`, the end of the comment lines that follow and pass `takes` (by their
	 * indentation), with any blank lines before each; `from` itself if none does.
	 */
	protected absorb(from: number, takes: (indent: number) => boolean): number {
		let end = from;
		let line = this.text[from - 1] === '\n' ? from : this.lineEnd(from);
		while (line < this.end) {
			let i = line;
			while (this.text.charCodeAt(i) === 32) i++;
			const char = this.text[i];
			if (char !== '\n' && char !== '#') break;
			if (char === '#' && !takes(i - line)) break;
			line = this.lineEnd(i);
			if (char === '#') end = line;
		}
		return end;
	}

	/** True when nothing but blank and comment lines is left. */
	trailingOnly(): boolean {
		return this.nextContent() === undefined;
	}

	/** The start of the next line with content, past blank and comment-only lines. */
	protected nextContent(from = this.at): number | undefined {
		let line = from;
		while (line < this.end) {
			let i = line;
			while (this.text.charCodeAt(i) === 32) i++;
			const char = this.text[i];
			if (char === '\r' || char === '\t') throw unsupported;
			if (i >= this.end) return undefined;
			if (char !== '\n' && char !== '#') return line;
			line = this.lineEnd(i);
		}
		return undefined;
	}

	protected indentAt(lineStart: number): number {
		let i = lineStart;
		while (this.text.charCodeAt(i) === 32) i++;
		return i - lineStart;
	}

	protected isDash(offset: number): boolean {
		return this.text[offset] === '-' && (this.text[offset + 1] === ' ' || this.text[offset + 1] === '\n');
	}

	/** After a value only spaces and a comment may follow on its line. */
	protected afterValue(offset: number): number {
		let i = offset;
		while (this.text[i] === ' ') i++;
		if (i < this.end && this.text[i] !== '\n' && this.text[i] !== '#') throw unsupported;
		if (this.text[i] === '#' && i === offset) throw unsupported;
		return i;
	}

	protected lineEnd(offset: number): number {
		const newline = this.text.indexOf('\n', offset);
		return newline === -1 || newline >= this.end ? this.end : newline + 1;
	}
}
