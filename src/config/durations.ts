const units: Record<string, number> = {y: 31_536_000_000, w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1};

/**
 * Milliseconds in a Prometheus duration such as `1m30s`. The JSON Schema has already checked the
 * grammar (units in descending order, no decimals), so this only adds the parts up.
 */
export function durationMs(duration: string): number {
	let total = 0;
	for (const [, amount, unit] of duration.matchAll(/(\d+)(ms|[ywdhms])/g)) total += Number(amount) * units[unit!]!;
	return total;
}

/** The scrape interval a Prometheus uses for a monitor that sets none: prometheus-operator's default. */
export const operatorDefaultInterval = '30s';
