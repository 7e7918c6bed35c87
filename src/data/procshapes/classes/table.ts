/**
 * Tables: four-legged (with or without apron, shelf), round pedestal, three-legged round, trestle,
 * coffee, desks with a drawer pedestal, cross-footed pedestal, X-legged, and tube-framed tables.
 * Units ≈ metres; the long side along x.
 */
import type { Manifold } from 'manifold-3d';
import type { Random } from '../../../geometry/Random.ts';
import { type Parts, SEG_LARGE, SEG_MED, type Vec3 } from '../parts.ts';
import { chance, I, pick, U } from '../sampling.ts';
import type { ShapeClass } from '../ShapeClass.ts';

interface Top {
  w: number;
  d: number;
  h: number;
  t: number;
  rad?: number;
}

function rectTop(r: Random, hLo = 0.7, hHi = 0.78): Top {
  const w = U(r, 0.8, 1.7);
  return { w, d: Math.min(w, U(r, 0.55, 0.95)), h: U(r, hLo, hHi), t: U(r, 0.025, 0.06) };
}

/** The table top; its corner radius is stored in `t.rad` so legs can stay under it. */
function topSlab(p: Parts, r: Random, t: Top): Manifold {
  const rad = pick(r, [0, 0, 0.02, 0.06, 0.15]);
  t.rad = rad;
  return rad > 0 ? p.slab([t.w, t.t, t.d], rad, 'y', [0, t.h - t.t / 2, 0]) : p.box([t.w, t.t, t.d], [0, t.h - t.t / 2, 0]);
}

/** Four legs at the corners, inset by `inset`; style square, round or tapered. */
function legs(
  p: Parts,
  r: Random,
  t: Top,
  inset: number,
  style = pick(r, ['square', 'round', 'tapered'] as const),
  th = U(r, 0.035, 0.07),
): Manifold[] {
  const out: Manifold[] = [];
  inset = Math.max(inset, (t.rad ?? 0) * 0.35 + th / 2);
  for (const sx of [-1, 1])
    for (const sz of [-1, 1]) {
      const x = sx * (t.w / 2 - inset),
        z = sz * (t.d / 2 - inset);
      const top: Vec3 = [x, t.h - t.t / 2, z];
      if (style === 'square') out.push(p.box([th, t.h - t.t / 2, th], [x, (t.h - t.t / 2) / 2, z]));
      else if (style === 'round') out.push(p.rod([x, 0, z], top, th / 2));
      else out.push(p.rod([x, 0, z], top, th * 0.28, th / 2));
    }
  return out;
}

function apron(p: Parts, t: Top, inset: number, h: number): Manifold[] {
  const y = t.h - t.t - h / 2 + 0.005;
  return [
    p.box([t.w - 2 * inset, h, 0.02], [0, y, t.d / 2 - inset]),
    p.box([t.w - 2 * inset, h, 0.02], [0, y, -(t.d / 2 - inset)]),
    p.box([0.02, h, t.d - 2 * inset], [t.w / 2 - inset, y, 0]),
    p.box([0.02, h, t.d - 2 * inset], [-(t.w / 2 - inset), y, 0]),
  ];
}

export const table: ShapeClass = {
  name: 'table',
  variants: [
    {
      name: 'four-leg-rect',
      build(p, r) {
        const t = rectTop(r);
        const top = topSlab(p, r, t);
        const inset = Math.max(U(r, 0.03, 0.12), (t.rad ?? 0) * 0.35 + 0.035);
        const parts = [top, ...legs(p, r, t, inset)];
        if (chance(r, 0.6)) parts.push(...apron(p, t, inset, U(r, 0.06, 0.12)));
        return p.union(parts);
      },
    },
    {
      name: 'four-leg-shelf',
      build(p, r) {
        const t = rectTop(r, 0.55, 0.78);
        const inset = U(r, 0.02, 0.06),
          th = U(r, 0.035, 0.05);
        const parts = [topSlab(p, r, t), ...legs(p, r, t, inset, 'square', th)];
        const shelves = I(r, 1, 2);
        for (let i = 0; i < shelves; i++) {
          const y = U(r, 0.1, 0.2) + i * t.h * 0.35;
          parts.push(p.box([t.w - 2 * inset + th * 0.5, 0.02, t.d - 2 * inset + th * 0.5], [0, y, 0]));
        }
        return p.union(parts);
      },
    },
    {
      name: 'round-pedestal',
      build(p, r) {
        const R = U(r, 0.35, 0.6),
          h = U(r, 0.68, 0.76),
          t = U(r, 0.025, 0.05);
        const parts = [p.rod([0, h - t, 0], [0, h, 0], R, R, SEG_LARGE)];
        const colR = U(r, 0.035, 0.08);
        parts.push(p.rod([0, 0.03, 0], [0, h - t + 0.005, 0], colR, colR * U(r, 0.6, 1.2), SEG_MED));
        if (chance(r, 0.5)) {
          const bR = R * U(r, 0.5, 0.75);
          parts.push(
            p.lathe(
              [
                [0, 0],
                [bR, 0],
                [bR, 0.02],
                [colR * 1.2, 0.08],
                [0, 0.08],
              ],
              [0, 0, 0],
              [0, 1, 0],
              SEG_LARGE,
            ),
          );
        } else {
          const feet = I(r, 3, 4),
            fl = R * U(r, 0.55, 0.8);
          for (let i = 0; i < feet; i++) {
            const a = (2 * Math.PI * i) / feet + Math.PI / 4;
            parts.push(p.bar([0, 0.03, 0], [fl * Math.sin(a), 0.015, fl * Math.cos(a)], 0.05, 0.05));
          }
        }
        parts.push(p.rod([0, h - t - 0.03, 0], [0, h - t + 0.002, 0], colR * 2.5, colR * 2.5, SEG_MED));
        return p.union(parts);
      },
    },
    {
      name: 'round-three-leg',
      build(p, r) {
        const R = U(r, 0.3, 0.5),
          h = U(r, 0.5, 0.76),
          t = U(r, 0.02, 0.04);
        const parts = [p.rod([0, h - t, 0], [0, h, 0], R, R, SEG_LARGE)];
        const n = I(r, 3, 4),
          splay = U(r, 0.0, 0.12),
          lr = U(r, 0.015, 0.025);
        for (let i = 0; i < n; i++) {
          const a = (2 * Math.PI * i) / n;
          const rt = R * 0.6,
            rb = R * 0.6 + splay;
          parts.push(p.rod([rb * Math.sin(a), 0, rb * Math.cos(a)], [rt * Math.sin(a), h - t / 2, rt * Math.cos(a)], lr * 0.7, lr));
        }
        if (chance(r, 0.5)) {
          const y = h * 0.3,
            rr = R * 0.6 + splay * (1 - y / (h - t / 2));
          parts.push(p.torus([0, y, 0], rr, lr * 0.6, [0, 1, 0], 360, 0, SEG_LARGE, 8));
        }
        return p.union(parts);
      },
    },
    {
      name: 'trestle',
      build(p, r) {
        const t = rectTop(r);
        t.w = Math.max(t.w, 1.2);
        const parts = [topSlab(p, r, t)];
        const ex = t.w / 2 - U(r, 0.12, 0.25);
        const board = chance(r, 0.5);
        for (const sx of [-1, 1]) {
          const x = sx * ex;
          parts.push(p.box([0.07, 0.05, t.d * 0.85], [x, 0.025, 0]));
          parts.push(p.box([0.07, 0.05, t.d * 0.75], [x, t.h - t.t - 0.02, 0]));
          if (board) parts.push(p.box([0.05, t.h - t.t - 0.04, t.d * U(r, 0.2, 0.5)], [x, (t.h - t.t) / 2, 0]));
          else
            for (const sz of [-1, 1])
              parts.push(p.bar([x, 0.03, sz * t.d * 0.38], [x, t.h - t.t - 0.03, sz * t.d * 0.1], 0.05, 0.05, [1, 0, 0]));
        }
        parts.push(p.box([2 * ex, 0.06, 0.04], [0, board ? t.h * U(r, 0.2, 0.5) : 0.07, 0]));
        return p.union(parts);
      },
    },
    {
      name: 'coffee-table',
      build(p, r) {
        const t = rectTop(r, 0.32, 0.46);
        t.t = U(r, 0.03, 0.08);
        const parts = [topSlab(p, r, t)];
        if (chance(r, 0.35)) {
          parts.push(p.box([t.w * 0.8, t.h - t.t + 0.01, t.d * 0.7], [0, (t.h - t.t + 0.01) / 2, 0]));
        } else {
          const inset = U(r, 0.03, 0.1);
          parts.push(...legs(p, r, t, inset, pick(r, ['square', 'tapered'] as const), U(r, 0.04, 0.06)));
          if (chance(r, 0.6)) parts.push(p.box([t.w - 2 * inset, 0.02, t.d - 2 * inset], [0, U(r, 0.06, 0.14), 0]));
        }
        return p.union(parts);
      },
    },
    {
      name: 'desk-drawers',
      build(p, r) {
        const t = rectTop(r);
        t.w = Math.max(1.1, t.w);
        t.d = U(r, 0.55, 0.75);
        const parts = [topSlab(p, r, t)];
        const pw = U(r, 0.35, 0.45),
          px = t.w / 2 - pw / 2 - 0.01;
        const ph = t.h - t.t + 0.005;
        let ped = p.box([pw, ph, t.d - 0.04], [px, ph / 2, 0]);
        const drawers = I(r, 2, 4);
        const grooves: Manifold[] = [];
        for (let i = 1; i < drawers; i++) grooves.push(p.box([pw - 0.04, 0.008, 0.02], [px, (ph * i) / drawers, t.d / 2 - 0.02]));
        ped = p.subtract(ped, ...grooves);
        parts.push(ped);
        for (let i = 0; i < drawers; i++) parts.push(p.box([0.1, 0.015, 0.03], [px, (ph * (i + 0.6)) / drawers, t.d / 2 - 0.01]));
        if (chance(r, 0.5)) parts.push(p.box([0.04, ph, t.d - 0.04], [-(t.w / 2 - 0.03), ph / 2, 0]));
        else for (const sz of [-1, 1]) parts.push(p.box([0.04, ph, 0.04], [-(t.w / 2 - 0.04), ph / 2, sz * (t.d / 2 - 0.04)]));
        if (chance(r, 0.6)) parts.push(p.box([t.w - pw - 0.05, t.h * 0.4, 0.015], [-pw / 2, t.h - t.h * 0.2 - t.t, -t.d / 2 + 0.04]));
        return p.union(parts);
      },
    },
    {
      name: 'cross-foot-pedestal',
      build(p, r) {
        const t = rectTop(r);
        t.w = U(r, 0.7, 1.1);
        t.d = Math.min(t.w, U(r, 0.6, 1));
        const parts = [topSlab(p, r, t)];
        const colW = U(r, 0.06, 0.12);
        parts.push(p.box([colW, t.h - t.t, colW], [0, (t.h - t.t) / 2 + 0.01, 0]));
        const fl = Math.min(t.w, t.d) * U(r, 0.35, 0.48);
        parts.push(p.box([2 * fl, 0.05, 0.06], [0, 0.025, 0]));
        parts.push(p.box([0.06, 0.05, 2 * fl], [0, 0.025, 0]));
        parts.push(p.box([colW * 3, 0.03, colW * 3], [0, t.h - t.t - 0.012, 0]));
        return p.union(parts);
      },
    },
    {
      name: 'x-leg',
      build(p, r) {
        const t = rectTop(r);
        const parts = [topSlab(p, r, t)];
        const ex = t.w / 2 - U(r, 0.06, 0.18),
          th = U(r, 0.04, 0.06);
        for (const sx of [-1, 1]) {
          const x = sx * ex;
          parts.push(p.bar([x, 0, -t.d * 0.42], [x, t.h - t.t / 2, t.d * 0.42], th, th, [1, 0, 0]));
          parts.push(p.bar([x, 0, t.d * 0.42], [x, t.h - t.t / 2, -t.d * 0.42], th, th, [1, 0, 0]));
        }
        parts.push(p.box([2 * ex, 0.05, 0.04], [0, (t.h - t.t) / 2, 0]));
        return p.union(parts);
      },
    },
    {
      name: 'tube-frame',
      build(p, r) {
        const t = rectTop(r);
        t.t = U(r, 0.012, 0.02);
        const tr = U(r, 0.012, 0.02),
          inset = U(r, 0.02, 0.06);
        const y = t.h - t.t - tr * 0.7;
        const x = t.w / 2 - inset,
          z = t.d / 2 - inset;
        const parts = [
          topSlab(p, r, t),
          p.tube(
            [
              [-x, y, -z],
              [x, y, -z],
              [x, y, z],
              [-x, y, z],
              [-x, y, -z],
            ],
            tr,
          ),
        ];
        for (const sx of [-1, 1]) for (const sz of [-1, 1]) parts.push(p.rod([sx * x, 0, sz * z], [sx * x, y, sz * z], tr));
        if (chance(r, 0.5)) for (const sx of [-1, 1]) parts.push(p.rod([sx * x, 0.1, -z], [sx * x, 0.1, z], tr * 0.8));
        return p.union(parts);
      },
    },
  ],
};
