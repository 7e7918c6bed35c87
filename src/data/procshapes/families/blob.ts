/**
 * Blobs: smooth organic free-form solids meshed from implicit fields — metaball clusters,
 * noise-displaced spheres, rocks with ridged noise, superellipsoid pebbles, lumpy multi-lobed
 * beans, tubers along bent spines and noisy tori (genus 1). No straight edges or flat faces:
 * the opposite of furniture. Units: size ≈ 1 (radius ≈ 0.5).
 */
import type { Random } from '../../../geometry/Random.ts';
import { Blend, implicitSolid } from '../kit/implicit.ts';
import type { Field } from '../kit/Field.ts';
import { fbm, gradientNoise } from '../kit/noise.ts';
import { normalize, type Vec3 } from '../parts.ts';
import { I, U } from '../sampling.ts';
import type { ShapeFamily } from '../ShapeFamily.ts';

/** Uniformly random unit vector. */
function randomDir(r: Random): Vec3 {
  for (;;) {
    const v: Vec3 = [U(r, -1, 1), U(r, -1, 1), U(r, -1, 1)];
    const l = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
    if (l > 0.1 && l <= 1) return [v[0] / l, v[1] / l, v[2] / l];
  }
}

/**
 * Star-shaped solid: radius R(1 + amp·n(dir)) around the origin, stretched by `scale` (a field
 * scaled back to roughly metric units so the grid resolves it). `n` ∈ [−1, 1].
 */
function starField(R: number, amp: number, n: (x: number, y: number, z: number) => number, scale: Vec3): Field {
  return (x, y, z) => {
    const qx = x / scale[0],
      qy = y / scale[1],
      qz = z / scale[2];
    const l = Math.sqrt(qx * qx + qy * qy + qz * qz) || 1e-9;
    return (l - R * (1 + amp * n(qx / l, qy / l, qz / l))) * Math.min(scale[0], scale[1], scale[2]);
  };
}

/** Box of half-extent h·scale around the origin. */
const boxOf = (h: number, s: Vec3): [Vec3, Vec3] => [
  [-h * s[0], -h * s[1], -h * s[2]],
  [h * s[0], h * s[1], h * s[2]],
];

export const blob: ShapeFamily = {
  name: 'blob',
  kind: 'organic',
  summary:
    'metaball clusters, noise-displaced spheres, ridged rocks, superellipsoid pebbles, multi-lobed beans, tubers on bent spines, noisy tori (genus 1)',
  variants: [
    {
      name: 'metaballs',
      build(p, r) {
        // Wyvill's compact kernel (1 − d²/R²)³: balls placed by a random walk of steps ≤ 1.1 R
        // stay connected (the field at the midpoint of two is ≥ 2·0.34 > the threshold ≤ 0.5).
        const n = I(r, 4, 10),
          T = U(r, 0.3, 0.5);
        const balls: [number, number, number, number][] = [];
        let c: Vec3 = [0, 0, 0];
        for (let i = 0; i < n; i++) {
          const R = U(r, 0.15, 0.5);
          if (i > 0) {
            const from = balls[I(r, 0, i - 1)],
              d = randomDir(r),
              step = Math.min(from[3], R) * U(r, 0.6, 1.1);
            c = [from[0] + d[0] * step, from[1] + d[1] * step, from[2] + d[2] * step];
          }
          balls.push([c[0], c[1], c[2], R]);
        }
        const field: Field = (x, y, z) => {
          let s = 0;
          for (const [bx, by, bz, R] of balls) {
            const q = ((x - bx) ** 2 + (y - by) ** 2 + (z - bz) ** 2) / (R * R);
            if (q < 1) s += (1 - q) ** 3;
          }
          return (T - s) * 0.3;
        };
        const lo: Vec3 = [Infinity, Infinity, Infinity],
          hi: Vec3 = [-Infinity, -Infinity, -Infinity];
        for (const b of balls)
          for (let a = 0; a < 3; a++) {
            lo[a] = Math.min(lo[a], b[a] - b[3]);
            hi[a] = Math.max(hi[a], b[a] + b[3]);
          }
        return implicitSolid(p, field, lo, hi, 48);
      },
    },
    {
      name: 'noise-sphere',
      build(p, r) {
        const nz = fbm(gradientNoise(r), I(r, 1, 4), U(r, 0.35, 0.6));
        const freq = U(r, 0.8, 2.5),
          amp = U(r, 0.1, 0.35);
        const s: Vec3 = [1, U(r, 0.7, 1.3), U(r, 0.7, 1.3)];
        p.claims.genus = 0;
        const [lo, hi] = boxOf(0.5 * (1 + amp * 1.2), s);
        return implicitSolid(
          p,
          starField(0.5, amp, (x, y, z) => nz(x * freq, y * freq, z * freq), s),
          lo,
          hi,
          40,
          0.0025,
        );
      },
    },
    {
      name: 'rock',
      build(p, r) {
        // Ridged noise makes crests and gullies; flattened like a boulder or a river stone.
        const nz = fbm(gradientNoise(r), I(r, 3, 5), 0.5, true);
        const freq = U(r, 1, 2.2),
          amp = U(r, 0.08, 0.2);
        const s: Vec3 = [1, U(r, 0.45, 0.9), U(r, 0.6, 1)];
        p.claims.genus = 0;
        const [lo, hi] = boxOf(0.5 * (1 + amp * 1.2), s);
        return implicitSolid(
          p,
          starField(0.5, amp, (x, y, z) => nz(x * freq, y * freq, z * freq), s),
          lo,
          hi,
          44,
          0.0025,
        );
      },
    },
    {
      name: 'pebble',
      build(p, r) {
        // Superellipsoid |x/a|^e + |y/b|^e + |z/c|^e = 1 (e = 2 ellipsoid, large e a rounded box) with faint noise.
        const e = U(r, 2.2, 5),
          a: Vec3 = [0.5, U(r, 0.2, 0.45), U(r, 0.3, 0.5)];
        const nz = gradientNoise(r),
          amp = U(r, 0, 0.04);
        const field: Field = (x, y, z) => {
          const q = (Math.abs(x / a[0]) ** e + Math.abs(y / a[1]) ** e + Math.abs(z / a[2]) ** e) ** (1 / e);
          return (q - 1 - amp * nz(x * 3, y * 3, z * 3)) * Math.min(a[0], a[1], a[2]);
        };
        p.claims.genus = 0;
        p.claims.thickness = 2 * a[1];
        return implicitSolid(p, field, [-a[0] * 1.1, -a[1] * 1.1, -a[2] * 1.1], [a[0] * 1.1, a[1] * 1.1, a[2] * 1.1], 48);
      },
    },
    {
      name: 'bean',
      build(p, r) {
        // Two to four ellipsoid lobes in a bent row, blended (peanuts, beans, bone ends).
        const n = I(r, 2, 4),
          body = new Blend();
        let c: Vec3 = [0, 0, 0],
          dir: Vec3 = [1, 0, 0];
        let minR = Infinity;
        for (let i = 0; i < n; i++) {
          const rad: Vec3 = [U(r, 0.2, 0.35), U(r, 0.15, 0.3), U(r, 0.15, 0.3)];
          minR = Math.min(minR, ...rad);
          body.ellipsoid(c, rad, U(r, 0.08, 0.2), [dir, normalize([-dir[1], dir[0], 0]), [0, 0, 1]]);
          const turn = U(r, -0.7, 0.7);
          dir = normalize([
            dir[0] * Math.cos(turn) - dir[1] * Math.sin(turn),
            dir[0] * Math.sin(turn) + dir[1] * Math.cos(turn),
            U(r, -0.3, 0.3),
          ]);
          const step = rad[0] * U(r, 0.9, 1.4);
          c = [c[0] + dir[0] * step, c[1] + dir[1] * step, c[2] + dir[2] * step];
        }
        p.claims.thickness = 2 * minR;
        return body.solid(p, minR);
      },
    },
    {
      name: 'tuber',
      build(p, r) {
        // Capsules along a wandering spine, radius swelling and shrinking, with knobby side buds.
        const body = new Blend();
        const n = I(r, 4, 8),
          step = U(r, 0.15, 0.3);
        let c: Vec3 = [0, 0, 0],
          d: Vec3 = [1, 0, 0];
        const rad = () => U(r, 0.08, 0.22);
        let r0 = rad(),
          minR = r0;
        for (let i = 0; i < n; i++) {
          d = normalize([d[0] + U(r, -0.5, 0.5), d[1] + U(r, -0.5, 0.5), d[2] + U(r, -0.5, 0.5)]);
          const next: Vec3 = [c[0] + d[0] * step, c[1] + d[1] * step, c[2] + d[2] * step],
            r1 = rad();
          body.capsule(c, next, r0, r1, 0.06);
          if (I(r, 0, 3) === 0) {
            const bd = randomDir(r),
              br = r1 * U(r, 0.4, 0.7);
            body.sphere([next[0] + bd[0] * r1 * 0.9, next[1] + bd[1] * r1 * 0.9, next[2] + bd[2] * r1 * 0.9], br, 0.05);
            minR = Math.min(minR, br);
          }
          c = next;
          r0 = r1;
          minR = Math.min(minR, r1);
        }
        p.claims.thickness = 2 * minR;
        return body.solid(p, minR, 72);
      },
    },
    {
      name: 'noisy-torus',
      build(p, r) {
        // Ring of varying thickness with surface noise kept below 40 % of the tube: genus 1.
        const R = 0.5,
          rt = R * U(r, 0.2, 0.45);
        const nz = fbm(gradientNoise(r), 3, 0.5),
          amp = U(r, 0.05, 0.4),
          freq = U(r, 1.5, 4);
        const wob = U(r, 0, 0.4),
          k = I(r, 1, 3),
          ph = U(r, 0, 6.3);
        const field: Field = (x, y, z) => {
          const a = Math.atan2(z, x);
          const rr = rt * (1 + wob * 0.5 * Math.sin(k * a + ph));
          const q = Math.sqrt(x * x + z * z) - R;
          return Math.sqrt(q * q + y * y) - rr * (1 + amp * nz(x * freq, y * freq, z * freq));
        };
        const h = R + rt * (1 + wob) * (1 + amp) * 1.1,
          hy = rt * (1 + wob) * (1 + amp) * 1.1;
        p.claims.genus = 1;
        p.claims.thickness = 2 * rt * (1 - wob * 0.5) * (1 - amp);
        return implicitSolid(p, field, [-h, -hy, -h], [h, hy, h], 48, 0.002);
      },
    },
  ],
};
