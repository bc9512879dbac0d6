import {getHeapStatistics} from 'node:v8';
import {Lexer} from 'yaml';
import {heapPerByte, heapPerToken} from './limits.js';
import {InputError} from './resource-list.js';

/**
 * Refuses an input that the yaml parser would read in full and that would run the process out of
 * heap: V8 does not throw then, it aborts, with a native stack dump and a signal instead of a
 * message. Only inputs large enough to be in doubt are lexed to count their tokens.
 */
export function checkMemory(text: string): void {
	const perToken = /^\s*[{[]/.test(text) ? heapPerToken.flow : heapPerToken.block;
	// Never more than about two tokens per character.
	if (2 * text.length * perToken < available()) return;
	let tokens = 0;
	for (const _ of new Lexer().lex(text)) tokens++;
	refuseBeyond(tokens * perToken, `reading its ${tokens} YAML tokens`);
}

/** The same for the fast reader, whose need follows the input's size. */
export function checkFastMemory(text: string): void {
	refuseBeyond(text.length * heapPerByte, `reading its ${Math.ceil(text.length / 2 ** 20)} MB`);
}

function available(): number {
	const {heap_size_limit: limit, used_heap_size: used} = getHeapStatistics();
	return limit - used;
}

function refuseBeyond(needed: number, what: string): void {
	const free = available();
	if (needed < free) return;
	const used = getHeapStatistics().used_heap_size;
	const mb = (bytes: number) => Math.ceil(bytes / 2 ** 20);
	throw new InputError(
		`the input is too large for the memory this process may use: ${what} needs about ${mb(needed)} MB, and Node.js allows ${mb(free)} MB more; give it more, for example NODE_OPTIONS=--max-old-space-size=${Math.ceil(mb(needed + used) / 1024) * 1024}, or split the package`,
	);
}
