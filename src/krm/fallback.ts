import {readFast} from './read-fast.js';
import {readSafely} from './read-safe.js';
import {ReadSafely, type ResourceList} from './resource-list.js';

export type Reader = (text: string) => ResourceList;

/** The fast reader where it is sure of the text, else the yaml parser; the output is the same. */
export function readFastOrSafe(text: string): ResourceList {
	return readFast(text) ?? readSafely(text);
}

/**
 * Runs `body` on the list `read` makes of the input. The fast reader leaves an item it cannot
 * read (invalid YAML, aliases, nesting past the limits) for the safe reader to report; when the
 * run meets one, ReadSafely is thrown, and it starts over with every item read by the yaml
 * parser, and whatever the first attempt did is thrown away with it.
 */
export function withList<T>(input: string, body: (list: ResourceList) => T, read: Reader = readFastOrSafe): T {
	try {
		return body(read(input));
	} catch (error) {
		if (error instanceof ReadSafely) return body(readSafely(input));
		throw error;
	}
}
