import test from 'ava';
import {readdirSync, readFileSync} from 'node:fs';
import {join, relative, resolve} from 'node:path';

/**
 * The three layers import downwards only: krm/ knows nothing of the config or of Prometheus, and
 * config/ knows nothing of scraping. A file that imports upwards fails here, naming the import.
 */
const src = join(import.meta.dirname, '../src');
const allowed: Record<string, readonly string[]> = {
	krm: ['krm'],
	config: ['krm', 'config', 'generated'],
	scrape: ['krm', 'config', 'scrape', 'generated'],
};

function files(dir: string): string[] {
	return readdirSync(dir, {withFileTypes: true}).flatMap(entry =>
		entry.isDirectory() ? files(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
	);
}

function layerOf(file: string): string {
	return relative(src, file).split('/')[0]!;
}

test('every file of src/ is in a layer, or is an entry point (the command, the API, the SDK adapter) or run.ts', t => {
	const loose = files(src).filter(file => !(layerOf(file) in allowed) && layerOf(file) !== 'generated');
	t.deepEqual(
		loose.map(file => relative(src, file)),
		['api.ts', 'kpt-functions.ts', 'main.ts', 'run.ts'],
	);
});

/**
 * The Kubernetes API types come from @kubernetes/client-node, a large client with a runtime of its
 * own: only its types may be used, so that nothing of it is bundled or loaded at start-up.
 */
test('@kubernetes/client-node is imported for its types only, and none of its code is in the bundles', t => {
	const imports = files(src).flatMap(file =>
		[...readFileSync(file, 'utf8').matchAll(/^(import|export)\b[^;]*?from\s'@kubernetes\/client-node'/gm)].map(([statement]) => ({
			file: relative(src, file),
			statement: statement!,
		})),
	);
	t.true(imports.length > 0, 'the scrape code reads workloads, Services and Ingresses by their API types');
	t.deepEqual(
		imports.filter(({statement}) => !/^import type \{/.test(statement)),
		[],
	);
	// Every model class of the client has an attributeTypeMap.
	for (const bundle of ['prometheus-scraping.js', 'api.mjs', 'api.cjs']) {
		const code = readFileSync(join(src, '../dist', bundle), 'utf8');
		t.false(code.includes('attributeTypeMap'), `dist/${bundle} holds no client-node model`);
		t.false(code.includes('@kubernetes/client-node'), `dist/${bundle} names no client-node module`);
	}
});

for (const [layer, may] of Object.entries(allowed)) {
	test(`src/${layer}/ imports only from ${may.join(', ')}`, t => {
		const checked = files(join(src, layer));
		t.true(checked.length > 0, `src/${layer}/ has files`);
		const wrong: string[] = [];
		for (const file of checked) {
			for (const [, specifier] of readFileSync(file, 'utf8').matchAll(/^(?:import|export)\s(?:[^'"]*from\s)?'([^']+)'/gm)) {
				if (!specifier!.startsWith('.')) continue;
				const target = resolve(join(file, '..'), specifier!);
				if (!may.includes(layerOf(target))) wrong.push(`${relative(src, file)} imports ${specifier}`);
			}
		}
		t.deepEqual(wrong, []);
	});
}

test('every file of src/ is on the code map in CONTRIBUTING.md', t => {
	const map = readFileSync(join(src, '../CONTRIBUTING.md'), 'utf8');
	const missing = files(src)
		.filter(file => layerOf(file) !== 'generated')
		.map(file => relative(src, file))
		.filter(file => !map.includes(file.split('/').at(-1)!));
	t.deepEqual(missing, []);
});
