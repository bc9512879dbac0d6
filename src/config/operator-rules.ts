import {createRequire} from 'node:module';
import type * as Net from 'node:net';
import {show, type ConfigProblem} from './config.js';
import {introducedIn, supports} from './operator-version.js';
import {compileRegex} from './regex.js';

/**
 * The rules prometheus-operator applies to one monitor endpoint, on plain values at a field path,
 * so that the function's own config (operator-checks.ts) and the monitors a person wrote (check
 * mode) are judged by the same code: relabel rules its ValidateRelabelConfig refuses, TLS versions
 * the wrong way round, a prober address its URL check refuses, and fields newer than the
 * configured operator version.
 */

/** The problem when the field at `path` is newer than the configured operator version; none when no version is configured. */
export type Gate = (path: string, what: string, minimum: string) => ConfigProblem[];

/** A gate for `version`, named in messages by the setting it came from (`versionPath`). */
export function versionGate(version: string | undefined, versionPath: string): Gate {
	return (path, what, minimum) =>
		supports(version, minimum)
			? []
			: [
					{
						path,
						message: `\`${path}\` (${what}) needs prometheus-operator v${minimum} or later, and \`${versionPath}\` is ${show(version)}`,
					},
				];
}

type RuleField = 'sourceLabels' | 'separator' | 'targetLabel' | 'regex' | 'modulus' | 'replacement';

/**
 * What each action needs and refuses (the operator's ValidateRelabelConfig, which lower-cases the
 * action; none means replace): a targetLabel, fields it takes only at their default, and the
 * operator version that introduced it. keep, drop and labelmap are held only to a regex that compiles.
 */
const actionRules: Record<string, {target?: true; defaultsOnly?: readonly RuleField[]; since?: string}> = {
	replace: {target: true},
	hashmod: {target: true},
	lowercase: {target: true, defaultsOnly: ['replacement'], since: introducedIn.caseActions},
	uppercase: {target: true, defaultsOnly: ['replacement'], since: introducedIn.caseActions},
	keepequal: {target: true, defaultsOnly: ['regex', 'modulus', 'separator', 'replacement'], since: introducedIn.equalActions},
	dropequal: {target: true, defaultsOnly: ['regex', 'modulus', 'separator', 'replacement'], since: introducedIn.equalActions},
	labeldrop: {defaultsOnly: ['sourceLabels', 'targetLabel', 'modulus', 'separator', 'replacement']},
	labelkeep: {defaultsOnly: ['sourceLabels', 'targetLabel', 'modulus', 'separator', 'replacement']},
};

/** Prometheus's defaults, which the operator accepts where it refuses a field (since v0.54.1). */
const defaults: Record<RuleField, readonly unknown[]> = {
	sourceLabels: [],
	separator: [';'],
	targetLabel: [],
	regex: ['(.*)'],
	modulus: [0],
	replacement: ['$1'],
};

/** Set, as Go reads it: a zero value (an empty string or list) is unset. */
function given(value: unknown): boolean {
	return value !== undefined && value !== null && value !== '' && !(Array.isArray(value) && value.length === 0);
}

/** One relabel rule (`relabelings`, `metricRelabelings`, `relabelingConfigs`) at `path`. */
export function relabelProblems(rule: unknown, path: string, gate: Gate): ConfigProblem[] {
	if (!rule || typeof rule !== 'object' || Array.isArray(rule)) return [];
	const fields = rule as Partial<Record<RuleField | 'action', unknown>>;
	const action = (typeof fields.action === 'string' && fields.action !== '' ? fields.action : 'replace').toLowerCase();
	const rules = actionRules[action] ?? {};
	const problems: ConfigProblem[] = [];
	if (rules.since) problems.push(...gate(`${path}.action`, `the ${action} action`, rules.since));
	if (typeof fields.regex === 'string') {
		const matcher = compileRegex(fields.regex);
		if (typeof matcher === 'string')
			problems.push({path: `${path}.regex`, message: `\`${path}.regex\` ${matcher}; got ${show(fields.regex)}`});
	}
	if (rules.target && !given(fields.targetLabel)) {
		problems.push({
			path: `${path}.targetLabel`,
			message: `\`${path}\` has action ${action}, which needs \`targetLabel\`; prometheus-operator refuses it without one`,
		});
	}
	// Go reads an unset modulus as 0, which the operator refuses: hashmod divides by it.
	if (action === 'hashmod' && !(typeof fields.modulus === 'number' && fields.modulus > 0)) {
		problems.push({path: `${path}.modulus`, message: `\`${path}\` has action hashmod, which needs a \`modulus\` above 0`});
	}
	for (const field of rules.defaultsOnly ?? []) {
		if (given(fields[field]) && !defaults[field].includes(fields[field]))
			problems.push({path: `${path}.${field}`, message: `\`${path}\` has action ${action}, which takes no \`${field}\`; remove it`});
	}
	return problems;
}

/** A TLS config at `path`: minVersion above maxVersion leaves no version; both fields came with v0.76.0. */
export function tlsProblems(tls: unknown, path: string, gate: Gate): ConfigProblem[] {
	if (!tls || typeof tls !== 'object') return [];
	const {minVersion, maxVersion} = tls as {minVersion?: unknown; maxVersion?: unknown};
	const problems: ConfigProblem[] = [];
	// TLS10 < TLS11 < TLS12 < TLS13, the values the CRDs allow, sort as strings.
	if (typeof minVersion === 'string' && typeof maxVersion === 'string' && minVersion !== '' && minVersion > maxVersion) {
		problems.push({
			path: `${path}.minVersion`,
			message: `\`${path}.minVersion\` (${minVersion}) is above \`${path}.maxVersion\` (${maxVersion}); no TLS version is left`,
		});
	}
	for (const [field, value] of [
		['minVersion', minVersion],
		['maxVersion', maxVersion],
	] as const)
		if (given(value)) problems.push(...gate(`${path}.${field}`, 'TLS versions', introducedIn.tlsVersions));
	return problems;
}

// govalidator's IsDNSName, which the operator's prober URL check uses.
const dnsName = /^([a-zA-Z0-9_][a-zA-Z0-9_-]{0,62})(\.[a-zA-Z0-9_][a-zA-Z0-9_-]{0,62})*[._]?$/;

let net: typeof Net | undefined;

/**
 * node:net is loaded on the first prober address: it brings Node's stream modules, a tenth of
 * the start-up of a run that has no Probe. `require` as in regex.ts.
 */
function isIP(host: string): number {
	net ??= (typeof require === 'function' ? require('node:net') : createRequire(import.meta.url)('node:net')) as typeof Net;
	return net.isIP(host);
}

/** govalidator's IsHost: an IP address, or a DNS name of at most 255 characters (dots not counted). */
function isHost(host: string): boolean {
	return isIP(host) !== 0 || (host.replaceAll('.', '').length <= 255 && dnsName.test(host));
}

/** What the operator's URL check (validateProberURL, v0.89.0) refuses in a prober address: it must be host or host:port. */
function proberUrlRefusal(url: string, schemePath: string): string | undefined {
	if (/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(url))
		return `a scheme is not allowed here: write host:port, and the scheme under \`${schemePath}\``;
	if (url.includes('@')) return 'user information (`@`) is not allowed';
	// net.SplitHostPort: one colon, or a bracketed IPv6 address before the last one.
	const bracketed = /^\[([^\]]*)\]:([^:]*)$/.exec(url);
	const colons = url.split(':').length - 1;
	const [host, port] = bracketed ? [bracketed[1]!, bracketed[2]!] : colons === 1 ? url.split(':') : [url, undefined];
	if (host === '') return 'the host is missing';
	if (host!.split('.').some((label, i, labels) => label === '' && !(i === labels.length - 1 && i > 0)))
		return 'the host has an empty label (`..`)';
	if (!isHost(host!)) return 'the host is neither a host name nor an IP address';
	// strconv.Atoi, then 0 < port < 65536.
	if (port !== undefined && !(/^[+-]?\d+$/.test(port) && Number(port) >= 1 && Number(port) <= 65535))
		return 'the port must be from 1 to 65535';
	return undefined;
}

/** A prober address (`prober.url`) at `path`. */
export function proberUrlProblems(url: unknown, path: string): ConfigProblem[] {
	if (typeof url !== 'string') return [];
	const refused = proberUrlRefusal(url, path.replace(/url$/, 'scheme'));
	return refused ? [{path, message: `\`${path}\` is ${show(url)}: ${refused}; prometheus-operator refuses the Probe`}] : [];
}
