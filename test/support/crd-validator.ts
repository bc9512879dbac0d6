import {readFileSync, readdirSync} from 'node:fs';
import {join} from 'node:path';
import {Ajv, type ValidateFunction} from 'ajv';
import {parse} from 'yaml';

const crdDir = join(import.meta.dirname, '../../testdata/crds');

/**
 * Validators built from the prometheus-operator CRDs' `openAPIV3Schema`, keyed by kind. The
 * schema is OpenAPI (nullable, x-kubernetes-* extensions, int32/int64 formats), so ajv runs
 * non-strict and leaves formats to the types they annotate.
 */
function loadValidators(): Map<string, ValidateFunction> {
	const ajv = new Ajv({strict: false, allErrors: true, validateFormats: false});
	const validators = new Map<string, ValidateFunction>();
	for (const file of readdirSync(crdDir).filter(name => name.endsWith('.yaml'))) {
		const crd = parse(readFileSync(join(crdDir, file), 'utf8'));
		const version = crd.spec.versions.find((v: {name: string}) => v.name === 'v1');
		validators.set(crd.spec.names.kind, ajv.compile(version.schema.openAPIV3Schema));
	}
	return validators;
}

const validators = loadValidators();

/** The CRD schema errors of a monitoring.coreos.com/v1 object, as readable lines; [] when valid. */
export function crdErrors(object: {apiVersion?: string; kind?: string}): string[] {
	const validate = validators.get(object.kind ?? '');
	if (!validate || object.apiVersion !== 'monitoring.coreos.com/v1') return [`no CRD for ${object.apiVersion} ${object.kind}`];
	if (validate(object)) return [];
	return (validate.errors ?? []).map(error => `${error.instancePath || '/'} ${error.message} ${JSON.stringify(error.params)}`);
}
