// The bundle as a CommonJS file that compiles its code with a V8 code cache (see build.mjs).
import {spawnSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {basename, dirname, join} from 'node:path';

/**
 * Writes `code` (a CommonJS bundle) to `outfile` inside a loader, `outfile`.cache beside it, and a
 * package.json that makes the directory's .js files CommonJS (the project's own are modules).
 */
export async function writeWithCodeCache(code, outfile) {
	const dir = dirname(outfile);
	mkdirSync(dir, {recursive: true});
	writeFileSync(`${dir}/package.json`, '{"type": "commonjs"}\n');
	const cacheFile = `${outfile}.cache`;
	rmSync(cacheFile, {force: true});
	writeFileSync(outfile, loader(code, basename(cacheFile)));
	// The cache is made by a run on a one-Deployment list, so that it holds the functions a run
	// compiles, not only the top level: the child writes it when it exits.
	const preload = join(mkdtempSync(join(tmpdir(), 'code-cache-')), 'record.cjs');
	writeFileSync(preload, recorder(cacheFile));
	const made = spawnSync(process.execPath, ['--require', preload, outfile], {input: sample, encoding: 'utf8'});
	rmSync(dirname(preload), {recursive: true, force: true});
	if (made.status !== 0) throw new Error(`the code cache run failed: ${made.stderr}`);
	// V8 refuses a cache made under other flags than a start's, and nothing would say so but a
	// slower start: a fresh process compiles the file with it, as the loader does.
	const check = `const {Script} = require("node:vm"); const {readFileSync} = require("node:fs");
const self = readFileSync(${JSON.stringify(outfile)}, "utf8");
const script = new Script(${codeIn('self')}, {filename: ${JSON.stringify(outfile)}, cachedData: readFileSync(${JSON.stringify(cacheFile)})});
process.exit(script.cachedDataRejected ? 1 : 0);`;
	if (spawnSync(process.execPath, ['-e', check]).status !== 0) throw new Error(`V8 refuses the code cache ${cacheFile} at start-up`);
}

// The line after which the loader's own file holds the code, each line of it behind `//`.
const marker = '\n// The function, compiled by the lines above:\n';
// The loader's expression for the code, read back from `text` (the file's own text).
const codeIn = text => `${text}.slice(${text}.indexOf(${JSON.stringify(marker)}) + ${marker.length}).replace(/^\\/\\//gm, "")`;

/**
 * The file that runs: the code, compiled with the cache when it is there and fits. The code is a
 * comment at the end of the same file, read back from it: node parses the file at every start, and
 * as one string literal of half a megabyte it took 6 ms of that, as comment lines next to none.
 */
function loader(code, cacheName) {
	const wrapped = `(function (exports, require, module, __filename, __dirname) {${code}\n})`;
	// A line comment also ends at these, and esbuild writes them escaped: one would end a line early.
	if (/[\r\u2028\u2029]/.test(wrapped)) throw new Error('the bundle holds a CR, LS or PS character, which would end a comment line');
	return `#!/usr/bin/env node
"use strict";
const {readFileSync} = require("node:fs");
const {Script} = require("node:vm");
const self = readFileSync(__filename, "utf8");
const code = ${codeIn('self')};
let cachedData;
try { cachedData = readFileSync(__dirname + "/${cacheName}"); } catch {}
const script = new Script(code, {filename: __filename, cachedData});
script.runInThisContext()(exports, require, module, __filename, __dirname);${marker}${wrapped.replace(/^/gm, '//')}`;
}

/**
 * A preload that keeps the loader's Script and writes its cache at exit, with what the run
 * compiled. A cache carries the V8 flags it was made under, and the command line sets some as it
 * runs (krm/inlining.ts, krm/young-generation.ts): in this run, setting a flag does nothing.
 */
function recorder(cacheFile) {
	return `const vm = require("node:vm");
let script;
vm.Script = class extends vm.Script { constructor(...args) { super(...args); script = this; } };
require("node:v8").setFlagsFromString = () => {};
process.on("exit", () => require("node:fs").writeFileSync(${JSON.stringify(cacheFile)}, script.createCachedData()));
`;
}

const sample = `apiVersion: config.kubernetes.io/v1
kind: ResourceList
items:
- apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: web
  spec:
    template:
      metadata:
        labels:
          app: web
      spec:
        containers:
        - name: web
          ports:
          - containerPort: 8080
functionConfig:
  apiVersion: v1
  kind: ConfigMap
  metadata:
    name: function-input
  data:
    port: "8080"
`;
