import {readFileSync, readdirSync} from 'node:fs';
import {join} from 'node:path';
import {Ajv, type ValidateFunction} from 'ajv';
import {parse} from 'yaml';
import {durationMs} from '../../src/config/durations.js';
import {gmpProtectedLabels} from '../../src/config/gmp-checks.js';

const crdDir = join(import.meta.dirname, '../../testdata/crds');

/**
 * Validators built from the CRDs' `openAPIV3Schema` (prometheus-operator's and Google Managed
 * Prometheus'), keyed by `apiVersion kind`. The schema is OpenAPI (nullable, x-kubernetes-*
 * extensions, int32/int64 formats), so ajv runs non-strict and leaves formats to the types they annotate.
 */
function loadValidators(): Map<string, ValidateFunction> {
	const ajv = new Ajv({strict: false, allErrors: true, validateFormats: false});
	const validators = new Map<string, ValidateFunction>();
	for (const file of readdirSync(crdDir).filter(name => name.endsWith('.yaml'))) {
		const crd = parse(readFileSync(join(crdDir, file), 'utf8'));
		const version = crd.spec.versions.find((v: {name: string}) => v.name === 'v1');
		validators.set(`${crd.spec.group}/v1 ${crd.spec.names.kind}`, ajv.compile(version.schema.openAPIV3Schema));
	}
	return validators;
}

const validators = loadValidators();

/** The CRD schema errors of a monitoring.coreos.com/v1 or monitoring.googleapis.com/v1 object, as readable lines; [] when valid. */
export function crdErrors(object: {apiVersion?: string; kind?: string}): string[] {
	const validate = validators.get(`${object.apiVersion} ${object.kind}`);
	if (!validate) return [`no CRD for ${object.apiVersion} ${object.kind}`];
	const schema = validate(object)
		? []
		: (validate.errors ?? []).map(error => `${error.instancePath || '/'} ${error.message} ${JSON.stringify(error.params)}`);
	return object.apiVersion === 'monitoring.googleapis.com/v1' ? [...schema, ...gmpRuleErrors(object)] : schema;
}

type Fields = Record<string, any>;

/**
 * The CEL rules (`x-kubernetes-validations`) of the GMP CRDs that ajv does not run, as the API
 * server would apply them: timeout within interval, one way to authenticate, a port, labels GMP
 * protects, labeldrop with a regex, and no Secret namespace on a (namespaced) PodMonitoring.
 */
function gmpRuleErrors(object: Fields): string[] {
	const errors: string[] = [];
	const endpoints: Fields[] = Array.isArray(object.spec?.endpoints) ? object.spec.endpoints : [];
	endpoints.forEach((endpoint, index) => {
		const at = `/spec/endpoints/${index}`;
		if (endpoint.timeout !== undefined && durationMs(endpoint.timeout) > durationMs(endpoint.interval ?? '0s'))
			errors.push(`${at} scrape timeout (${endpoint.timeout}) must not be greater than scrape interval (${endpoint.interval})`);
		if (['authorization', 'basicAuth', 'oauth2'].filter(field => endpoint[field] !== undefined).length > 1)
			errors.push(`${at} sets more than one of authorization, basicAuth and oauth2`);
		if (endpoint.port === 0) errors.push(`${at}/port Port is required`);
		if (endpoint.authorization?.type === 'Basic') errors.push(`${at}/authorization/type cannot be "Basic"`);
		(endpoint.metricRelabeling ?? []).forEach((rule: Fields, i: number) => {
			if (gmpProtectedLabels.includes(rule.targetLabel))
				errors.push(`${at}/metricRelabeling/${i} cannot relabel onto protected label ${rule.targetLabel}`);
			if (rule.action === 'labeldrop' && rule.regex === undefined) errors.push(`${at}/metricRelabeling/${i} labeldrop needs a regex`);
		});
		if (object.kind === 'PodMonitoring') {
			const refs = [
				endpoint.authorization?.credentials,
				endpoint.basicAuth?.password,
				endpoint.tls?.ca,
				endpoint.tls?.cert,
				endpoint.tls?.key,
				endpoint.oauth2?.clientSecret,
			];
			if (refs.some(ref => ref?.secret?.namespace !== undefined))
				errors.push(`${at} Namespace not allowed on PodMonitoring secret references`);
		}
	});
	for (const [i, mapping] of (object.spec?.targetLabels?.fromPod ?? []).entries())
		if (gmpProtectedLabels.includes(mapping.to ?? mapping.from))
			errors.push(`/spec/targetLabels/fromPod/${i} cannot relabel onto protected label`);
	return errors;
}
