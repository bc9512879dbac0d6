import type {Config} from '../config/config.js';
import {fieldPath} from '../config/config.js';
import {monitorKinds} from '../config/monitor-kinds.js';
import type {ResourceList} from '../krm/resource-list.js';
import {configResult, type Result} from '../krm/results.js';
import {targetKinds} from './targets.js';

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
export function summary(list: ResourceList, config: Config, targets: number, monitors: number): Result {
	const {monitorType, operatorMode} = config.spec;
	const kinds = targetKinds[monitorType].map(kind => kind.kind);
	if (targets === 0) {
		const selected = config.selector ? ' that the selector picks' : '';
		return configResult(
			list.functionConfig,
			'warning',
			`no targets: the input has no ${kinds.join(', ')}${selected}, so nothing is scraped`,
		);
	}
	const noun = monitorType === 'pod' ? 'workload' : kinds[0]!;
	if (operatorMode) {
		return configResult(
			list.functionConfig,
			'info',
			`generated ${monitors} ${monitorKinds[monitorType].kind}${monitors === 1 ? '' : 's'} for ${targets} ${noun}${targets === 1 ? '' : 's'}`,
		);
	}
	return configResult(
		list.functionConfig,
		'info',
		`annotated ${targets} ${noun}${targets === 1 ? '' : 's'} with prometheus.io/scrape, scheme, path and port`,
	);
}
