import {CannotEdit, type ListEditor} from '../../krm/editor.js';
import {itemResult, type Result} from '../../krm/results.js';
import {mergeMetricsAnnotation} from '../istio.js';
import {ownerAnnotation, type AnnotationPlan} from '../ownership.js';

const markDomain = ownerAnnotation.slice(0, ownerAnnotation.indexOf('/') + 1);

/**
 * Writes the planned annotations into the targets' text. A value that was already there and
 * differs is replaced, with a warning that shows both, since someone may have set it on purpose.
 */
export function applyAnnotations(editor: ListEditor, plan: AnnotationPlan): Result[] {
	const results: Result[] = [];
	// Keys go first: a key the plan takes out and sets again is written anew at the end of its map.
	for (const {item, path, keys, keepMap} of plan.remove) editor.removeEntries(item, path, keys, keepMap);
	for (const {item, path, entries, asWritten} of plan.set) {
		const outcome = editor.setEntries(item, path, entries, asWritten);
		if (outcome instanceof CannotEdit) {
			results.push(
				itemResult(item, 'error', `the function cannot write annotations into \`${outcome.path}\`: it ${outcome.why}`, outcome.path),
			);
			continue;
		}
		for (const [key, old] of outcome) {
			// The function's own marks and Istio's switch change without a word; a scrape key a person set does not.
			if (key.startsWith(markDomain) || key === mergeMetricsAnnotation) continue;
			results.push(
				itemResult(
					item,
					'warning',
					`replaced ${key} ${JSON.stringify(old)} with ${JSON.stringify(entries[key])}`,
					[...path, key].join('.'),
				),
			);
		}
	}
	return results;
}
