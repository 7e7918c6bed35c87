/**
 * 3-D centre curves for tubes, knots and chains, sampled densely (callers resample them by arc
 * length with `resample`). Units are model units; only proportions matter after normalisation.
 */
import type { Random } from '../../../geometry/Random.ts';
import type { Vec3 } from '../parts.ts';
import { U } from '../sampling.ts';

const TAU = 2 * Math.PI;

/** Longest side of the bounding box of a point list. */
export function extentOf(pts: Vec3[]): number {
  const lo = [Infinity, Infinity, Infinity],
    hi = [-Infinity, -Infinity, -Infinity];
  for (const q of pts)
    for (let a = 0; a < 3; a++) {
      lo[a] = Math.min(lo[a], q[a]);
      hi[a] = Math.max(hi[a], q[a]);
    }
  return Math.max(hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2]);
}

/**
 * (p, q) torus knot on a torus of ring radius R and tube radius a around the y axis: the curve
 * winds p times around the axis and q times through the hole (p, q coprime; (2, 3) is the
 * trefoil, (2, 5) the cinquefoil). `zScale` flattens or stretches it along the axis.
 */
export function torusKnot(p: number, q: number, R: number, a: number, n: number, zScale = 1): Vec3[] {
  return Array.from({ length: n }, (_, i) => {
    const t = (TAU * i) / n;
    const rr = R + a * Math.cos(q * t);
    return [rr * Math.cos(p * t), a * zScale * Math.sin(q * t), rr * Math.sin(p * t)] as Vec3;
  });
}

/** Figure-eight knot (4₁), a standard parametrisation: x = (2 + cos 2t) cos 3t, … . */
export function figureEightKnot(n: number, s: Vec3 = [1, 1, 1]): Vec3[] {
  return Array.from({ length: n }, (_, i) => {
    const t = (TAU * i) / n;
    const w = 2 + Math.cos(2 * t);
    return [s[0] * w * Math.cos(3 * t), s[1] * Math.sin(4 * t), s[2] * w * Math.sin(3 * t)] as Vec3;
  });
}

/**
 * Lissajous knot: (cos(nx t + φx), cos(ny t + φy), cos(nz t + φz)). With pairwise coprime
 * frequencies and generic phases it is a knot (e.g. (3, 2, 5) and (3, 2, 7)).
 */
export function lissajousKnot(f: Vec3, phase: Vec3, n: number, s: Vec3 = [1, 1, 1]): Vec3[] {
  return Array.from({ length: n }, (_, i) => {
    const t = (TAU * i) / n;
    return [s[0] * Math.cos(f[0] * t + phase[0]), s[1] * Math.cos(f[1] * t + phase[1]), s[2] * Math.cos(f[2] * t + phase[2])] as Vec3;
  });
}

/**
 * Random smooth closed curve: a circle of radius 1 in the xz plane plus Fourier harmonics 2..h
 * with amplitudes decaying as 1/k (`amp` in the plane, `ampY` out of it) (so it stays a gentle loop, sometimes a figure that crosses
 * over itself in projection but not in space once `safeTubeRadius` has been applied).
 */
export function randomLoop(r: Random, n: number, harmonics: number, amp: number, ampY = amp): Vec3[] {
  const co: number[][] = [];
  for (let k = 2; k <= harmonics; k++) for (let a = 0; a < 6; a++) co.push([k, a, (U(r, -1, 1) * (a >> 1 === 1 ? ampY : amp)) / k]);
  return Array.from({ length: n }, (_, i) => {
    const t = (TAU * i) / n;
    const p: Vec3 = [Math.cos(t), 0, Math.sin(t)];
    for (const [k, a, c] of co) {
      const v = a % 2 === 0 ? Math.cos(k * t) : Math.sin(k * t);
      p[a >> 1] += c * v;
    }
    return p;
  });
}

/** Catmull–Rom spline through control points (open), `per` samples per span. */
export function catmullRom(ctrl: Vec3[], per: number): Vec3[] {
  const out: Vec3[] = [];
  const P = [ctrl[0], ...ctrl, ctrl[ctrl.length - 1]];
  for (let i = 1; i + 2 < P.length; i++) {
    for (let s = 0; s < per; s++) {
      const t = s / per,
        t2 = t * t,
        t3 = t2 * t;
      const p: Vec3 = [0, 0, 0];
      for (let a = 0; a < 3; a++) {
        p[a] =
          0.5 *
          (2 * P[i][a] +
            (-P[i - 1][a] + P[i + 1][a]) * t +
            (2 * P[i - 1][a] - 5 * P[i][a] + 4 * P[i + 1][a] - P[i + 2][a]) * t2 +
            (-P[i - 1][a] + 3 * P[i][a] - 3 * P[i + 1][a] + P[i + 2][a]) * t3);
      }
      out.push(p);
    }
  }
  out.push(ctrl[ctrl.length - 1]);
  return out;
}

/**
 * Random walk of `k` control points with steps of length `step`, each turning at most
 * `maxTurnDeg` from the last direction (a wandering cable or worm).
 */
export function randomWalk(r: Random, k: number, step: number, maxTurnDeg: number): Vec3[] {
  const pts: Vec3[] = [[0, 0, 0]];
  let d: Vec3 = [1, 0, 0];
  for (let i = 1; i < k; i++) {
    // Turn by a random rotation: perturb and renormalise, limited by the cone angle.
    const lim = Math.tan((maxTurnDeg * Math.PI) / 180);
    const q: Vec3 = [d[0] + U(r, -lim, lim), d[1] + U(r, -lim, lim), d[2] + U(r, -lim, lim)];
    const l = Math.sqrt(q[0] * q[0] + q[1] * q[1] + q[2] * q[2]);
    d = [q[0] / l, q[1] / l, q[2] / l];
    const p = pts[i - 1];
    pts.push([p[0] + step * d[0], p[1] + step * d[1], p[2] + step * d[2]]);
  }
  return pts;
}

/** Helix of `turns` turns, radius R, pitch per turn, around the y axis starting on +x. */
export function helix(R: number, pitch: number, turns: number, n: number): Vec3[] {
  return Array.from({ length: n }, (_, i) => {
    const t = (turns * TAU * i) / (n - 1);
    return [R * Math.cos(t), (pitch * t) / TAU, R * Math.sin(t)] as Vec3;
  });
}

/**
 * Polyline with its corners replaced by circular arcs of radius `bend` (pipe elbows). Each arc
 * is cut to fit the shorter neighbouring leg; `per` points per arc.
 */
export function filletPolyline(corners: Vec3[], bend: number, per: number): Vec3[] {
  const out: Vec3[] = [corners[0]];
  for (let i = 1; i + 1 < corners.length; i++) {
    const a = corners[i - 1],
      b = corners[i],
      c = corners[i + 1];
    const u = unit([a[0] - b[0], a[1] - b[1], a[2] - b[2]]),
      v = unit([c[0] - b[0], c[1] - b[1], c[2] - b[2]]);
    const cosA = Math.max(-1, Math.min(1, u[0] * v[0] + u[1] * v[1] + u[2] * v[2]));
    const half = Math.acos(cosA) / 2;
    if (half > Math.PI / 2 - 1e-3) {
      out.push(b);
      continue;
    }
    const la = dist(a, b),
      lc = dist(b, c);
    let tcut = bend / Math.tan(half);
    tcut = Math.min(tcut, 0.45 * la, 0.45 * lc);
    const rad = tcut * Math.tan(half);
    const p0: Vec3 = [b[0] + u[0] * tcut, b[1] + u[1] * tcut, b[2] + u[2] * tcut];
    const bis = unit([u[0] + v[0], u[1] + v[1], u[2] + v[2]]);
    const cd = rad / Math.sin(half);
    const ctr: Vec3 = [b[0] + bis[0] * cd, b[1] + bis[1] * cd, b[2] + bis[2] * cd];
    const e1 = unit([p0[0] - ctr[0], p0[1] - ctr[1], p0[2] - ctr[2]]);
    const p1: Vec3 = [b[0] + v[0] * tcut, b[1] + v[1] * tcut, b[2] + v[2] * tcut];
    const e1b = unit([p1[0] - ctr[0], p1[1] - ctr[1], p1[2] - ctr[2]]);
    const sweepAng = Math.PI - 2 * half;
    for (let k = 0; k <= per; k++) {
      // Spherical interpolation from e1 to e1b.
      const t = k / per,
        s = Math.sin(sweepAng);
      const w0 = Math.sin((1 - t) * sweepAng) / s,
        w1 = Math.sin(t * sweepAng) / s;
      out.push([
        ctr[0] + rad * (w0 * e1[0] + w1 * e1b[0]),
        ctr[1] + rad * (w0 * e1[1] + w1 * e1b[1]),
        ctr[2] + rad * (w0 * e1[2] + w1 * e1b[2]),
      ]);
    }
  }
  out.push(corners[corners.length - 1]);
  return out;
}

function unit(a: Vec3): Vec3 {
  const l = Math.sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]);
  return [a[0] / l, a[1] / l, a[2] / l];
}

function dist(a: Vec3, b: Vec3): number {
  return Math.sqrt((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2 + (a[2] - b[2]) ** 2);
}
