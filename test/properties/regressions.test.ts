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

// Was (found by conventions.test.ts): a switch of annotation convention on a pod template whose
// annotations are a flow map took out every entry and added the new ones after the last, with a
// `, ` that then joined nothing (`{, k8s.grafana.com/scrape: "true"}`); the edit check refused it,
// so the run failed instead of switching.
const flowAnnotationsOwned = `- apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: web
    annotations:
      prometheus-scraping.fn.kpt.dev/owner: "ConfigMap/function-input"
  spec:
    template:
      metadata: {labels: {app: web}, annotations: {prometheus.io/scrape: "true", prometheus.io/scheme: "http", prometheus.io/path: "/metrics", prometheus.io/port: "9090"}}
      spec:
        containers:
        - name: web
          ports: [{name: metrics, containerPort: 9090}]
functionConfig:
  apiVersion: v1
  kind: ConfigMap
  metadata:
    name: function-input
  data:
    annotations: k8s.grafana.com
    port: "9090"
`;

test("a flow annotations map emptied of one convention's keys and given another's stays valid YAML", t => {
	for (const read of [undefined, readSafely]) {
		const outcome = transform(list(flowAnnotationsOwned), read);
		t.is(outcome.exitCode, 0, outcome.results.map(result => result.message).join('\n'));
		const template = parseDocument(outcome.output!).toJS().items[0].spec.template.metadata;
		t.deepEqual(template.annotations, {
			'k8s.grafana.com/scrape': 'true',
			'k8s.grafana.com/metrics.scheme': 'http',
			'k8s.grafana.com/metrics.path': '/metrics',
			'k8s.grafana.com/metrics.portName': 'metrics',
		});
		t.regex(outcome.output!, /annotations: \{k8s\.grafana\.com\/scrape: "true", /);
	}
});
