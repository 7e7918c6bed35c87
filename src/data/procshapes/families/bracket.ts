/**
 * Brackets and perforated plates: thin plates (1.5–6 % of the longest side, unit-cube units)
 * bent into L, Z and U sections or cut as flat plates and gussets, with round holes and slots.
 * Genus = number of holes and slots, stated per shape. Units: the longest leg is about 1.
 */
import type { Manifold } from 'manifold-3d';
import type { Random } from '../../../geometry/Random.ts';
import { slot } from '../kit/profiles.ts';
import { type Parts, roundedRect, type Vec2, type Vec3 } from '../parts.ts';
import { chance, I, U } from '../sampling.ts';
import type { ShapeFamily } from '../ShapeFamily.ts';

/** Hole centres on a grid of nu × nv in the rectangle [u0, u1] × [v0, v1] (centres at the cell middles). */
function grid(nu: number, nv: number, u0: number, u1: number, v0: number, v1: number, stagger = false): Vec2[] {
  const out: Vec2[] = [];
  for (let j = 0; j < nv; j++) {
    const row = stagger && j % 2 === 1 ? nu - 1 : nu;
    for (let i = 0; i < row; i++) {
      const fu = stagger && j % 2 === 1 ? (i + 1) / nu : (i + 0.5) / nu;
      out.push([u0 + (u1 - u0) * fu, v0 + (v1 - v0) * ((j + 0.5) / nv)]);
    }
  }
  return out;
}

/** Round holes of radius rh through a plate, along `dir`, at world points given by `at(u, v)`. */
function holes(p: Parts, pts: Vec2[], rh: number, at: (u: number, v: number) => Vec3, dir: Vec3): Manifold[] {
  return pts.map(([u, v]) => {
    const c = at(u, v);
    return p.rod([c[0] - dir[0], c[1] - dir[1], c[2] - dir[2]], [c[0] + dir[0], c[1] + dir[1], c[2] + dir[2]], rh, rh, 16);
  });
}

/** Plate thickness: 1.5–6 % of the longest side L. */
const thick = (r: Random, L: number) => U(r, 0.015, 0.06) * L;

/** Holes along one leg: 1–3 rows across the width w, as many as fit along the length. */
function legHoles(r: Random, len: number, w: number, rh: number): { nu: number; nv: number } {
  const nv = Math.max(1, Math.min(I(r, 1, 3), Math.floor(w / (4 * rh))));
  const nu = Math.max(1, Math.min(I(r, 1, 4), Math.floor(len / (4 * rh))));
  return { nu, nv };
}

export const bracket: ShapeFamily = {
  name: 'bracket',
  kind: 'mechanical',
  summary:
    'L, Z and U brackets with hole rows, perforated plates (grid or staggered), slotted plates, gusset plates with lightening holes; thin plates, genus = holes',
  variants: [
    {
      name: 'l-bracket',
      build(p, r) {
        const a = U(r, 0.5, 1),
          b = U(r, 0.5, 1),
          w = U(r, 0.3, 0.9);
        const t = thick(r, Math.max(a, b, w));
        const rh = U(r, 0.04, 0.1) * Math.min(w, a, b);
        const parts = [p.box([a, t, w], [a / 2, t / 2, 0]), p.box([t, b, w], [t / 2, b / 2, 0])];
        const gw = t * 1.5,
          m = 2.5 * rh;
        // A gusset only where the hole columns beside it still fit.
        const gusset = chance(r, 0.4) && w / 2 - 0.6 * m - (gw / 2 + m) > 2 * rh;
        if (gusset) {
          const g = Math.min(a, b) * U(r, 0.35, 0.6);
          parts.push(
            p.extrude(
              [
                [0, 0],
                [g, 0],
                [0, g],
              ],
              gw,
              'z',
              [0, 0, 0],
            ),
          );
        }
        // Holes avoid the bend and, with a gusset, the middle strip.
        const zs: [number, number] = gusset ? [gw / 2 + m, w / 2 - m * 0.6] : [-w / 2 + m * 0.6, w / 2 - m * 0.6];
        const ha = legHoles(r, a - t - m, zs[1] - zs[0], rh),
          hb = legHoles(r, b - t - m, zs[1] - zs[0], rh);
        const mirrored = (pts: Vec2[]) => (gusset ? [...pts, ...pts.map(([u, v]) => [u, -v] as Vec2)] : pts);
        const pa = mirrored(grid(ha.nu, ha.nv, t + m, a, zs[0], zs[1]));
        const pb = mirrored(grid(hb.nu, hb.nv, t + m, b, zs[0], zs[1]));
        const cuts = [...holes(p, pa, rh, (u, v) => [u, t / 2, v], [0, 1, 0]), ...holes(p, pb, rh, (u, v) => [t / 2, u, v], [1, 0, 0])];
        p.claims.genus = pa.length + pb.length;
        p.claims.thickness = t;
        return p.subtract(p.union(parts), ...cuts);
      },
    },
    {
      name: 'z-bracket',
      build(p, r) {
        const a = U(r, 0.3, 0.6),
          h = U(r, 0.3, 1),
          c = U(r, 0.3, 0.6),
          w = U(r, 0.2, 0.6);
        const t = thick(r, Math.max(a + c, h, w));
        const rh = U(r, 0.05, 0.12) * Math.min(w, a, c);
        const parts = [
          p.box([a, t, w], [-a / 2 + t, t / 2, 0]),
          p.box([t, h, w], [t / 2, h / 2, 0]),
          p.box([c, t, w], [c / 2, h - t / 2, 0]),
        ];
        const m = 2.5 * rh;
        const ha = legHoles(r, a - t - m, w - 1.2 * m, rh),
          hc = legHoles(r, c - t - m, w - 1.2 * m, rh);
        const pa = grid(ha.nu, ha.nv, -a + t, -m, -w / 2 + 0.6 * m, w / 2 - 0.6 * m);
        const pc = grid(hc.nu, hc.nv, t + m, c, -w / 2 + 0.6 * m, w / 2 - 0.6 * m);
        const cuts = [...holes(p, pa, rh, (u, v) => [u, t / 2, v], [0, 1, 0]), ...holes(p, pc, rh, (u, v) => [u, h - t / 2, v], [0, 1, 0])];
        p.claims.genus = pa.length + pc.length;
        p.claims.thickness = t;
        return p.subtract(p.union(parts), ...cuts);
      },
    },
    {
      name: 'u-channel',
      build(p, r) {
        // Base with two side walls; holes in the base and matching holes through both walls.
        const len = U(r, 0.6, 1),
          wb = U(r, 0.2, 0.6),
          hw = U(r, 0.15, 0.5);
        const t = thick(r, Math.max(len, wb, hw));
        const parts = [
          p.box([len, t, wb], [0, t / 2, 0]),
          p.box([len, hw, t], [0, hw / 2, -wb / 2 + t / 2]),
          p.box([len, hw, t], [0, hw / 2, wb / 2 - t / 2]),
        ];
        const rh = U(r, 0.05, 0.12) * Math.min(wb, hw);
        const m = 2.5 * rh;
        const nb = Math.max(1, Math.min(I(r, 2, 6), Math.floor(len / (4 * rh))));
        const pb = grid(nb, 1, -len / 2, len / 2, 0, 0);
        const nw = chance(r, 0.6) ? Math.max(1, Math.min(I(r, 1, 4), Math.floor(len / (4 * rh)))) : 0;
        const pw = nw > 0 ? grid(nw, 1, -len / 2, len / 2, t + m, hw - 0.4 * m) : [];
        // One rod through both walls cuts two holes.
        const cuts = [...holes(p, pb, rh, (u) => [u, t / 2, 0], [0, 1, 0]), ...holes(p, pw, rh, (u, v) => [u, v, 0], [0, 0, wb])];
        p.claims.genus = pb.length + 2 * pw.length;
        p.claims.thickness = t;
        return p.subtract(p.union(parts), ...cuts);
      },
    },
    {
      name: 'perforated-plate',
      build(p, r) {
        // Rounded plate with a grid (or staggered grid) of round holes.
        const w = U(r, 0.5, 1),
          d = U(r, 0.3, 1);
        const t = thick(r, Math.max(w, d));
        const nu = I(r, 2, 8),
          nv = I(r, 1, 6),
          stagger = chance(r, 0.4) && nu > 2 && nv > 1;
        const margin = Math.min(w, d) * U(r, 0.05, 0.15);
        const pitch = Math.min((w - 2 * margin) / nu, (d - 2 * margin) / nv);
        const rh = pitch * U(r, 0.2, 0.4);
        const plate = p.extrude(roundedRect(w, d, Math.min(w, d) * U(r, 0, 0.15), 4), t, 'y');
        const pts = grid(nu, nv, -w / 2 + margin, w / 2 - margin, -d / 2 + margin, d / 2 - margin, stagger);
        p.claims.genus = pts.length;
        p.claims.thickness = t;
        return p.subtract(plate, ...holes(p, pts, rh, (u, v) => [u, 0, v], [0, 1, 0]));
      },
    },
    {
      name: 'slotted-plate',
      build(p, r) {
        // Slots (parallel or radial) and a few round holes cut from the plate's own outline.
        const w = U(r, 0.6, 1),
          d = U(r, 0.3, 0.8);
        const t = thick(r, Math.max(w, d));
        const ns = I(r, 1, 5),
          sw = U(r, 0.04, 0.09) * d;
        const slotL = (d - 4 * sw) * U(r, 0.4, 0.9);
        const xs = grid(ns, 1, -w / 2 + 4 * sw, w / 2 - 4 * sw, 0, 0);
        const contours: Vec2[][] = [roundedRect(w, d, Math.min(w, d) * 0.1, 4)];
        const angled = chance(r, 0.4);
        for (const [x] of xs) contours.push(slot(slotL, sw, x, 0, Math.PI / 2 + (angled ? (x / w) * 0.5 : 0)).reverse());
        const plate = p.extrude(contours, t, 'y');
        const corner = chance(r, 0.6);
        const rh = sw * 0.7;
        const cpts: Vec2[] = corner
          ? [
              [-w / 2 + 1.5 * sw, -d / 2 + 1.5 * sw],
              [w / 2 - 1.5 * sw, -d / 2 + 1.5 * sw],
              [-w / 2 + 1.5 * sw, d / 2 - 1.5 * sw],
              [w / 2 - 1.5 * sw, d / 2 - 1.5 * sw],
            ]
          : [];
        p.claims.genus = ns + cpts.length;
        p.claims.thickness = t;
        return p.subtract(plate, ...holes(p, cpts, rh, (u, v) => [u, 0, v], [0, 1, 0]));
      },
    },
    {
      name: 'gusset-plate',
      build(p, r) {
        // Right triangle with clipped corners and lightening holes shrinking towards the tip.
        const a = U(r, 0.6, 1),
          b = U(r, 0.4, 1);
        const t = thick(r, Math.max(a, b));
        const c = Math.min(a, b) * 0.08;
        const tri: Vec2[] = [
          [0, 0],
          [a, 0],
          [a, c],
          [c, b],
          [0, b],
        ];
        const plate = p.extrude(tri, t, 'y');
        const n = I(r, 1, 4);
        const pts: Vec2[] = [];
        const rads: number[] = [];
        for (let i = 0; i < n; i++) {
          const s = (i + 0.7) / (n + 0.6);
          const x = a * s * 0.82 + c,
            height = b * (1 - x / a);
          // Clear of the sloping edge: 0.58 h > rad (1 + b / a), with a 20 % margin.
          const rad = Math.min(height * 0.28, (a / (n + 0.6)) * 0.3, (0.46 * height) / (1 + b / a));
          if (rad < 0.02) break;
          pts.push([x, height * 0.42]);
          rads.push(rad);
        }
        p.claims.genus = pts.length;
        p.claims.thickness = t;
        const cuts = pts.map((q, i) => holes(p, [q], rads[i], (u, v) => [u, 0, v], [0, 1, 0])[0]);
        return p.subtract(plate, ...cuts);
      },
    },
  ],
};
