import {isScalar, parse, type Node} from 'yaml';

/**
 * A scalar as it was written: plain, single- or double-quoted, so that it can be put back so. A
 * quoted value that spans lines is put back on one line (its continuation lines were indented for
 * where it stood), and a block scalar (`|`, `>`) double-quoted: either reads as the same value.
 */
export function asWritten(node: Node): string | undefined {
	if (!isScalar(node) || node.value === null || typeof node.value === 'object') return undefined;
	const value = String(node.value);
	if (node.type === 'QUOTE_SINGLE' && !/[\n\r]/.test(value) && !needsEscapes(value)) return `'${value.replace(/'/g, "''")}'`;
	const source = (node as {source?: string}).source ?? value;
	if ((node.type === 'PLAIN' || node.type === undefined) && !/[\n\r]/.test(source)) return source;
	return quote(value);
}

/**
 * Characters no YAML writer may leave raw (kpt refuses them: "control characters are not
 * allowed"), beyond those JSON escapes: DEL, the C1 controls, the line and paragraph separators
 * and the byte-order mark.
 */
const mustEscape = /[\u007f-\u009f\u2028\u2029\ufeff]/;

/**
 * A value as JSON, which YAML reads as it is (in flow style). Annotation and label values are
 * strings; double quotes keep YAML 1.1 readers from retyping them. JSON's escapes are YAML's, and
 * the characters it leaves raw that YAML does not allow are escaped too.
 */
export function quote(value: unknown): string {
	const json = JSON.stringify(value);
	// Nearly every value has none of them: the test spares it the replace.
	return mustEscape.test(json) ? json.replace(mustEscapeAll, escape) : json;
}

const mustEscapeAll = new RegExp(mustEscape, 'g');

const escape = (char: string) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** True when `value` holds a character that only an escape in double quotes can write. */
export function needsEscapes(value: string): boolean {
	return mustEscape.test(value);
}

/**
 * A value put back as it was written (see asWritten): the text, and the value it reads as. Text
 * that does not read as one scalar (a record edited by hand) is put back as a quoted string.
 */
export function restored(written: string): {text: string; value: unknown} {
	let value: unknown;
	try {
		value = parse(written);
	} catch {
		return {text: quote(written), value: written};
	}
	if (value === null || typeof value === 'object') return {text: quote(written), value: written};
	// A record from a version that kept line breaks: on one line, the same value.
	if (/[\n\r]/.test(written) || needsEscapes(written)) return {text: quote(String(value)), value: String(value)};
	return {text: written, value};
}

/**
 * Number text that YAML 1.1 readers (Go YAML: kubectl, kpt) read as another value than YAML 1.2
 * does: `0755` is 493 there and 755 here; `0o755`, `1_000` and `1:30` differ too.
 */
export function readsOtherwiseIn11(source: string): boolean {
	return /^[-+]?(?:0\d+|0o[0-7]+|\d[\d_]*_[\d_]*|\d+(?::[0-5]?\d)+)$/.test(source);
}

/** The string a scalar written as `text` (what asWritten gave) reads as. */
export function writtenValue(text: string): string {
	return String(parse(text));
}
