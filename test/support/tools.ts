import {execFileSync} from 'node:child_process';
import test, {type TestFn} from 'ava';

/** The names among `names` that are not commands on PATH. */
export function missingTools(names: string[]): string[] {
	return names.filter(name => {
		try {
			execFileSync('sh', ['-c', `command -v "${name}"`], {stdio: 'ignore'});
			return false;
		} catch {
			return true;
		}
	});
}

/**
 * The `test` to declare end-to-end tests with. End-to-end tests need real tools (kpt, podman,
 * prometheus). Under CI=true a missing tool fails each test, never skips it; elsewhere the tests
 * are skipped and the reason goes to stderr, so a green local run says what it did not exercise.
 */
export function e2eTest(names: string[], why = ''): TestFn {
	const missing = missingTools(names);
	if (missing.length === 0) return test;
	const reason = `missing ${missing.join(', ')}${why ? ` (${why})` : ''}`;
	if (process.env.CI === 'true') {
		const failing = ((title: string) => {
			test(title, t => {
				t.fail(`CI=true and ${reason}: end-to-end tests may not skip in CI`);
			});
		}) as unknown as TestFn;
		return failing;
	}
	process.stderr.write(`SKIP end-to-end tests in ${process.argv[1] ?? 'this file'}: ${reason}\n`);
	return test.skip as unknown as TestFn;
}
