/**
 * What the installability tests share: running a command as a user would (never throwing on a
 * non-zero exit, so the test can show the exit code and stderr), a copy of the checkout as a fresh
 * clone has it, and a small kpt package to run the function on.
 */
import {execFileSync, spawn} from 'node:child_process';
import {cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {root} from './run-function.js';

export interface Outcome {
	status: number | null;
	stdout: string;
	stderr: string;
}

interface CommandOptions {
	cwd?: string;
	env?: NodeJS.ProcessEnv;
	input?: string;
	/** A hang guard, not a speed check. */
	timeoutMs?: number;
}

/** Runs a command to its end; a hang is killed after `timeoutMs` (default 5 minutes). */
export function runCommand(command: string, args: string[], options: CommandOptions = {}): Promise<Outcome> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, {cwd: options.cwd ?? root, env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe']});
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8').on('data', chunk => (stdout += chunk));
		child.stderr.setEncoding('utf8').on('data', chunk => (stderr += chunk));
		const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 5 * 60_000);
		child.on('error', reject);
		child.on('close', status => {
			clearTimeout(timer);
			resolve({status, stdout, stderr});
		});
		// A child may exit before stdin is written or closed (EPIPE); what it did is in its exit
		// status and output, which the caller checks.
		child.stdin.on('error', () => {});
		child.stdin.end(options.input ?? '');
	});
}

/** `what` and its outcome, for an assertion's message. */
export function shown(what: string, outcome: Outcome): string {
	return `${what}: exit ${outcome.status}\nstdout:\n${outcome.stdout}\nstderr:\n${outcome.stderr}`;
}

/** A fresh temp directory, removed when the test ends. */
export function tempDir(t: {teardown: (fn: () => void) => void}, prefix: string): string {
	const dir = mkdtempSync(join(tmpdir(), `prometheus-scraping-${prefix}-`));
	t.teardown(() => rmSync(dir, {recursive: true, force: true}));
	return dir;
}

/**
 * The checkout's files as a fresh clone has them (tracked and new files, nothing git ignores: no
 * dist/, no src/generated/, no .cache/), in a temp directory. `nodeModules` links this checkout's
 * node_modules in, standing in for `npm ci` without the registry.
 */
export function freshCopy(t: {teardown: (fn: () => void) => void}, options: {nodeModules?: boolean} = {}): string {
	const copy = join(tempDir(t, 'clone'), 'prometheus-scraping');
	const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {cwd: root, encoding: 'utf8'});
	for (const file of listed.split('\0').filter(Boolean)) {
		mkdirSync(dirname(join(copy, file)), {recursive: true});
		// A file deleted in the working tree but still in the index is not part of a clone of it.
		try {
			cpSync(join(root, file), join(copy, file), {verbatimSymlinks: true});
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
		}
	}
	if (options.nodeModules) symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'));
	return copy;
}

export const deployment = `# The storefront. This comment must survive.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web # inline comment
  namespace: shop
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx
          ports:
            - name: metrics
              containerPort: 9090
`;

/** A one-Deployment kpt package in a temp directory. */
export function smallPackage(t: {teardown: (fn: () => void) => void}): string {
	const dir = tempDir(t, 'package');
	writeFileSync(join(dir, 'deployment.yaml'), deployment);
	return dir;
}

/** The annotations a default annotation-mode run writes on the small package's pod template. */
export const expectedPodAnnotations = {
	'prometheus.io/scrape': 'true',
	'prometheus.io/scheme': 'http',
	'prometheus.io/path': '/metrics',
	'prometheus.io/port': '9090',
};
