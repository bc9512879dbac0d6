import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import test from 'ava';
import {tempDir} from '../support/command.js';
import {runCli} from '../support/run-function.js';

// kustomize runs a legacy exec plugin with the config's path as argv[1] and the resources on stdin;
// a generator, or a kustomization with no resources, gets an empty stream.
for (const [what, stdin] of [
	['empty', ''],
	['a blank line', '\n'],
] as const) {
	test(`legacy plugin mode with ${what} on stdin: no items out, a no-targets warning, exit 0`, t => {
		const config = join(tempDir(t, 'legacy'), 'scraping.yaml');
		writeFileSync(config, 'apiVersion: fn.kpt.dev/v1alpha1\nkind: PrometheusScraping\nmetadata:\n  name: shop\nspec:\n  port: metrics\n');
		const run = runCli(stdin, [config]);
		t.is(run.status, 0, run.stderr);
		t.is(run.stdout, '');
		t.regex(run.stderr, /^prometheus-scraping: warning: PrometheusScraping shop: no targets/);
		t.notRegex(run.stderr, /not valid YAML/);
	});
}
