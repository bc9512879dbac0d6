/**
 * A real Prometheus for the end-to-end tests: started on a free loopback port (never 9090, which a
 * packaged Prometheus service may own) with a prometheus.yml the test writes, stopped by pid, and
 * asked for its targets through /api/v1/targets. Also the small HTTP servers that stand in for the
 * pods' containers. Every wait is bounded in time and in tries.
 */
import {type ChildProcess, spawn} from 'node:child_process';
import {once} from 'node:events';
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import path from 'node:path';
import type {ExecutionContext} from 'ava';

/**
 * Bounds: every wait below is limited in time and in number of tries. They are hang guards, in
 * minutes, not speed limits: on a busy machine Prometheus may take far longer than usual.
 */
const READY_TIMEOUT_MS = 3 * 60_000;
const TARGETS_TIMEOUT_MS = 3 * 60_000;
const POLL_INTERVAL_MS = 250;
const STOP_TIMEOUT_MS = 10_000;
const PROMETHEUS_START_ATTEMPTS = 3;

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

// --- HTTP servers standing in for the pod's containers ------------------------------------

export interface FakeServer {
	port: number;
	/** Requests received (method + url + user-agent), to show who was scraped. */
	requests: string[];
}

/** An HTTP server on `host` (a loopback address) at a free port, closed in a teardown. */
export async function serve(
	t: ExecutionContext,
	handler: (req: http.IncomingMessage, res: http.ServerResponse) => void,
	host = '127.0.0.1',
): Promise<FakeServer> {
	const requests: string[] = [];
	const server = http.createServer((req, res) => {
		requests.push(`${req.method} ${req.url} ${req.headers['user-agent'] ?? ''}`);
		handler(req, res);
	});
	server.listen(0, host); // a free port, on loopback only
	await once(server, 'listening');
	t.teardown(async () => {
		server.closeAllConnections();
		await new Promise(resolve => server.close(resolve));
	});
	return {port: (server.address() as AddressInfo).port, requests};
}

async function freePort(): Promise<number> {
	const probe = http.createServer();
	probe.listen(0, '127.0.0.1');
	await once(probe, 'listening');
	const {port} = probe.address() as AddressInfo;
	await new Promise(resolve => probe.close(resolve));
	return port;
}

// --- Prometheus ---------------------------------------------------------------------------

/** Safety net: whatever happens to the test worker, never leave a Prometheus behind. */
const running = new Set<ChildProcess>();
process.on('exit', () => {
	for (const child of running) child.kill('SIGKILL');
});

/** Resolves true when `promise` settles within `ms`, false otherwise; leaves no timer behind. */
async function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<false>(resolve => (timer = setTimeout(resolve, ms, false)));
	try {
		return await Promise.race([promise.then(() => true), timeout]);
	} finally {
		clearTimeout(timer);
	}
}

/** SIGTERM (Prometheus shuts down cleanly), SIGKILL if it is still there after STOP_TIMEOUT_MS. */
async function stopPrometheus(child: ChildProcess): Promise<void> {
	if (child.exitCode === null && child.signalCode === null) {
		const exited = once(child, 'exit');
		child.kill('SIGTERM');
		if (!(await within(exited, STOP_TIMEOUT_MS))) {
			child.kill('SIGKILL');
			await within(exited, STOP_TIMEOUT_MS);
		}
	}
	running.delete(child);
}

export interface Prometheus {
	url: string;
	/** Tail of Prometheus' own log, for failure messages. */
	log: () => string;
}

/**
 * Starts `prometheus` on a free loopback port (never 9090) with its TSDB in `dir`; stopped by pid
 * in a teardown. The port is picked free then released, so a rare race with another process is
 * retried a bounded number of times.
 */
export async function startPrometheus(t: ExecutionContext, dir: string): Promise<Prometheus> {
	for (let attempt = 1; attempt <= PROMETHEUS_START_ATTEMPTS; attempt++) {
		const port = await freePort();
		const url = `http://127.0.0.1:${port}`;
		const child = spawn(
			'prometheus',
			[
				`--config.file=${path.join(dir, 'prometheus.yml')}`,
				`--storage.tsdb.path=${path.join(dir, 'tsdb')}`,
				`--web.listen-address=127.0.0.1:${port}`,
			],
			{cwd: dir, stdio: ['ignore', 'pipe', 'pipe']},
		);
		running.add(child);
		t.teardown(() => stopPrometheus(child));
		let output = '';
		const keep = (d: string) => (output = (output + d).slice(-8000));
		child.stdout!.setEncoding('utf8').on('data', keep);
		child.stderr!.setEncoding('utf8').on('data', keep);
		const log = () => output;

		const deadline = Date.now() + READY_TIMEOUT_MS;
		while (Date.now() < deadline && child.exitCode === null) {
			try {
				const res = await fetch(`${url}/-/ready`, {signal: AbortSignal.timeout(30_000)});
				if (res.ok) return {url, log};
			} catch {
				// not listening yet
			}
			await sleep(POLL_INTERVAL_MS);
		}
		await stopPrometheus(child);
		if (!/address already in use/.test(output) || attempt === PROMETHEUS_START_ATTEMPTS) {
			throw new Error(`prometheus did not become ready on ${url}:\n${output}`);
		}
	}
	throw new Error('unreachable');
}

export interface ActiveTarget {
	scrapePool: string;
	scrapeUrl: string;
	health: 'up' | 'down' | 'unknown';
	lastError: string;
	labels: Record<string, string>;
	discoveredLabels: Record<string, string>;
}

export interface TargetsResponse {
	activeTargets: ActiveTarget[];
	droppedTargets: Array<{discoveredLabels: Record<string, string>}>;
}

/** Polls /api/v1/targets until `done` holds; bounded by TARGETS_TIMEOUT_MS. */
export async function waitForTargets(prom: Prometheus, done: (targets: TargetsResponse) => boolean): Promise<TargetsResponse> {
	const deadline = Date.now() + TARGETS_TIMEOUT_MS;
	let last: TargetsResponse | undefined;
	for (let i = 0; Date.now() < deadline && i < TARGETS_TIMEOUT_MS / POLL_INTERVAL_MS; i++) {
		try {
			const res = await fetch(`${prom.url}/api/v1/targets`, {signal: AbortSignal.timeout(30_000)});
			last = ((await res.json()) as {data: TargetsResponse}).data;
			if (done(last)) return last;
		} catch {
			// transient; retried until the deadline
		}
		await sleep(POLL_INTERVAL_MS);
	}
	throw new Error(
		`targets not as expected after ${TARGETS_TIMEOUT_MS} ms:\n${JSON.stringify(last, null, 1)}\nprometheus log:\n${prom.log()}`,
	);
}
