import test from 'ava';
import {parse} from 'yaml';
import {quote} from '../../src/krm/scalar-text.js';

// What no YAML writer may leave raw beyond JSON's escapes (kpt refuses them), and some that may stay.
const escaped = ['\u007f', '\u0080', '\u0085', '\u009f', '\u2028', '\u2029', '\ufeff'];
const raw = ['é', '→', '\u00a0', '\u200b', '😀'];

test('quote escapes DEL, the C1 controls, the line and paragraph separators and the BOM, and reads back as the value', t => {
	for (const char of escaped) {
		const value = `a${char}b${char}`;
		const text = quote(value);
		t.false(
			[...text].some(c => escaped.includes(c)),
			`${JSON.stringify(text)} holds U+${char.charCodeAt(0).toString(16)} raw`,
		);
		t.is(text, `"a\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}b\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}"`);
		t.is(parse(text), value);
	}
	for (const char of raw) t.is(quote(`x${char}`), `"x${char}"`);
	t.is(quote({a: 'x\u2028', b: [1, '\u007f']}), '{"a":"x\\u2028","b":[1,"\\u007f"]}');
});
