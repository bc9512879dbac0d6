import test from 'ava';
import {matches, parseSelector, SelectorSyntaxError} from '../../src/config/label-selector.js';

const labels = {app: 'web', tier: 'api', env: 'prod'};

test('the kubectl selector forms', t => {
	const cases: [string, boolean][] = [
		['app=web', true],
		['app==web', true],
		['app!=web', false],
		['app=db', false],
		['tier in (api, worker)', true],
		['tier notin (api)', false],
		['env', true],
		['!env', false],
		['!legacy', true],
		['app=web,tier in (api),!legacy', true],
		['app=web,missing', false],
		['missing!=x', true],
	];
	for (const [selector, expected] of cases) t.is(matches(parseSelector(selector), labels), expected, selector);
});

test('unreadable selectors throw a syntax error that says what is expected', t => {
	for (const bad of ['a in (b', 'a b', '=x', 'a=b=c']) {
		const error = t.throws(() => parseSelector(bad), {instanceOf: SelectorSyntaxError}, bad);
		t.regex(error!.message, /expected key=value/);
	}
});
