/**
 * The README's commands run as written. Every fenced `sh` block preceded by `<!-- runnable -->`
 * runs, in README order, in one bash session (as a reader following along in one terminal would),
 * in a fresh copy of the checkout with no node_modules and no dist/. Blocks that are not marked are
 * either not runnable here (the test suite itself, a docker build) or need files a reader supplies.
 */
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import test from 'ava';
import {freshCopy, runCommand, shown, tempDir} from '../support/command.js';
import {imageBuildTimeout} from '../support/image.js';
import {root} from '../support/run-function.js';
import {e2eTest} from '../support/tools.js';

const e2e = e2eTest(['kpt', 'kubectl', 'npm', 'git', 'podman', 'debootstrap', 'flock'], 'the README uses kpt, npm and podman');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

/** The runnable blocks' contents, in order. */
function runnableBlocks(markdown: string): string[] {
	return [...markdown.matchAll(/^<!-- runnable -->\n```sh\n([\s\S]*?)^```$/gm)].map(match => match[1]!);
}

test('the README marks its runnable shell blocks, and the marker is only used before sh blocks', t => {
	const blocks = runnableBlocks(readme);
	t.true(blocks.length >= 6, `${blocks.length} runnable blocks`);
	t.is((readme.match(/<!-- runnable -->/g) ?? []).length, blocks.length, 'each marker is followed by a ```sh block');
	t.true(
		blocks.some(block => block.includes('npm ci && npm run example')),
		"the README's build-and-run command is one of them",
	);
});

test('the README says what the podman, kustomize and Argo CD paths need', t => {
	const blocks = runnableBlocks(readme);
	const podman = blocks.findIndex(block => block.includes('KPT_FN_RUNTIME=podman'));
	t.true(
		podman >= 0 && blocks.slice(0, podman + 1).some(block => block.includes('. scripts/podman-env.sh')),
		'scripts/podman-env.sh is sourced before the first podman run',
	);
	t.regex(readme, /scripts\/docker-shim` *\n?first on PATH/);
	t.regex(readme, /"slated for\s+deprecation"/);
	t.regex(readme, /kustomize drops the stderr of a legacy plugin that succeeds/);
	t.regex(readme, /argo-cd#5553/);
	t.regex(readme, /\*\*Flux\*\*/);
	t.regex(readme, /\*\*Porch\*\*/);
});

e2e("the README's runnable blocks run as written on a fresh copy", async t => {
	t.timeout(imageBuildTimeout + 10 * 60_000, 'npm ci, the image build and the standalone executable');
	const copy = freshCopy(t);
	// `npm install --global` goes to a temp prefix, whose bin/ a reader would have on PATH.
	const prefix = tempDir(t, 'global');
	const script = ['set -euo pipefail', ...runnableBlocks(readme)].join('\n');
	// The image build shares the lock of the other test files' builds of the same tag.
	const run = await runCommand('flock', [join(root, '.cache', 'image-build.lock'), 'bash', '-c', script], {
		cwd: copy,
		env: {
			...process.env,
			npm_config_prefix: prefix,
			PATH: `${join(prefix, 'bin')}:${process.env.PATH}`,
			npm_config_audit: 'false',
			npm_config_fund: 'false',
		},
		timeoutMs: imageBuildTimeout + 10 * 60_000,
	});
	t.is(run.status, 0, shown('the runnable README blocks', {...run, stdout: run.stdout.slice(-4000), stderr: run.stderr.slice(-4000)}));
	t.regex(run.stdout, /^prometheus-scraping \d+\.\d+\.\d+$/m, 'the installed command and the standalone executable print their version');
	t.regex(run.stderr, /generated 1 PodMonitor for 1 workload/, 'the root render ran the demo');
});
