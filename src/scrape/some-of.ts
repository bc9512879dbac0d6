/** A few names for a message, and how many more: messages stay one bounded line however many there are. */
export function someOf(names: readonly string[], shown = 3): string {
	const more = names.length - shown;
	return `${names.slice(0, shown).join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}
