/**
 * Optional positional features of the queries (`PcnnOccConfig.positional`; not in the paper):
 * per axis the coordinate and sin/cos of 2^j·π·coordinate for j < L (NeRF's encoding), each
 * followed by its negation. They join the side outputs in front of the classifier, whose ReLU
 * keeps only the positive part of every column — so both signs are needed to pass the value.
 *
 * Why: the PCNN features are translation-equivariant and smooth at the scale of σ0; absolute
 * position (as ONet's and ConvONet's decoders receive it) lets the classifier place a boundary
 * of a known shape more precisely than the noisy input's local evidence allows.
 */
import type { Engine } from '../../engine/Engine.ts';
import type { Tensor } from '../../engine/Tensor.ts';

/** Columns for L frequencies: 3 axes × (1 + 2L) values × 2 signs. */
export function positionalWidth(frequencies: number): number {
  return 3 * (1 + 2 * frequencies) * 2;
}

/**
 * Fill `out` (row stride `ld`) with the features of `queries`.
 * @param queries xyz per query (unit-cube frame). @param frequencies L ≥ 0.
 */
export function writePositionalFeatures(queries: Float32Array, frequencies: number, out: Float32Array, ld: number): void {
  const Q = queries.length / 3;
  for (let q = 0; q < Q; q++) {
    let o = q * ld;
    for (let a = 0; a < 3; a++) {
      const x = queries[3 * q + a];
      out[o++] = x; out[o++] = -x;
      for (let j = 0; j < frequencies; j++) {
        const t = Math.PI * 2 ** j * x, s = Math.sin(t), c = Math.cos(t);
        out[o++] = s; out[o++] = -s; out[o++] = c; out[o++] = -c;
      }
    }
  }
}

/** The features as a constant arena tensor [Q, positionalWidth(L)]. */
export function positionalFeatures(e: Engine, queries: Float32Array, frequencies: number): Tensor {
  const w = positionalWidth(frequencies);
  const t = e.empty([queries.length / 3, w]);
  writePositionalFeatures(queries, frequencies, t.data, w);
  return t;
}
