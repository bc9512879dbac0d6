import type {Config} from '../config/config.js';
import {fieldPath} from '../config/config.js';
import {chartIntervals, grafanaConvention, scrapesSlow} from '../config/conventions.js';
import {durationMs} from '../config/durations.js';
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
	if (operatorMode)
		return (['annotations', 'scrapeSlow'] as const)
			.filter(given)
			.map(setting => warn(setting, `\`${setting}\` shapes the annotations of annotation mode; monitors carry none, so it is ignored`));
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
	const {annotations} = config.spec;
	const grafana = annotations === grafanaConvention;
	const jobs = grafana ? "Alloy's annotation jobs" : "the chart's jobs";
	const slow = !grafana && scrapesSlow(config.spec, config.endpoints[0]!);
	const ignored = {
		// Alloy honours both per target; the chart's -slow jobs are its one longer interval.
		...(grafana || (slow && !config.explicit.has('scrapeSlow'))
			? {}
			: {interval: 'in annotation mode the Prometheus scrape job decides it'}),
		...(grafana ? {} : {timeout: 'in annotation mode the Prometheus scrape job decides it'}),
		tls: `${jobs} have no TLS settings per target`,
		basicAuth: `${jobs} have no credentials per target`,
		authorization: `${jobs} have no credentials per target`,
		oauth2: `${jobs} have no credentials per target`,
		istio: 'Istio settings shape monitors',
		backend: 'it chooses the kind of monitors operator mode writes',
	};
	return [
		...Object.entries(ignored)
			.filter(([setting]) => given(setting))
			.map(([setting, why]) =>
				warn(
					setting,
					`\`${setting}\` has no ${annotations} annotation: ${why}, so this setting is ignored (use operatorMode: true to set it per target)`,
				),
			),
		...conventionNotes(list, config, slow),
	];
}

/**
 * What the convention makes of settings it honours only in part: a long interval becomes the
 * chart's -slow jobs' 5m, and Alloy reaches a Service through its cluster IP.
 */
function conventionNotes(list: ResourceList, config: Config, slow: boolean): Result[] {
	const say = (severity: Severity, setting: string, message: string) =>
		configResult(list.functionConfig, severity, message, fieldPath(config.prefix, [setting]));
	const {interval} = config.endpoints[0]!;
	if (slow && interval !== undefined && !config.explicit.has('scrapeSlow')) {
		const exact = durationMs(interval) === durationMs(chartIntervals.slow);
		return [
			say(
				exact ? 'info' : 'warning',
				'interval',
				`\`interval\` ${interval} is longer than the chart's regular ${chartIntervals.regular}, so ${config.spec.annotations}/scrape_slow "true" moves the targets to its -slow jobs, which scrape every ${chartIntervals.slow} with a ${chartIntervals.slowTimeout} timeout${exact ? '' : `, not every ${interval}`}`,
			),
		];
	}
	if (config.spec.annotations === grafanaConvention && config.spec.monitorType === 'service')
		return [
			say(
				'warning',
				'monitorType',
				'Alloy scrapes an annotated Service through its cluster IP, so each scrape reaches one of its pods and the series of several replicas mix; annotate the workloads (monitorType: pod) to scrape every pod',
			),
		];
	return [];
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
	const keys =
		config.spec.annotations === grafanaConvention
			? `${grafanaConvention}/scrape, metrics.scheme, metrics.path and the metrics port`
			: `${config.spec.annotations}/scrape, scheme, path and port`;
	return say('info', `annotated ${what} with ${keys}`);
}

/** Which kinds of workloads were chosen, so that a user sees it (Jobs and CronJobs only on request). */
function kindsOf(selection: Selection, monitorType: Config['spec']['monitorType']): string {
	if (monitorType !== 'pod') return '';
	const counts = new Map<string, number>();
	for (const target of selection.targets) counts.set(target.kind, (counts.get(target.kind) ?? 0) + 1);
	return ` (${[...counts].map(([kind, count]) => plural(count, kind)).join(', ')})`;
}

/** `1 Ingress`, `2 Ingresses`. */
function plural(count: number, noun: string): string {
	return `${count} ${noun}${count === 1 ? '' : /s$/.test(noun) ? 'es' : 's'}`;
}
