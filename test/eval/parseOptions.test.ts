import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseChoice, parseIntOption, parseNumberList } from '../../src/eval/parseOptions.ts';

test('parseNumberList: comma lists of finite numbers; zero only where allowed (table3 --noises 0: clean points); bad entries are usage errors naming the option', () => {
  assert.deepEqual(parseNumberList('tau', '0.01, 0.02,'), [0.01, 0.02]);
  assert.deepEqual(parseNumberList('noises', '0,0.005', true), [0, 0.005]);
  assert.throws(() => parseNumberList('tau', '0,0.01'), { name: 'UsageError', message: '--tau: "0" is not a positive number' });
  assert.throws(() => parseNumberList('noises', '-0.001', true), {
    name: 'UsageError',
    message: '--noises: "-0.001" is not a non-negative number',
  });
  for (const bad of ['', ',', '1,abc', 'Infinity', '0x10'])
    assert.throws(() => parseNumberList('densities', bad), { name: 'UsageError' }, JSON.stringify(bad));
});

test('parseIntOption and parseChoice: bounds and choices, as usage errors', () => {
  assert.equal(parseIntOption('limit', '3', 1), 3);
  assert.throws(() => parseIntOption('limit', '0', 1), { name: 'UsageError', message: '--limit must be an integer ≥ 1, got "0"' });
  assert.throws(() => parseIntOption('limit', '2.5', 1), { name: 'UsageError' });
  assert.equal(parseChoice('split', 'val', ['test', 'val'] as const), 'val');
  assert.throws(() => parseChoice('split', 'train', ['test', 'val'] as const), {
    name: 'UsageError',
    message: '--split must be one of test, val; got "train"',
  });
});
