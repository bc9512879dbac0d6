import type {YAMLMap, YAMLSeq} from 'yaml';
import type {Item} from './item.js';

/** The parsed input, and the text it came from: output is this text with edits spliced in. */
export interface ResourceList {
	text: string;
	root: YAMLMap;
	items: Item[];
	/** The `items` sequence; undefined when the input has `items: []` written as flow or none at all. */
	itemsNode: YAMLSeq | undefined;
	functionConfig: Item | undefined;
	/** The column of the items' `-`, where new items go too. */
	itemColumn: number;
	/** The line ending the input uses, for the text the function adds. */
	eol: string;
}

/** The input cannot be read as a ResourceList; the message is for the user. */
export class InputError extends Error {}

/**
 * Thrown when a list from the fast reader meets, part way through a run, what only the safe
 * reader should handle: an item that is not valid YAML, or an item to be edited that the fast
 * reader could not place in the text. fallback.ts then runs again with the yaml parser.
 */
export class ReadSafely extends Error {}
