import type {ResourceList} from './resource-list.js';

/**
 * kpt's package reader adds this to every item it reads from a package (how the file indents its
 * lists), under `fn eval` and `fn render` alike; kustomize's readers do not.
 */
const kptReaderAnnotation = 'internal.config.kubernetes.io/seqindent';

/**
 * The annotation kustomize finds a KRM function by: on the config listed under `transformers:` or
 * `generators:`, it names the image (or exec path) to run, and kustomize passes that config on with
 * the annotation still on it. kpt's configs (a Kptfile's configMap or configPath, `fn eval`'s
 * key=value) need no such annotation.
 */
const kustomizeFunctionAnnotation = 'config.kubernetes.io/function';

/**
 * Whether kpt runs the function: the items were read by kpt, and the config is not kustomize's
 * declaration of a KRM function. kpt annotates every item, so the first one tells, by its text: an
 * item the function does not otherwise look into stays unread; an empty package cannot tell.
 */
export function calledByKpt(list: ResourceList): boolean {
	if (list.functionConfig?.annotation(kustomizeFunctionAnnotation) !== undefined) return false;
	return list.items[0]?.mentions(`${kptReaderAnnotation}:`) ?? false;
}
