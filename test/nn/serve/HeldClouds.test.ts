import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HeldClouds, type HeldCloudState } from '../../../src/nn/serve/HeldClouds.ts';

test('HeldClouds: plain clouds stack up to the capacity, then the top one makes room (LIFO), and admit says how many stay below', () => {
  const h = new HeldClouds(3);
  assert.deepEqual(
    [1, 2, 3].map((id) => h.admit(id)),
    [0, 1, 2],
  );
  assert.deepEqual(h.ids, [1, 2, 3]);
  assert.equal(h.admit(4), 2); // 3 goes, 4 takes its place above 1 and 2
  assert.deepEqual(h.ids, [1, 2, 4]);
  assert.ok(h.has(1) && !h.has(3));
  assert.throws(() => h.admit(2), /already held/);
  assert.throws(() => new HeldClouds(0), /capacity/);
});

test('HeldClouds: released clouds on top are dropped even with room left; pinned ones are never dropped, even past the capacity', () => {
  const state = new Map<number, HeldCloudState>();
  const of = (id: number): HeldCloudState => state.get(id) ?? 'plain';
  const h = new HeldClouds(2);
  state.set(1, 'pinned');
  h.admit(1, of);
  state.set(2, 'pinned');
  h.admit(2, of);
  assert.equal(h.admit(3, of), 2, 'a full stack of pinned clouds grows');
  assert.deepEqual(h.ids, [1, 2, 3]);
  state.set(2, 'released');
  // 3 is plain and on top of a full stack: it goes; 2 is then released on top: it goes too
  assert.equal(h.admit(4, of), 1);
  assert.deepEqual(h.ids, [1, 4]);
  state.set(4, 'released');
  assert.equal(h.admit(5, of), 1, 'released on top, room or not');
  assert.deepEqual(h.ids, [1, 5]);
});
