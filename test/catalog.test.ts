/**
 * The function as the kpt functions catalog would list it: metadata.yaml and every example README's
 * title against the catalog's rules, recorded with their source in schemas/catalog/.
 */
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import test from 'ava';
import {Ajv} from 'ajv';
import {parse} from 'yaml';
import {exampleNames, examplesDir, functionName} from './support/examples.js';
import {root} from './support/run-function.js';

const schema = (name: string) => JSON.parse(readFileSync(join(root, 'schemas', 'catalog', name), 'utf8')) as object;
const ajv = new Ajv({allErrors: true, strict: true});
const validateMetadata = ajv.compile(schema('metadata.schema.json'));
ajv.addSchema(schema('example-title.schema.json'), 'title');

test('metadata.yaml passes the catalog metadata schema', t => {
	const metadata = parse(readFileSync(join(root, 'metadata.yaml'), 'utf8')) as unknown;
	t.true(validateMetadata(metadata), ajv.errorsText(validateMetadata.errors));
});

test('the metadata schema refuses what the catalog refuses: emails, an unknown tag, no tags', t => {
	const valid = {image: 'ghcr.io/a/b', description: 'd', tags: ['mutator']};
	t.true(validateMetadata(valid));
	t.false(validateMetadata({...valid, emails: ['a@example.com']}));
	t.false(validateMetadata({...valid, tags: ['monitoring']}));
	t.false(validateMetadata({...valid, tags: []}));
	t.false(validateMetadata({...valid, image: 'gcr.io/a/b'}));
});

/** The catalog's title rule for one example: the recorded schema, and the example's own words. */
function titleValidator(name: string) {
	const words = name.slice(functionName.length).replaceAll('-', ' ');
	return ajv.compile({type: 'string', allOf: [{$ref: 'title'}, {type: 'string', pattern: words.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}]});
}

for (const name of exampleNames()) {
	test(`the title of ${name} follows the catalog's rule`, t => {
		const title = readFileSync(join(examplesDir, name, 'README.md'), 'utf8').split('\n')[0]!;
		const validate = titleValidator(name);
		t.true(validate(title.toLowerCase()), `${title}: ${ajv.errorsText(validate.errors)}`);
	});
}

test('the title rule refuses a title without the example name in it', t => {
	t.false(titleValidator('prometheus-scraping-render-config-path')('# prometheus-scraping: a podmonitor from a typed config'));
	t.true(titleValidator('prometheus-scraping-render-config-path')('# prometheus-scraping: render config path'));
});
