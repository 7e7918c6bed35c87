/**
 * The description of one ProcShapes-13 category: a name (ShapeNet's category name) and a list of
 * structurally different variants, each a builder that turns a random stream into a solid.
 */
import type { Manifold } from 'manifold-3d';
import type { Random } from '../../geometry/Random.ts';
import type { Parts } from './parts.ts';

/** One structural variant of a class (e.g. "office-chair"). */
export interface ShapeVariant {
  /** Short kebab-case name, stored in the manifest per shape. */
  name: string;
  /**
   * Builds one shape: every part is made through `p` (so it is freed afterwards) and all random
   * choices are drawn from `r`. Returns the final watertight solid, y up, front towards +z, in any
   * scale and position (the generator normalises it).
   */
  build(p: Parts, r: Random): Manifold;
}

export interface ShapeClass {
  /** ShapeNet category name, e.g. "chair". */
  name: string;
  /** Structurally different variants: at least 8 for ProcShapes-13, at least 5 for the corpus families. */
  variants: ShapeVariant[];
}
