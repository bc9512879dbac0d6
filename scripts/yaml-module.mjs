import {createRequire} from 'node:module';
import {dirname, join} from 'node:path';

/**
 * An esbuild plugin that bundles yaml's ES module build instead of its CommonJS one, which
 * Node's `node` export condition picks. Code that imports a CommonJS module reaches each of its
 * exports through a getter esbuild defines (`__toESM`), and the function calls yaml's `isMap`,
 * `isScalar`… for every node it looks at: the getters alone were about 5% of a run. The ES
 * build is the same code as modules, which esbuild links directly (and tree-shakes).
 */
export const yamlModule = {
	name: 'yaml-module',
	setup(build) {
		const root = dirname(createRequire(import.meta.url).resolve('yaml/package.json'));
		build.onResolve({filter: /^yaml$/}, () => ({path: join(root, 'browser/index.js')}));
	},
};
