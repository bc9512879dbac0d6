/**
 * Objects by scope (a namespace) and label, so that "which objects here carry all these labels" costs the
 * shortest matching posting list, not a pass over every object of the namespace: a package with
 * thousands of Services selecting as many workloads stays linear.
 */
export class LabelIndex<T> {
	private readonly byScope = new Map<string, {all: T[]; byPair: Map<string, T[]>}>();

	add(scope: string, labels: Record<string, string>, value: T): void {
		let space = this.byScope.get(scope);
		if (!space) this.byScope.set(scope, (space = {all: [], byPair: new Map()}));
		space.all.push(value);
		for (const [name, label] of Object.entries(labels)) {
			const pair = `${name}=${label}`;
			const list = space.byPair.get(pair);
			if (list) list.push(value);
			else space.byPair.set(pair, [value]);
		}
	}

	/** The objects of `scope` whose labels include every pair of `labels`, in the order added; `labels` must not be empty. */
	matching(scope: string, labels: Record<string, string>, labelsOf: (value: T) => Record<string, string>): T[] {
		const space = this.byScope.get(scope);
		const pairs = Object.entries(labels);
		if (!space || pairs.length === 0) return [];
		let shortest: T[] | undefined;
		for (const [name, label] of pairs) {
			const list = space.byPair.get(`${name}=${label}`);
			if (!list) return [];
			if (!shortest || list.length < shortest.length) shortest = list;
		}
		return shortest!.filter(value => pairs.every(([name, label]) => labelsOf(value)[name] === label));
	}

	/** Every object of `scope`, for selectors that are not plain label pairs. */
	all(scope: string): readonly T[] {
		return this.byScope.get(scope)?.all ?? [];
	}
}
