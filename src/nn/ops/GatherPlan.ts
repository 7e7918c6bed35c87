/**
 * What `sparseGather` needs of a constant sparse map out = P·src uploaded into an engine: P's
 * CSR for the forward gather and Pᵀ's for the backward one. pcnn's `SparsePlan` (restriction,
 * interpolation) implements it; a type of its own so that ops/ does not import pcnn/.
 */
import type { DeviceCsr } from '../engine/DeviceCsr.ts';
import type { Engine } from '../engine/Engine.ts';

export interface GatherPlan {
  /** Rows of P (outputs). */
  readonly nRows: number;
  /** Columns of P (source rows). */
  readonly nCols: number;
  /** The engine whose arena holds both CSRs. */
  readonly engine: Engine;
  /** P as uploaded (the forward gather). */
  readonly forward: DeviceCsr;
  /** Pᵀ as uploaded (the backward gather). */
  readonly backward: DeviceCsr;
}
