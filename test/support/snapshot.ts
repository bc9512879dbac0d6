import {readdirSync, readFileSync, statSync} from 'node:fs';
import {join, relative} from 'node:path';

/** Every file of a package, path to text, to compare a package before and after a run. */
export function snapshot(dir: string): Record<string, string> {
	const files: Record<string, string> = {};
	const walk = (at: string) => {
		for (const name of readdirSync(at)) {
			const path = join(at, name);
			if (statSync(path).isDirectory()) walk(path);
			else files[relative(dir, path)] = readFileSync(path, 'utf8');
		}
	};
	walk(dir);
	return files;
}
