import {createRequire} from 'node:module';
import type * as Re2js from 're2js';
import {quoteText} from '../krm/quote-text.js';

/** A compiled regular expression that matches whole strings only. */
export interface Matcher {
	test(text: string): boolean;
}

let engine: typeof Re2js | undefined;

/**
 * re2js (RE2 in JavaScript: Prometheus's regex syntax, matching in linear time) is loaded on the
 * first regex a config holds: it costs start-up time that a run without one should not pay. In
 * the bundle, esbuild turns this `require` into a module evaluated on the first call; under tsx
 * (the tests), where an ES module has no `require`, Node's own loader stands in.
 */
function re2(): typeof Re2js {
	engine ??= (typeof require === 'function' ? require('re2js') : createRequire(import.meta.url)('re2js')) as typeof Re2js;
	return engine;
}

/**
 * Compiles `source` as RE2, as Prometheus does, into a Matcher for whole strings: the source is
 * compiled on its own, so no `)` in it can reach past the anchors. Returns a sentence saying what
 * is wrong when it does not compile.
 */
export function compileRegex(source: string): Matcher | string {
	const {RE2JS, RE2JSException, RE2JSSyntaxException} = re2();
	try {
		const compiled = RE2JS.compile(source);
		return {test: text => compiled.matches(text)};
	} catch (error) {
		if (!(error instanceof RE2JSException)) throw error;
		const detail =
			error instanceof RE2JSSyntaxException
				? `${error.getDescription()}${error.getPattern() ? ` at ${quoteText(error.getPattern()!, 40)}` : ''}`
				: error.message.slice(0, 200);
		const perlOnly = /^\(\?<?[=!]|^\\[1-9]/.test(error instanceof RE2JSSyntaxException ? (error.getPattern() ?? '') : '');
		return `is not a valid RE2 regular expression, the syntax Prometheus uses (${detail})${perlOnly ? '; RE2 has no lookarounds or backreferences' : ''}`;
	}
}
