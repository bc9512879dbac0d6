// The baseline: the function's two edits written the way the deprecated kpt-functions SDK (0.16.1)
// wanted functions written. Its `run` reads the whole list with js-yaml into plain objects, and
// writes them back sorted by kind and name, without comments: the cost the function must beat
// while keeping the text. Annotation mode puts the prometheus.io annotations on every workload's
// pod template; with `operatorMode: "true"` it adds a PodMonitor per workload instead, as the
// function does (named ports first, else the configured port).
import kpt from 'kpt-functions';

const {run} = kpt;

const templates = {
	'apps/Deployment': ['spec', 'template'],
	'apps/StatefulSet': ['spec', 'template'],
	'apps/DaemonSet': ['spec', 'template'],
	'batch/CronJob': ['spec', 'jobTemplate', 'spec', 'template'],
	'batch/Job': ['spec', 'template'],
};

/** @param {import('kpt-functions').Configs} configs */
function scrape(configs) {
	const port = configs.getFunctionConfigValue('port') ?? '8080';
	const operator = configs.getFunctionConfigValue('operatorMode') === 'true';
	const owner = `ConfigMap/${configs.getFunctionConfig()?.metadata.name ?? 'function-input'}`;
	for (const object of configs.getAll()) {
		const path = templates[`${object.apiVersion.split('/')[0]}/${object.kind}`];
		if (!path || object.apiVersion.indexOf('/') === -1) continue;
		let template = object;
		for (const key of path) template = template[key] ??= {};
		if (operator) configs.insert(podMonitor(object, template, port, owner));
		else annotate(object, template, port, owner);
	}
}
scrape.usage = 'Gives every workload prometheus.io scrape annotations, or a PodMonitor in operator mode.';

function annotate(object, template, port, owner) {
	object.metadata.annotations = {...object.metadata.annotations, 'prometheus-scraping.fn.kpt.dev/owner': owner};
	const metadata = (template.metadata ??= {});
	metadata.annotations = {
		...metadata.annotations,
		'prometheus.io/scrape': 'true',
		'prometheus.io/scheme': 'http',
		'prometheus.io/path': '/metrics',
		'prometheus.io/port': port,
	};
}

function podMonitor(object, template, port, owner) {
	const ports = (template.spec?.containers ?? []).flatMap(container => container.ports ?? []);
	const named = ports.find(entry => String(entry.containerPort) === port && entry.name)?.name;
	const file = `${object.metadata.name}-pod-monitor.yaml`;
	return {
		apiVersion: 'monitoring.coreos.com/v1',
		kind: 'PodMonitor',
		metadata: {
			name: `${object.metadata.name}-pod-monitor`,
			namespace: object.metadata.namespace,
			annotations: {
				'prometheus-scraping.fn.kpt.dev/owner': owner,
				'config.kubernetes.io/path': file,
				'internal.config.kubernetes.io/path': file,
			},
		},
		spec: {
			selector: {matchLabels: {...template.metadata?.labels}},
			podMetricsEndpoints: [{...(named ? {port: named} : {targetPort: Number(port)}), path: '/metrics', scheme: 'http', interval: '15s'}],
		},
	};
}

run(scrape);
