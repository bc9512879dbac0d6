import {stringify} from 'yaml';
import {needsEscapes, quote} from './scalar-text.js';

/**
 * An object as the text of one `items` entry: a `- ` at the list's column, the rest indented two
 * more. Lists are compact, as kpt and kustomize write them. The YAML 1.1 schema quotes strings
 * such as "yes" or "0777" that 1.1 readers in the chain would otherwise retype.
 */
export function renderItem(value: unknown, column: number, eol: string): string {
	const pad = ' '.repeat(column);
	return (
		toLines(value)
			.map((line, i) => `${pad}${i === 0 ? '- ' : '  '}${line}`)
			.join(eol) + eol
	);
}

/**
 * A map as the text of a block value whose first key already sits at `column` (where the old
 * value's range starts): later lines are indented to match.
 */
export function renderBlockValue(value: unknown, column: number, eol: string): string {
	const pad = ' '.repeat(column);
	return (
		toLines(value)
			.map((line, i) => (i === 0 ? line : pad + line))
			.join(eol) + eol
	);
}

const options = {version: '1.1', lineWidth: 0, indentSeq: false} as const;

/**
 * The block YAML of a value, line by line, as yaml's stringify writes it. Generated monitors are
 * plain JSON data, so the layout is written here and only each distinct scalar goes through
 * yaml, once (a run generating a thousand monitors repeats the same few dozen strings); anything
 * else (multi-line strings, lists of lists) is left to yaml whole.
 */
export function toLines(value: unknown): string[] {
	const lines: string[] = [];
	return writeBlock(value, '', lines) ? lines : stringify(value, options).trimEnd().split('\n');
}

const scalars = new Map<unknown, string>();

// Strings yaml writes plain under the YAML 1.1 schema without a doubt: names, paths, label keys.
// They start with a letter, `_` or `/` (so are no number or timestamp), hold no space or
// indicator, and are none of 1.1's booleans or nulls.
const surelyPlain = /^[A-Za-z_/][\w./-]*$/;
const special11 = /^(?:y|n|yes|no|on|off|true|false|null)$/i;

function scalar(value: unknown): string | undefined {
	if (typeof value === 'string' && surelyPlain.test(value) && !special11.test(value)) return value;
	// yaml writes these raw, and kpt refuses them.
	if (typeof value === 'string' && needsEscapes(value)) return quote(value);
	let text = scalars.get(value);
	if (text === undefined) {
		text = stringify(value, options).trimEnd();
		scalars.set(value, text);
	}
	return text.includes('\n') ? undefined : text;
}

function isCollection(value: unknown): value is object {
	return typeof value === 'object' && value !== null && (Array.isArray(value) ? value.length > 0 : Object.keys(value).length > 0);
}

/** Writes a non-empty map or list at `pad`; false when it holds what only yaml should write. */
function writeBlock(value: unknown, pad: string, lines: string[]): boolean {
	if (!isCollection(value)) return false;
	if (Array.isArray(value)) {
		for (const entry of value) {
			if (Array.isArray(entry) && entry.length > 0) return false;
			if (isCollection(entry)) {
				const start = lines.length;
				if (!writeBlock(entry, `${pad}  `, lines)) return false;
				lines[start] = `${pad}- ${lines[start]!.slice(pad.length + 2)}`;
			} else {
				const text = scalar(entry);
				if (text === undefined) return false;
				lines.push(`${pad}- ${text}`);
			}
		}
		return true;
	}
	for (const [key, entry] of Object.entries(value)) {
		const keyText = scalar(key);
		if (keyText === undefined) return false;
		if (isCollection(entry)) {
			lines.push(`${pad}${keyText}:`);
			// Compact lists: the `-` stands at the key's own column.
			if (!writeBlock(entry, Array.isArray(entry) ? pad : `${pad}  `, lines)) return false;
		} else {
			const text = entry === undefined ? undefined : scalar(entry);
			if (text === undefined) return false;
			lines.push(`${pad}${keyText}: ${text}`);
		}
	}
	return true;
}
