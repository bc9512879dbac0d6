import {isScalar, parse, type Node} from 'yaml';

/** A scalar as it was written: plain, single- or double-quoted, so that it can be put back so. */
export function asWritten(node: Node): string | undefined {
	if (!isScalar(node) || node.value === null || typeof node.value === 'object') return undefined;
	const value = String(node.value);
	if (node.type === 'QUOTE_SINGLE') return `'${value.replace(/'/g, "''")}'`;
	if (node.type === 'QUOTE_DOUBLE') return quote(value);
	if (node.type === 'PLAIN' || node.type === undefined) return (node as {source?: string}).source ?? value;
	return quote(value);
}

/** Annotation and label values are strings; double quotes keep YAML 1.1 readers from retyping them. */
export function quote(value: string): string {
	return JSON.stringify(value);
}

/** The string a scalar written as `text` (what asWritten gave) reads as. */
export function writtenValue(text: string): string {
	return String(parse(text));
}
