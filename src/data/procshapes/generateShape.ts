/**
 * One ProcShapes-13 shape: pick its variant, build it from parts with its own random stream,
 * union, and normalise to the unit cube.
 */
import type { Manifold, ManifoldToplevel } from 'manifold-3d';
import type { Mesh } from '../../geometry/Mesh.ts';
import { checkMesh, findSelfIntersections } from '../../geometry/meshChecks.ts';
import { removeDegenerateTriangles } from './removeDegenerateTriangles.ts';
import { normalizeToUnitCube } from './normalizeToUnitCube.ts';
import { Parts } from './parts.ts';
import type { ShapeClass } from './ShapeClass.ts';
import { RedrawError, type ShapeFamily } from './ShapeFamily.ts';
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
  /** Which parameter draw passed the checks (0 for almost all shapes). */
  attempt: number;
  /** Thinnest designed wall / fin / blade in unit-cube units, for families that state one. */
  thickness?: number;
  /** The genus the builder stated (equal to `genus`: a draw that misses it is redrawn). */
  claimedGenus?: number;
}

/**
 * The solid without internal voids or slivers: parts that overlap can enclose a closed pocket,
 * which shows up as an inward-facing shell (negative volume), and coplanar faces can leave
 * flat shells of (near) zero volume; dropping both fills the pockets and removes the slivers.
 */
export function fillCavities(p: Parts, solid: Manifold): Manifold {
  const comps = solid.decompose();
  for (const c of comps) p.own(c);
  const total = solid.volume();
  const outer = comps.filter((c) => c.volume() > 1e-7 * total);
  if (outer.length === comps.length) return solid;
  return p.own(p.k.Manifold.compose(outer));
}

/** Shape id: class name and a 4-digit zero-padded index. */
export function shapeId(cls: string, index: number): string {
  return `${cls}_${String(index).padStart(4, '0')}`;
}

/** Parameter draws tried per shape before giving up (see `generateShape`). */
export const MAX_ATTEMPTS = 8;

/**
 * Builds shape `index` of `cls` for dataset seed `seed`. The result depends only on
 * (seed, cls.name, index) and the generator version.
 *
 * Every shape is checked (`checkMesh`: watertight, one component, no zero-area faces, positive
 * volume; corpus families also: no self-intersections, and the genus their builder states). A
 * rare unlucky parameter draw (a part that only touches its neighbour, a needle that cannot be
 * collapsed, a builder's `RedrawError`) is redrawn from the next stream
 * `shapeRandom(seed, cls, index, attempt)`; the attempt number is deterministic, so this keeps
 * the output reproducible.
 * @param k initialised manifold-3d module (`loadManifold()`)
 * @param index shape index within the class (integer ≥ 0)
 * @param seed dataset seed (integer)
 */
export function generateShape(k: ManifoldToplevel, cls: ShapeClass, index: number, seed: number): GeneratedShape {
  const v = cls.variants[variantIndex(seed, cls.name, index, cls.variants.length)];
  // Corpus families (those with a kind) also reject self-intersecting meshes: grazing CSG
  // contacts can leave slivers that float32 rounding folds through a neighbour. ProcShapes-13
  // is left as it was (its bytes must not change).
  const strict = (cls as Partial<ShapeFamily>).kind !== undefined;
  const problems: string[] = [];
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const parts = new Parts(k);
    try {
      let built: Manifold;
      try {
        built = v.build(parts, shapeRandom(seed, cls.name, index, attempt));
      } catch (e) {
        if (e instanceof RedrawError) {
          problems.push(e.message);
          continue;
        }
        throw e;
      }
      const solid = fillCavities(parts, built);
      const status = solid.status();
      if (status !== 'NoError' || solid.isEmpty()) {
        problems.push(`manifold status ${status}`);
        continue;
      }
      // A family that states its genus (rings, knots, chains, lattices) gets exactly that topology:
      // a draw whose parts merged or missed each other is redrawn like any other failed draw.
      const claimed = parts.claims.genus;
      if (claimed !== undefined && solid.genus() !== claimed) {
        problems.push(`genus ${solid.genus()}, claimed ${claimed}`);
        continue;
      }
      const { mesh: normalised, scale } = normalizeToUnitCube(parts.toMesh(solid));
      // After the float32 rounding of normalisation, so no zero-area triangles survive it.
      const mesh = removeDegenerateTriangles(normalised);
      const rep = checkMesh(mesh);
      if (!rep.watertight || rep.components !== 1 || rep.degenerateFaces !== 0 || !(rep.volume > 0)) {
        problems.push(`${rep.components} components, watertight ${rep.watertight}, ${rep.degenerateFaces} degenerate faces`);
        continue;
      }
      if (strict) {
        const crossings = findSelfIntersections(mesh, { maxPairs: 0 }).count;
        if (crossings > 0) {
          problems.push(`${crossings} self-intersecting face pairs`);
          continue;
        }
      }
      const g: GeneratedShape = {
        id: shapeId(cls.name, index),
        cls: cls.name,
        index,
        variant: v.name,
        mesh,
        attempt,
        genus: solid.genus(),
        volume: solid.volume() * scale * scale * scale,
      };
      if (parts.claims.thickness !== undefined) g.thickness = parts.claims.thickness * scale;
      if (claimed !== undefined) g.claimedGenus = claimed;
      return g;
    } finally {
      parts.dispose();
    }
  }
  throw new Error(`procshapes: ${cls.name}/${v.name} #${index} (seed ${seed}) failed ${MAX_ATTEMPTS} attempts: ${problems.join('; ')}`);
}
