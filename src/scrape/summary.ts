import type {Config} from '../config/config.js';
import {fieldPath} from '../config/config.js';
import {generatedKind} from '../config/monitor-kinds.js';
import type {ResourceList} from '../krm/resource-list.js';
import {configResult, type Result, type Severity} from '../krm/results.js';
import {targetKinds, type Selection} from './targets.js';

/** Settings the chosen mode cannot honour, said once for the config rather than per target. */
export function configWarnings(list: ResourceList, config: Config): Result[] {
	const warn = (setting: string, message: string) =>
		configResult(list.functionConfig, 'warning', message, fieldPath(config.prefix, [setting]));
	const given = (setting: string) => config.explicit.has(setting) || config.spec.endpoints?.some(endpoint => setting in endpoint);
	const {operatorMode, monitorType} = config.spec;
	if (operatorMode && monitorType === 'ingress') {
		// A Probe's targets are the Ingress rules' URLs, fetched through the prober.
		return (['port', 'path', 'scheme'] as const)
			.filter(given)
			.map(setting =>
				warn(
					setting,
					`\`${setting}\` is ignored for Probes: the prober fetches each Ingress rule's URL, so its scheme, host and path come from the Ingress; the prober's own are under \`prober\``,
				),
			);
	}
	if (operatorMode) return [];
	if (monitorType === 'ingress') {
		const note = configResult(
			list.functionConfig,
			'warning',
			"Ingresses get prometheus.io/probe only: the historical kubernetes-ingresses job (Prometheus's old example config) reads it and probes each rule's URL through a blackbox exporter; the prometheus-community chart has no Ingress job, so add that job or use operatorMode: true for Probes",
		);
		return [
			note,
			...(['port', 'path', 'scheme'] as const)
				.filter(given)
				.map(setting => warn(setting, `\`${setting}\` is ignored for Ingresses: the probed URL comes from each Ingress rule`)),
		];
	}
	const ignored = {
		interval: 'in annotation mode the Prometheus scrape job decides it',
		timeout: 'in annotation mode the Prometheus scrape job decides it',
		tls: "the chart's jobs have no TLS settings per target",
		basicAuth: "the chart's jobs have no credentials per target",
		authorization: "the chart's jobs have no credentials per target",
		oauth2: "the chart's jobs have no credentials per target",
		istio: 'Istio settings shape monitors',
		backend: 'it chooses the kind of monitors operator mode writes',
	};
	return Object.entries(ignored)
		.filter(([setting]) => given(setting))
		.map(([setting, why]) =>
			warn(
				setting,
				`\`${setting}\` has no prometheus.io annotation: ${why}, so this setting is ignored (use operatorMode: true to set it per target)`,
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
	const what = `${plural(targets, noun)}${kindsOf(selection, monitorType)}`;
	if (operatorMode) return say('info', `generated ${plural(monitors, generatedKind(config.spec).kind)} for ${what}`);
	return say('info', `annotated ${what} with prometheus.io/scrape, scheme, path and port`);
}

/** Which kinds of workloads were chosen, so that a user sees it (Jobs and CronJobs only on request). */
function kindsOf(selection: Selection, monitorType: Config['spec']['monitorType']): string {
	if (monitorType !== 'pod') return '';
	const counts = new Map<string, number>();
	for (const target of selection.targets) counts.set(target.kind, (counts.get(target.kind) ?? 0) + 1);
	return ` (${[...counts].map(([kind, count]) => `${count} ${kind}`).join(', ')})`;
}

/** `1 Ingress`, `2 Ingresses`. */
function plural(count: number, noun: string): string {
	return `${count} ${noun}${count === 1 ? '' : /s$/.test(noun) ? 'es' : 's'}`;
}
