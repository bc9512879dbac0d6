import test from 'ava';
import {compileRegex, type Matcher} from '../../src/config/regex.js';

const compiled = (source: string): Matcher => {
	const matcher = compileRegex(source);
	if (typeof matcher === 'string') throw new Error(`${source}: ${matcher}`);
	return matcher;
};

test('a regex matches whole strings only', t => {
	t.true(compiled('web|api').test('web'));
	t.false(compiled('web|api').test('webapi'));
	t.false(compiled('web').test('my-web'));
	t.true(compiled('web-.*').test('web-1'));
	t.true(compiled('(?P<name>x)y').test('xy'), 'RE2 named groups');
});

// Was a bug, fixed: `^(?:${source})$` let `a)|(b` close the group and match any name starting with a.
test('a regex cannot reach past the anchors', t => {
	for (const source of ['a)|(b', 'a)|(?:b', ')(']) t.regex(compileRegex(source) as string, /not a valid RE2 regular expression/, source);
});

// Was a bug, fixed: JavaScript's engine took exponential time here (27 s at 30 characters, twice
// that per character more); RE2 matches in linear time, so this long name ends at once.
test('nested repetition runs in linear time', t => {
	t.false(compiled('(a+)+b').test('a'.repeat(10_000)));
	t.true(compiled('(a+)+b').test(`${'a'.repeat(10_000)}b`));
});

test('what RE2 (and so Prometheus) refuses is refused, and lookarounds and backreferences say so', t => {
	for (const source of ['(?=a)b', '(?!a)b', '(?<=a)b', '(a)\\1']) {
		const problem = compileRegex(source);
		t.is(typeof problem, 'string', source);
		t.regex(problem as string, /RE2 has no lookarounds or backreferences/, source);
	}
	t.regex(compileRegex('[z-a]') as string, /invalid character class range at "z-a"/);
	t.regex(compileRegex('a{1001}') as string, /invalid repeat count/);
});
