/**
 * Shared part builders for ProcShapes-13: parametric solids (boxes, rounded boxes, rods, cones,
 * spheres, tori, lathed and extruded profiles, hulls) placed in world space, and the CSG
 * operations that join them, on top of `manifold-3d`.
 *
 * Conventions (ShapeNet's): y is up, the object's front faces +z, its left–right axis is x.
 * Lengths are in arbitrary "model" units (roughly metres); every shape is normalised to the unit
 * cube afterwards, so only proportions matter.
 *
 * Memory: manifold objects live on the WASM heap and are not garbage collected. Every object a
 * `Parts` method creates is recorded and freed by `dispose()`, so a generator run over thousands
 * of shapes does not grow the heap. Code that calls manifold methods directly must pass the result
 * through `own()`.
 *
 * Determinism: circular segment counts are always explicit (never manifold's adaptive default) and
 * the JS-side maths uses only + − × ÷ √ and V8's fdlibm-based sin/cos, which give the same doubles
 * on every platform.
 */
import type { CrossSection, Manifold, ManifoldToplevel, Mat4 } from 'manifold-3d';
import type { Mesh } from '../../geometry/Mesh.ts';

export type Vec2 = [number, number];
export type Vec3 = [number, number, number];
/** World axis along which a 2-D profile is extruded. */
export type Axis = 'x' | 'y' | 'z';

/** Segments around small round parts (legs, rods, handles). */
export const SEG_SMALL = 16;
/** Segments around medium round parts (wheels, shades, columns). */
export const SEG_MED = 24;
/** Segments around large round parts (table tops, hulls of revolution, bases). */
export const SEG_LARGE = 32;

const DEG = Math.PI / 180;

/** Orthonormal right-handed frame (u, v, d) whose third axis is the unit vector along `dir`. */
export function frameAlong(dir: Vec3): [Vec3, Vec3, Vec3] {
  const l = Math.sqrt(dir[0] * dir[0] + dir[1] * dir[1] + dir[2] * dir[2]);
  if (!(l > 0)) throw new RangeError('frameAlong: zero direction');
  const d: Vec3 = [dir[0] / l, dir[1] / l, dir[2] / l];
  const h: Vec3 = Math.abs(d[1]) < 0.9 ? [0, 1, 0] : [1, 0, 0];
  const u = normalize(cross(h, d));
  const v = cross(d, u);
  return [u, v, d];
}

export function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

export function normalize(a: Vec3): Vec3 {
  const l = Math.sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]);
  return [a[0] / l, a[1] / l, a[2] / l];
}

/** Affine map (column-major, manifold's layout) sending local x, y, z to columns c0, c1, c2, origin to t. */
export function affine(c0: Vec3, c1: Vec3, c2: Vec3, t: Vec3): Mat4 {
  return [c0[0], c0[1], c0[2], 0, c1[0], c1[1], c1[2], 0, c2[0], c2[1], c2[2], 0, t[0], t[1], t[2], 1];
}

/**
 * Points on a circular arc, for swept tubes. The arc lies in the plane spanned by the unit vectors
 * `e1` and `e2` through `center`; angle 0 is along e1 and 90° along e2.
 * @param center arc centre (model units)
 * @param radius arc radius (model units)
 * @param a0 start angle, degrees
 * @param a1 end angle, degrees
 * @param n number of segments (n + 1 points)
 */
export function arcPoints(
  center: Vec3,
  radius: number,
  a0: number,
  a1: number,
  n: number,
  e1: Vec3 = [1, 0, 0],
  e2: Vec3 = [0, 1, 0],
): Vec3[] {
  const pts: Vec3[] = [];
  for (let i = 0; i <= n; i++) {
    const a = (a0 + ((a1 - a0) * i) / n) * DEG;
    const c = Math.cos(a) * radius,
      s = Math.sin(a) * radius;
    pts.push([center[0] + c * e1[0] + s * e2[0], center[1] + c * e1[1] + s * e2[1], center[2] + c * e1[2] + s * e2[2]]);
  }
  return pts;
}

/** Closed 2-D polygon of a rectangle of size (w, h) centred at (cu, cv) with rounded corners. */
export function roundedRect(w: number, h: number, r: number, segPerCorner = 4, cu = 0, cv = 0): Vec2[] {
  const rr = Math.max(0, Math.min(r, w / 2 - 1e-4, h / 2 - 1e-4));
  const pts: Vec2[] = [];
  const corners: [number, number, number][] = [
    [w / 2 - rr, h / 2 - rr, 0],
    [-w / 2 + rr, h / 2 - rr, 90],
    [-w / 2 + rr, -h / 2 + rr, 180],
    [w / 2 - rr, -h / 2 + rr, 270],
  ];
  for (const [x, y, a0] of corners) {
    if (rr <= 0) {
      pts.push([cu + x, cv + y]);
      continue;
    }
    for (let i = 0; i <= segPerCorner; i++) {
      const a = (a0 + (90 * i) / segPerCorner) * DEG;
      pts.push([cu + x + rr * Math.cos(a), cv + y + rr * Math.sin(a)]);
    }
  }
  return pts;
}

/**
 * Closed polygon of a thick band along an open 2-D polyline: the polyline itself plus a copy
 * offset by `thickness` to its left (per-vertex averaged normals). Used for shells of revolution
 * (lamp shades) and bent plates.
 */
export function thickenPolyline(line: Vec2[], thickness: number): Vec2[] {
  const n = line.length;
  const inner: Vec2[] = [];
  for (let i = 0; i < n; i++) {
    const p = line[Math.max(0, i - 1)],
      q = line[Math.min(n - 1, i + 1)];
    let tx = q[0] - p[0],
      ty = q[1] - p[1];
    const l = Math.sqrt(tx * tx + ty * ty);
    tx /= l;
    ty /= l;
    inner.push([line[i][0] - ty * thickness, line[i][1] + tx * thickness]);
  }
  return line.concat(inner.reverse());
}

/** Properties a builder states about its solid (see `Parts.claims`). */
export interface ShapeClaims {
  /** Genus of the finished solid (number of handles / through-holes), when the builder knows it. */
  genus?: number;
  /** Thinnest designed wall, fin or blade, in the builder's model units (normalised by the generator). */
  thickness?: number;
}

/** Builder of placed parts over one manifold-3d instance; frees everything it made on `dispose()`. */
export class Parts {
  readonly k: ManifoldToplevel;
  /**
   * What the builder states about the solid it returns, checked by `generateShape` (a redraw
   * when the genus differs) and reported per shape. Builders of ProcShapes-13 set nothing.
   */
  readonly claims: ShapeClaims = {};
  private owned: { delete(): void }[] = [];

  constructor(k: ManifoldToplevel) {
    this.k = k;
  }

  /** Records a manifold-3d object for `dispose()`. */
  own<T extends { delete(): void }>(x: T): T {
    this.owned.push(x);
    return x;
  }

  /** Frees every object this builder made, except `keep`. */
  dispose(keep?: Manifold): void {
    for (const o of this.owned) if (o !== keep) o.delete();
    this.owned = keep ? [keep] : [];
  }

  // ---------- transforms ----------

  move(m: Manifold, v: Vec3): Manifold {
    return this.own(m.translate(v));
  }

  /** Rotation by Euler angles in degrees (x first, then y, then z), about the origin. */
  rot(m: Manifold, deg: Vec3): Manifold {
    return this.own(m.rotate(deg));
  }

  scale(m: Manifold, s: Vec3 | number): Manifold {
    return this.own(m.scale(s));
  }

  xform(m: Manifold, mat: Mat4): Manifold {
    return this.own(m.transform(mat));
  }

  /** Rotates by `rotDeg` (if given) about the part's own origin, then moves it to `at`. */
  place(m: Manifold, at: Vec3, rotDeg?: Vec3): Manifold {
    const r = rotDeg && (rotDeg[0] !== 0 || rotDeg[1] !== 0 || rotDeg[2] !== 0) ? this.rot(m, rotDeg) : m;
    return at[0] === 0 && at[1] === 0 && at[2] === 0 ? r : this.move(r, at);
  }

  /** The part and its mirror image in the plane x = 0 (left/right symmetric pairs). */
  mirrorX(m: Manifold): Manifold {
    return this.union([m, this.own(m.mirror([1, 0, 0]))]);
  }

  /** Mirror image in the plane through the origin with the given normal. */
  mirror(m: Manifold, normal: Vec3): Manifold {
    return this.own(m.mirror(normal));
  }

  /** Applies a per-vertex deformation (bending, tapering); `f` edits the vertex in place. */
  warp(m: Manifold, f: (v: Vec3) => void): Manifold {
    return this.own(m.warp(f));
  }

  /** Splits long edges so a later `warp` bends smoothly; `length` in model units. */
  refine(m: Manifold, length: number): Manifold {
    return this.own(m.refineToLength(length));
  }

  // ---------- CSG ----------

  union(ms: Manifold[]): Manifold {
    if (ms.length === 1) return ms[0];
    return this.own(this.k.Manifold.union(ms));
  }

  subtract(a: Manifold, ...bs: Manifold[]): Manifold {
    if (bs.length === 0) return a;
    const b = this.union(bs);
    return this.own(a.subtract(b));
  }

  intersect(a: Manifold, b: Manifold): Manifold {
    return this.own(a.intersect(b));
  }

  /** Convex hull of points and/or parts. */
  hull(items: (Manifold | Vec3)[]): Manifold {
    return this.own(this.k.Manifold.hull(items));
  }

  // ---------- primitives ----------

  /** Axis-aligned box of `size` centred at `at`, optionally rotated (degrees) about its centre. */
  box(size: Vec3, at: Vec3 = [0, 0, 0], rotDeg?: Vec3): Manifold {
    return this.place(this.own(this.k.Manifold.cube(size, true)), at, rotDeg);
  }

  /** Box spanning the corners `lo`..`hi` (axis-aligned). */
  boxSpan(lo: Vec3, hi: Vec3): Manifold {
    return this.box([hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2]], [(hi[0] + lo[0]) / 2, (hi[1] + lo[1]) / 2, (hi[2] + lo[2]) / 2]);
  }

  /**
   * Box with all edges rounded by `radius` (hull of eight spheres), centred at `at`.
   * @param seg segments around each corner sphere (multiple of 4)
   */
  roundBox(size: Vec3, radius: number, at: Vec3 = [0, 0, 0], rotDeg?: Vec3, seg = 12): Manifold {
    const r = Math.min(radius, size[0] / 2, size[1] / 2, size[2] / 2) * 0.999;
    const s = this.own(this.k.Manifold.sphere(r, seg));
    const corners: Manifold[] = [];
    for (const sx of [-1, 1])
      for (const sy of [-1, 1])
        for (const sz of [-1, 1]) {
          corners.push(this.move(s, [sx * (size[0] / 2 - r), sy * (size[1] / 2 - r), sz * (size[2] / 2 - r)]));
        }
    return this.place(this.hull(corners), at, rotDeg);
  }

  /**
   * Box whose four edges parallel to `axis` are rounded (a rounded rectangle extruded along
   * `axis`), centred at `at`. Cheaper than `roundBox`; good for cushions, phones, panels.
   */
  slab(size: Vec3, cornerRadius: number, axis: Axis = 'y', at: Vec3 = [0, 0, 0], rotDeg?: Vec3): Manifold {
    // Profile axes (u, v) and depth per extrusion axis follow `extrude`'s mapping.
    const [u, v, w] = axis === 'z' ? [size[0], size[1], size[2]] : axis === 'x' ? [size[2], size[1], size[0]] : [size[0], size[2], size[1]];
    return this.extrude(roundedRect(u, v, cornerRadius, 4), w, axis, at, rotDeg);
  }

  /**
   * Extrusion of the closed 2-D polygon `poly` (any winding) by `depth`, centred on the profile
   * plane, then rotated and moved to `at`. Profile coordinates (u, v) map to world as:
   * axis 'z': (x, y) = (u, v); axis 'x': (z, y) = (u, v); axis 'y': (x, z) = (u, v).
   * @param nDiv extra divisions along the depth (for later warping)
   */
  extrude(poly: Vec2[] | Vec2[][], depth: number, axis: Axis = 'z', at: Vec3 = [0, 0, 0], rotDeg?: Vec3, nDiv = 0): Manifold {
    const cs = this.own(new this.k.CrossSection(poly as Vec2[][], 'NonZero'));
    const m = this.own(cs.extrude(depth, nDiv, 0, [1, 1], true));
    const mat =
      axis === 'z'
        ? null
        : axis === 'x'
          ? affine([0, 0, 1], [0, 1, 0], [-1, 0, 0], [0, 0, 0])
          : affine([1, 0, 0], [0, 0, 1], [0, -1, 0], [0, 0, 0]);
    return this.place(mat ? this.xform(m, mat) : m, at, rotDeg);
  }

  /** Extrusion of a cross-section object (e.g. from `CrossSection` operations) like `extrude`. */
  extrudeSection(cs: CrossSection, depth: number, axis: Axis = 'z', at: Vec3 = [0, 0, 0], rotDeg?: Vec3): Manifold {
    return this.extrude(cs.toPolygons() as Vec2[][], depth, axis, at, rotDeg);
  }

  /**
   * Solid of revolution: the closed polygon `profile` of (radius, height) points (radius ≥ 0) is
   * revolved about the axis through `at` along `axisDir` (default y, up).
   * @param seg segments around the axis (fixed, for determinism)
   * @param arcDeg revolve angle in degrees (360 = full)
   */
  lathe(profile: Vec2[], at: Vec3 = [0, 0, 0], axisDir: Vec3 = [0, 1, 0], seg = SEG_MED, arcDeg = 360): Manifold {
    const cs = this.own(new this.k.CrossSection([profile], 'NonZero'));
    const m = this.own(cs.revolve(seg, arcDeg));
    const [u, v, d] = frameAlong(axisDir);
    return this.xform(m, affine(u, v, d, at));
  }

  /** Thin shell of revolution along the open (radius, height) polyline `curve`, `thickness` thick. */
  latheShell(curve: Vec2[], thickness: number, at: Vec3 = [0, 0, 0], axisDir: Vec3 = [0, 1, 0], seg = SEG_MED): Manifold {
    const poly = thickenPolyline(curve, thickness).map(([r, y]) => [Math.max(0, r), y] as Vec2);
    return this.lathe(poly, at, axisDir, seg);
  }

  /** Cylinder (or cone/frustum when r1 ≠ r0) from point a (radius r0) to point b (radius r1). */
  rod(a: Vec3, b: Vec3, r0: number, r1: number = r0, seg = SEG_SMALL): Manifold {
    const dir: Vec3 = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
    const h = Math.sqrt(dir[0] * dir[0] + dir[1] * dir[1] + dir[2] * dir[2]);
    const m = this.own(this.k.Manifold.cylinder(h, r0, r1, seg, false));
    const [u, v, d] = frameAlong(dir);
    return this.xform(m, affine(u, v, d, a));
  }

  /** Bar of rectangular section (w across, t thick) from a to b; `up` orients the thickness. */
  bar(a: Vec3, b: Vec3, w: number, t: number = w, up: Vec3 = [0, 1, 0]): Manifold {
    const dir: Vec3 = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
    const h = Math.sqrt(dir[0] * dir[0] + dir[1] * dir[1] + dir[2] * dir[2]);
    const d: Vec3 = [dir[0] / h, dir[1] / h, dir[2] / h];
    let side = cross(up, d);
    const ls = Math.sqrt(side[0] * side[0] + side[1] * side[1] + side[2] * side[2]);
    side = ls > 1e-6 ? [side[0] / ls, side[1] / ls, side[2] / ls] : frameAlong(d)[0];
    const nrm = cross(d, side);
    const m = this.own(this.k.Manifold.cube([w, t, h], true));
    return this.xform(m, affine(side, nrm, d, [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2, (a[2] + b[2]) / 2]));
  }

  /** Sphere of radius r at `at` (geodesic; seg rounded up to a multiple of 4 by manifold). */
  ball(at: Vec3, r: number, seg = SEG_MED): Manifold {
    return this.move(this.own(this.k.Manifold.sphere(r, seg)), at);
  }

  /** Axis-aligned ellipsoid with semi-axes `radii` at `at`. */
  ellipsoid(at: Vec3, radii: Vec3, seg = SEG_MED, rotDeg?: Vec3): Manifold {
    const s = this.scale(this.own(this.k.Manifold.sphere(1, seg)), radii);
    return this.place(s, at, rotDeg);
  }

  /**
   * Torus (or a torus arc) with ring radius R and tube radius r around the axis `axisDir` through
   * `at`. An arc starts on the first axis of `frameAlong(axisDir)` rotated by `startDeg`
   * (for axisDir = y that is +z, turning towards +x; for x it is −z turning towards +y; for z it
   * is +x turning towards +y).
   */
  torus(
    at: Vec3,
    R: number,
    r: number,
    axisDir: Vec3 = [0, 1, 0],
    arcDeg = 360,
    startDeg = 0,
    segMajor = SEG_LARGE,
    segMinor = 12,
  ): Manifold {
    const circle = this.own(this.k.CrossSection.circle(r, segMinor));
    const moved = this.own(circle.translate([R, 0]));
    const m0 = this.own(moved.revolve(segMajor, arcDeg));
    const m = startDeg !== 0 ? this.rot(m0, [0, 0, startDeg]) : m0;
    const [u, v, d] = frameAlong(axisDir);
    return this.xform(m, affine(u, v, d, at));
  }

  /**
   * Curved wall: part of a vertical cylindrical shell about the vertical axis through `at`, with
   * radii R − t..R, heights at[1] + y0..at[1] + y1, spanning `arcDeg` centred on the horizontal
   * direction `centerDeg` (0 = +z, 90 = +x, 180 = −z). For round backs and curved sofas.
   */
  arcWall(at: Vec3, R: number, t: number, y0: number, y1: number, arcDeg: number, centerDeg = 180, seg = SEG_LARGE): Manifold {
    const prof: Vec2[] = [
      [R - t, y0],
      [R, y0],
      [R, y1],
      [R - t, y1],
    ];
    const cs = this.own(new this.k.CrossSection([prof], 'NonZero'));
    const m = this.own(cs.revolve(seg, arcDeg));
    // revolve spans local angles 0..arcDeg; frameAlong(y) sends local x to +z and local y to +x.
    const [u, v, d] = frameAlong([0, 1, 0]);
    const placed = this.xform(m, affine(u, v, d, [0, 0, 0]));
    return this.move(this.rot(placed, [0, centerDeg - arcDeg / 2, 0]), at);
  }

  /** Round tube along a polyline (rods joined by balls at the inner joints). */
  tube(path: Vec3[], r: number, seg = SEG_SMALL, capEnds = false): Manifold {
    const parts: Manifold[] = [];
    for (let i = 0; i + 1 < path.length; i++) parts.push(this.rod(path[i], path[i + 1], r, r, seg));
    const from = capEnds ? 0 : 1,
      to = capEnds ? path.length : path.length - 1;
    for (let i = from; i < to; i++) parts.push(this.ball(path[i], r, seg));
    return this.union(parts);
  }

  /** Wheel: tyre as a torus (or cylinder when `torus` is false) with a hub disc, axle along x. */
  wheel(at: Vec3, radius: number, width: number, torus = true): Manifold {
    if (torus) {
      const tube = width / 2;
      const tyre = this.torus(at, radius - tube, tube, [1, 0, 0], 360, 0, SEG_MED, 12);
      const hub = this.rod(
        [at[0] - width * 0.35, at[1], at[2]],
        [at[0] + width * 0.35, at[1], at[2]],
        radius - tube * 1.2,
        radius - tube * 1.2,
        SEG_MED,
      );
      return this.union([tyre, hub]);
    }
    const tyre = this.rod([at[0] - width / 2, at[1], at[2]], [at[0] + width / 2, at[1], at[2]], radius, radius, SEG_MED);
    const hub = this.rod([at[0] - width * 0.6, at[1], at[2]], [at[0] + width * 0.6, at[1], at[2]], radius * 0.45, radius * 0.45, SEG_SMALL);
    return this.union([tyre, hub]);
  }

  /** Converts a manifold to a pointocc mesh (positions as float32, shared vertices). */
  toMesh(m: Manifold): Mesh {
    const mm = m.getMesh();
    const np = mm.numProp;
    const nv = mm.vertProperties.length / np;
    const positions = new Float32Array(nv * 3);
    for (let i = 0; i < nv; i++) {
      positions[3 * i] = mm.vertProperties[np * i];
      positions[3 * i + 1] = mm.vertProperties[np * i + 1];
      positions[3 * i + 2] = mm.vertProperties[np * i + 2];
    }
    return { positions, faces: new Uint32Array(mm.triVerts) };
  }
}
