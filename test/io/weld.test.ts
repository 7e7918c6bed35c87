import { test } from 'node:test';
import assert from 'node:assert/strict';
import { weldPositions } from '../../src/io/weld.ts';
import { TriangleBuilder } from '../../src/io/TriangleBuilder.ts';
import { Random } from '../../src/geometry/Random.ts';

test('weldPositions matches a brute-force string-keyed weld on a soup with many repeats', () => {
  const r = new Random(11);
  const pool = Array.from({ length: 50 }, () => [r.next(), r.next(), r.next()].map(Math.fround));
  const n = 3000;
  const soup = new Float32Array(3 * n);
  for (let i = 0; i < n; i++) soup.set(pool[r.int(pool.length)], 3 * i);
  const w = weldPositions(soup);
  const firstSeen = new Map<string, number>();
  const expected: number[] = [];
  for (let i = 0; i < n; i++) {
    const k = [...soup.subarray(3 * i, 3 * i + 3)].join(',');
    if (!firstSeen.has(k)) firstSeen.set(k, firstSeen.size);
    expected.push(firstSeen.get(k)!);
  }
  assert.deepEqual([...w.indices], expected);
  assert.equal(w.positions.length / 3, firstSeen.size);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < 3; k++) assert.equal(w.positions[3 * w.indices[i] + k], soup[3 * i + k]);
  }
});

test('TriangleBuilder fans polygons and grows past its initial capacity', () => {
  const tb = new TriangleBuilder(1);
  tb.addPolygon([10, 11, 12, 13, 14], 5);
  tb.add(1, 2, 3);
  assert.equal(tb.count, 4);
  assert.deepEqual([...tb.finish()], [10, 11, 12, 10, 12, 13, 10, 13, 14, 1, 2, 3]);
});
