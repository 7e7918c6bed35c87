/**
 * One ProcShapes-13 shape: pick its variant, build it from parts with its own random stream,
 * union, and normalise to the unit cube.
 */
import type { Manifold, ManifoldToplevel } from 'manifold-3d';
import type { Mesh } from '../../geometry/Mesh.ts';
import { removeDegenerateTriangles } from './removeDegenerateTriangles.ts';
import { normalizeToUnitCube } from './normalizeToUnitCube.ts';
import { Parts } from './parts.ts';
import type { ShapeClass } from './ShapeClass.ts';
import { shapeRandom, variantIndex } from './shapeSeed.ts';

/** Version of the shape definitions; bump whenever any shape's bytes change. */
export const GENERATOR_VERSION = 'procshapes-13/1';

export interface GeneratedShape {
  /** e.g. "chair_0007". */
  id: string;
  cls: string;
  index: number;
  variant: string;
  /** Normalised mesh: bounding box centred at the origin, longest side 1. */
  mesh: Mesh;
  /** Genus of the solid (handles, e.g. the holes of a slatted back), from manifold. */
  genus: number;
  /** Volume of the normalised solid (unit-cube units³). */
  volume: number;
}

/**
 * The solid without internal voids: parts that overlap can enclose a closed pocket, which shows
 * up as an inward-facing shell (negative volume); dropping those shells fills the pockets.
 */
export function fillCavities(p: Parts, solid: Manifold): Manifold {
  const comps = solid.decompose();
  for (const c of comps) p.own(c);
  const outer = comps.filter((c) => c.volume() > 0);
  if (outer.length === comps.length) return solid;
  return p.own(p.k.Manifold.compose(outer));
}

/** Shape id: class name and a 4-digit zero-padded index. */
export function shapeId(cls: string, index: number): string {
  return `${cls}_${String(index).padStart(4, '0')}`;
}

/**
 * Builds shape `index` of `cls` for dataset seed `seed`. The result depends only on
 * (seed, cls.name, index) and the generator version.
 * @param k initialised manifold-3d module (`loadManifold()`)
 * @param index shape index within the class (integer ≥ 0)
 * @param seed dataset seed (integer)
 */
export function generateShape(k: ManifoldToplevel, cls: ShapeClass, index: number, seed: number): GeneratedShape {
  const v = cls.variants[variantIndex(seed, cls.name, index, cls.variants.length)];
  const parts = new Parts(k);
  try {
    const solid = fillCavities(parts, v.build(parts, shapeRandom(seed, cls.name, index)));
    const status = solid.status();
    if (status !== 'NoError') throw new Error(`procshapes: ${cls.name}/${v.name} #${index}: manifold status ${status}`);
    if (solid.isEmpty()) throw new Error(`procshapes: ${cls.name}/${v.name} #${index}: empty solid`);
    const { mesh, scale } = normalizeToUnitCube(parts.toMesh(solid));
    return {
      id: shapeId(cls.name, index),
      cls: cls.name,
      index,
      variant: v.name,
      // After the float32 rounding of normalisation, so no needle triangles survive it.
      mesh: removeDegenerateTriangles(mesh),
      genus: solid.genus(),
      volume: solid.volume() * scale * scale * scale,
    };
  } finally {
    parts.dispose();
  }
}
