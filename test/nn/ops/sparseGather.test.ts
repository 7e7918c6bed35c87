import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../../src/nn/engine/Engine.ts';
import { Tape } from '../../../src/nn/engine/Tape.ts';
import { SparsePlan } from '../../../src/nn/pcnn/SparsePlan.ts';
import { sparseGather } from '../../../src/nn/ops/sparseGather.ts';
import { transposeCsr, type Csr } from '../../../src/nn/pcnn/Csr.ts';
import { mortonOrder } from '../../../src/nn/pcnn/mortonOrder.ts';
import { Random } from '../../../src/geometry/Random.ts';
import { randArray, f32round, fdGradient, relErr } from '../_fd.ts';

const e = await Engine.create();

function randomCsr(rng: Random, nRows: number, nCols: number): Csr {
  const rowPtr = new Int32Array(nRows + 1),
    col: number[] = [],
    val: number[] = [];
  for (let r = 0; r < nRows; r++) {
    const k = r % 4 === 3 ? 0 : rng.int(6);
    for (let t = 0; t < k; t++) {
      col.push(rng.int(nCols));
      val.push(Math.fround(rng.uniform(-1, 1)));
    }
    rowPtr[r + 1] = col.length;
  }
  return { nRows, nCols, rowPtr, col: Int32Array.from(col), val: Float32Array.from(val) };
}

for (const ordered of [false, true]) {
  test(`sparse gather (ordered rows: ${ordered}): value and backward (transposed gather) match float64 FD`, () => {
    const rng = new Random(ordered ? 52 : 51);
    const nR = 14,
      nC = 9,
      W = 7;
    const csr = randomCsr(rng, nR, nC);
    const H = f32round(randArray(rng, nC * W)),
      seed = randArray(rng, nR * W);
    const f = ([h]: Float64Array[]) => {
      const y = new Float64Array(nR * W);
      for (let r = 0; r < nR; r++)
        for (let n = csr.rowPtr[r]; n < csr.rowPtr[r + 1]; n++)
          for (let j = 0; j < W; j++) y[r * W + j] += csr.val[n] * h[csr.col[n] * W + j];
      return y;
    };
    const mark = e.mark();
    const rowOrder = ordered ? mortonOrder(randArray(rng, 3 * nR), nR) : undefined;
    const colOrder = ordered ? mortonOrder(randArray(rng, 3 * nC), nC) : undefined;
    const plan = SparsePlan.upload(e, csr, rowOrder, colOrder);
    const tape = new Tape(e);
    const tH = e.fromArray([nC, W], H, true);
    const out = sparseGather(tape, tH, plan);
    assert.ok(relErr(out.data, f([H]), 1) < 1e-6);
    tape.backward(out, seed);
    assert.ok(relErr(tH.grad!, fdGradient(f, [H], 0, seed)) < 1e-6);
    e.release(mark);
  });
}

test('transposeCsr is an exact transpose and mortonOrder a permutation', () => {
  const rng = new Random(53);
  const a = randomCsr(rng, 11, 6);
  const dense = (m: Csr) => {
    const d = new Float64Array(m.nRows * m.nCols);
    for (let r = 0; r < m.nRows; r++) for (let n = m.rowPtr[r]; n < m.rowPtr[r + 1]; n++) d[r * m.nCols + m.col[n]] += m.val[n];
    return d;
  };
  const da = dense(a),
    dt = dense(transposeCsr(a));
  for (let r = 0; r < 11; r++) for (let c = 0; c < 6; c++) assert.equal(dt[c * 11 + r], da[r * 6 + c]);
  const o = mortonOrder(randArray(rng, 300), 100);
  assert.deepEqual(
    Array.from(o).sort((x, y) => x - y),
    Array.from({ length: 100 }, (_, i) => i),
  );
});
