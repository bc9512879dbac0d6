/** How many names a message shows. */
export const someShown = 3;

/**
 * A few names for a message, and how many more: messages stay one bounded line however many there
 * are. `total`: how many there are, when only the first names were worked out.
 */
export function someOf(names: readonly string[], shown = someShown, total = names.length): string {
	const more = total - shown;
	return `${names.slice(0, shown).join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}

const members = new WeakMap<readonly object[], Set<object>>();

/**
 * The others of a list that may hold `self`: the few a message shows, and how many there are. Many
 * targets ask of one shared list (thousands of workloads with the same pod labels), so each ask costs
 * the few shown, not a pass over the list.
 */
export function othersOf<T extends object>(list: readonly T[], self: T): {shown: T[]; total: number} {
	let set = members.get(list);
	if (!set) members.set(list, (set = new Set(list)));
	const shown: T[] = [];
	for (const other of list) {
		if (shown.length === someShown) break;
		if (other !== self) shown.push(other);
	}
	return {shown, total: list.length - (set.has(self) ? 1 : 0)};
}

/** A few of the others of a list that may hold `self`, for a message; empty when there are none. */
export function someOthers<T extends object>(list: readonly T[], self: T, name: (other: T) => string): string {
	const {shown, total} = othersOf(list, self);
	return total === 0 ? '' : someOf(shown.map(name), someShown, total);
}
