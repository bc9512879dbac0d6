import type {ErrorObject} from 'ajv';
import {fieldPath, show, type ConfigProblem} from './config.js';
import {schemaAt} from './schema-at.js';

/**
 * Turns ajv's errors into sentences for people: the field path, the bad value and what is allowed.
 * An `anyOf` (the port) fails once per branch; those collapse into one problem for the field.
 */
export function describeErrors(errors: readonly ErrorObject[], data: unknown, prefix: string): ConfigProblem[] {
	const anyOfPaths = new Set(errors.filter(error => error.keyword === 'anyOf').map(error => error.instancePath));
	const problems: ConfigProblem[] = [];
	const seen = new Set<string>();
	for (const error of errors) {
		const inAnyOf = [...anyOfPaths].some(path => error.instancePath === path);
		if (inAnyOf && error.keyword !== 'anyOf') continue;
		const problem = describe(error, data, prefix);
		const key = `${problem.path}\0${problem.message}`;
		if (!seen.has(key)) {
			seen.add(key);
			problems.push(problem);
		}
	}
	return problems;
}

function describe(error: ErrorObject, data: unknown, prefix: string): ConfigProblem {
	const segments = error.instancePath.split('/').slice(1).map(unescape);
	const here = fieldPath(prefix, segments);
	const value = valueAt(data, segments);
	const got = `; got ${show(value)}`;
	const node = schemaAt(segments);
	switch (error.keyword) {
		case 'additionalProperties': {
			const name = String(error.params.additionalProperty);
			const allowed = Object.keys(node?.properties ?? {});
			const near = allowed.find(candidate => isNear(candidate.toLowerCase(), name.toLowerCase()));
			return {
				path: fieldPath(prefix, [...segments, name]),
				message: `\`${fieldPath(prefix, [...segments, name])}\` is not a known setting; ${near ? `did you mean \`${near}\`? ` : ''}the settings here are ${allowed.join(', ')}`,
			};
		}
		case 'enum':
			return {path: here, message: `\`${here}\` must be one of ${(error.params.allowedValues as unknown[]).join(', ')}${got}`};
		case 'type': {
			// YAML reads `1.10` as the number 1.1 and `yes` as text but `true` as a boolean: the
			// value as written is gone, so it is refused rather than turned back into text.
			const quote = error.params.type === 'string' && (typeof value === 'number' || typeof value === 'boolean');
			return {
				path: here,
				message: `\`${here}\` must be ${article(String(error.params.type))}${got}${quote ? '; write the value in quotes so that YAML keeps it as text' : ''}`,
			};
		}
		case 'propertyNames':
			return {
				path: here,
				message: `\`${here}\` has the key ${show(error.params.propertyName)}, which is not a valid Kubernetes label key`,
			};
		case 'minLength':
			return {path: here, message: `\`${here}\` must not be empty`};
		default:
			// pattern, anyOf, minimum, maximum, not: the field's own description says what is allowed.
			return {path: here, message: `\`${here}\` is not valid${got}. ${node?.description ?? error.message ?? ''}`.trim()};
	}
}

function valueAt(data: unknown, segments: readonly string[]): unknown {
	let value = data;
	for (const segment of segments) value = (value as Record<string, unknown> | undefined)?.[segment];
	return value;
}

function unescape(segment: string): string {
	return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

function article(type: string): string {
	return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/**
 * Whether a typo could have meant `candidate`: at most two edits apart. Strings whose lengths
 * differ by more are never that close, so a huge unknown key costs nothing to rule out.
 */
function isNear(candidate: string, name: string): boolean {
	return Math.abs(candidate.length - name.length) <= 2 && editDistance(candidate, name) <= 2;
}

/** Levenshtein distance. */
function editDistance(a: string, b: string): number {
	let previous = Array.from({length: b.length + 1}, (_, i) => i);
	for (let i = 1; i <= a.length; i++) {
		const current = [i];
		for (let j = 1; j <= b.length; j++) {
			current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
		}
		previous = current;
	}
	return previous[b.length]!;
}
