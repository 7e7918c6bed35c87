/**
 * Chains and multi-holed rings: many loops close together. Interlocked links touch their
 * neighbours at one small overlap (as a taut chain does), so each shape is one solid whose genus
 * is exactly the number of loops it has (stated and checked): a straight chain of n links has
 * genus n, a closed necklace n + 1, a stud-link chain 2n. Units: link wire radius w ≈ 0.1–0.2 of
 * the link's end radius; everything is normalised afterwards.
 */
import type { Manifold } from 'manifold-3d';
import type { Random } from '../../../geometry/Random.ts';
import { Blend, implicitSolid, torusField } from '../kit/implicit.ts';
import { sweep } from '../kit/sweep.ts';
import { cross, normalize, type Parts, type Vec3 } from '../parts.ts';
import { I, U } from '../sampling.ts';
import type { ShapeFamily } from '../ShapeFamily.ts';

/** Centre line of a stadium link in its local xy plane: straight part `ls` along x, end radius `rl`. */
function stadium(ls: number, rl: number, n = 56): [number, number][] {
  const per = 2 * ls + 2 * Math.PI * rl;
  const pts: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    let s = (per * i) / n;
    // Right half circle, top straight (right→left), left half circle, bottom straight.
    if (s < Math.PI * rl) {
      const a = -Math.PI / 2 + s / rl;
      pts.push([ls / 2 + rl * Math.cos(a), rl * Math.sin(a)]);
      continue;
    }
    s -= Math.PI * rl;
    if (s < ls) {
      pts.push([ls / 2 - s, rl]);
      continue;
    }
    s -= ls;
    if (s < Math.PI * rl) {
      const a = Math.PI / 2 + s / rl;
      pts.push([-ls / 2 + rl * Math.cos(a), rl * Math.sin(a)]);
      continue;
    }
    s -= Math.PI * rl;
    pts.push([-ls / 2 + s, -rl]);
  }
  return pts;
}

/** Link parameters: straight part, end radius, wire radius. */
interface LinkShape {
  ls: number;
  rl: number;
  w: number;
}

function drawLink(r: Random): LinkShape {
  const rl = 1,
    w = U(r, 0.18, 0.32) * rl;
  return { ls: U(r, 0, 1.6) * rl, rl, w };
}

/**
 * One link at `c` with its long axis along `ax` and its plane spanned by `ax` and `side`
 * (both unit, orthogonal); `stud` adds the bar across the middle (stud-link chain, genus 2).
 */
function link(p: Parts, L: LinkShape, c: Vec3, ax: Vec3, side: Vec3, stud: boolean): Manifold {
  const loc = stadium(L.ls, L.rl);
  const pts = loc.map(([u, v]) => [c[0] + u * ax[0] + v * side[0], c[1] + u * ax[1] + v * side[1], c[2] + u * ax[2] + v * side[2]] as Vec3);
  const ring = sweep(p, pts, { closed: true, radius: L.w, seg: 10 });
  if (!stud) return ring;
  const a: Vec3 = [c[0] - side[0] * L.rl, c[1] - side[1] * L.rl, c[2] - side[2] * L.rl];
  const b: Vec3 = [c[0] + side[0] * L.rl, c[1] + side[1] * L.rl, c[2] + side[2] * L.rl];
  return p.union([ring, p.rod(a, b, L.w * 0.8, L.w * 0.8, 12)]);
}

/** Centre distance of two interlocked links pulled taut with wire overlap `ov` (fraction of 2w). */
function pitch(L: LinkShape, ov: number): number {
  return L.ls + 2 * L.rl - 2 * L.w * (1 - ov);
}

/** Rotates v about the unit axis k by angle a (radians). */
function rotAbout(v: Vec3, k: Vec3, a: number): Vec3 {
  const c = Math.cos(a),
    s = Math.sin(a),
    kd = k[0] * v[0] + k[1] * v[1] + k[2] * v[2];
  const kx = cross(k, v);
  return [
    v[0] * c + kx[0] * s + k[0] * kd * (1 - c),
    v[1] * c + kx[1] * s + k[1] * kd * (1 - c),
    v[2] * c + kx[2] * s + k[2] * kd * (1 - c),
  ];
}

/** Straight chain of n links along x, alternating planes 90° ± 20° apart. */
function straightChain(p: Parts, r: Random, stud: boolean): Manifold {
  const n = I(r, 3, 7);
  const L = drawLink(r);
  if (stud) L.ls = Math.max(L.ls, 0.6);
  const d = pitch(L, U(r, 0.2, 0.35));
  const links: Manifold[] = [];
  let roll = U(r, 0, Math.PI);
  for (let i = 0; i < n; i++) {
    const side: Vec3 = [0, Math.cos(roll), Math.sin(roll)];
    links.push(link(p, L, [i * d, 0, 0], [1, 0, 0], side, stud));
    roll += Math.PI / 2 + U(r, -0.35, 0.35);
  }
  p.claims.genus = stud ? 2 * n : n;
  p.claims.thickness = 2 * L.w * (stud ? 0.8 : 1);
  return p.union(links);
}

export const chain: ShapeFamily = {
  name: 'chain',
  kind: 'high-genus',
  summary:
    'interlocked link chains (plain, stud-link, closed necklace), key rings, multi-holed pretzel tori and overlapping ring rows; genus = number of loops',
  variants: [
    {
      name: 'link-chain',
      build(p, r) {
        return straightChain(p, r, false);
      },
    },
    {
      name: 'stud-link-chain',
      build(p, r) {
        return straightChain(p, r, true);
      },
    },
    {
      name: 'necklace',
      build(p, r) {
        // n links around a polygon: link i spans contact points V_i..V_{i+1}; genus n + 1.
        const n = I(r, 8, 14);
        const L = drawLink(r);
        const ov = U(r, 0.3, 0.4);
        const chord = pitch(L, ov);
        const Rv = chord / (2 * Math.sin(Math.PI / n));
        const V = Array.from(
          { length: n },
          (_, i) => [Rv * Math.cos((2 * Math.PI * i) / n), 0, Rv * Math.sin((2 * Math.PI * i) / n)] as Vec3,
        );
        const links: Manifold[] = [];
        for (let i = 0; i < n; i++) {
          const a = V[i],
            b = V[(i + 1) % n];
          const c: Vec3 = [(a[0] + b[0]) / 2, 0, (a[2] + b[2]) / 2];
          const ax = normalize([b[0] - a[0], 0, b[2] - a[2]]);
          const side: Vec3 = i % 2 === 0 ? [0, 1, 0] : normalize(cross(ax, [0, 1, 0]));
          links.push(link(p, L, c, ax, side, false));
        }
        p.claims.genus = n + 1;
        p.claims.thickness = 2 * L.w;
        return p.union(links);
      },
    },
    {
      name: 'key-ring',
      build(p, r) {
        // A large ring with k smaller rings threaded on it near its bottom; genus 1 + k.
        const R = 1,
          wb = U(r, 0.025, 0.05);
        const k = I(r, 1, 4);
        const parts: Manifold[] = [p.torus([0, 0, 0], R, wb, [0, 0, 1], 360, 0, 64, 12)];
        const rs = U(r, 0.2, 0.4);
        const ws = U(r, 0.02, 0.045);
        const step = (2.3 * (rs + ws)) / R;
        let phi = -Math.PI / 2 - (step * (k - 1)) / 2;
        for (let j = 0; j < k; j++, phi += step * U(r, 1, 1.15)) {
          const P: Vec3 = [R * Math.cos(phi), R * Math.sin(phi), 0];
          const er: Vec3 = [Math.cos(phi), Math.sin(phi), 0],
            t: Vec3 = [-Math.sin(phi), Math.cos(phi), 0];
          // The small ring's plane is normal to the big ring's tangent; it leans out by psi.
          const e = rotAbout(er, t, U(r, -1.1, 1.1));
          const d = rs - (wb + ws) * (1 - U(r, 0.25, 0.4));
          const C: Vec3 = [P[0] + e[0] * d, P[1] + e[1] * d, P[2] + e[2] * d];
          parts.push(p.torus(C, rs, ws, t, 360, 0, 32, 10));
        }
        p.claims.genus = 1 + k;
        p.claims.thickness = 2 * Math.min(wb, ws);
        return p.union(parts);
      },
    },
    {
      name: 'pretzel',
      build(p, r) {
        // n tori side by side blended smoothly into one multi-holed torus (genus n).
        const n = I(r, 2, 4);
        const rt = U(r, 0.2, 0.38);
        const Rs = Array.from({ length: n }, () => U(r, 0.8, 1.25));
        const body = new Blend();
        let x = 0;
        for (let i = 0; i < n; i++) {
          if (i > 0) x += (Rs[i - 1] + Rs[i]) * U(r, 0.9, 1.0);
          const c: Vec3 = [x, 0, 0],
            R = Rs[i];
          body.add(torusField(c, [0, 1, 0], R, rt), c, R + rt, rt * 0.8);
        }
        p.claims.genus = n;
        p.claims.thickness = 2 * rt;
        // The ball bounds of tori are loose along y; the grid only needs the slab |y| ≤ rt.
        const lo: Vec3 = [body.lo[0], -rt, body.lo[2]],
          hi: Vec3 = [body.hi[0], rt, body.hi[2]];
        return implicitSolid(p, body.field(), lo, hi, Math.round((3.5 * (hi[0] - lo[0])) / rt));
      },
    },
    {
      name: 'ring-row',
      build(p, r) {
        // Coplanar rings overlapping their neighbours twice, leaving a lens-shaped window between
        // them: n rings give 2n − 1 holes.
        const n = I(r, 2, 5);
        const R = 1,
          w = U(r, 0.06, 0.16);
        const parts: Manifold[] = [];
        let x = 0;
        for (let i = 0; i < n; i++) {
          if (i > 0) x += U(r, 1.0, 2 * R - 3 * w);
          parts.push(p.torus([x, 0, 0], R, w, [0, 1, 0], 360, 0, 48, 12));
        }
        p.claims.genus = 2 * n - 1;
        p.claims.thickness = 2 * w;
        return p.union(parts);
      },
    },
  ],
};
