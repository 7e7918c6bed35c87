/**
 * Cabinets: two-door cupboards, chests of drawers, wardrobes, open bookcases, glass-front display
 * cabinets, nightstands, filing cabinets, low TV consoles on legs and sideboards. Door and drawer
 * fronts are grooves cut into the carcass, with small handles; legs, plinths or feet underneath.
 * Front towards +z, y up. Units ≈ metres.
 */
import type { Manifold } from 'manifold-3d';
import type { Random } from '../../../geometry/Random.ts';
import { type Parts } from '../parts.ts';
import { chance, I, pick, U } from '../sampling.ts';
import type { ShapeClass } from '../ShapeClass.ts';

interface Box {
  w: number;
  h: number;
  d: number;
  y0: number;
}

const GROOVE = 0.006;

/** Carcass box from y0 to y0 + h, front face at z = d/2. */
function carcass(p: Parts, b: Box): Manifold {
  return p.box([b.w, b.h, b.d], [0, b.y0 + b.h / 2, 0]);
}

/** Grooves outlining a front panel (x0..x1, y0..y1) on the front face. */
function panelGrooves(p: Parts, b: Box, x0: number, x1: number, y0: number, y1: number): Manifold[] {
  const z = b.d / 2;
  return [
    p.box([x1 - x0, GROOVE, GROOVE * 2], [(x0 + x1) / 2, y0, z]),
    p.box([x1 - x0, GROOVE, GROOVE * 2], [(x0 + x1) / 2, y1, z]),
    p.box([GROOVE, y1 - y0, GROOVE * 2], [x0, (y0 + y1) / 2, z]),
    p.box([GROOVE, y1 - y0, GROOVE * 2], [x1, (y0 + y1) / 2, z]),
  ];
}

function handle(
  p: Parts,
  r: Random,
  x: number,
  y: number,
  z: number,
  vertical: boolean,
  style = pick(r, ['bar', 'knob'] as const),
): Manifold {
  if (style === 'knob') return p.union([p.ball([x, y, z + 0.02], 0.012, 12), p.rod([x, y, z - 0.005], [x, y, z + 0.015], 0.005, 0.005, 8)]);
  const l = 0.1;
  const a: [number, number, number] = vertical ? [x, y - l / 2, z] : [x - l / 2, y, z];
  const b: [number, number, number] = vertical ? [x, y + l / 2, z] : [x + l / 2, y, z];
  return p.union([
    p.rod([a[0], a[1], z + 0.025], [b[0], b[1], z + 0.025], 0.006, 0.006, 8),
    p.rod([a[0], a[1], z - 0.005], [a[0], a[1], z + 0.03], 0.005, 0.005, 8),
    p.rod([b[0], b[1], z - 0.005], [b[0], b[1], z + 0.03], 0.005, 0.005, 8),
  ]);
}

/** Base under the carcass: legs, plinth or bun feet. */
function base(p: Parts, r: Random, b: Box, style = pick(r, ['legs', 'plinth', 'feet'] as const)): Manifold[] {
  if (b.y0 <= 0) return [];
  if (style === 'plinth') return [p.box([b.w - 0.04, b.y0 + 0.01, b.d - 0.04], [0, (b.y0 + 0.01) / 2, -0.01])];
  const out: Manifold[] = [];
  for (const sx of [-1, 1])
    for (const sz of [-1, 1]) {
      const x = sx * (b.w / 2 - 0.04),
        z = sz * (b.d / 2 - 0.04);
      out.push(
        style === 'legs'
          ? p.rod([x + sx * 0.015, 0, z + sz * 0.01], [x, b.y0 + 0.01, z], 0.012, 0.018, 12)
          : p.ball([x, b.y0 * 0.5, z], b.y0 * 0.6, 12),
      );
    }
  return out;
}

function doors(p: Parts, r: Random, b: Box, y0: number, y1: number, n: number, cuts: Manifold[], adds: Manifold[]): void {
  const m = 0.015;
  for (let i = 0; i < n; i++) {
    const x0 = -b.w / 2 + m + (i * (b.w - 2 * m)) / n,
      x1 = -b.w / 2 + m + ((i + 1) * (b.w - 2 * m)) / n;
    cuts.push(...panelGrooves(p, b, x0, x1, y0, y1));
    const hx = n === 1 ? x1 - 0.05 : i % 2 === 0 ? x1 - 0.04 : x0 + 0.04;
    adds.push(handle(p, r, hx, (y0 + y1) / 2, b.d / 2, true));
  }
}

function drawers(p: Parts, r: Random, b: Box, y0: number, y1: number, n: number, cols: number, cuts: Manifold[], adds: Manifold[]): void {
  const m = 0.015,
    style = pick(r, ['bar', 'knob'] as const);
  for (let c = 0; c < cols; c++)
    for (let i = 0; i < n; i++) {
      const x0 = -b.w / 2 + m + (c * (b.w - 2 * m)) / cols,
        x1 = -b.w / 2 + m + ((c + 1) * (b.w - 2 * m)) / cols;
      const ya = y0 + (i * (y1 - y0)) / n,
        yb = y0 + ((i + 1) * (y1 - y0)) / n;
      cuts.push(...panelGrooves(p, b, x0, x1, ya, yb));
      adds.push(handle(p, r, (x0 + x1) / 2, (ya + yb) / 2, b.d / 2, false, style));
    }
}

function finish(p: Parts, b: Box, cuts: Manifold[], adds: Manifold[], extra: Manifold[] = []): Manifold {
  return p.union([p.subtract(carcass(p, b), ...cuts), ...adds, ...extra]);
}

export const cabinet: ShapeClass = {
  name: 'cabinet',
  variants: [
    {
      name: 'two-door-cupboard',
      build(p, r) {
        const b: Box = { w: U(r, 0.7, 1.1), h: U(r, 0.8, 1.3), d: U(r, 0.35, 0.55), y0: U(r, 0.05, 0.15) };
        const cuts: Manifold[] = [],
          adds: Manifold[] = [];
        doors(p, r, b, b.y0 + 0.02, b.y0 + b.h - 0.02, 2, cuts, adds);
        const top = chance(r, 0.6) ? [p.box([b.w + 0.04, 0.025, b.d + 0.03], [0, b.y0 + b.h + 0.01, 0.005])] : [];
        return finish(p, b, cuts, adds, [...base(p, r, b), ...top]);
      },
    },
    {
      name: 'chest-of-drawers',
      build(p, r) {
        const b: Box = { w: U(r, 0.6, 1.2), h: U(r, 0.6, 1.1), d: U(r, 0.4, 0.55), y0: U(r, 0.04, 0.15) };
        const cuts: Manifold[] = [],
          adds: Manifold[] = [];
        drawers(p, r, b, b.y0 + 0.02, b.y0 + b.h - 0.02, I(r, 3, 6), b.w > 0.9 && chance(r, 0.5) ? 2 : 1, cuts, adds);
        return finish(p, b, cuts, adds, [...base(p, r, b), p.box([b.w + 0.03, 0.025, b.d + 0.02], [0, b.y0 + b.h + 0.01, 0])]);
      },
    },
    {
      name: 'wardrobe',
      build(p, r) {
        const b: Box = { w: U(r, 0.9, 1.6), h: U(r, 1.8, 2.2), d: U(r, 0.5, 0.65), y0: U(r, 0.04, 0.1) };
        const cuts: Manifold[] = [],
          adds: Manifold[] = [];
        const dr = chance(r, 0.5) ? I(r, 1, 2) : 0;
        const split = b.y0 + 0.02 + dr * 0.2;
        if (dr > 0) drawers(p, r, b, b.y0 + 0.02, split, dr, 2, cuts, adds);
        doors(p, r, b, split + 0.01, b.y0 + b.h - 0.03, b.w > 1.3 ? 3 : 2, cuts, adds);
        const crown = p.box([b.w + 0.05, 0.05, b.d + 0.03], [0, b.y0 + b.h + 0.02, 0.005]);
        return finish(p, b, cuts, adds, [...base(p, r, b, 'plinth'), crown]);
      },
    },
    {
      name: 'open-bookcase',
      build(p, r) {
        const b: Box = { w: U(r, 0.6, 1.2), h: U(r, 1.0, 2.0), d: U(r, 0.25, 0.38), y0: U(r, 0.0, 0.08) };
        const t = U(r, 0.018, 0.03),
          n = I(r, 3, 6);
        const cuts: Manifold[] = [];
        const cols = b.w > 0.9 && chance(r, 0.5) ? 2 : 1;
        for (let c = 0; c < cols; c++)
          for (let i = 0; i < n; i++) {
            const x0 = -b.w / 2 + t + (c * (b.w - t)) / cols,
              x1 = -b.w / 2 + ((c + 1) * (b.w - t)) / cols;
            const ya = b.y0 + t + (i * (b.h - t)) / n,
              yb = b.y0 + ((i + 1) * (b.h - t)) / n;
            cuts.push(p.boxSpan([x0, ya, -b.d / 2 + 0.01], [x1, yb, b.d / 2 + 0.01]));
          }
        return p.union([p.subtract(carcass(p, b), ...cuts), ...base(p, r, b, 'plinth')]);
      },
    },
    {
      name: 'glass-front-display',
      build(p, r) {
        const b: Box = { w: U(r, 0.7, 1.1), h: U(r, 1.4, 1.9), d: U(r, 0.35, 0.45), y0: U(r, 0.1, 0.2) };
        const t = 0.03,
          n = I(r, 3, 5);
        const frame = 0.05;
        // Hollow interior behind a recessed thin "glass" front, shelves inside.
        let m = carcass(p, b);
        m = p.subtract(m, p.boxSpan([-b.w / 2 + t, b.y0 + 0.3, -b.d / 2 + t], [b.w / 2 - t, b.y0 + b.h - t, b.d / 2 - t]));
        m = p.subtract(
          m,
          p.boxSpan([-b.w / 2 + frame, b.y0 + 0.3 + frame, b.d / 2 - t - 0.001], [b.w / 2 - frame, b.y0 + b.h - frame, b.d / 2 - 0.008]),
        );
        const shelves: Manifold[] = [];
        for (let i = 1; i < n; i++)
          shelves.push(p.box([b.w - 2 * t + 0.01, 0.015, b.d - 2 * t + 0.01], [0, b.y0 + 0.3 + (i * (b.h - 0.3)) / n, 0]));
        const cuts: Manifold[] = [],
          adds: Manifold[] = [];
        drawers(p, r, b, b.y0 + 0.02, b.y0 + 0.28, 1, 2, cuts, adds);
        return p.union([p.subtract(m, ...cuts), ...adds, ...shelves, ...base(p, r, b, 'legs')]);
      },
    },
    {
      name: 'nightstand',
      build(p, r) {
        const b: Box = { w: U(r, 0.4, 0.55), h: U(r, 0.4, 0.55), d: U(r, 0.35, 0.45), y0: U(r, 0.08, 0.2) };
        const cuts: Manifold[] = [],
          adds: Manifold[] = [];
        const nd = I(r, 1, 2);
        drawers(p, r, b, b.y0 + b.h * (nd === 1 ? 0.6 : 0.25), b.y0 + b.h - 0.02, nd, 1, cuts, adds);
        if (nd === 1)
          cuts.push(p.boxSpan([-b.w / 2 + 0.025, b.y0 + 0.025, -b.d / 2 + 0.03], [b.w / 2 - 0.025, b.y0 + b.h * 0.55, b.d / 2 + 0.01]));
        return finish(p, b, cuts, adds, base(p, r, b, pick(r, ['legs', 'feet'] as const)));
      },
    },
    {
      name: 'filing-cabinet',
      build(p, r) {
        const b: Box = { w: U(r, 0.38, 0.5), h: U(r, 0.7, 1.35), d: U(r, 0.5, 0.65), y0: 0.02 };
        const cuts: Manifold[] = [],
          adds: Manifold[] = [];
        const n = Math.max(2, Math.round(b.h / 0.32));
        drawers(p, r, b, b.y0 + 0.02, b.y0 + b.h - 0.02, n, 1, cuts, adds);
        for (let i = 0; i < n; i++) adds.push(p.box([0.08, 0.03, 0.01], [0, b.y0 + 0.02 + ((i + 0.8) * (b.h - 0.04)) / n, b.d / 2]));
        return finish(p, b, cuts, adds, [p.box([b.w - 0.02, 0.03, b.d - 0.02], [0, 0.015, 0])]);
      },
    },
    {
      name: 'tv-console-legs',
      build(p, r) {
        const b: Box = { w: U(r, 1.2, 1.9), h: U(r, 0.35, 0.5), d: U(r, 0.35, 0.45), y0: U(r, 0.12, 0.25) };
        const cuts: Manifold[] = [],
          adds: Manifold[] = [];
        const open = b.w * U(r, 0.25, 0.4);
        cuts.push(p.boxSpan([-open / 2, b.y0 + 0.03, -b.d / 2 + 0.03], [open / 2, b.y0 + b.h - 0.03, b.d / 2 + 0.01]));
        const side = (b.w - open) / 2;
        for (const sx of [-1, 1]) {
          const x0 = sx < 0 ? -b.w / 2 + 0.015 : open / 2 + 0.015,
            x1 = sx < 0 ? -open / 2 - 0.015 : b.w / 2 - 0.015;
          cuts.push(...panelGrooves(p, b, x0, x1, b.y0 + 0.02, b.y0 + b.h - 0.02));
          adds.push(handle(p, r, sx < 0 ? x1 - 0.04 : x0 + 0.04, b.y0 + b.h / 2, b.d / 2, true));
        }
        void side;
        const legs: Manifold[] = [];
        for (const sx of [-1, 1])
          for (const sz of [-1, 1]) {
            legs.push(
              p.rod(
                [sx * (b.w / 2 - 0.02), 0, sz * (b.d / 2 - 0.02)],
                [sx * (b.w / 2 - 0.06), b.y0 + 0.01, sz * (b.d / 2 - 0.06)],
                0.01,
                0.018,
                12,
              ),
            );
          }
        return finish(p, b, cuts, adds, legs);
      },
    },
    {
      name: 'sideboard',
      build(p, r) {
        const b: Box = { w: U(r, 1.4, 2.0), h: U(r, 0.7, 0.9), d: U(r, 0.4, 0.5), y0: U(r, 0.08, 0.18) };
        const cuts: Manifold[] = [],
          adds: Manifold[] = [];
        const split = b.y0 + b.h * U(r, 0.7, 0.8);
        drawers(p, r, b, split, b.y0 + b.h - 0.02, 1, 3, cuts, adds);
        doors(p, r, b, b.y0 + 0.02, split - 0.005, 3, cuts, adds);
        return finish(p, b, cuts, adds, [
          ...base(p, r, b, pick(r, ['legs', 'plinth'] as const)),
          p.box([b.w + 0.03, 0.03, b.d + 0.02], [0, b.y0 + b.h + 0.012, 0]),
        ]);
      },
    },
  ],
};
