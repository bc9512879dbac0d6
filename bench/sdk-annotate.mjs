// The baseline: annotation mode's edit written the way the deprecated kpt-functions SDK (0.16.1)
// wanted functions written. Its `run` reads the whole list with js-yaml into plain objects, and
// writes them back sorted by kind and name, without comments: the cost the function must beat
// while keeping the text.
import kpt from 'kpt-functions';

const {run} = kpt;

/** @param {import('kpt-functions').Configs} configs */
function annotate(configs) {
	const port = configs.getFunctionConfigValue('port') ?? '8080';
	const owner = `ConfigMap/${configs.getFunctionConfig()?.metadata.name ?? 'function-input'}`;
	for (const object of configs.getAll()) {
		if (object.kind !== 'Deployment' || !object.apiVersion.startsWith('apps/')) continue;
		object.metadata.annotations = {...object.metadata.annotations, 'prometheus-scraping.fn.kpt.dev/owner': owner};
		const template = ((object.spec ??= {}).template ??= {});
		const metadata = (template.metadata ??= {});
		metadata.annotations = {
			...metadata.annotations,
			'prometheus.io/scrape': 'true',
			'prometheus.io/scheme': 'http',
			'prometheus.io/path': '/metrics',
			'prometheus.io/port': port,
		};
	}
}
annotate.usage = 'Annotates every Deployment pod template with prometheus.io scrape settings.';

run(annotate);
