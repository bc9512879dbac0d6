import type {Config} from '../config/config.js';
import {monitorKinds} from '../config/monitor-kinds.js';
import type {Item} from '../krm/item.js';
import type {ResourceList} from '../krm/resource-list.js';
import {configResult, type Result} from '../krm/results.js';
import {isMonitor} from './monitors/build.js';
import {ownerAnnotation} from './ownership.js';

/**
 * Whether this run may take back what the config wrote earlier and no longer wants. kpt
 * `selectors:` hand the function only the selected items, marked with a resource id; what it does
 * not see may still exist, so nothing is taken back or pruned in such a run.
 */
export function mayPrune(list: ResourceList): boolean {
	return !list.items.some(item => item.mentions('kpt-resource-id'));
}

/** Said once when mayPrune is false, so that a user knows why nothing was removed. */
export function partialRunNote(list: ResourceList): Result {
	return configResult(
		list.functionConfig,
		'info',
		'kpt selectors are in use, so this run sees only the selected items: monitors and annotations written earlier for items it cannot see are kept, not pruned',
	);
}

/**
 * The monitors this config generated earlier and does not keep. A config answers for the monitors
 * of its own kind only, so that two steps of a pipeline (one for pods, one for Services, say)
 * never remove each other's.
 */
export function staleMonitors(items: readonly Item[], kept: ReadonlySet<Item>, config: Config): Item[] {
	const ownKind = monitorKinds[config.spec.monitorType].kind;
	return items.filter(
		item => isMonitor(item) && item.kind === ownKind && !kept.has(item) && item.annotation(ownerAnnotation) === config.owner,
	);
}
