import {stringify} from 'yaml';

/**
 * An object as the text of one `items` entry: a `- ` at the list's column, the rest indented two
 * more. Lists are compact, as kpt and kustomize write them. The YAML 1.1 schema quotes strings
 * such as "yes" or "0777" that 1.1 readers in the chain would otherwise retype.
 */
export function renderItem(value: unknown, column: number, eol: string): string {
	const pad = ' '.repeat(column);
	return toLines(value).map((line, i) => `${pad}${i === 0 ? '- ' : '  '}${line}`).join(eol) + eol;
}

/**
 * A map as the text of a block value whose first key already sits at `column` (where the old
 * value's range starts): later lines are indented to match.
 */
export function renderBlockValue(value: unknown, column: number, eol: string): string {
	const pad = ' '.repeat(column);
	return toLines(value).map((line, i) => (i === 0 ? line : pad + line)).join(eol) + eol;
}

function toLines(value: unknown): string[] {
	return stringify(value, {version: '1.1', lineWidth: 0, indentSeq: false}).trimEnd().split('\n');
}
