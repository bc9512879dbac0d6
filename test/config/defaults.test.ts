import test from 'ava';
import {Ajv} from 'ajv';
import fc from 'fast-check';
import {applySchemaDefaults} from '../../src/config/defaults.js';
import {schema} from '../../src/generated/schema.js';
import {specArbitrary} from '../support/schema-arbitrary.js';

/**
 * The validator is generated without ajv's useDefaults, and defaults.ts fills the schema's
 * defaults itself, where they can be seen. It must fill exactly what useDefaults would.
 */
test("applySchemaDefaults fills exactly what ajv's useDefaults fills, on 500 configs from the schema", t => {
	const ajv = new Ajv({allErrors: true, strict: false, useDefaults: true});
	ajv.addSchema(schema as object, 'config');
	const withAjv = ajv.getSchema('config#/definitions/PrometheusScrapingSpec')!;
	let filled = 0;
	fc.assert(
		fc.property(fc.record({spec: specArbitrary, keep: fc.array(fc.boolean(), {minLength: 40, maxLength: 40})}), ({spec, keep}) => {
			// Settings left out at random (a prober's module too), so that defaults have something to fill.
			Object.keys(spec).forEach((key, i) => keep[i] || delete spec[key]);
			const prober = spec.prober as Record<string, unknown> | undefined;
			if (prober && typeof prober === 'object' && keep[39]) delete prober.module;
			const ours = structuredClone(spec);
			const theirs = structuredClone(spec);
			applySchemaDefaults(ours);
			withAjv(theirs);
			if (JSON.stringify(ours) !== JSON.stringify(spec)) filled++;
			t.deepEqual(ours, theirs);
		}),
		{numRuns: 500, seed: 20_261_130},
	);
	t.true(filled > 100, `defaults were filled in ${filled} configs`);
});
