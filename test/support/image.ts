/**
 * The container image built from this checkout, for every test file that runs it. Built at most
 * once per test file, and serialised across files with flock: two builds at once would race on the
 * cached base image and the tag. Every podman and kpt-with-podman call needs the CONTAINERS_CONF of
 * scripts/podman-env.sh, without which podman cannot start containers on this project's machines.
 */
import {execFile} from 'node:child_process';
import {mkdirSync} from 'node:fs';
import {join} from 'node:path';
import {promisify} from 'node:util';
import {root} from './run-function.js';

const run = promisify(execFile);

/** The image name and an environment in which podman, kpt and kubectl can run it. */
export interface BuiltImage {
	image: string;
	env: NodeJS.ProcessEnv;
}

let building: Promise<BuiltImage> | undefined;

/** Up to 15 minutes the first time on a machine (the base image is made with debootstrap). */
export const imageBuildTimeout = 15 * 60_000;

export function builtImage(): Promise<BuiltImage> {
	building ??= (async () => {
		mkdirSync(join(root, '.cache'), {recursive: true});
		const {stdout: exported} = await run('bash', [join(root, 'scripts', 'podman-env.sh')], {cwd: root});
		const conf = /^export CONTAINERS_CONF=(.+)$/m.exec(exported)?.[1]?.replace(/^'(.*)'$/, '$1');
		if (!conf) throw new Error(`scripts/podman-env.sh printed no CONTAINERS_CONF: ${exported}`);
		const {stdout} = await run('flock', [join(root, '.cache', 'image-build.lock'), join(root, 'scripts', 'build-image.sh')], {
			cwd: root,
			maxBuffer: 1 << 26,
			timeout: imageBuildTimeout,
		});
		// kpt picks podman by KPT_FN_RUNTIME; kubectl calls `docker`, which the shim sends to podman.
		const env = {
			...process.env,
			CONTAINERS_CONF: conf,
			KPT_FN_RUNTIME: 'podman',
			PATH: `${join(root, 'scripts', 'docker-shim')}:${process.env.PATH}`,
		};
		return {image: stdout.trim().split('\n').pop()!, env};
	})();
	return building;
}
