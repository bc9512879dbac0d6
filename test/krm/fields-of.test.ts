/**
 * Field paths checked against @kubernetes/client-node's types. The misspelt paths below must not
 * compile: `npm run typecheck` fails on an `@ts-expect-error` that has no error to expect, so these
 * lines fail the build the day the check lets a wrong path through.
 */
import type {V1CronJob, V1Deployment, V1PodTemplateSpec, V1Service} from '@kubernetes/client-node';
import test from 'ava';
import {fieldsOf} from '../../src/krm/fields-of.js';

test('a path through objects and lists is the path given', t => {
	t.deepEqual(fieldsOf<V1CronJob>()('spec', 'jobTemplate', 'spec', 'template'), ['spec', 'jobTemplate', 'spec', 'template']);
	t.deepEqual(fieldsOf<V1PodTemplateSpec>()('spec', 'containers', 'ports', 'containerPort'), [
		'spec',
		'containers',
		'ports',
		'containerPort',
	]);
});

// Checked by `npm run typecheck`, not at run time: it fails when one of these compiles.
export const refused = [
	// @ts-expect-error: a Deployment's pod template is spec.template
	fieldsOf<V1Deployment>()('spec', 'tempalte'),
	// @ts-expect-error: a Service's ports are under spec
	fieldsOf<V1Service>()('ports'),
	// @ts-expect-error: a container port's number is containerPort
	fieldsOf<V1PodTemplateSpec>()('spec', 'containers', 'ports', 'port'),
];
