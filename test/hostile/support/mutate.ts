import {parseDocument} from 'yaml';
import {listText, packageFromSeed, type Mode, type Random} from '../../support/random-packages.js';

/** Valid lists and the ways the fuzz tests break them, seeded so that every case replays. */

export {Random} from '../../support/random-packages.js';

/** What YAML's grammar turns on: one of these in the wrong place is the interesting flip. */
const tokens = [
	':',
	': ',
	'-',
	'- ',
	'{',
	'}',
	'[',
	']',
	',',
	'#',
	' #',
	'&a ',
	'*a',
	'!!map ',
	'!!str ',
	'? ',
	'|',
	'>',
	"'",
	'"',
	'\\',
	'\t',
	'\r',
	'\n',
	'\r\n',
	' ',
	'  ',
	'---\n',
	'...\n',
	'%YAML 1.2\n',
	'\uFEFF',
	'\u0000',
	'\u2028',
	'é',
	'🎉',
	'~',
	'null',
	'0x1F',
	'.inf',
	'<<: *a',
	'__proto__',
	'prometheus-scraping.fn.kpt.dev/owner: x',
];

/** A valid list, then mutated: cut short, flipped, spliced, or lines moved. */
export function mutate(text: string, r: Random): string {
	let out = text;
	const edits = 1 + r.below(3);
	for (let i = 0; i < edits; i++) {
		const at = r.below(out.length + 1);
		switch (r.below(7)) {
			case 0: // truncation
				out = out.slice(0, at);
				break;
			case 1: // a flipped character
				out = out.slice(0, at) + String.fromCharCode(r.below(128)) + out.slice(at + 1);
				break;
			case 2: // a grammar token put in
				out = out.slice(0, at) + r.pick(tokens) + out.slice(at);
				break;
			case 3: // a grammar token put in place of a character
				out = out.slice(0, at) + r.pick(tokens) + out.slice(at + 1);
				break;
			case 4: // a range deleted
				out = out.slice(0, at) + out.slice(at + r.below(40));
				break;
			case 5: {
				// a line moved in or out by a column or two
				const start = out.lastIndexOf('\n', at - 1) + 1;
				out =
					r.below(2) === 0
						? `${out.slice(0, start)}${' '.repeat(1 + r.below(2))}${out.slice(start)}`
						: out.slice(0, start) + out.slice(start).replace(/^ {1,2}/, '');
				break;
			}
			default: {
				// a line duplicated
				const start = out.lastIndexOf('\n', at - 1) + 1;
				const end = out.indexOf('\n', at);
				const line = out.slice(start, end === -1 ? out.length : end + 1);
				out = out.slice(0, start) + line + out.slice(start);
			}
		}
	}
	return out;
}

/** Valid lists to start from: random packages, and the same as JSON and with CRLF. */
export function base(r: Random): string {
	const pkg = packageFromSeed(1 + r.below(2 ** 30));
	const text = listText(pkg, r.pick<Mode>(['annotation', 'operator']));
	switch (r.below(6)) {
		case 0:
			return JSON.stringify(parseDocument(text).toJS(), null, r.below(2) === 0 ? 2 : undefined);
		case 1:
			return text.replace(/\n/g, '\r\n');
		default:
			return text;
	}
}
