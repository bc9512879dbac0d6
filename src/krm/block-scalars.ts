import type {Scalar} from 'yaml';

/** Thrown inside the block reader for text outside its subset; parseBlockMap then declines. */
export const unsupported = Symbol('unsupported');

// A plain key: no indicator first, runs to the `: ` (or `:` at the end of the line).
export const plainKey = /[^\s\-?:,[\]{}#&*!|>'"%@`][^\n]*?(?=:(?: |$))/my;
// A one-line double- or single-quoted scalar, as a value (in block or flow style) starts with it.
export const doubleQuoted = /"(?:[^"\\\n]|\\.)*"/y;
export const singleQuoted = /'(?:[^'\n]|'')*'/y;
export const quotedKey = new RegExp(`(${doubleQuoted.source}|${singleQuoted.source})(?=:(?: |$))`, 'my');
// YAML 1.2 core schema, as yaml resolves plain scalars.
const nullPlain = /^(?:~|null|Null|NULL)?$/;
const boolPlain = /^(?:true|True|TRUE|false|False|FALSE)$/;
const intPlain = /^[-+]?[0-9]+$/;
const octalPlain = /^0o[0-7]+$/;
const hexPlain = /^0x[0-9a-fA-F]+$/;
const floatPlain = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const infinityPlain = /^([-+]?)\.(?:inf|Inf|INF)$/;
const nanPlain = /^\.(?:nan|NaN|NAN)$/;
const typedStart = '~nNtTfF-+.0123456789';

/** The value of a one-line plain scalar, typed as yaml's core schema types it. */
export function plainValue(source: string): unknown {
	// Every value of another type than string begins with one of these (or is empty): most
	// names, images and paths are strings, told by their first character alone.
	if (source !== '' && !typedStart.includes(source[0]!)) return source;
	// Each type begins with characters of its own: only the tests that can match are run.
	const first = source[0];
	if (first === undefined || first === '~' || first === 'n' || first === 'N') return nullPlain.test(source) ? null : source;
	if (first === 't' || first === 'T' || first === 'f' || first === 'F')
		return boolPlain.test(source) ? first === 't' || first === 'T' : source;
	if (intPlain.test(source)) return parseInt(source, 10);
	if (octalPlain.test(source)) return parseInt(source.slice(2), 8);
	if (hexPlain.test(source)) return parseInt(source.slice(2), 16);
	if (floatPlain.test(source)) return parseFloat(source);
	const infinity = infinityPlain.exec(source);
	if (infinity) return infinity[1] === '-' ? -Infinity : Infinity;
	if (nanPlain.test(source)) return Number.NaN;
	return source;
}

/** The value of a one-line single- or double-quoted scalar, with the style yaml records for it. */
export function quotedValue(source: string): {value: string; type: Scalar.Type} {
	// Most quoted values escape nothing (kpt's annotations are all single-quoted): then the value
	// is the text between the quotes, without a replace or JSON.parse.
	const inner = source.slice(1, -1);
	if (source.startsWith("'")) return {value: inner.includes("'") ? inner.replaceAll("''", "'") : inner, type: 'QUOTE_SINGLE'};
	if (literal(inner)) return {value: inner, type: 'QUOTE_DOUBLE'};
	try {
		return {value: JSON.parse(source) as string, type: 'QUOTE_DOUBLE'};
	} catch {
		// YAML escapes JSON lacks (\x41, \e, \_ …) are for the yaml parser to decode.
		throw unsupported;
	}
}

/** True when a double-quoted text reads as itself: no escape, and nothing JSON.parse refuses. */
function literal(inner: string): boolean {
	for (let i = 0; i < inner.length; i++) {
		const code = inner.charCodeAt(i);
		if (code === 92 || code < 32) return false;
	}
	return true;
}
