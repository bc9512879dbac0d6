/** Positions in the input text, which every node range and every edit is an offset into. */

export function lineStart(text: string, offset: number): number {
	return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The column of `offset` in its line. */
export function column(text: string, offset: number): number {
	return offset - lineStart(text, offset);
}

/**
 * Where text may be spliced in after a block collection. yaml ends a collection that closes with
 * a comment line after the indentation of the line that follows; splicing there would break that
 * line, so the splice goes to the start of it.
 */
export function blockEnd(text: string, end: number): number {
	const start = lineStart(text, end);
	// Asked at the end of every collection the block reader reads: a scan, not a slice and a regex.
	for (let i = start; i < end; i++) if (text.charCodeAt(i) !== 32) return end;
	return start;
}

/** `line L, column C` of an offset, for messages. */
export function lineAndColumn(text: string, offset: number): string {
	let line = 1;
	for (let at = text.indexOf('\n'); at !== -1 && at < offset; at = text.indexOf('\n', at + 1)) line++;
	return `line ${line}, column ${offset - lineStart(text, offset) + 1}`;
}

/**
 * The line ending of the line holding `offset` (or, on a last line without one, of the line
 * before): a file may mix CRLF and LF regions, and what is spliced into one takes its ending.
 */
export function eolAt(text: string, offset: number): string {
	let newline = text.indexOf('\n', offset);
	if (newline === -1) newline = text.lastIndexOf('\n', offset - 1);
	return newline > 0 && text[newline - 1] === '\r' ? '\r\n' : '\n';
}
