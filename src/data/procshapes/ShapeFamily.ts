/**
 * A corpus family: a `ShapeClass` (name + sub-types, here called variants) with the kind of
 * geometry it teaches, so the registry, docs and CLI can describe and group it. The 13
 * ProcShapes-13 classes are families of kind 'furniture' (see `corpus.ts`).
 */
import type { ShapeClass } from './ShapeClass.ts';

/** What a family is for: the failure modes of a model trained on furniture alone. */
export type FamilyKind =
  | 'furniture' // ProcShapes-13: part-based ShapeNet-like objects
  | 'organic' // smooth free-form bodies (implicit fields)
  | 'tube' // circles swept along 3-D curves, loops and knots
  | 'mechanical' // gears, flanges, brackets, fasteners: holes, bores, sharp edges
  | 'thin-walled' // shells, fins, blades 0.01–0.03 thick (unit-cube units)
  | 'high-genus'; // lattices, perforations, chains

export interface ShapeFamily extends ShapeClass {
  kind: FamilyKind;
  /** One line describing the family (docs, `--help`). */
  summary: string;
}

/**
 * Thrown by a builder whose random draw cannot make a valid shape (strands of a knot too close
 * to thicken, a lattice strut that would vanish): `generateShape` redraws from the next
 * deterministic stream, as for a draw that fails the mesh checks. Any other error is a bug and
 * propagates.
 */
export class RedrawError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RedrawError';
  }
}
