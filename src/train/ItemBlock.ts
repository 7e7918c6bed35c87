/** Training items of one replica for one step, flat arrays item after item. */
export interface ItemBlock {
  /** Items (shapes) in the block; may be 0. */
  count: number;
  /** Input points per item (P) when all items have the same number (the fixed-N layout); 0 when
   *  each has its own, given by `inputOffsets`. */
  inputPoints: number;
  /** With `inputPoints` 0: item b's inputs are points inputOffsets[b] … inputOffsets[b+1] − 1
   *  of `inputs` (length count + 1, from 0). Absent in the fixed-N layout. */
  inputOffsets?: Int32Array;
  /** Queries per item (Q). */
  queries: number;
  /** count·P·3 floats (Σ_b N_b·3 with inputOffsets). */
  inputs: Float32Array;
  /** count·Q·3 floats. */
  queryPoints: Float32Array;
  /** count·Q labels, 1 = inside. */
  occupancies: Uint8Array;
}
