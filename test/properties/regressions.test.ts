import test from 'ava';
import {parseDocument} from 'yaml';
import {readSafely} from '../../src/krm/read-safe.js';
import {transform} from '../../src/run.js';

/**
 * The smallest inputs for the bugs the properties in packages.test.ts found in the map edits
 * (fixed in fd7b756), kept so that they stay fixed. Both readers are run: the yaml parser's path
 * is where these inputs go in any case.
 */

const list = (item: string) => `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${item}`;

function outputs(input: string): string[] {
	return [transform(input).output!, transform(input, readSafely).output!];
}

// Was: the insertion point for a flow map was `text.lastIndexOf('}', range[1])`, past the map's
// own `}`; when the map around it closed right there, the entry went into that outer map (here
// the owner annotation became a field of metadata, and a second run added it again).
const flowMapLastInFlowMap = list(`- apiVersion: apps/v1
  kind: Deployment
  metadata: {name: web, annotations: {team: a}}
  spec:
    template:
      spec:
        containers:
        - name: web
`);

test('an annotation goes into a flow annotations map that closes its flow metadata map', t => {
	for (const output of outputs(flowMapLastInFlowMap)) {
		const item = parseDocument(output).toJS().items[0];
		t.is(item.metadata.annotations['prometheus-scraping.fn.kpt.dev/owner'], 'PrometheusScraping/defaults');
		t.false('prometheus-scraping.fn.kpt.dev/owner' in item.metadata);
	}
});

// Was: a block map whose last entry is followed by a comment line has a range that ends after the
// indentation of the next, less indented line; new entries went in there, mid-line, and the output
// was not YAML (`spec:` at column 0) though the run exited 0.
const commentEndsMap = list(`- apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: web
  spec:
    template:
      metadata:
        labels:
          app: web
          # a comment at the end of the labels
      spec:
        containers:
        - name: web
`);

test('entries added to a map that ends in a comment line keep the output valid YAML', t => {
	for (const output of outputs(commentEndsMap)) {
		const doc = parseDocument(output);
		t.deepEqual(
			doc.errors.map(error => error.message),
			[],
		);
		t.is(doc.toJS().items[0]?.spec?.template?.spec?.containers?.[0]?.name, 'web');
	}
});

// Was: taking back the function's annotations removed a map it emptied only in block style; in a
// flow map `annotations: {}` stayed, so annotation mode then operator mode did not give back the
// text operator mode alone gives.
const flowMetadata = list(`- apiVersion: apps/v1
  kind: Deployment
  metadata: {name: web}
  spec:
    template:
      metadata: {labels: {app: web}}
      spec:
        containers:
        - name: web
          ports:
          - containerPort: 8080
`);

test('switching from annotation to operator mode restores flow metadata maps', t => {
	const operatorConfig =
		'functionConfig:\n  apiVersion: fn.kpt.dev/v1alpha1\n  kind: PrometheusScraping\n  metadata:\n    name: defaults\n  spec:\n    operatorMode: true\n';
	const config =
		'functionConfig:\n  apiVersion: fn.kpt.dev/v1alpha1\n  kind: PrometheusScraping\n  metadata:\n    name: defaults\n  spec: {}\n';
	const first = transform(`${flowMetadata}${config}`).output!;
	t.regex(first, /prometheus\.io\/port/);
	const switched = transform(`${first.slice(0, first.indexOf('functionConfig:'))}${operatorConfig}`).output!;
	const direct = transform(`${flowMetadata}${operatorConfig}`).output!;
	t.is(switched.slice(0, switched.indexOf('functionConfig:')), direct.slice(0, direct.indexOf('functionConfig:')));
});
