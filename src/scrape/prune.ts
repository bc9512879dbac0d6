import type {Config} from '../config/config.js';
import {generatedFor} from '../config/monitor-kinds.js';
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
 * The monitors this config generated earlier and does not keep. A config removes the monitors of
 * its own monitorType only, for either backend (a switch of backend leaves none behind); those of
 * another monitorType it is told about (`otherKinds`), because a pipeline's steps may share a
 * config name (one for pods, one for Services, say) and must not remove each other's, while a
 * config that switched monitorType leaves them stale.
 */
export function staleMonitors(items: readonly Item[], kept: ReadonlySet<Item>, config: Config): {stale: Item[]; otherKinds: Item[]} {
	const own = (item: Item) => generatedFor(item) === config.spec.monitorType;
	const ours = items.filter(item => isMonitor(item) && !kept.has(item) && item.annotation(ownerAnnotation) === config.owner);
	return {stale: ours.filter(own), otherKinds: ours.filter(item => !own(item))};
}
