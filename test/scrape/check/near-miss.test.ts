import test from 'ava';
import {parseSelector} from '../../../src/config/label-selector.js';
import {renamedSelector} from '../../../src/scrape/check/near-miss.js';

test('the Traefik story: the value is there under another key, and the selector that would match moves it there', t => {
	const labels = {'app.kubernetes.io/instance': 'traefik', 'app.kubernetes.io/name': 'traefik-chart'};
	t.deepEqual(renamedSelector(parseSelector('app=traefik'), labels), {'app.kubernetes.io/instance': 'traefik'});
	t.deepEqual(renamedSelector(parseSelector('app=traefik,tier=edge'), {...labels, tier: 'edge'}), {
		'app.kubernetes.io/instance': 'traefik',
		tier: 'edge',
	});
});

test('no suggestion when the value is nowhere, or when the selector already matches', t => {
	t.is(renamedSelector(parseSelector('app=traefik'), {app: 'nginx'}), undefined);
	t.is(renamedSelector(parseSelector('app=traefik'), {app: 'traefik'}), undefined);
	t.is(renamedSelector(parseSelector('app!=traefik'), {app: 'traefik'}), undefined);
});
