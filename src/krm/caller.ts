import type {ResourceList} from './resource-list.js';

/**
 * The annotation kustomize finds a KRM function by: on the config listed under `transformers:` or
 * `generators:`, it names the image (or exec path) to run. kustomize passes that config on as the
 * functionConfig with the annotation still on it, for transformers and generators alike and with or
 * without items. kpt's configs (a Kptfile's configMap or configPath, `fn eval`'s key=value) need no
 * such annotation.
 */
const functionAnnotation = 'config.kubernetes.io/function';

/** Whether kustomize runs the function, as a containerized or exec KRM function. */
export function calledByKustomize(list: ResourceList): boolean {
	return list.functionConfig?.annotation(functionAnnotation) !== undefined;
}
