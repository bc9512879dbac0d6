import type {Config} from '../config/config.js';
import {fieldPath} from '../config/config.js';
import {monitorKinds} from '../config/monitor-kinds.js';
import type {ResourceList} from '../krm/resource-list.js';
import {configResult, type Result, type Severity} from '../krm/results.js';
import {targetKinds, type Selection} from './targets.js';

/** Settings the chosen mode cannot honour, said once for the config rather than per target. */
export function configWarnings(list: ResourceList, config: Config): Result[] {
	if (config.spec.operatorMode) return [];
	return (['interval', 'timeout'] as const)
		.filter(setting => config.explicit.has(setting))
		.map(setting =>
			configResult(
				list.functionConfig,
				'warning',
				`\`${setting}\` has no prometheus.io annotation: in annotation mode the Prometheus scrape job decides it, so this setting is ignored (use operatorMode: true to set it per target)`,
				fieldPath(config.prefix, [setting]),
			),
		);
}

/** One line on what the package now has, worded the same on every run with the same input. */
export function summary(list: ResourceList, config: Config, selection: Selection, monitors: number): Result {
	const {monitorType, operatorMode} = config.spec;
	const targets = selection.targets.length;
	const say = (severity: Severity, message: string, path?: string) => configResult(list.functionConfig, severity, message, path);
	if (targets === 0 && selection.excluded > 0) {
		const picked = config.selector ? ' the selector picks' : '';
		return say(
			'warning',
			`no targets: \`exclude\` leaves out all ${selection.excluded} objects${picked}, so nothing is scraped`,
			fieldPath(config.prefix, ['exclude']),
		);
	}
	if (targets === 0) {
		const kinds = targetKinds[monitorType].filter(kind => config.selector?.kinds?.has(kind.kind) ?? !kind.onRequest).map(kind => kind.kind);
		const selected = config.selector ? ' that the selector picks' : '';
		return say('warning', `no targets: the input has no ${kinds.join(', ')}${selected}, so nothing is scraped`);
	}
	const noun = monitorType === 'pod' ? 'workload' : targetKinds[monitorType][0]!.kind;
	const what = `${targets} ${noun}${targets === 1 ? '' : 's'}${kindsOf(selection, monitorType)}`;
	if (operatorMode) return say('info', `generated ${monitors} ${monitorKinds[monitorType].kind}${monitors === 1 ? '' : 's'} for ${what}`);
	return say('info', `annotated ${what} with prometheus.io/scrape, scheme, path and port`);
}

/** Which kinds of workloads were chosen, so that a user sees it (Jobs and CronJobs only on request). */
function kindsOf(selection: Selection, monitorType: Config['spec']['monitorType']): string {
	if (monitorType !== 'pod') return '';
	const counts = new Map<string, number>();
	for (const target of selection.targets) counts.set(target.kind, (counts.get(target.kind) ?? 0) + 1);
	return ` (${[...counts].map(([kind, count]) => `${count} ${kind}`).join(', ')})`;
}
