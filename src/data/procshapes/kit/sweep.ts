/**
 * Tubes: a 2-D section (a circle by default) swept along a sampled 3-D curve, written directly as
 * a closed triangle mesh and handed to manifold-3d (`new Manifold(mesh)` checks that it is an
 * oriented 2-manifold). Open curves get flat or rounded end caps; closed curves join their last
 * ring to the first, which makes a solid torus (genus 1) of any knot.
 *
 * Frames are rotation-minimising (projection of the previous normal onto the new normal plane);
 * on a closed curve the frame's mismatch after one lap (the curve's holonomy) is spread evenly
 * along it, so a non-round section (a ribbon) closes without a kink.
 *
 * A sweep is only a valid solid when the tube does not touch itself. `safeTubeRadius` shrinks a
 * wanted radius until (a) every bend's radius of curvature is ≥ 1.5 r and (b) any two samples
 * more than 4 r apart along the curve are ≥ 2.4 r apart in space, which keeps strands of a knot
 * apart (the model must learn that they do not merge).
 */
import type { Manifold } from 'manifold-3d';
import { cross, frameAlong, normalize, type Parts, type Vec2, type Vec3 } from '../parts.ts';

const sub = (a: Vec3, b: Vec3): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const dot = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const len = (a: Vec3) => Math.sqrt(dot(a, a));

/** Unit circle as a section polygon with `seg` points, counter-clockwise. */
export function circleSection(seg: number): Vec2[] {
  return Array.from({ length: seg }, (_, j) => [Math.cos((2 * Math.PI * j) / seg), Math.sin((2 * Math.PI * j) / seg)] as Vec2);
}

/** Resamples a polyline to `n` points evenly spaced by arc length (closed: the loop, last ≠ first). */
export function resample(pts: Vec3[], n: number, closed: boolean): Vec3[] {
  const P = closed ? [...pts, pts[0]] : pts;
  const cum = [0];
  for (let i = 1; i < P.length; i++) cum.push(cum[i - 1] + len(sub(P[i], P[i - 1])));
  const total = cum[cum.length - 1];
  const out: Vec3[] = [];
  const m = closed ? n : n - 1;
  let j = 0;
  for (let i = 0; i < n; i++) {
    const s = (total * i) / m;
    while (j < P.length - 2 && cum[j + 1] < s) j++;
    const t = Math.min(1, Math.max(0, (s - cum[j]) / (cum[j + 1] - cum[j] || 1)));
    out.push([P[j][0] + t * (P[j + 1][0] - P[j][0]), P[j][1] + t * (P[j + 1][1] - P[j][1]), P[j][2] + t * (P[j + 1][2] - P[j][2])]);
  }
  return out;
}

/** Length of a polyline (closed: including the closing segment). */
export function curveLength(pts: Vec3[], closed: boolean): number {
  let s = 0;
  for (let i = 1; i < pts.length; i++) s += len(sub(pts[i], pts[i - 1]));
  return closed ? s + len(sub(pts[0], pts[pts.length - 1])) : s;
}

/**
 * Largest radius ≤ `wanted` (shrunk by 15 % steps) for which a tube around the polyline does
 * not touch itself by the two tests in the header; 0 if none is found in 30 steps.
 */
export function safeTubeRadius(pts: Vec3[], closed: boolean, wanted: number): number {
  const n = pts.length;
  const seg = pts.map((_, i) => (i + 1 < n ? len(sub(pts[i + 1], pts[i])) : closed ? len(sub(pts[0], pts[i])) : 0));
  const cum = [0];
  for (let i = 1; i < n; i++) cum.push(cum[i - 1] + seg[i - 1]);
  const total = closed ? cum[n - 1] + seg[n - 1] : cum[n - 1];
  // Smallest radius of curvature: circumradius of consecutive triples.
  let minCurv = Infinity;
  for (let i = closed ? 0 : 1; i < (closed ? n : n - 1); i++) {
    const a = pts[(i - 1 + n) % n],
      b = pts[i],
      c = pts[(i + 1) % n];
    const ab = len(sub(a, b)),
      bc = len(sub(b, c)),
      ca = len(sub(c, a));
    const area2 = len(cross(sub(b, a), sub(c, a)));
    if (area2 > 1e-15) minCurv = Math.min(minCurv, (ab * bc * ca) / (2 * area2));
  }
  let r = wanted;
  for (let step = 0; step < 30; step++, r *= 0.85) {
    if (minCurv < 1.5 * r) continue;
    let ok = true;
    for (let i = 0; i < n && ok; i++) {
      for (let j = i + 1; j < n; j++) {
        let arc = cum[j] - cum[i];
        if (closed) arc = Math.min(arc, total - arc);
        if (arc <= 4 * r) continue;
        const d = sub(pts[i], pts[j]);
        if (dot(d, d) < (2.4 * r) ** 2) {
          ok = false;
          break;
        }
      }
    }
    if (ok) return r;
  }
  return 0;
}

export interface SweepOptions {
  /** Join the last ring to the first (a loop). Default false. */
  closed?: boolean;
  /** Tube radius (model units), or a function of the curve parameter s ∈ [0, 1]. */
  radius: number | ((s: number) => number);
  /** Points around the section when it is a circle (default 16). */
  seg?: number;
  /** Section polygon in the (normal, binormal) plane, unit size, counter-clockwise; default a circle. */
  section?: Vec2[];
  /**
   * Angle (degrees) the section turns about the curve from start to end, on top of the frame.
   * On a closed curve it must map the section onto itself (a multiple of 360° / its symmetry:
   * 180° for an ellipse), and twistDeg·points/360 must be a whole number of section points.
   */
  twistDeg?: number;
  /** End caps of an open tube: 'flat' discs or 'round' half-spheres (default 'round'). */
  caps?: 'flat' | 'round';
}

/**
 * The tube around the polyline `pts` (≥ 2 points; ≥ 3 when closed). Callers keep the radius
 * below `safeTubeRadius`; the mesh is oriented outward here (flipped if its volume is negative).
 */
export function sweep(p: Parts, pts: Vec3[], o: SweepOptions): Manifold {
  const closed = o.closed ?? false;
  const n = pts.length;
  const section = o.section ?? circleSection(o.seg ?? 16);
  const m = section.length;
  const radius = typeof o.radius === 'number' ? () => o.radius as number : o.radius;
  // Tangents by central differences.
  const T: Vec3[] = pts.map((_, i) => {
    const a = pts[closed ? (i - 1 + n) % n : Math.max(0, i - 1)],
      b = pts[closed ? (i + 1) % n : Math.min(n - 1, i + 1)];
    return normalize(sub(b, a));
  });
  // Rotation-minimising normals by projection.
  const N: Vec3[] = [frameAlong(T[0])[0]];
  for (let i = 1; i <= (closed ? n : n - 1); i++) {
    const t = T[i % n],
      prev = N[i - 1];
    const q = sub(prev, [t[0] * dot(prev, t), t[1] * dot(prev, t), t[2] * dot(prev, t)]);
    N.push(len(q) > 1e-9 ? normalize(q) : frameAlong(t)[0]);
  }
  let holonomy = 0;
  if (closed) {
    // Angle about T[0] that takes the transported normal back onto the starting one.
    const u = N[n],
      t0 = T[0];
    holonomy = Math.atan2(dot(cross(u, N[0]), t0), dot(u, N[0]));
  }
  const twist = ((o.twistDeg ?? 0) * Math.PI) / 180;
  const pos: number[] = [];
  const ring = (i: number, c: Vec3, t: Vec3, nrm: Vec3, r: number, angle: number) => {
    const b0 = cross(t, nrm);
    const ca = Math.cos(angle),
      sa = Math.sin(angle);
    const u: Vec3 = [ca * nrm[0] + sa * b0[0], ca * nrm[1] + sa * b0[1], ca * nrm[2] + sa * b0[2]];
    const v = cross(t, u);
    for (const [su, sv] of section)
      pos.push(c[0] + r * (su * u[0] + sv * v[0]), c[1] + r * (su * u[1] + sv * v[1]), c[2] + r * (su * u[2] + sv * v[2]));
    void i;
  };
  for (let i = 0; i < n; i++) {
    const s = closed ? i / n : i / (n - 1);
    ring(i, pts[i], T[i], N[i], radius(s), holonomy * s + twist * s);
  }
  const tri: number[] = [];
  const quadStrip = (r0: number, r1: number) => {
    for (let j = 0; j < m; j++) {
      const j2 = (j + 1) % m;
      const a = r0 * m + j,
        b = r1 * m + j,
        c = r1 * m + j2,
        d = r0 * m + j2;
      tri.push(a, b, c, a, c, d);
    }
  };
  for (let i = 0; i + 1 < n; i++) quadStrip(i, i + 1);
  if (closed) {
    // The last ring joins the first turned by the twist: point j meets point j + shift.
    const exact = ((o.twistDeg ?? 0) * m) / 360;
    const shift = ((Math.round(exact) % m) + m) % m;
    if (Math.abs(exact - Math.round(exact)) > 1e-9)
      throw new RangeError(`sweep: twist ${o.twistDeg}° is not a whole number of the ${m} section points`);
    for (let j = 0; j < m; j++) {
      const a = (n - 1) * m + j,
        d = (n - 1) * m + ((j + 1) % m);
      const b = (j + shift) % m,
        c = (j + 1 + shift) % m;
      tri.push(a, b, c, a, c, d);
    }
  } else {
    // Caps: rings shrinking over a quarter circle beyond each end (round), then a tip vertex.
    const rounds = (o.caps ?? 'round') === 'round' ? 4 : 0;
    for (const end of [0, n - 1]) {
      const dir = end === 0 ? -1 : 1;
      const r = radius(end === 0 ? 0 : 1);
      const t = T[end];
      let prevRing = end;
      const angle = end === 0 ? 0 : holonomy + twist;
      for (let k = 1; k <= rounds; k++) {
        const phi = ((Math.PI / 2) * k) / (rounds + 1);
        const c: Vec3 = [
          pts[end][0] + dir * r * Math.sin(phi) * t[0],
          pts[end][1] + dir * r * Math.sin(phi) * t[1],
          pts[end][2] + dir * r * Math.sin(phi) * t[2],
        ];
        const idx = pos.length / 3 / m;
        ring(idx, c, t, N[end], r * Math.cos(phi), angle);
        if (dir > 0) quadStrip(prevRing, idx);
        else quadStrip(idx, prevRing);
        prevRing = idx;
      }
      const tip = pos.length / 3;
      const h = rounds > 0 ? r : 0;
      pos.push(pts[end][0] + dir * h * t[0], pts[end][1] + dir * h * t[1], pts[end][2] + dir * h * t[2]);
      for (let j = 0; j < m; j++) {
        const j2 = (j + 1) % m;
        if (dir > 0) tri.push(prevRing * m + j, tip, prevRing * m + j2);
        else tri.push(prevRing * m + j2, tip, prevRing * m + j);
      }
    }
  }
  // Orientation: outward iff the signed volume is positive.
  let vol = 0;
  for (let t = 0; t < tri.length; t += 3) {
    const a = 3 * tri[t],
      b = 3 * tri[t + 1],
      c = 3 * tri[t + 2];
    vol +=
      pos[a] * (pos[b + 1] * pos[c + 2] - pos[b + 2] * pos[c + 1]) -
      pos[a + 1] * (pos[b] * pos[c + 2] - pos[b + 2] * pos[c]) +
      pos[a + 2] * (pos[b] * pos[c + 1] - pos[b + 1] * pos[c]);
  }
  if (vol < 0)
    for (let t = 0; t < tri.length; t += 3) {
      const x = tri[t + 1];
      tri[t + 1] = tri[t + 2];
      tri[t + 2] = x;
    }
  const mesh = new p.k.Mesh({ numProp: 3, vertProperties: Float32Array.from(pos), triVerts: Uint32Array.from(tri) });
  return p.own(new p.k.Manifold(mesh));
}
