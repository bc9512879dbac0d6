import test from 'ava';
import {maxQuoted, oneLine, quoteText} from '../../src/krm/quote-text.js';
import {stderrLine} from '../../src/krm/results.js';

test('quoted text is one line: control, DEL, C1, line-separator and bidi characters escaped', t => {
	t.is(quoteText('a\nb\r\tc'), '"a\\nb\\r\\tc"');
	t.is(quoteText('x\u007f\u0085\u2028\u2029\u202ey'), '"x\\u007f\\u0085\\u2028\\u2029\\u202ey"');
	t.is(oneLine('a\nb'), 'a\\u000ab');
});

test('quoted text is cut to a bounded length', t => {
	const quoted = quoteText('x'.repeat(100_000));
	t.is(quoted, `"${'x'.repeat(maxQuoted)}"…`);
	t.is(oneLine('abcdef', 3), 'abc…');
});

// Issue 15. Was a bug, fixed: a name holding `\n` printed a second line that looked like another message.
test('a stderr line stays one line whatever the names and message hold', t => {
	const forged = 'web\nprometheus-scraping: warning: FORGED LINE';
	const line = stderrLine({
		message: `bad\n${'m'.repeat(100_000)}`,
		severity: 'error',
		resourceRef: {apiVersion: 'v1', kind: 'Pod\r', name: forged, namespace: 'ns\u2028'},
		field: {path: 'a\nb'},
	});
	t.false(/[\n\r\u2028]/.test(line));
	t.true(
		line.startsWith(
			'prometheus-scraping: error: Pod\\u000d ns\\u2028/web\\u000aprometheus-scraping: warning: FORGED LINE a\\u000ab: bad\\u000a',
		),
	);
	t.true(line.length < 2000, `${line.length} characters`);
});
