import test from 'ava';
import {outOfPlace} from '../../../src/scrape/annotations/out-of-place.js';

test('nothing moves when the keys the function places already end the map in its order', t => {
	t.deepEqual(outOfPlace(['team', 'scrape', 'owner'], ['scrape', 'owner']), []);
	t.deepEqual(outOfPlace(['team'], ['scrape', 'owner']), [], 'missing keys are only added');
});

test('a mark before the keys a run adds moves after them; keys already in order stay', t => {
	t.deepEqual(outOfPlace(['team', 'owner'], ['scrape', 'owner', 'keys']), ['owner']);
	t.deepEqual(outOfPlace(['team', 'scrape', 'port', 'owner', 'keys'], ['scrape', 'port', 'slow', 'owner', 'keys']), ['owner', 'keys']);
	t.deepEqual(outOfPlace(['keys', 'owner'], ['owner', 'keys']), ['keys'], 'out of order among themselves');
});

test("the function's keys before a key it does not place all move after that key", t => {
	t.deepEqual(outOfPlace(['scrape', 'owner', 'note'], ['scrape', 'owner']), ['scrape', 'owner']);
});
