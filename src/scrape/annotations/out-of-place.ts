/**
 * The keys to take out of a map and write again at its end, so that it ends as a first run of the
 * function leaves it: the keys the function does not place (`order`, less those of `tail`) where
 * they are, then `tail`, the keys it places at the end, in the order it writes them.
 *
 * `order` is the map's keys as written (less those the run takes out), `tail` the keys the run
 * writes there that are missing or the function's to move. Of the tail keys after the last key it
 * does not place, as many as already stand in `tail`'s order stay; the rest of the tail then
 * comes after them, those already there moved. A second run with the same config moves nothing.
 */
export function outOfPlace(order: readonly string[], tail: readonly string[]): string[] {
	const last = order.findLastIndex(key => !tail.includes(key));
	let staying = 0;
	for (const key of order.slice(last + 1)) if (key === tail[staying]) staying++;
	return order.filter(key => tail.includes(key) && !tail.slice(0, staying).includes(key));
}
