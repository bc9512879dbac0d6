// Checks that what was timed did the work: a fast run that drops comments or misses Deployments
// would make the figures meaningless.
import {parse, parseAllDocuments} from 'yaml';

type Obj = Record<string, any>;

const scrapeAnnotations = {'prometheus.io/scrape': 'true', 'prometheus.io/port': '8080'};

/** Problems with one output, empty when it is right. */
export function verify(
	kind: 'function-annotate' | 'function-operator' | 'sdk-annotate' | 'sdk-operator' | 'kustomize',
	input: string,
	output: string,
	workloads: number,
): string[] {
	const problems: string[] = [];
	let objects: Obj[];
	if (kind === 'kustomize') {
		objects = parseAllDocuments(output).map(doc => doc.toJS() as Obj);
	} else {
		const list = parse(output) as Obj | null;
		if (list?.kind !== 'ResourceList' || !Array.isArray(list.items)) return ['the output is not a ResourceList with items'];
		objects = list.items as Obj[];
		const errors = ((list.results ?? []) as Obj[]).filter(result => result.severity === 'error');
		if (errors.length > 0) problems.push(`${errors.length} error results, first: ${errors[0]!.message}`);
	}
	const found = objects.filter(object => object?.kind === 'Deployment' || object?.kind === 'StatefulSet');
	if (found.length !== workloads) problems.push(`${found.length} workloads in the output, expected ${workloads}`);
	if (!kind.endsWith('-operator')) {
		const bare = found.filter(
			object => !Object.entries(scrapeAnnotations).every(([key, value]) => object.spec?.template?.metadata?.annotations?.[key] === value),
		);
		if (bare.length > 0) problems.push(`${bare.length} workloads lack the prometheus.io annotations on their pod template`);
	} else {
		const monitors = objects.filter(object => object?.kind === 'PodMonitor').length;
		if (monitors !== workloads) problems.push(`${monitors} PodMonitors in the output, expected ${workloads}`);
	}
	if (kind.startsWith('function-')) {
		const missing = missingComments(input, output);
		if (missing > 0) problems.push(`${missing} of the input's comments are not in the output`);
	}
	return problems;
}

/** How many of the input's comments (counted with repeats) the output lacks. */
function missingComments(input: string, output: string): number {
	const count = (text: string) => {
		const counts = new Map<string, number>();
		for (const match of text.matchAll(/(?:^|\s)(#.*)$/gm)) counts.set(match[1]!, (counts.get(match[1]!) ?? 0) + 1);
		return counts;
	};
	const after = count(output);
	let missing = 0;
	for (const [comment, n] of count(input)) missing += Math.max(0, n - (after.get(comment) ?? 0));
	return missing;
}
