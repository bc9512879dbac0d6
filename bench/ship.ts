// How the function ships, beside the in-process figures: the container image's size and what a
// run costs under `kpt fn eval --image` against `--exec`, and the standalone executable's size and
// cold start against `node` on the bundle. Each part runs only when its tools are there, and says
// why not otherwise.
import {execFileSync, spawnSync} from 'node:child_process';
import {cpSync, readFileSync, rmSync, statSync} from 'node:fs';
import {join} from 'node:path';
import type {Input} from './inputs.js';

interface ShipJob {
	name: string;
	command: string[];
	stdin?: string;
	check?: 'function-annotate';
	input?: Input;
}

export interface Shipping {
	jobs: ShipJob[];
	/** Sizes, and the reasons a part was left out. */
	notes: string[];
}

const has = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

export function shippingJobs(root: string, cold: Input, outDir: string): Shipping {
	const jobs: ShipJob[] = [];
	const notes: string[] = [];
	const bundle = join(root, 'dist/prometheus-scraping.js');

	// The executable is built from the bundle just measured; it takes a few seconds.
	const sea = spawnSync(join(root, 'scripts/build-sea.sh'), {encoding: 'utf8'});
	if (sea.status === 0) {
		const executable = sea.stdout.trim().split('\n').at(-1)!;
		notes.push(
			`standalone executable: ${megabytes(statSync(executable).size)} (Node ${process.version} with the bundle and its code cache; the bundle alone is ${megabytes(statSync(bundle).size)})`,
		);
		jobs.push({name: 'standalone executable', command: [executable], stdin: cold.list.annotate, check: 'function-annotate', input: cold});
		jobs.push({
			name: 'node on the bundle',
			command: [process.execPath, bundle],
			stdin: cold.list.annotate,
			check: 'function-annotate',
			input: cold,
		});
	} else {
		notes.push(`standalone executable: not measured, scripts/build-sea.sh failed: ${sea.stderr.trim().split('\n').at(-1)}`);
	}

	if (!has('podman') || !has('kpt')) {
		notes.push('image: not measured (podman or kpt missing; scripts/install-container-tools.sh)');
		return {jobs, notes};
	}
	const {version} = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {version: string};
	const image = `localhost/prometheus-scraping:${version}`;
	process.env.CONTAINERS_CONF = /^export CONTAINERS_CONF=(.+)$/m
		.exec(execFileSync('bash', [join(root, 'scripts/podman-env.sh')], {encoding: 'utf8'}))![1]!
		.replace(/^'(.*)'$/, '$1');
	if (spawnSync('podman', ['image', 'exists', image]).status !== 0) {
		notes.push(`image: not measured, ${image} is not built (scripts/build-image.sh; npm test builds it)`);
		return {jobs, notes};
	}
	notes.push(
		`image ${image}: ${megabytes(Number(execFileSync('podman', ['image', 'inspect', '--format', '{{.Size}}', image], {encoding: 'utf8'})))}`,
	);
	// kpt edits the package in place, so it runs on a copy; a re-run on its own output still runs
	// the function in full.
	const pkg = join(outDir, 'kpt-package');
	rmSync(pkg, {recursive: true, force: true});
	cpSync(join(cold.kustomization, 'pkg'), pkg, {recursive: true});
	process.env.KPT_FN_RUNTIME = 'podman';
	jobs.push({
		name: 'kpt fn eval --image',
		command: ['kpt', 'fn', 'eval', pkg, '--image', image, '--image-pull-policy', 'never', '--', 'port=8080'],
	});
	jobs.push({
		name: 'kpt fn eval --exec',
		command: ['kpt', 'fn', 'eval', pkg, '--exec', join(root, 'bin/prometheus-scraping'), '--', 'port=8080'],
	});
	return {jobs, notes};
}
