/**
 * The repository as a kpt package (the root Kptfile): its `info` agrees with the package's other
 * descriptions, and `kpt fn render` at the root, on a fresh copy outside the checkout, renders the
 * examples (subpackages) and then the root pipeline's demo, with the image, changing nothing else;
 * rendering again changes nothing.
 */
import {execFileSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import test from 'ava';
import {parse} from 'yaml';
import {freshCopy, runCommand, shown} from '../support/command.js';
import {crdErrors} from '../support/crd-validator.js';
import {exampleImage} from '../support/examples.js';
import {builtImage, imageBuildTimeout} from '../support/image.js';
import {root} from '../support/run-function.js';
import {e2eTest} from '../support/tools.js';

const e2e = e2eTest(['kpt', 'git', 'podman', 'debootstrap'], 'kpt renders the root package with the image under podman');

const read = (path: string) => parse(readFileSync(join(root, path), 'utf8'));

test("the root Kptfile's info matches package.json and metadata.yaml, and its pipeline names the examples' image", t => {
	const kptfile = read('Kptfile');
	const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {license: string};
	t.like(kptfile, {apiVersion: 'kpt.dev/v1', kind: 'Kptfile', metadata: {name: 'prometheus-scraping'}});
	t.is(kptfile.info.description, read('metadata.yaml').description);
	t.is(kptfile.info.license, pkg.license);
	t.is(kptfile.info.site, read('metadata.yaml').sourceURL);
	t.true(kptfile.info.keywords.includes('prometheus'));
	t.deepEqual(
		kptfile.pipeline.mutators.map((fn: {image: string}) => fn.image),
		[exampleImage],
	);
});

/** git in the copy, with no user or system configuration. */
const git = (cwd: string, args: string[]) =>
	execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], {
		cwd,
		encoding: 'utf8',
		env: {...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1'},
	});

e2e('kpt fn render at the root renders the examples and the demo, touches nothing else, and a second render changes nothing', async t => {
	t.timeout(imageBuildTimeout, 'the image is built on first use');
	const {env} = await builtImage();
	const copy = freshCopy(t);
	git(copy, ['init', '--quiet']);
	git(copy, ['add', '--all']);
	git(copy, ['commit', '--quiet', '--no-verify', '-m', 'fresh clone']);

	const render = await runCommand('kpt', ['fn', 'render', copy], {cwd: copy, env});
	t.is(render.status, 0, shown('kpt fn render at the root', render));
	t.regex(render.stderr, /PrometheusScraping\/repository-demo: generated 1 PodMonitor for 1 workload/);
	const changed = git(copy, ['status', '--porcelain', '--untracked-files=all'])
		.split('\n')
		.filter(Boolean)
		.map(line => line.slice(3));
	t.true(changed.includes('demo/shop-pod-monitor.yaml'), changed.join('\n'));
	t.true(
		changed.includes('examples/prometheus-scraping-render-config-path/orders/orders-pod-monitor.yaml'),
		'the examples were rendered too',
	);
	t.deepEqual(
		changed.filter(path => !/^(demo|examples)\//.test(path)),
		[],
		'nothing outside demo/ and examples/',
	);

	const monitor = parse(readFileSync(join(copy, 'demo/shop-pod-monitor.yaml'), 'utf8'));
	t.deepEqual(crdErrors(monitor), []);
	t.like(monitor, {
		kind: 'PodMonitor',
		metadata: {name: 'shop-pod-monitor', namespace: 'demo', labels: {release: 'kube-prometheus-stack'}},
	});

	git(copy, ['add', '--all']);
	git(copy, ['commit', '--quiet', '--no-verify', '-m', 'rendered']);
	const again = await runCommand('kpt', ['fn', 'render', copy], {cwd: copy, env});
	t.is(again.status, 0, shown('kpt fn render again', again));
	t.is(git(copy, ['status', '--porcelain', '--untracked-files=all']), '', 'a second render changes nothing');
});
