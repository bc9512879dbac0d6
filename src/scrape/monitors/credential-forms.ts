/*
 * A basic-auth username or an OAuth2 client id comes in two forms: a Secret (or ConfigMap)
 * reference, which is all prometheus-operator takes, or text, which is all GMP takes. The config
 * checks refuse the other backend's form before any monitor is built (config/gmp-checks.ts), so
 * each backend keeps its own form and the other never reaches it.
 */

/** The form prometheus-operator takes: the reference. */
export function operatorForm<Reference extends object>(value: Reference | string | undefined): Reference | undefined {
	return typeof value === 'string' ? undefined : value;
}

/** The form GMP takes: the text. */
export function gmpForm(value: object | string | undefined): string | undefined {
	return typeof value === 'string' ? value : undefined;
}
