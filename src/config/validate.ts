import validateSpec from '../generated/validate-spec.js';
import {crossFieldProblems} from './checks.js';
import {conventionProblems} from './conventions.js';
import {backendProblems} from './gmp-checks.js';
import {operatorProblems} from './operator-checks.js';
import {compileLabelSelector, compileSelector} from './compile-selector.js';
import {fieldPath, type LoadedConfig, type Spec} from './config.js';
import {applySchemaDefaults, resolveEndpoints} from './defaults.js';
import {describeErrors} from './describe-errors.js';
import {valueProblems} from './value-checks.js';

/**
 * A spec (typed, or coerced from a ConfigMap) becomes a Config, or the list of everything wrong
 * with it: defaults first, then the JSON Schema (the generated ajv validator), then the checks
 * on single values and across fields, then the selectors compiled.
 */
export function validate(spec: Record<string, unknown>, prefix: string, owner: string): LoadedConfig {
	const explicit = new Set(Object.keys(spec));
	applySchemaDefaults(spec);
	const problems = validateSpec(spec) ? [] : describeErrors(validateSpec.errors ?? [], spec, prefix);
	const refused = () => new Set(problems.map(problem => problem.path));
	problems.push(...valueProblems(spec, prefix, refused()));
	const valid = spec as unknown as Spec;
	const endpoints = resolveEndpoints(valid);
	const bad = refused();
	problems.push(
		...crossFieldProblems(valid, endpoints, prefix, bad),
		...operatorProblems(valid, endpoints, prefix, bad),
		...conventionProblems(valid, endpoints, prefix, bad),
		...backendProblems(valid, endpoints, prefix),
	);
	const selector = compileSelector(valid.selector, fieldPath(prefix, ['selector']), problems);
	const exclude = compileSelector(valid.exclude, fieldPath(prefix, ['exclude']), problems);
	const prometheusSelector = compileLabelSelector(valid.prometheusSelector, fieldPath(prefix, ['prometheusSelector']), problems);
	// A setting the endpoints inherit is checked once per endpoint; it is one problem.
	const unique = [...new Map(problems.map(problem => [`${problem.path}\0${problem.message}`, problem])).values()];
	if (unique.length > 0) return {problems: unique};
	return {
		config: {spec: valid, endpoints, explicit, owner, prefix, selector, exclude, ...(prometheusSelector ? {prometheusSelector} : {})},
	};
}
