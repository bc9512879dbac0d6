/**
 * End-to-end proof that the `prometheus.io/*` annotations the function writes make a REAL
 * Prometheus scrape the right URL.
 *
 * Each test: start tiny HTTP servers on 127.0.0.1 (a metrics endpoint and a non-metrics "app"
 * port), run the built function (`node dist/prometheus-scraping.js`, annotation mode) on a
 * ResourceList with a Deployment declaring both ports and a Service in front of it, turn the
 * function's output into the targets Kubernetes SD would discover (test/e2e/prometheus/discovery.ts,
 * served through file_sd), start Prometheus with the prometheus-community chart's
 * `kubernetes-pods` and `kubernetes-service-endpoints` jobs (testdata/prometheus/chart-scrape-configs.yaml,
 * relabel rules verbatim) and poll /api/v1/targets until the expected scrape URL has been scraped.
 *
 * Needs the `prometheus` binary (scripts/install-prometheus.sh); see test/support/tools.ts for
 * skip/fail behaviour. Never touches port 9090 (a packaged Prometheus service may own it): every
 * port is picked free on 127.0.0.1.
 */
import {spawn} from 'node:child_process';
import {once} from 'node:events';
import {existsSync} from 'node:fs';
import {mkdir, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import type {ExecutionContext} from 'ava';
import YAML from 'yaml';
import {e2eTest} from '../support/tools.js';
import {fileSdFromItems} from './prometheus/discovery.js';
import {serve, startPrometheus, waitForTargets, type TargetsResponse} from './prometheus/harness.js';

const e2e = e2eTest(['prometheus'], 'apt-get install prometheus');

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FUNCTION = path.join(ROOT, 'dist', 'prometheus-scraping.js');
const CHART_JOBS = path.join(ROOT, 'testdata', 'prometheus', 'chart-scrape-configs.yaml');

// A hang guard, in minutes: never a speed limit.
const FUNCTION_TIMEOUT_MS = 5 * 60_000;

const NAMESPACE = 'shop';
const APP = 'web';

// --- HTTP servers standing in for the pod's containers ------------------------------------

/** Serves Prometheus text format at exactly `metricsPath`, 404 elsewhere. */
function metricsServer(t: ExecutionContext, metricsPath: string) {
	return serve(t, (req, res) => {
		if (req.method === 'GET' && new URL(req.url ?? '/', 'http://x').pathname === metricsPath) {
			res.writeHead(200, {'content-type': 'text/plain; version=0.0.4'});
			res.end('# HELP e2e_app_up Served by the prometheus-scraping e2e test.\n# TYPE e2e_app_up gauge\ne2e_app_up 1\n');
		} else {
			res.writeHead(404).end('not the metrics path\n');
		}
	});
}

/** The container's other port: an app answering 200 with HTML, which Prometheus must never scrape. */
function appServer(t: ExecutionContext) {
	return serve(t, (_req, res) => {
		res.writeHead(200, {'content-type': 'text/html'}).end('<h1>app</h1>\n');
	});
}
// --- the function under test -------------------------------------------------------------

interface Scenario {
	monitorType: 'pod' | 'service';
	scheme: 'http' | 'https';
	metricsPath: string;
	/** Name of the metrics containerPort, or undefined for an unnamed port. */
	metricsPortName?: string;
	/**
	 * Give the function the port by name (the container port's, or for a Service a Service port
	 * targeting it) instead of by number: the annotation only works with digits, so the function
	 * must resolve the name.
	 */
	portByName?: boolean;
}

/**
 * A kpt-style input: Deployment `web` whose container declares the app port (named `http`) and
 * the metrics port, and a Service `web` exposing the app port (plus, to name the port through the
 * Service, a port targeting the metrics port by name). The function is told the metrics port, so
 * Prometheus must end up on it and never on the app port.
 */
function resourceList(s: Scenario, appPort: number, metricsPort: number) {
	const labels = {app: APP};
	if (s.portByName && !s.metricsPortName) throw new Error('portByName needs metricsPortName');
	const servicePorts: object[] = [{name: 'http', port: 80, targetPort: 'http'}];
	if (s.portByName && s.monitorType === 'service') servicePorts.push({name: 'metrics', port: 9102, targetPort: s.metricsPortName});
	return {
		apiVersion: 'config.kubernetes.io/v1',
		kind: 'ResourceList',
		items: [
			{
				apiVersion: 'apps/v1',
				kind: 'Deployment',
				metadata: {name: APP, namespace: NAMESPACE, labels},
				spec: {
					replicas: 1,
					selector: {matchLabels: labels},
					template: {
						metadata: {labels},
						spec: {
							containers: [
								{
									name: 'web',
									image: 'registry.example.com/web:1.0.0',
									ports: [
										{name: 'http', containerPort: appPort},
										s.metricsPortName ? {name: s.metricsPortName, containerPort: metricsPort} : {containerPort: metricsPort},
									],
								},
							],
						},
					},
				},
			},
			{
				apiVersion: 'v1',
				kind: 'Service',
				metadata: {name: APP, namespace: NAMESPACE, labels},
				spec: {selector: labels, ports: servicePorts},
			},
		],
		functionConfig: {
			apiVersion: 'v1',
			kind: 'ConfigMap',
			metadata: {name: 'function-input'},
			data: {
				operatorMode: 'false', // annotation mode (the default, stated for clarity)
				monitorType: s.monitorType,
				port: s.portByName ? (s.monitorType === 'service' ? 'metrics' : s.metricsPortName!) : String(metricsPort),
				path: s.metricsPath,
				scheme: s.scheme,
			},
		},
	};
}

/** Runs `node dist/prometheus-scraping.js` with `input` on stdin; returns the parsed output ResourceList. */
async function runFunction(t: ExecutionContext, input: unknown): Promise<any> {
	if (!existsSync(FUNCTION)) throw new Error(`${FUNCTION} is missing: run \`npm run build\` first`);
	const child = spawn(process.execPath, [FUNCTION], {cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe']});
	let stdout = '';
	let stderr = '';
	child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
	child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
	const timer = setTimeout(() => child.kill('SIGKILL'), FUNCTION_TIMEOUT_MS);
	// No anchors/aliases for the objects the input shares (labels): write it as kpt would.
	child.stdin.end(YAML.stringify(input, {aliasDuplicateObjects: false}));
	const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
	clearTimeout(timer);
	if (code !== 0) throw new Error(`function exited with ${code ?? signal}\nstderr:\n${stderr}\nstdout:\n${stdout}`);
	if (stderr.trim()) t.log(`function stderr: ${stderr.trim()}`);
	const output = YAML.parse(stdout);
	if (output?.kind !== 'ResourceList' || !Array.isArray(output.items)) throw new Error(`not a ResourceList on stdout:\n${stdout}`);
	const errors = (output.results ?? []).filter((r: any) => r?.severity === 'error');
	if (errors.length > 0) throw new Error(`function reported errors: ${JSON.stringify(errors)}`);
	return output;
}

// --- the scenario shared by all tests -----------------------------------------------------

const POD_JOB = 'kubernetes-pods';
const SERVICE_JOB = 'kubernetes-service-endpoints';

async function scrapeScenario(t: ExecutionContext, s: Scenario) {
	t.timeout(10 * 60_000);
	const metrics = await metricsServer(t, s.metricsPath);
	const app = await appServer(t);
	const dir = await mkdtemp(path.join(os.tmpdir(), 'prometheus-scrape-e2e-'));
	t.teardown(() => rm(dir, {recursive: true, force: true})); // registered first, so it runs after Prometheus is stopped

	const output = await runFunction(t, resourceList(s, app.port, metrics.port));

	// Sanity check of the function's output, so a failure below is clearly Prometheus' verdict.
	const annotated =
		s.monitorType === 'pod'
			? output.items.find((i: any) => i.kind === 'Deployment')?.spec?.template?.metadata?.annotations
			: output.items.find((i: any) => i.kind === 'Service')?.metadata?.annotations;
	t.like(annotated, {
		'prometheus.io/scrape': 'true',
		'prometheus.io/port': String(metrics.port),
		'prometheus.io/path': s.metricsPath,
		'prometheus.io/scheme': s.scheme,
	});

	// Kubernetes SD, emulated: the function's output as the targets a cluster would show.
	const sd = fileSdFromItems(output.items);
	await mkdir(path.join(dir, 'targets'));
	await writeFile(path.join(dir, 'targets', 'pod.json'), JSON.stringify(sd.pod, null, 1));
	await writeFile(path.join(dir, 'targets', 'endpointslice.json'), JSON.stringify(sd.endpointslice, null, 1));
	// The chart jobs verbatim, behind a global block that scrapes every second.
	const jobs = await readFile(CHART_JOBS, 'utf8');
	await writeFile(path.join(dir, 'prometheus.yml'), `global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n${jobs}`);

	const prom = await startPrometheus(t, dir);
	const expectedJob = s.monitorType === 'pod' ? POD_JOB : SERVICE_JOB;
	const otherJob = s.monitorType === 'pod' ? SERVICE_JOB : POD_JOB;
	const otherGroups = s.monitorType === 'pod' ? sd.endpointslice : sd.pod;
	const expectedUrl = `${s.scheme}://127.0.0.1:${metrics.port}${s.metricsPath}`;
	const dropped = (targets: TargetsResponse, job: string) => targets.droppedTargets.filter(d => d.discoveredLabels.job === job);

	const targets = await waitForTargets(prom, targets => {
		const target = targets.activeTargets.find(a => a.scrapeUrl === expectedUrl);
		// The other job has processed its discovery too: all of its targets dropped, or some
		// active (which the assertions below then report).
		const otherDone =
			dropped(targets, otherJob).length === otherGroups.length || targets.activeTargets.some(a => a.scrapePool === otherJob);
		if (!target || !otherDone) return false;
		// http: scraped successfully at least twice (so a wrongly scraped app port would have been hit too).
		// https: the plain-HTTP server cannot speak TLS, so the scrape has failed at least once.
		return s.scheme === 'http'
			? target.health === 'up' && metrics.requests.length >= 2
			: target.health === 'down' && target.lastError !== '';
	});

	const active = targets.activeTargets;
	t.log(`active targets: ${JSON.stringify(active.map(a => [a.scrapePool, a.scrapeUrl, a.health, a.lastError]))}`);

	// Exactly one target: the annotated port at the annotated path with the annotated scheme. The
	// pod declares two ports, so discovery produced one target per port; the port annotation
	// rewrote both addresses to the metrics port and Prometheus merged the identical targets.
	const ours = active.filter(a => a.scrapePool === expectedJob);
	t.is(ours.length, 1, 'one target in the expected job');
	t.is(ours[0]?.scrapeUrl, expectedUrl);
	t.is(ours[0] && new URL(ours[0].scrapeUrl).protocol, `${s.scheme}:`, 'scheme annotation honoured');
	// The chart's labels: namespace, node, the pod's (or Service's) labels, and pod or service name.
	const podName = sd.pod[0]?.labels.__meta_kubernetes_pod_name;
	t.like(ours[0]?.labels, {namespace: NAMESPACE, app: APP, ...(s.monitorType === 'pod' ? {pod: podName} : {service: APP})});

	// The non-metrics port is never a target, in any job, and was never requested.
	t.deepEqual(
		active.filter(a => a.scrapeUrl.includes(`:${app.port}/`)),
		[],
		'app port is not a target',
	);
	t.deepEqual(app.requests, [], 'app port never scraped');
	// Only the chosen object carries the annotations: the other job scrapes nothing.
	t.deepEqual(
		active.filter(a => a.scrapePool === otherJob),
		[],
		`${otherJob} has no active targets`,
	);
	t.is(dropped(targets, otherJob).length, otherGroups.length, `${otherJob} dropped all discovered targets`);

	if (s.scheme === 'http') {
		t.is(ours[0]?.health, 'up');
		t.true(
			metrics.requests.every(r => r.startsWith(`GET ${s.metricsPath}`) && r.includes('Prometheus/')),
			metrics.requests.join('\n'),
		);
	} else {
		// Prometheus spoke TLS to the annotated port: proof it honoured `prometheus.io/scheme: https`.
		t.is(ours[0]?.health, 'down');
		t.regex(ours[0]?.lastError ?? '', /server gave HTTP response to HTTPS client/);
		t.deepEqual(metrics.requests, [], 'no plain-HTTP request reached the metrics server');
	}
}

e2e('Deployment: Prometheus scrapes the annotated port and custom path of the pod, not its other port', async t => {
	await scrapeScenario(t, {monitorType: 'pod', scheme: 'http', metricsPath: '/custom/metrics'});
});

e2e('Service: Prometheus scrapes the endpoints at the annotated port and path, not the Service targetPort', async t => {
	await scrapeScenario(t, {monitorType: 'service', scheme: 'http', metricsPath: '/service/custom-metrics', metricsPortName: 'metrics'});
});

e2e('scheme https: Prometheus uses TLS on the annotated port', async t => {
	await scrapeScenario(t, {monitorType: 'pod', scheme: 'https', metricsPath: '/custom/metrics', metricsPortName: 'metrics'});
});

e2e('port given as a container port name: Prometheus scrapes the resolved number', async t => {
	await scrapeScenario(t, {monitorType: 'pod', scheme: 'http', metricsPath: '/metrics', metricsPortName: 'prom-metrics', portByName: true});
});

e2e('port given as a Service port name: Prometheus scrapes the container port it targets', async t => {
	await scrapeScenario(t, {
		monitorType: 'service',
		scheme: 'http',
		metricsPath: '/metrics',
		metricsPortName: 'prom-metrics',
		portByName: true,
	});
});
