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
