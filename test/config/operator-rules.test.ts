import test from 'ava';
import {proberUrlProblems, relabelProblems, tlsProblems, versionGate} from '../../src/config/operator-rules.js';

const noGate = versionGate(undefined, 'spec.operatorVersion');
const paths = (problems: Array<{path: string}>) => problems.map(problem => problem.path);

// The prober addresses the operator's own tests (TestValidateProberUrl) and govalidator's rules
// accept and refuse, as /work/notes/operator-facts.md §3 records them (validateProberURL, v0.89.0).
test('prober URLs: what the operator accepts passes', t => {
	for (const url of [
		'192.168.178.3',
		'192.168.178.3:9090',
		'blackbox-exporter.example.com',
		'blackbox-exporter.example.com:8080',
		'localhost',
		'12-exporter.example.com',
		'host.',
		'my_host:9115',
		'[::1]:9115',
		'::1',
		'host:080',
	])
		t.deepEqual(proberUrlProblems(url, 'spec.prober.url'), [], url);
});

test('prober URLs: what the operator refuses is an error that says why', t => {
	const refusal = (url: string) => proberUrlProblems(url, 'spec.prober.url')[0]?.message ?? '';
	t.regex(refusal('http://blackbox:9115'), /a scheme is not allowed here: write host:port, and the scheme under `spec\.prober\.scheme`/);
	t.regex(refusal('https://blackbox'), /a scheme is not allowed/);
	t.regex(refusal('user@blackbox:9115'), /user information/);
	t.regex(refusal('a..b'), /empty label/);
	t.regex(refusal('host/path'), /neither a host name nor an IP address/);
	t.regex(refusal('host?x=1'), /neither a host name nor an IP address/);
	t.regex(refusal('host:80:90'), /neither a host name nor an IP address/);
	t.regex(refusal('-host'), /neither a host name nor an IP address/);
	t.regex(refusal('my host'), /neither a host name nor an IP address/);
	t.regex(refusal(':9115'), /the host is missing/);
	for (const port of ['', '0', '65536', 'abc']) t.regex(refusal(`host:${port}`), /the port must be from 1 to 65535/, port);
	t.regex(refusal('http://blackbox:9115'), /^`spec\.prober\.url` is "http:\/\/blackbox:9115": .*; prometheus-operator refuses the Probe$/);
});

test("relabel rules: the operator's defaults are accepted where it refuses other values", t => {
	const defaults = [
		{action: 'labeldrop', regex: 'tmp_.*', separator: ';', replacement: '$1', modulus: 0, targetLabel: '', sourceLabels: []},
		{action: 'KeepEqual', sourceLabels: ['a'], targetLabel: 'b', regex: '(.*)', separator: ';', replacement: '$1'},
		{action: 'lowercase', sourceLabels: ['a'], targetLabel: 'b', replacement: '$1'},
		{action: 'hashmod', sourceLabels: ['__address__'], targetLabel: '__tmp_hash', modulus: 4},
		{action: 'keep', sourceLabels: ['a'], regex: 'x|y'},
		{sourceLabels: ['a'], targetLabel: 'b'},
	];
	for (const rule of defaults) t.deepEqual(relabelProblems(rule, 'r', noGate), [], JSON.stringify(rule));
});

test('relabel rules: each field an action refuses is one problem at that field', t => {
	t.deepEqual(paths(relabelProblems({action: 'labelkeep', sourceLabels: ['a'], separator: ',', regex: 'x'}, 'r', noGate)), [
		'r.sourceLabels',
		'r.separator',
	]);
	t.deepEqual(paths(relabelProblems({action: 'uppercase', sourceLabels: ['a'], targetLabel: 'b', replacement: 'x'}, 'r', noGate)), [
		'r.replacement',
	]);
	t.deepEqual(paths(relabelProblems({action: 'hashmod', targetLabel: 'h', modulus: 0}, 'r', noGate)), ['r.modulus']);
	t.deepEqual(paths(relabelProblems({action: 'replace', targetLabel: '', regex: '(a'}, 'r', noGate)), ['r.regex', 'r.targetLabel']);
});

test('relabel actions and TLS versions newer than operatorVersion are gated; none configured, none gated', t => {
	const old = versionGate('v0.57.0', 'data.operatorVersion');
	const lowercase = relabelProblems({action: 'lowercase', sourceLabels: ['a'], targetLabel: 'b'}, 'r', old);
	t.deepEqual(paths(lowercase), ['r.action']);
	t.regex(
		lowercase[0]!.message,
		/^`r\.action` \(the lowercase action\) needs prometheus-operator v0\.58\.0 or later, and `data\.operatorVersion` is "v0\.57\.0"$/,
	);
	t.deepEqual(paths(tlsProblems({minVersion: 'TLS12'}, 't', old)), ['t.minVersion']);
	t.deepEqual(paths(tlsProblems({minVersion: 'TLS12'}, 't', versionGate('v0.76.0', 'x'))), []);
	t.deepEqual(paths(tlsProblems({minVersion: 'TLS13', maxVersion: 'TLS12'}, 't', noGate)), ['t.minVersion']);
	t.deepEqual(paths(tlsProblems({minVersion: 'TLS12', maxVersion: 'TLS12'}, 't', noGate)), []);
});
