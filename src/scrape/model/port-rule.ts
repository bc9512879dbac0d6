import {portNumber} from './pods.js';

type PortField = 'port' | 'portNumber' | 'targetPort';

/**
 * The port keep rule the operator writes for a monitor endpoint: the first of `fields` that is set
 * decides (`port` takes precedence over `portNumber`, which takes precedence over the deprecated
 * `targetPort`). `port` is a name; `portNumber` a number; `targetPort` is intstr, a name when it
 * is a string (digits or not) and a number when an integer. No field set keeps every target.
 * A value of the wrong type the API server refuses: `invalid` says why, and the endpoint scrapes nothing.
 */
export type PortRule =
	{field: PortField; name: string} | {field: PortField; number: number} | {field?: undefined} | {field: PortField; invalid: string};

const expected: Record<PortField, string> = {
	port: 'a port name (a string)',
	portNumber: 'an integer from 1 to 65535',
	targetPort: 'a port name or an integer from 1 to 65535',
};

export function portRule(endpoint: Record<string, unknown>, fields: readonly PortField[]): PortRule {
	for (const field of fields) {
		const value = endpoint[field];
		if (value === undefined || value === null || value === '' || value === 0) continue;
		if (typeof value === 'string' && field !== 'portNumber') return {field, name: value};
		const number = typeof value === 'number' && field !== 'port' ? portNumber(value) : undefined;
		if (number !== undefined) return {field, number};
		return {field, invalid: `${field} must be ${expected[field]}, not ${JSON.stringify(value)}`};
	}
	return {};
}

/** The `endpoint` label the operator sets: the port name, or the targetPort as written. */
export function endpointLabel(rule: PortRule): string {
	if ('name' in rule) return rule.name;
	return 'number' in rule && rule.field === 'targetPort' ? String(rule.number) : '';
}
