import {fieldPath, show, type ConfigProblem} from './config.js';
import {durationMs} from './durations.js';

/** Go's time.Duration ends at 2^63-1 nanoseconds (about 292 years); Prometheus refuses longer. */
const maxDurationMs = 9_223_372_036_854;

// An HTTP path as RFC 3986 writes one: no spaces or control characters, and no `?` or `#`, which
// would make Prometheus ask for another path (query parameters go in `params`).
const urlPath = /^\/[A-Za-z0-9\-._~!$&'()*+,;=:@%/]*$/;

/**
 * Checks on single values that the JSON Schema's patterns cannot say: a path that is a URL path,
 * a duration Prometheus can hold (relabel regexes are the operator's rules, operator-rules.ts).
 * Values the schema refused (`bad`) are not checked again.
 */
export function valueProblems(spec: Record<string, unknown>, prefix: string, bad: ReadonlySet<string>): ConfigProblem[] {
	const problems: ConfigProblem[] = [];
	const check = (holder: unknown, segments: string[]) => {
		if (!holder || typeof holder !== 'object') return;
		const values = holder as Record<string, unknown>;
		const here = (field: string) => fieldPath(prefix, [...segments, field]);
		const given = (field: string) => (typeof values[field] === 'string' && !bad.has(here(field)) ? (values[field] as string) : undefined);
		const path = given('path');
		if (path !== undefined && !urlPath.test(path)) {
			problems.push({
				path: here('path'),
				message: `\`${here('path')}\` must be a URL path: a \`/\` followed by letters, digits and -._~!$&'()*+,;=:@%/ only, without spaces, control characters, a \`?\` query or a \`#\` fragment; got ${show(path)}`,
			});
		}
		for (const field of ['interval', 'timeout']) {
			const duration = given(field);
			if (duration !== undefined && durationMs(duration) > maxDurationMs)
				problems.push({
					path: here(field),
					message: `\`${here(field)}\` is longer than Prometheus can hold (about 292 years); got ${show(duration)}`,
				});
		}
	};
	check(spec, []);
	check(spec.prober, ['prober']);
	if (Array.isArray(spec.endpoints)) spec.endpoints.forEach((endpoint: unknown, index) => check(endpoint, ['endpoints', String(index)]));
	return problems;
}
