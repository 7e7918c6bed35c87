/**
 * The optional local branch of pcnn-occ (`PcnnOccConfig.local`; not in the paper): a PointNet
 * over each query's k nearest input points, in the query's own frame,
 *
 *   row (q, i) = [s·(x_i − q), s·|x_i − q|],  s = √N0 (offsets in units of the mean spacing)
 *   out[q]     = max_i MLP(row (q, i))         (shared MLP, ReLU after every layer)
 *
 * Why: the PCNN levels see the cloud through Gaussians of width √2·σ0 ≈ 0.04 (300 points,
 * c = 0.5), so the field barely changes across a wall 0.02 thick; the exact offsets to the
 * nearest points do (POCO and ConvONet's decoders use such query-relative positions too).
 * The output is ≥ 0 and joins the side outputs in front of the classifier.
 */
import type { Tensor } from '../../engine/Tensor.ts';
import type { Tape } from '../../engine/Tape.ts';
import type { Engine } from '../../engine/Engine.ts';
import { linear } from '../../ops/linear.ts';
import { maxPoolSegments } from '../../ops/maxPool.ts';
import type { CloudNeighbourhood } from '../../pcnn/CloudNeighbourhood.ts';

/** Features per (query, neighbour) row entering the local MLP: offset xyz and its length. */
export const LOCAL_FEATURES = 4;

/** The constant input of the local branch for one query set (arena tensor + pooling segments). */
export interface LocalRows {
  /** [Q·k, LOCAL_FEATURES]: rows q·k … q·k + k − 1 belong to query q, nearest first. */
  rows: Tensor;
  /** Query of each row (floor(row / k)). */
  segment: Int32Array;
  nQueries: number;
}

/**
 * Rows of the k nearest input points of every query, in the engine's arena.
 * @param hood the input cloud and its k-d tree. @param queries xyz per query.
 * @param k neighbours per query (≤ the cloud's size).
 */
export function localRows(e: Engine, hood: CloudNeighbourhood, queries: Float32Array, k: number): LocalRows {
  const Q = queries.length / 3, input = hood.input;
  if (k > hood.n) throw new RangeError(`local branch: ${k} neighbours asked of a ${hood.n}-point cloud`);
  const { indices } = hood.tree.knnAll(queries, k);
  const rows = e.empty([Q * k, LOCAL_FEATURES]);
  const r = rows.data, s = hood.scale;
  const segment = new Int32Array(Q * k);
  for (let q = 0; q < Q; q++) {
    const qx = queries[3 * q], qy = queries[3 * q + 1], qz = queries[3 * q + 2];
    for (let j = 0; j < k; j++) {
      const row = q * k + j, i = indices[row];
      const dx = (input[3 * i] - qx) * s, dy = (input[3 * i + 1] - qy) * s, dz = (input[3 * i + 2] - qz) * s;
      const o = row * LOCAL_FEATURES;
      r[o] = dx; r[o + 1] = dy; r[o + 2] = dz; r[o + 3] = Math.sqrt(dx * dx + dy * dy + dz * dz);
      segment[row] = q;
    }
  }
  return { rows, segment, nQueries: Q };
}

/**
 * Forward of the local branch (differentiable in the MLP's parameters).
 * @param layers [W, b] per MLP layer (W: [in, out]).
 * @returns [Q, last width], ≥ 0.
 */
export function localBranch(tape: Tape, input: LocalRows, layers: [Tensor, Tensor][]): Tensor {
  let x = input.rows;
  for (const [W, b] of layers) x = linear(tape, x, W, b, true);
  return maxPoolSegments(tape, x, input.segment, input.nQueries);
}
