/**
 * Implicit solids: signed-distance primitives (sphere, tapered capsule, ellipsoid, torus), a
 * smooth union of them ("skeleton" bodies), and `implicitSolid`, which meshes a field by
 * marching tetrahedra (`marchingTets.ts`) and simplifies the result with manifold-3d.
 * Meshes leave without self-intersections (checked after simplification).
 *
 * Convention here: a field is a signed distance (or a monotone stand-in for one), NEGATIVE
 * inside, in model units.
 *
 * Why implicit fields for organic shapes: smooth blends between limbs (a shoulder, a knuckle)
 * are what CSG unions of primitives lack, and they are what real scans look like. Cost: one
 * field evaluation per grid point, so grids stay modest (about 40–80 cells along the longest
 * side) and the many small triangles are simplified to a few thousand before they leave.
 *
 * Determinism: manifold's WASM build is single-threaded and the fields use only + − × ÷ √ and
 * fdlibm sin/cos/atan2/pow, so the same parameters give the same bytes everywhere.
 */
import type { Manifold } from 'manifold-3d';
import type { Parts, Vec3 } from '../parts.ts';
import { findSelfIntersections } from '../../../geometry/meshChecks.ts';
import { marchTets } from './marchingTets.ts';
import type { Field } from './Field.ts';

/** Polynomial smooth minimum (Quilez): equals min(a, b) when |a − b| ≥ k, blends within k. */
export function smin(a: number, b: number, k: number): number {
  if (k <= 0) return Math.min(a, b);
  const h = Math.max(k - Math.abs(a - b), 0) / k;
  return Math.min(a, b) - h * h * k * 0.25;
}

/** Smooth maximum (for smooth intersections / subtractions). */
export function smax(a: number, b: number, k: number): number {
  return -smin(-a, -b, k);
}

export function sphereField(c: Vec3, r: number): Field {
  return (x, y, z) => Math.sqrt((x - c[0]) ** 2 + (y - c[1]) ** 2 + (z - c[2]) ** 2) - r;
}

/**
 * Tapered capsule from a (radius ra) to b (radius rb): distance to the segment minus the
 * interpolated radius. Exact for ra = rb, a close stand-in for gentle tapers (limbs, tails).
 */
export function capsuleField(a: Vec3, b: Vec3, ra: number, rb: number = ra): Field {
  const dx = b[0] - a[0],
    dy = b[1] - a[1],
    dz = b[2] - a[2];
  const l2 = dx * dx + dy * dy + dz * dz || 1e-12;
  return (x, y, z) => {
    const px = x - a[0],
      py = y - a[1],
      pz = z - a[2];
    const t = Math.max(0, Math.min(1, (px * dx + py * dy + pz * dz) / l2));
    const qx = px - t * dx,
      qy = py - t * dy,
      qz = pz - t * dz;
    return Math.sqrt(qx * qx + qy * qy + qz * qz) - (ra + (rb - ra) * t);
  };
}

/**
 * Ellipsoid with semi-axes `radii` along the orthonormal axes `axes` (default x, y, z) at `c`.
 * Quilez's bound k0 (k0 − 1) / k1: exact on the surface, approximate elsewhere (fine for blends).
 */
export function ellipsoidField(
  c: Vec3,
  radii: Vec3,
  axes: [Vec3, Vec3, Vec3] = [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ],
): Field {
  const [e0, e1, e2] = axes;
  return (x, y, z) => {
    const px = x - c[0],
      py = y - c[1],
      pz = z - c[2];
    const q0 = px * e0[0] + py * e0[1] + pz * e0[2];
    const q1 = px * e1[0] + py * e1[1] + pz * e1[2];
    const q2 = px * e2[0] + py * e2[1] + pz * e2[2];
    const a0 = q0 / radii[0],
      a1 = q1 / radii[1],
      a2 = q2 / radii[2];
    const b0 = a0 / radii[0],
      b1 = a1 / radii[1],
      b2 = a2 / radii[2];
    const k0 = Math.sqrt(a0 * a0 + a1 * a1 + a2 * a2);
    const k1 = Math.sqrt(b0 * b0 + b1 * b1 + b2 * b2);
    return k1 > 1e-12 ? (k0 * (k0 - 1)) / k1 : -Math.min(radii[0], radii[1], radii[2]);
  };
}

/** Torus of ring radius R and tube radius r around the unit axis `n` through `c`. */
export function torusField(c: Vec3, n: Vec3, R: number, r: number): Field {
  return (x, y, z) => {
    const px = x - c[0],
      py = y - c[1],
      pz = z - c[2];
    const h = px * n[0] + py * n[1] + pz * n[2];
    const rx = px - h * n[0],
      ry = py - h * n[1],
      rz = pz - h * n[2];
    const q = Math.sqrt(rx * rx + ry * ry + rz * rz) - R;
    return Math.sqrt(q * q + h * h) - r;
  };
}

/** One blended primitive with a bounding ball (centre, radius) used to skip far evaluations. */
interface BlendPart {
  f: Field;
  c: Vec3;
  R: number;
  /** Blend radius with everything before it (model units). */
  k: number;
}

/**
 * Smooth union of primitives (a skeleton body). Each part blends with the parts before it over
 * its own radius `k` (0 = sharp union). Parts whose bounding ball lies farther than the current
 * value + k are skipped; for exact distance fields that does not change the value.
 */
export class Blend {
  private parts: BlendPart[] = [];
  /** Box around every part (model units), for the meshing grid. */
  lo: Vec3 = [Infinity, Infinity, Infinity];
  hi: Vec3 = [-Infinity, -Infinity, -Infinity];

  /**
   * Adds a primitive contained in the ball (c, R), blended over k. `box` (lo, hi) is a tighter
   * box around it for the meshing grid (default: the ball's box).
   */
  add(f: Field, c: Vec3, R: number, k: number, box?: [Vec3, Vec3]): this {
    this.parts.push({ f, c, R, k });
    const [lo, hi] = box ?? [
      [c[0] - R, c[1] - R, c[2] - R],
      [c[0] + R, c[1] + R, c[2] + R],
    ];
    for (let a = 0; a < 3; a++) {
      this.lo[a] = Math.min(this.lo[a], lo[a]);
      this.hi[a] = Math.max(this.hi[a], hi[a]);
    }
    return this;
  }

  sphere(c: Vec3, r: number, k: number): this {
    return this.add(sphereField(c, r), c, r, k);
  }

  capsule(a: Vec3, b: Vec3, ra: number, rb: number, k: number): this {
    const c: Vec3 = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2, (a[2] + b[2]) / 2];
    const half = Math.sqrt((b[0] - a[0]) ** 2 + (b[1] - a[1]) ** 2 + (b[2] - a[2]) ** 2) / 2;
    const rm = Math.max(ra, rb);
    const box: [Vec3, Vec3] = [
      [Math.min(a[0], b[0]) - rm, Math.min(a[1], b[1]) - rm, Math.min(a[2], b[2]) - rm],
      [Math.max(a[0], b[0]) + rm, Math.max(a[1], b[1]) + rm, Math.max(a[2], b[2]) + rm],
    ];
    return this.add(capsuleField(a, b, ra, rb), c, half + rm, k, box);
  }

  /** Capsules along a polyline (a limb with joints), radii interpolated from r0 to r1. */
  chain(pts: Vec3[], r0: number, r1: number, k: number): this {
    const n = pts.length - 1;
    for (let i = 0; i < n; i++)
      this.capsule(pts[i], pts[i + 1], r0 + ((r1 - r0) * i) / n, r0 + ((r1 - r0) * (i + 1)) / n, i === 0 ? k : k * 0.5);
    return this;
  }

  ellipsoid(
    c: Vec3,
    radii: Vec3,
    k: number,
    axes: [Vec3, Vec3, Vec3] = [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ],
  ): this {
    // Half-extent along world axis w: √Σ (radius_i · axis_i[w])².
    const h = [0, 1, 2].map((w) => Math.sqrt((radii[0] * axes[0][w]) ** 2 + (radii[1] * axes[1][w]) ** 2 + (radii[2] * axes[2][w]) ** 2));
    const box: [Vec3, Vec3] = [
      [c[0] - h[0], c[1] - h[1], c[2] - h[2]],
      [c[0] + h[0], c[1] + h[1], c[2] + h[2]],
    ];
    return this.add(ellipsoidField(c, radii, axes), c, Math.max(radii[0], radii[1], radii[2]), k, box);
  }

  /**
   * Meshes the blend (see `implicitSolid`): grid cells sized so the thinnest part (radius
   * `minRadius`) spans at least 1.3 cells and the longest side at least 40, at most `maxCells`
   * (the cost is one field evaluation, ~0.5 µs for a dozen parts, per grid point).
   */
  solid(p: Parts, minRadius: number, maxCells = 72): Manifold {
    const L = Math.max(this.hi[0] - this.lo[0], this.hi[1] - this.lo[1], this.hi[2] - this.lo[2]);
    const cells = Math.min(maxCells, Math.max(40, Math.ceil((1.3 * L) / minRadius)));
    return implicitSolid(p, this.field(), this.lo, this.hi, cells);
  }

  /** The blended field. */
  field(): Field {
    const parts = this.parts;
    return (x, y, z) => {
      let d = Infinity;
      for (let i = 0; i < parts.length; i++) {
        const q = parts[i];
        const lb = Math.sqrt((x - q.c[0]) ** 2 + (y - q.c[1]) ** 2 + (z - q.c[2]) ** 2) - q.R;
        if (lb > d + q.k) continue;
        d = smin(d, q.f(x, y, z), q.k);
      }
      return d;
    };
  }
}

/**
 * Meshes the region where `f` < 0 inside the box lo..hi by marching tetrahedra (`marchTets`:
 * an embedded, closed surface; the region must lie inside the box), hands it to manifold-3d
 * (which checks it is an oriented 2-manifold) and simplifies it.
 * @param cells grid cells along the longest side of the box (cost grows with its cube)
 * @param simplifyRel simplification tolerance as a fraction of the longest side (0 = none);
 *   0.0015 keeps the surface within 0.15 % of the size while cutting the triangles several-fold
 */
export function implicitSolid(p: Parts, f: Field, lo: Vec3, hi: Vec3, cells: number, simplifyRel = 0.0015): Manifold {
  const L = Math.max(hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2]);
  const soup = marchTets(f, lo, hi, L / cells);
  const m = p.own(new p.k.Manifold(new p.k.Mesh({ numProp: 3, vertProperties: soup.positions, triVerts: soup.faces })));
  // Simplification collapses edges and can fold a sheet through a close neighbour (two legs a
  // cell apart, steep noise): then a third, a tenth of the tolerance is tried, then none. The
  // check costs about as much as the meshing (~50–150 ms).
  for (const rel of simplifyRel > 0 ? [simplifyRel, simplifyRel / 3, simplifyRel / 10] : []) {
    const s = p.own(m.simplify(rel * L));
    if (findSelfIntersections(p.toMesh(s), { maxPairs: 0 }).count === 0) return s;
  }
  return m;
}
