import {readFileSync, statSync} from 'node:fs';
import {isMap, parseAllDocuments} from 'yaml';
import {maxNesting} from './limits.js';
import {quoteText} from './quote-text.js';
import {InputError} from './resource-list.js';
import {lineAndColumn} from './text.js';

/**
 * kustomize's legacy exec plugins (the only way to run this function under `kubectl kustomize`
 * without a container runtime): argv[1] is a file holding the transformer's config, stdin is a
 * plain YAML stream of resources, and stdout must be a plain stream too. The function itself only
 * speaks ResourceList, so the stream is spliced into one on the way in and out of it on the way out,
 * as text: every document comes out byte for byte unless the function edits it.
 */

/**
 * The config file's path when run as a legacy plugin: argv[1] given and not an option. Only argv
 * decides; the stream is never sniffed, since a stream may well begin with a `List`.
 */
export function legacyConfigPath(args: readonly string[]): string | undefined {
	const [path] = args;
	return path === undefined || path.startsWith('-') ? undefined : path;
}

/**
 * The stream and the config file as one ResourceList: each document's text, indented, as an item.
 * The stream is not parsed here; the ResourceList reader parses it once, and reports what is wrong.
 */
export function wrapStream(input: string, configPath: string): string {
	const eol = input.includes('\r\n') ? '\r\n' : '\n';
	const items = documents(input).map(body => indent(body, '- ', eol));
	return (
		[
			'apiVersion: config.kubernetes.io/v1',
			'kind: ResourceList',
			items.length > 0 ? `items:${eol}${items.join('')}` : `items: []${eol}`,
		].join(eol) + `functionConfig:${eol}${indent(readConfig(configPath), '  ', eol)}`
	);
}

/**
 * The output ResourceList's items as a plain YAML stream, each one's text as it stands there. The
 * items are the `- ` lines at column 0 after `items:` and the lines indented under them (the list
 * was written so, and the function writes what it adds the same way), up to the next root key.
 */
export function unwrapItems(output: string): string {
	const start = /^items:[ \t]*\r?\n/m.exec(output);
	if (!start) return '';
	const from = start.index + start[0].length;
	const to = output.slice(from).search(/^[^-\s]/m);
	const region = output.slice(from, to === -1 ? undefined : from + to);
	const eol = output.includes('\r\n') ? '\r\n' : '\n';
	return region
		.split(/^-(?=[ \t\r\n])/m)
		.slice(1)
		.map(item => item.replace(/^ /, '').replace(/\n {2}/g, '\n'))
		.join(`---${eol}`);
}

/**
 * The bodies of a stream's documents, found by their markers alone: a `---` or `...` at the start
 * of a line always ends a document in YAML, whatever it seemed to be inside. Documents of only
 * comments and blank lines hold no resource and are left out.
 */
function documents(stream: string): string[] {
	const text = stream.replace(/^\uFEFF/, '');
	const bodies: string[] = [];
	const marker = /^(---|\.\.\.)((?:[ \t][^\n]*)?)(?:\n|$)/gm;
	let from = 0;
	for (let match = marker.exec(text); match; match = marker.exec(text)) {
		bodies.push(text.slice(from, match.index));
		// What follows `---` on its line (a flow map, a block scalar's header) is the body's start.
		const rest = match[2]!.replace(/^[ \t]+/, '');
		from = match[1] === '...' || /^(#.*)?\r?$/.test(rest) ? marker.lastIndex : match.index + 3 + match[2]!.length - rest.length;
	}
	bodies.push(text.slice(from));
	return bodies.filter(body => /^[ \t]*[^\s#]/m.test(body));
}

/** `text` with `first` before its first line and as many spaces before each other line but empty ones. */
function indent(text: string, first: string, eol: string): string {
	const indented = first + text.replace(/\n(?!\r?\n|$)/g, `\n${' '.repeat(first.length)}`);
	return indented.endsWith('\n') ? indented : indented + eol;
}

const ioErrors: Record<string, string> = {
	ENOENT: 'there is no such file',
	ELOOP: 'its path is a loop of symbolic links',
	EACCES: 'permission denied',
	ENOTDIR: 'a part of its path is not a directory',
};

/**
 * The transformer config file, refused with a message that names it when it cannot be read (gone,
 * a directory, a device, a symlink loop) or is not one valid YAML map.
 */
function readConfig(path: string): string {
	const named = `the transformer config file ${quoteText(path)}`;
	let text: string;
	try {
		if (!statSync(path).isFile()) throw new InputError(`${named} is not a regular file`);
		text = readFileSync(path, 'utf8');
	} catch (error) {
		if (error instanceof InputError) throw error;
		const {code} = error as NodeJS.ErrnoException;
		throw new InputError(`cannot read ${named}: ${(code && ioErrors[code]) ?? (error as Error).message}`);
	}
	let docs: ReturnType<typeof parseAllDocuments>;
	try {
		docs = parseAllDocuments(text, {prettyErrors: false});
	} catch (error) {
		if (error instanceof RangeError) throw new InputError(`${named} nests collections more than ${maxNesting} levels deep`);
		throw error;
	}
	const all = Array.isArray(docs) ? docs : [];
	const error = all.flatMap(doc => doc.errors)[0];
	if (error) throw new InputError(`${named} is not valid YAML: ${error.message} (${lineAndColumn(text, error.pos[0])})`);
	if (all.length > 1) throw new InputError(`${named} holds ${all.length} YAML documents; it must hold one, the config`);
	const contents = all[0]?.contents;
	if (!isMap(contents)) throw new InputError(`${named} must hold a map: the config, with apiVersion and kind`);
	return documents(text)[0] ?? '';
}
