import {existsSync, readFileSync, statSync} from 'node:fs';
import {Document, isMap, parseAllDocuments, parseDocument, stringify} from 'yaml';
import {checkMemory} from './memory.js';
import {InputError} from './resource-list.js';

/**
 * kustomize's legacy exec plugins (the only way to run this function under `kubectl kustomize`
 * without a container runtime): argv[1] is a file holding the transformer's config, stdin is a
 * plain YAML stream of resources, and stdout must be a plain stream too. The function itself only
 * speaks ResourceList, so the stream is wrapped into one on the way in and unwrapped on the way out.
 */
export function legacyConfigPath(args: readonly string[], input: string): string | undefined {
	const [path] = args;
	if (path === undefined || path.startsWith('-') || !existsSync(path) || !statSync(path).isFile()) return undefined;
	// The stream is parsed whole here and in wrapStream: too large a one must be refused first.
	checkMemory(input);
	const kind = parseDocument(input, {prettyErrors: false}).get('kind');
	return kind === 'ResourceList' || kind === 'List' ? undefined : path;
}

/** The stream and the config file as one ResourceList, comments kept on each item. */
export function wrapStream(input: string, configPath: string): string {
	const list = new Document({apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: []});
	const items = list.get('items', true) as {items: unknown[]; flow?: boolean};
	for (const doc of parseAllDocuments(input, {prettyErrors: false})) {
		if (doc.errors.length > 0) throw new InputError(`the input stream is not valid YAML: ${doc.errors[0]!.message}`);
		if (doc.contents !== null) items.items.push(doc.contents);
	}
	items.flow = false;
	const config = parseDocument(readFileSync(configPath, 'utf8'));
	if (isMap(config.contents)) list.set('functionConfig', config.contents);
	return list.toString({lineWidth: 0, indentSeq: false});
}

/** The output ResourceList's items as a plain YAML stream; results are not part of the contract. */
export function unwrapItems(output: string): string {
	const items = parseDocument(output).get('items', true) as {items?: unknown[]} | undefined;
	return (items?.items ?? []).map(item => stringify(item, {lineWidth: 0, indentSeq: false})).join('---\n');
}
