/**
 * Objects by scope (a namespace) and label, so that "which objects here carry all these labels" costs the
 * shortest matching posting list, not a pass over every object of the namespace: a package with
 * thousands of Services selecting as many workloads stays linear.
 */
export class LabelIndex<T> {
	private readonly byScope = new Map<string, {all: T[]; byPair: Map<string, T[]>}>();
	/** Answers already given: thousands of targets often ask with the same labels (one app's Services, same-name workloads). */
	private readonly answers = new Map<string, readonly T[]>();

	add(scope: string, labels: Record<string, string>, value: T): void {
		this.answers.clear();
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

	/**
	 * The objects of `scope` whose labels include every pair of `labels`, in the order added; `labels`
	 * must not be empty. The same question gets the same list, which callers must not change.
	 */
	matching(scope: string, labels: Record<string, string>, labelsOf: (value: T) => Record<string, string>): readonly T[] {
		const space = this.byScope.get(scope);
		const pairs = Object.entries(labels);
		if (!space || pairs.length === 0) return [];
		const key = JSON.stringify([scope, pairs]);
		const known = this.answers.get(key);
		if (known) return known;
		let shortest: T[] | undefined;
		for (const [name, label] of pairs) {
			const list = space.byPair.get(`${name}=${label}`);
			if (!list) return [];
			if (!shortest || list.length < shortest.length) shortest = list;
		}
		const answer = shortest!.filter(value => pairs.every(([name, label]) => labelsOf(value)[name] === label));
		this.answers.set(key, answer);
		return answer;
	}

	/** Every object of `scope`, for selectors that are not plain label pairs. */
	all(scope: string): readonly T[] {
		return this.byScope.get(scope)?.all ?? [];
	}
}
