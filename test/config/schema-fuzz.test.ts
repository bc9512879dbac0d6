import test from 'ava';
import fc from 'fast-check';
import {stringify} from 'yaml';
import {transform} from '../../src/run.js';
import {crdErrors} from '../support/crd-validator.js';
import {parseList} from '../support/run-function.js';
import {specArbitrary} from '../support/schema-arbitrary.js';

const runs = 400;

/** A package every monitorType has targets in, with named, unnamed and missing ports. */
const items = [
	{apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'shop', labels: {'istio-injection': 'enabled'}}},
	{
		apiVersion: 'apps/v1',
		kind: 'Deployment',
		metadata: {name: 'api', namespace: 'shop'},
		spec: {
			selector: {matchLabels: {app: 'api'}},
			template: {
				metadata: {labels: {app: 'api'}},
				spec: {
					containers: [
						{
							name: 'api',
							image: 'api',
							ports: [{name: 'metrics', containerPort: 9100}, {name: 'http', containerPort: 8080}, {containerPort: 9102}],
						},
					],
				},
			},
		},
	},
	{
		apiVersion: 'v1',
		kind: 'Service',
		metadata: {name: 'api', namespace: 'shop', labels: {app: 'api'}},
		spec: {
			selector: {app: 'api'},
			ports: [
				{name: 'metrics', port: 9100, targetPort: 'metrics'},
				{name: 'http', port: 8080},
			],
		},
	},
	{
		apiVersion: 'networking.k8s.io/v1',
		kind: 'Ingress',
		metadata: {name: 'api', namespace: 'shop', labels: {app: 'api'}},
		spec: {rules: [{host: 'shop.example.com'}]},
	},
];

test(`${runs} random configs from the schema: no crash, and every generated monitor is CRD-valid`, t => {
	let generated = 0;
	let rejected = 0;
	const reasons = new Map<string, number>();
	fc.assert(
		fc.property(specArbitrary, fc.boolean(), (spec, operatorMode) => {
			const config = {
				apiVersion: 'fn.kpt.dev/v1alpha1',
				kind: 'PrometheusScraping',
				metadata: {name: 'fuzz'},
				spec: {...spec, operatorMode},
			};
			const outcome = transform(stringify({apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items, functionConfig: config}));
			if (![0, 1].includes(outcome.exitCode)) return false;
			if (outcome.exitCode === 1) {
				rejected++;
				for (const result of outcome.results)
					if (result.severity === 'error')
						reasons.set(result.field?.path ?? result.message, (reasons.get(result.field?.path ?? result.message) ?? 0) + 1);
				return outcome.results.some(result => result.severity === 'error' && result.message.length > 0);
			}
			for (const item of parseList(outcome.output!).items) {
				if (item.apiVersion !== 'monitoring.coreos.com/v1') continue;
				generated++;
				const errors = crdErrors(item);
				if (errors.length > 0) throw new Error(`${item.kind} is not CRD-valid for ${JSON.stringify(spec)}: ${errors.join('; ')}`);
			}
			return true;
		}),
		{numRuns: runs, seed: 20261122},
	);
	t.log(`${generated} monitors generated and validated; ${rejected} configs rejected with error results`);
	t.log(
		[...reasons]
			.sort((a, b) => b[1] - a[1])
			.slice(0, 8)
			.map(([path, count]) => `${count}× ${path}`)
			.join(', '),
	);
	t.true(generated > runs / 5, `only ${generated} monitors were generated: the generator no longer exercises operator mode`);
});
