import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfigJson } from '../../../src/nn/models/parseConfigJson.ts';
import { InputError } from '../../../src/errors.ts';

test('parseConfigJson: any JSON value as parsed; malformed text is a bad-header InputError naming the file', () => {
  assert.deepEqual(parseConfigJson('{"a": [1, 2.5], "b": null}', 'c.json'), { a: [1, 2.5], b: null });
  assert.deepEqual(parseConfigJson(' [] ', 'c.json'), []);
  assert.throws(() => parseConfigJson('{ nope', 'dir/config.json'),
    (e: Error) => e instanceof InputError && e.code === 'bad-header' && /^dir\/config\.json: is not valid JSON: /.test(e.message));
  assert.throws(() => parseConfigJson('', 'c.json'), (e: Error) => e instanceof InputError && /is not valid JSON/.test(e.message));
});
