/** The most characters of untrusted text a message quotes; longer text is cut and ends in `…`. */
export const maxQuoted = 200;

// Characters a terminal or a log reader may act on: C0 and C1 controls, DEL, the Unicode line and
// paragraph separators, and the bidirectional overrides that reorder what a reader sees.
const unsafe = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * Untrusted text (an item name, a key, a setting's value) as a message quotes it: in double
 * quotes, on one line, control characters escaped as JSON writes them, cut to `max` characters.
 * Whatever the text holds, it cannot end the line or pass for another message.
 */
export function quoteText(text: string, max = maxQuoted): string {
	return oneLine(JSON.stringify(text.length > max ? text.slice(0, max) : text)) + (text.length > max ? '…' : '');
}

/**
 * Text that is already a message (or a part of one, unquoted) made safe for one line: control
 * characters escaped, cut to `max` characters.
 */
export function oneLine(text: string, max = Infinity): string {
	const cut = text.length > max ? `${text.slice(0, max)}…` : text;
	return cut.replace(unsafe, char => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
