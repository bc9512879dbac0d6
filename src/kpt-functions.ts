/**
 * The function as a `KptFunc` of the kpt-functions TypeScript SDK (`prometheus-scraping/kpt-functions`),
 * for pipelines built on that SDK. The SDK holds parsed objects, not text: by the time this runs,
 * comments and quoting are gone and the SDK keeps its objects sorted, so the text-preserving edits
 * of the command are lost here. The SDK is an optional peer dependency: only its types are used.
 */
import type {Configs, KptFunc, KubernetesObject, Result as SdkResult} from 'kpt-functions';
import {transform, type Result} from './api.js';
import {usage} from './generated/usage.js';

/** Runs the function on the Configs' objects and config; its results are added to the Configs. */
async function run(configs: Configs): Promise<void> {
	const functionConfig = configs.getFunctionConfig();
	const list = {
		apiVersion: 'config.kubernetes.io/v1',
		kind: 'ResourceList',
		items: configs.getAll(),
		...(functionConfig ? {functionConfig} : {}),
	};
	const outcome = transform(JSON.stringify(list));
	// On any error the function leaves the items as they were, and so does this.
	if (outcome.exitCode === 0 && outcome.output !== undefined) {
		const {items} = JSON.parse(outcome.output) as {items: KubernetesObject[]};
		configs.deleteAll();
		configs.insert(...items);
	}
	configs.addResults(...outcome.results.map(sdkResult));
}

export const prometheusScraping: KptFunc = Object.assign(run, {usage});

/** The SDK's result shape: `warn`, not `warning`; a namespace always (empty for none); `suggestedValue`. */
function sdkResult({message, severity, resourceRef, field, file}: Result): SdkResult {
	return {
		message,
		severity: severity === 'warning' ? 'warn' : severity,
		...(resourceRef ? {resourceRef: {...resourceRef, namespace: resourceRef.namespace ?? ''}} : {}),
		...(field ? {field: {path: field.path}} : {}),
		...(file ? {file} : {}),
	};
}
