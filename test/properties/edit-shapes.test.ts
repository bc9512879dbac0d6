import {deepStrictEqual, ok, strictEqual} from 'node:assert/strict';
import test from 'ava';
import fc from 'fast-check';
import {parse, parseDocument} from 'yaml';
import {ListEditor} from '../../src/krm/editor.js';
import {readSafely} from '../../src/krm/read-safe.js';
import {transform} from '../../src/run.js';
import {withoutOwned} from '../hostile/support/cli.js';

/**
 * The value shapes and syntaxes of issue 15, generated: prometheus.io values a person wrote as
 * block scalars (`|`, `>-`, `|+`), quoted over lines, or as numbers; annotation maps in flow style
 * with trailing commas or over lines, or null with a comment; other annotations holding DEL, C1
 * controls and U+2028 (escaped); CRLF, LF and mixed line endings; lists as block YAML, JSON or a
 * flow `items` sequence. Every run goes through the editor's check, which reads each edited item
 * again and fails the run if it reads otherwise than the edits meant; here no run may fail, the
 * output must be YAML, and everything the function does not own must read as it did.
 */

const seed = Number(process.env.PROPERTY_SEED ?? 20_260_611);
const scale = Number(process.env.PROPERTY_SCALE ?? 1);
const numRuns = Math.max(1, Math.round(300 * scale));

const personValue = fc.constantFrom(
	['plain', '/custom'],
	['number', '8080'],
	['single', "'/a b'"],
	['double', '"/a\\u0085b"'],
	['single over lines', "'/first\n\n{pad}second'"],
	['double over lines', '"/first\n{pad}second"'],
	['literal', '|\n{pad}/x\n{pad}/y'],
	['folded strip', '>-\n{pad}/x\n{pad}/y'],
	['literal keep', '|+\n{pad}/x\n'],
);

const otherValue = fc.constantFrom('a', '"tab\\there"', '"del\\x7f c1\\x85 ls\\u2028"', "'it''s'", '"1e400"');

const annotationStyle = fc.constantFrom('block', 'flow', 'flow trailing comma', 'flow over lines', 'null with comment', 'none');

const shape = fc.record({
	style: annotationStyle,
	person: fc.option(personValue, {nil: undefined}),
	other: otherValue,
	listSyntax: fc.constantFrom('block', 'block', 'json', 'flow items'),
	eol: fc.constantFrom('\n', '\r\n', 'mixed'),
	mode: fc.constantFrom('annotation', 'operator'),
	extra: fc.boolean(),
});

type Shape = typeof shape extends fc.Arbitrary<infer T> ? T : never;

/** The pod template's `annotations` entry, at column 8, in the shape's style. */
function annotations({style, person, other}: Shape): string {
	const pad = ' '.repeat(12);
	const entries = [...(person ? [`prometheus.io/path: ${person[1].replace(/\{pad\}/g, pad)}`] : []), `team: ${other}`];
	// Block scalars and values over lines are block-map only.
	const blockOnly = person !== undefined && person[1].includes('\n');
	switch (blockOnly ? 'block' : style) {
		case 'block':
			return `        annotations:\n${entries.map(entry => `          ${entry}\n`).join('')}`;
		case 'flow':
			return `        annotations: {${entries.join(', ')}}\n`;
		case 'flow trailing comma':
			return `        annotations: {${entries.join(', ')},}\n`;
		case 'flow over lines':
			return `        annotations: {\n${entries.map(entry => `          ${entry}`).join(',\n')}\n        }\n`;
		case 'null with comment':
			return '        annotations: # none yet\n';
		default:
			return '';
	}
}

function deploymentText(s: Shape): string {
	return `- apiVersion: apps/v1\n  kind: Deployment\n  metadata:\n    name: web\n  spec:\n    template:\n      metadata:\n${annotations(s)}        labels:\n          app: web\n      spec:\n        containers:\n        - name: web\n          ports:\n          - containerPort: 9090\n`;
}

const bystander =
	'- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: other\n  data:\n    mode: 0644\n    big: 12345678901234567890\n';

const config = (mode: string, selector = '') =>
	`functionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: scrape\n  data:\n    port: "9090"\n    operatorMode: "${mode === 'operator'}"\n${selector}`;

/** The list in the shape's syntax and line endings. */
function listText(s: Shape, functionConfig: string): string {
	const items = [...(s.extra ? [bystander] : []), deploymentText(s)];
	let text: string;
	if (s.listSyntax === 'block')
		text = `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${items.join('')}${functionConfig}`;
	else {
		const values = items.map(item => JSON.stringify(parse(item)[0]));
		const fn = JSON.stringify(parse(functionConfig).functionConfig);
		text =
			s.listSyntax === 'json'
				? `{"apiVersion": "config.kubernetes.io/v1", "kind": "ResourceList",\n "items": [\n  ${values.join(',\n  ')}\n ],\n "functionConfig": ${fn}}\n`
				: `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: [${values.join(', ')}]\nfunctionConfig: ${fn}\n`;
	}
	if (s.eol === '\r\n') return text.replace(/\n/g, '\r\n');
	// Mixed: the first half of the lines CRLF.
	if (s.eol === 'mixed') {
		const lines = text.split('\n');
		return lines.map((line, i) => (i < lines.length / 2 && i < lines.length - 1 ? `${line}\r` : line)).join('\n');
	}
	return text;
}

function read(output: string): {items: any[]} {
	const doc = parseDocument(output, {uniqueKeys: false});
	deepStrictEqual(
		doc.errors.map(error => error.message),
		[],
		`the output is YAML:\n${output}`,
	);
	return doc.toJS({maxAliasCount: -1});
}

function runBoth(input: string): string {
	const outcome = transform(input);
	strictEqual(outcome.exitCode, 0, `exit ${outcome.exitCode}: ${outcome.results.map(result => result.message).join('; ')}\n${input}`);
	strictEqual(transform(input, readSafely).output, outcome.output, 'the fast reader and the yaml parser agree');
	return outcome.output!;
}

test(`edits over ${numRuns} generated value shapes and syntaxes are read again, and read as meant`, t => {
	const counts = {runs: 0, checks: 0, personValues: 0, takenBack: 0, byStyle: {} as Record<string, number>};
	// Every run's check is counted: a run that skipped it would not be checked.
	const check = ListEditor.prototype.check;
	ListEditor.prototype.check = function (this: ListEditor) {
		counts.checks++;
		return check.call(this);
	};
	t.teardown(() => (ListEditor.prototype.check = check));
	fc.assert(
		fc.property(shape, s => {
			const input = listText(s, config(s.mode));
			const before = parse(input, {uniqueKeys: false}).items as any[];
			const output = runBoth(input);
			counts.runs++;
			counts.byStyle[`${s.style}/${s.listSyntax}/${s.eol === '\r\n' ? 'crlf' : s.eol === '\n' ? 'lf' : 'mixed'}`] = 1;
			const after = read(output).items;
			// Nothing the function does not own changes.
			for (const [i, item] of before.entries()) deepStrictEqual(withoutOwned(after[i]), withoutOwned(item), `item ${i}\n${output}`);
			if (s.extra && s.listSyntax !== 'block') ok(output.includes(JSON.stringify(parse(bystander)[0])), 'the bystander is byte for byte');
			if (s.extra && s.listSyntax === 'block') ok(output.replace(/\r/g, '').includes(bystander), 'the bystander is byte for byte');
			const target = after.find(item => item.kind === 'Deployment');
			if (s.mode === 'annotation') strictEqual(target.spec.template.metadata.annotations['prometheus.io/port'], '9090');
			// Taking the annotations back restores what a person had written.
			const selector = '    selector.name: nothing\n';
			const back =
				s.listSyntax === 'block'
					? output.replace(/functionConfig:[\s\S]*$/, config(s.mode, selector).replace(/\n/g, s.eol === '\r\n' ? '\r\n' : '\n'))
					: undefined;
			if (back !== undefined && s.mode === 'annotation') {
				const restored = read(runBoth(back)).items.find(item => item.kind === 'Deployment');
				const original = before.find(item => item.kind === 'Deployment');
				deepStrictEqual(withoutOwned(restored), withoutOwned(original));
				const written = original.spec.template.metadata.annotations?.['prometheus.io/path'];
				if (written !== undefined) {
					counts.personValues++;
					strictEqual(restored.spec.template.metadata.annotations['prometheus.io/path'], written);
				}
				counts.takenBack++;
			}
		}),
		{numRuns, seed, includeErrorInReport: true},
	);
	t.log(
		`${counts.runs} cases, ${counts.checks} runs checked by the editor, ${counts.takenBack} taken back, ${counts.personValues} with a person's value restored, ${Object.keys(counts.byStyle).length} style/syntax/line-ending combinations`,
	);
	t.true(counts.checks >= 2 * counts.runs, 'every run (both readers) was checked');
});
