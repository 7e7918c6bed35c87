/**
 * Max-pooling by segment (PCNN pooling): every fine point belongs to one segment (its nearest
 * coarse centre, see `assignNearest`), and out[s, c] = max over the segment's points of F[i, c].
 * The argmax per (segment, channel) routes the gradient back: dF[argmax[s, c], c] += dout[s, c].
 * An empty segment outputs 0 and passes no gradient. Ties go to the lowest point index.
 * Plain TS: at pointocc's sizes (≤ a few thousand points × 64 channels) it costs microseconds.
 */
import type { Tensor } from '../engine/Tensor.ts';
import type { Tape } from '../engine/Tape.ts';

/**
 * @param F features [N, C]. @param segment segment id of each of the N points, in [0, S).
 * @param S number of segments.
 * @returns pooled [S, C].
 */
export function maxPoolSegments(tape: Tape, F: Tensor, segment: Int32Array, S: number): Tensor {
  const e = tape.engine;
  const N = F.rows,
    C = F.cols;
  if (segment.length !== N) throw new RangeError(`maxPoolSegments: ${segment.length} segment ids for ${N} points`);
  const out = e.empty([S, C]);
  const arg = new Int32Array(S * C).fill(-1);
  const f = F.data,
    o = out.data;
  o.fill(-Infinity);
  for (let i = 0; i < N; i++) {
    const s = segment[i];
    if (!(s >= 0 && s < S)) throw new RangeError(`maxPoolSegments: segment id ${s} out of [0, ${S})`);
    for (let c = 0; c < C; c++) {
      const v = f[i * C + c];
      if (v > o[s * C + c] || arg[s * C + c] < 0) {
        o[s * C + c] = v;
        arg[s * C + c] = i;
      }
    }
  }
  for (let t = 0; t < S * C; t++) if (arg[t] < 0) o[t] = 0;
  if (tape.needsGrad(F)) {
    out.requiresGrad = true;
    tape.record(() => {
      if (!out.gradWritten) return;
      const acc = tape.accumulateFlag(F);
      const g = F.grad!,
        go = out.grad!;
      if (!acc) g.fill(0);
      for (let t = 0; t < S * C; t++) {
        const i = arg[t];
        if (i >= 0) g[i * C + (t % C)] += go[t];
      }
    });
  }
  return out;
}

/**
 * Index of the nearest centre for each point (brute force O(N·S); ties to the lower index).
 * @param points xyz per point. @param centres xyz per centre (non-empty).
 */
export function assignNearest(points: ArrayLike<number>, centres: ArrayLike<number>): Int32Array {
  const n = points.length / 3,
    s = centres.length / 3;
  if (s < 1) throw new RangeError('assignNearest: no centres');
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const x = points[3 * i],
      y = points[3 * i + 1],
      z = points[3 * i + 2];
    let best = Infinity,
      bi = 0;
    for (let j = 0; j < s; j++) {
      const dx = centres[3 * j] - x,
        dy = centres[3 * j + 1] - y,
        dz = centres[3 * j + 2] - z;
      const d = dx * dx + dy * dy + dz * dz;
      if (d < best) {
        best = d;
        bi = j;
      }
    }
    out[i] = bi;
  }
  return out;
}
