import {isDeepStrictEqual} from 'node:util';
import type {Config} from '../../config/config.js';
import type {ListEditor} from '../../krm/editor.js';
import type {Item} from '../../krm/item.js';
import type {Monitor} from './build.js';
import type {MonitorPlan} from './reconcile.js';

/** Writes a monitor plan: updates in place, removals, and new monitors after the last item. */
export function applyMonitors(editor: ListEditor, plan: MonitorPlan, config: Config): void {
	for (const {item, monitor} of plan.update) updateMonitor(editor, item, monitor, config);
	for (const item of plan.remove) editor.removeItem(item);
	editor.appendItems(plan.create);
}

/**
 * Brings a monitor generated earlier up to date by editing only what this function owns in it,
 * `spec` and `metadata.labels`, so its comments and the annotations orchestrators added stay as
 * they are. A monitor whose spec is not a block map (flow style, hand-edited) is re-printed whole.
 */
function updateMonitor(editor: ListEditor, ours: Item, monitor: Monitor, config: Config): void {
	const labels = config.spec.monitorLabels ?? {};
	if (!editor.isBlockMap(ours, ['spec'])) {
		const current = ours.getValue([]) as Record<string, any>;
		const metadata = {...current.metadata};
		if (Object.keys(labels).length > 0) metadata.labels = labels;
		else delete metadata.labels;
		editor.replaceItem(ours, {...current, metadata, spec: monitor.spec});
		return;
	}
	const specChanged = !isDeepStrictEqual(ours.getValue(['spec']), monitor.spec);
	// The `labels` map stays when new keys take the place of all the old ones.
	editor.removeEntries(
		ours,
		['metadata', 'labels'],
		Object.keys(ours.labels).filter(key => !Object.hasOwn(labels, key)),
		Object.keys(labels).length > 0,
	);
	if (Object.keys(labels).length > 0) editor.setEntries(ours, ['metadata', 'labels'], labels);
	if (specChanged) editor.replaceMap(ours, ['spec'], monitor.spec);
}
