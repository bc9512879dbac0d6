/**
 * The scrape model (src/scrape/model) checked against a REAL Prometheus: for one package holding a
 * scenario per namespace, Prometheus' active targets must be exactly the targets the model
 * predicts, job by job, duplicates included.
 *
 * Prometheus runs the prometheus-community chart's annotation jobs verbatim
 * (testdata/prometheus/chart-scrape-configs.yaml) and, for the PodMonitors, ServiceMonitors and
 * Probes, the scrape configs prometheus-operator would generate (prometheus/operator-jobs.ts).
 * Discovery is emulated through file_sd (prometheus/discovery.ts), each workload's pod on its own
 * 127.0.0.x address; every declared container port is an HTTP server there, except init
 * containers' (they have exited), and so is the prober: a target is up exactly when the model's
 * port is one that serves.
 *
 * Needs the `prometheus` binary; under CI=true it fails instead of skipping (test/support/tools.ts).
 * Everything listens on loopback.
 */
import {mkdir, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import YAML from 'yaml';
import {readFastOrSafe} from '../../src/krm/fallback.js';
import {scrapeModel} from '../../src/scrape/model/scrape-targets.js';
import type {ScrapeTarget} from '../../src/scrape/model/scrape-target.js';
import {e2eTest} from '../support/tools.js';
import {fileSdFromItems} from './prometheus/discovery.js';
import {serve, startPrometheus, waitForTargets, type ActiveTarget} from './prometheus/harness.js';
import {operatorScrapeConfigs} from './prometheus/operator-jobs.js';
import {scenarios, type Pods} from './scrape-model/scenarios.js';

const e2e = e2eTest(['prometheus'], 'apt-get install prometheus');

const CHART_JOBS = fileURLToPath(new URL('../../testdata/prometheus/chart-scrape-configs.yaml', import.meta.url));

e2e('Prometheus scrapes exactly the targets the scrape model predicts', async t => {
	t.timeout(10 * 60_000);
	const dir = await mkdtemp(path.join(os.tmpdir(), 'scrape-model-e2e-'));
	t.teardown(() => rm(dir, {recursive: true, force: true})); // registered first: runs after Prometheus stops

	// The pods: an address each, and a metrics server for each port a (regular) container serves.
	const ips = new Map<string, string>();
	const served = new Set<string>();
	const pods: Pods = {
		ip: (namespace, name) => ipOf(namespace, name),
		async listen(namespace, name) {
			const key = `${namespace}/${name}`;
			if (!ips.has(key)) ips.set(key, `127.0.0.${10 + ips.size}`);
			const ip = ips.get(key)!;
			const {port} = await serve(
				t,
				(_req, res) => {
					res.writeHead(200, {'content-type': 'text/plain; version=0.0.4'}).end('e2e_up 1\n');
				},
				ip,
			);
			served.add(`${ip}:${port}`);
			return port;
		},
	};
	const ipOf = (namespace: string, name: string) => {
		const ip = ips.get(`${namespace}/${name}`);
		if (!ip) throw new Error(`no pod address for ${namespace}/${name}`);
		return ip;
	};
	// One after another: the pods' addresses are handed out in a fixed order.
	const built: {namespace: string; objects: object[]; expected: string[]}[] = [];
	for (const scenario of scenarios) built.push({namespace: scenario.namespace, ...(await scenario.build(pods))});
	const objects = built.flatMap(scenario => scenario.objects);
	const text = YAML.stringify(
		{apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: objects},
		{aliasDuplicateObjects: false},
	);

	// What the model says, as Prometheus would show each target: job and scrape URL (its query
	// decoded and sorted, since Go and URLSearchParams escape `*` differently).
	const model = scrapeModel(readFastOrSafe(text).items);
	const normal = (url: string) => {
		const {protocol, host, pathname, searchParams} = new URL(url);
		return `${protocol}//${host}${pathname}${[...searchParams]
			.sort()
			.map(([k, v]) => ` ${k}=${v}`)
			.join('')}`;
	};
	const url = (target: ScrapeTarget) => {
		const query = `?${new URLSearchParams(target.params)}`;
		if (!target.workload) return normal(`${target.scheme}://${target.address}${target.path}${query}`);
		const {namespace, name} = target.workload;
		const port = target.port?.number ?? (target.scheme === 'https' ? 443 : 80);
		return normal(`${target.scheme}://${ipOf(namespace ?? '', name)}:${port}${target.path}${query}`);
	};
	const predicted = model.targets.map(target => `${target.job} ${url(target)}`).sort();

	// Prometheus: the chart's jobs and the operator's, over the emulated discovery.
	const plain = YAML.parse(text).items;
	const sd = fileSdFromItems(plain, ipOf);
	await mkdir(path.join(dir, 'targets'));
	await writeFile(path.join(dir, 'targets', 'pod.json'), JSON.stringify(sd.pod, null, 1));
	await writeFile(path.join(dir, 'targets', 'endpointslice.json'), JSON.stringify(sd.endpointslice, null, 1));
	await writeFile(path.join(dir, 'targets', 'ingress.json'), JSON.stringify(sd.ingress, null, 1));
	const chart = YAML.parse(await readFile(CHART_JOBS, 'utf8'));
	const jobs = [...chart.scrape_configs, ...operatorScrapeConfigs(plain)];
	const config = {global: {scrape_interval: '1s', scrape_timeout: '1s'}, scrape_configs: jobs};
	await writeFile(path.join(dir, 'prometheus.yml'), YAML.stringify(config));
	const prom = await startPrometheus(t, dir);

	// Done when every job has processed its discovery (some target active or dropped) and every
	// active target has been scraped once.
	const names: string[] = jobs.map(job => job.job_name);
	const targets = await waitForTargets(
		prom,
		({activeTargets, droppedTargets}) =>
			names.every(name => activeTargets.some(a => a.scrapePool === name) || droppedTargets.some(d => d.discoveredLabels.job === name)) &&
			activeTargets.every(a => a.health !== 'unknown'),
	);
	const active = targets.activeTargets;
	const show = (a: ActiveTarget) => `${a.scrapePool} ${normal(a.scrapeUrl)}`;
	t.log(`${scenarios.length} scenarios, ${active.length} active targets, ${names.length} jobs`);
	t.log(
		active
			.map(a => `${show(a)} ${a.health}`)
			.sort()
			.join('\n'),
	);

	t.deepEqual(active.map(show).sort(), predicted, 'active targets = the model');
	// Up exactly where a container serves the port: the model's ports are the pods' real ones.
	// The scheme's default port (80) is left out: a web server on the machine's 0.0.0.0:80 would
	// answer there. (URL drops a default port from `host`, so such a host has no port.)
	const defaultPort = (host: string) => !/:\d+$/.test(host);
	t.deepEqual(
		active
			.map(a => ({a, host: new URL(a.scrapeUrl).host}))
			.filter(({a, host}) => !defaultPort(host) && (a.health === 'up') !== served.has(host))
			.map(({a}) => `${show(a)} ${a.health} ${a.lastError}`),
		[],
	);
	// Each scenario's own expectation, so a model and a Prometheus that agree on a wrong answer fail too.
	const describe = (target: ScrapeTarget) =>
		target.workload ? `${target.job} ${target.workload.name}:${target.port?.number ?? '-'} ${target.path}` : `${target.job} ${target.url}`;
	for (const {namespace, expected} of built) {
		const mine = model.targets.filter(target => (target.workload ?? target.via).namespace === namespace);
		t.deepEqual(mine.map(describe).sort(), [...expected].sort(), namespace);
	}
	t.deepEqual(
		model.findings.map(f => `${f.type} ${f.item}`),
		[
			'probe-wildcard-host Ingress probe-ingress/shop',
			'init-container-port PodMonitor pm-port-name/mon',
			'init-container-port Service ann-service-uncovered/web',
		],
	);
});
