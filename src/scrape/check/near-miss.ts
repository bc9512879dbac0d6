import {matches, type Requirement} from '../../config/label-selector.js';

/**
 * The selector that would match `labels` when the monitor's own misses only by the key: each
 * `key: value` requirement that fails is moved to a label of the object that has the same value
 * (`app: traefik` against pods labelled `app.kubernetes.io/instance: traefik`). Undefined when a
 * failing requirement has no such label, or the object lacks every value the selector names.
 */
export function renamedSelector(requirements: readonly Requirement[], labels: Record<string, string>): Record<string, string> | undefined {
	const suggested: Record<string, string> = {};
	let renamed = false;
	for (const requirement of requirements) {
		if (matches([requirement], labels)) {
			if (requirement.operator === 'In' && requirement.values.length === 1) suggested[requirement.key] = requirement.values[0]!;
			continue;
		}
		if (requirement.operator !== 'In') return undefined;
		const key = Object.keys(labels).find(name => requirement.values.includes(labels[name]!) && !(name in suggested));
		if (key === undefined) return undefined;
		suggested[key] = labels[key]!;
		renamed = true;
	}
	return renamed ? suggested : undefined;
}

/** `{app.kubernetes.io/instance: traefik}`, as a person writes matchLabels. */
export function showLabels(labels: Record<string, string>): string {
	return `{${Object.entries(labels)
		.map(([key, value]) => `${key}: ${value}`)
		.join(', ')}}`;
}
