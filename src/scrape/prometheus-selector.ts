import {fieldPath, type Config} from '../config/config.js';
import {matches} from '../config/label-selector.js';
import type {ResourceList} from '../krm/resource-list.js';
import {configResult, type Result} from '../krm/results.js';
import {missingLabels} from './check/loaded-by.js';

/**
 * What check mode reads (`annotations`: which convention's keys it checks too; `operatorVersion`: the
 * fields monitors may use); every other setting is about what generate mode writes.
 */
const checkSettings = new Set(['mode', 'prometheusSelector', 'annotations', 'operatorVersion']);

/**
 * `prometheusSelector` and `mode` against the other settings: in check mode the generate settings
 * are ignored; in generate mode the monitors it writes must carry the labels the cluster's
 * Prometheus selects by (`monitorLabels`), or no Prometheus loads them.
 */
export function modeSettingWarnings(list: ResourceList, config: Config): Result[] {
	const warn = (setting: string, message: string) =>
		configResult(list.functionConfig, 'warning', message, fieldPath(config.prefix, [setting]));
	if (config.spec.mode === 'check')
		return [...config.explicit]
			.filter(setting => !checkSettings.has(setting))
			.map(setting =>
				warn(
					setting,
					`\`${setting}\` is ignored in check mode, which changes nothing and reads only prometheusSelector and operatorVersion`,
				),
			);
	const selector = config.prometheusSelector;
	if (!selector) return [];
	if (!config.spec.operatorMode)
		return [
			warn(
				'prometheusSelector',
				'`prometheusSelector` is about which monitors a Prometheus loads; annotation mode writes none, so it is ignored',
			),
		];
	if (config.spec.backend === 'gmp')
		return [
			warn(
				'prometheusSelector',
				"`prometheusSelector` is about which monitors prometheus-operator's Prometheus loads; Google Managed Prometheus reads every PodMonitoring, so it is ignored",
			),
		];
	const labels = config.spec.monitorLabels ?? {};
	if (matches(selector, labels)) return [];
	const add = Object.entries(missingLabels(selector, labels)).map(([key, value]) => `monitorLabels.${key}=${value}`);
	return [
		warn(
			'monitorLabels',
			`the monitors this run writes lack labels \`prometheusSelector\` asks for, so the cluster's Prometheus would not load them${add.length > 0 ? `; set ${add.join(' ')}` : ''}`,
		),
	];
}
