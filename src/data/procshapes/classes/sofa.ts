/**
 * Sofas: boxy three-seaters, rolled-arm sofas, loveseats, L-shaped sectionals, chaise longues,
 * armless sofas, mid-century sofas on tall tapered legs, curved sofas and wooden-framed futons.
 * Seat and back cushions are rounded boxes. Front towards +z, y up. Units ≈ metres.
 */
import type { Manifold } from 'manifold-3d';
import type { Random } from '../../../geometry/Random.ts';
import { type Parts, SEG_LARGE } from '../parts.ts';
import { chance, I, pick, U } from '../sampling.ts';
import type { ShapeClass } from '../ShapeClass.ts';

interface Sofa {
  w: number;
  d: number;
  baseY: number;
  baseH: number;
  backH: number;
  backT: number;
  armW: number;
  armH: number;
}

function spec(r: Random, w: number): Sofa {
  return {
    w,
    d: U(r, 0.8, 1.0),
    baseY: U(r, 0.06, 0.15),
    baseH: U(r, 0.2, 0.3),
    backH: U(r, 0.4, 0.55),
    backT: U(r, 0.15, 0.25),
    armW: U(r, 0.12, 0.25),
    armH: U(r, 0.2, 0.3),
  };
}

function shortLegs(
  p: Parts,
  r: Random,
  s: Sofa,
  x0: number,
  x1: number,
  z0: number,
  z1: number,
  style = pick(r, ['block', 'round', 'tapered'] as const),
): Manifold[] {
  const out: Manifold[] = [];
  const nx = x1 - x0 > 2 ? 3 : 2;
  for (let i = 0; i < nx; i++)
    for (const z of [z0 + 0.06, z1 - 0.06]) {
      const x = x0 + 0.06 + (i * (x1 - x0 - 0.12)) / (nx - 1);
      if (style === 'block') out.push(p.box([0.06, s.baseY + 0.02, 0.06], [x, (s.baseY + 0.02) / 2, z]));
      else out.push(p.rod([x, 0, z], [x, s.baseY + 0.02, z], style === 'round' ? 0.025 : 0.012, 0.025, 12));
    }
  return out;
}

/** Base, back, seat cushions (n) and back cushions for a straight sofa centred at x = 0. */
function straightSofa(p: Parts, r: Random, s: Sofa, nSeats: number, arms: 'box' | 'rolled' | 'none', backCushions: boolean): Manifold[] {
  const parts: Manifold[] = [];
  const top = s.baseY + s.baseH;
  parts.push(p.roundBox([s.w, s.baseH, s.d], 0.03, [0, s.baseY + s.baseH / 2, 0]));
  parts.push(
    p.roundBox(
      [s.w, s.backH + s.baseH * 0.5, s.backT],
      0.05,
      [0, top + s.backH / 2 - s.baseH * 0.25, -s.d / 2 + s.backT / 2],
      [-U(r, 0, 8), 0, 0],
    ),
  );
  const inner = arms === 'none' ? s.w : s.w - 2 * s.armW;
  const cw = inner / nSeats,
    ct = U(r, 0.1, 0.16);
  for (let i = 0; i < nSeats; i++) {
    const x = -inner / 2 + cw * (i + 0.5);
    parts.push(p.roundBox([cw - 0.01, ct, s.d - s.backT - 0.02], 0.04, [x, top + ct / 2 - 0.01, s.backT / 2]));
    if (backCushions)
      parts.push(
        p.roundBox([cw - 0.02, s.backH * 0.75, 0.14], 0.05, [x, top + ct + s.backH * 0.375 - 0.03, -s.d / 2 + s.backT + 0.05], [-10, 0, 0]),
      );
  }
  for (const sx of [-1, 1]) {
    const x = sx * (s.w / 2 - s.armW / 2);
    if (arms === 'box') parts.push(p.roundBox([s.armW, s.baseH + s.armH, s.d], 0.04, [x, s.baseY + (s.baseH + s.armH) / 2, 0]));
    else if (arms === 'rolled') {
      parts.push(p.roundBox([s.armW, s.baseH + s.armH * 0.7, s.d], 0.03, [x, s.baseY + (s.baseH + s.armH * 0.7) / 2, 0]));
      parts.push(
        p.rod([x, top + s.armH * 0.65, -s.d / 2 + 0.02], [x, top + s.armH * 0.65, s.d / 2 + 0.02], s.armW * 0.65, s.armW * 0.65, 20),
      );
    }
  }
  return parts;
}

export const sofa: ShapeClass = {
  name: 'sofa',
  variants: [
    {
      name: 'three-seater-box-arms',
      build(p, r) {
        const s = spec(r, U(r, 1.9, 2.3));
        return p.union([...straightSofa(p, r, s, 3, 'box', chance(r, 0.6)), ...shortLegs(p, r, s, -s.w / 2, s.w / 2, -s.d / 2, s.d / 2)]);
      },
    },
    {
      name: 'rolled-arm',
      build(p, r) {
        const s = spec(r, U(r, 1.8, 2.3));
        s.armW = U(r, 0.14, 0.2);
        return p.union([
          ...straightSofa(p, r, s, I(r, 2, 3), 'rolled', chance(r, 0.7)),
          ...shortLegs(p, r, s, -s.w / 2, s.w / 2, -s.d / 2, s.d / 2, 'tapered'),
        ]);
      },
    },
    {
      name: 'loveseat',
      build(p, r) {
        const s = spec(r, U(r, 1.3, 1.6));
        return p.union([
          ...straightSofa(p, r, s, 2, pick(r, ['box', 'rolled'] as const), chance(r, 0.5)),
          ...shortLegs(p, r, s, -s.w / 2, s.w / 2, -s.d / 2, s.d / 2),
        ]);
      },
    },
    {
      name: 'l-sectional',
      build(p, r) {
        const s = spec(r, U(r, 2.2, 2.8));
        s.armW = U(r, 0.12, 0.18);
        const parts = straightSofa(p, r, s, 3, 'box', chance(r, 0.5));
        // The chaise / corner wing towards +z on one side.
        const side = chance(r, 0.5) ? 1 : -1,
          ext = U(r, 0.6, 1.0),
          cw = U(r, 0.7, 0.9);
        const x = side * (s.w / 2 - cw / 2);
        parts.push(p.roundBox([cw, s.baseH, ext + 0.05], 0.03, [x, s.baseY + s.baseH / 2, s.d / 2 + ext / 2 - 0.05]));
        parts.push(
          p.roundBox([cw - s.armW - 0.01, 0.13, ext], 0.04, [x - (side * s.armW) / 2, s.baseY + s.baseH + 0.055, s.d / 2 + ext / 2 - 0.03]),
        );
        parts.push(
          p.roundBox([s.armW, s.baseH + s.armH, ext + 0.05], 0.04, [
            side * (s.w / 2 - s.armW / 2),
            s.baseY + (s.baseH + s.armH) / 2,
            s.d / 2 + ext / 2 - 0.05,
          ]),
        );
        parts.push(...shortLegs(p, r, s, -s.w / 2, s.w / 2, -s.d / 2, s.d / 2 + (ext - 0.1) * 0));
        parts.push(p.box([0.06, s.baseY + 0.02, 0.06], [x, (s.baseY + 0.02) / 2, s.d / 2 + ext - 0.1]));
        return p.union(parts);
      },
    },
    {
      name: 'chaise-longue',
      build(p, r) {
        const L = U(r, 1.5, 1.9),
          w = U(r, 0.6, 0.8),
          h = U(r, 0.3, 0.4);
        // Long seat along z; a sloping back rest at one end and one arm.
        const parts: Manifold[] = [p.roundBox([w, h, L], 0.04, [0, h / 2 + 0.1, 0])];
        const bl = U(r, 0.5, 0.7),
          ang = U(r, 30, 50);
        parts.push(
          p.roundBox(
            [w, 0.15, bl],
            0.05,
            [0, h + 0.1 + (Math.sin((ang * Math.PI) / 180) * bl) / 2 - 0.05, -L / 2 + (Math.cos((ang * Math.PI) / 180) * bl) / 2],
            [ang, 0, 0],
          ),
        );
        if (chance(r, 0.6)) parts.push(p.roundBox([0.12, 0.25, L * 0.5], 0.04, [w / 2 - 0.06, h + 0.2, -L * 0.15]));
        for (const sx of [-1, 1])
          for (const sz of [-1, 1])
            parts.push(
              p.rod([sx * (w / 2 - 0.06), 0, sz * (L / 2 - 0.08)], [sx * (w / 2 - 0.06), 0.12, sz * (L / 2 - 0.08)], 0.015, 0.025, 12),
            );
        return p.union(parts);
      },
    },
    {
      name: 'armless',
      build(p, r) {
        const s = spec(r, U(r, 1.4, 2.2));
        return p.union([
          ...straightSofa(p, r, s, I(r, 2, 3), 'none', chance(r, 0.5)),
          ...shortLegs(p, r, s, -s.w / 2, s.w / 2, -s.d / 2, s.d / 2),
        ]);
      },
    },
    {
      name: 'mid-century-legs',
      build(p, r) {
        const s = spec(r, U(r, 1.7, 2.2));
        s.baseY = U(r, 0.18, 0.28);
        s.baseH = U(r, 0.12, 0.18);
        s.armW = U(r, 0.06, 0.1);
        s.backT = U(r, 0.1, 0.15);
        const parts = straightSofa(p, r, s, 3, 'box', chance(r, 0.5));
        for (const sx of [-1, 1])
          for (const sz of [-1, 1]) {
            parts.push(
              p.rod(
                [sx * (s.w / 2 - 0.02), 0, sz * (s.d / 2 - 0.02)],
                [sx * (s.w / 2 - 0.08), s.baseY + 0.02, sz * (s.d / 2 - 0.08)],
                0.01,
                0.022,
                12,
              ),
            );
          }
        return p.union(parts);
      },
    },
    {
      name: 'curved',
      build(p, r) {
        const R = U(r, 1.2, 1.8),
          arc = U(r, 80, 130),
          d = U(r, 0.75, 0.95);
        const seatH = U(r, 0.38, 0.45),
          backH = U(r, 0.35, 0.5);
        // Seat and back are concentric wall segments around a centre in front of the sofa.
        const c: [number, number, number] = [0, 0, R * 0.6];
        const parts = [
          p.arcWall([c[0], 0.08, c[2]], R, d, 0, seatH - 0.08, arc, 180, SEG_LARGE),
          p.arcWall([c[0], 0.08, c[2]], R, 0.18, 0, seatH + backH - 0.08, arc, 180, SEG_LARGE),
          p.arcWall([c[0], 0, c[2]], R - 0.1, d - 0.25, 0, 0.1, arc * 0.8, 180, SEG_LARGE),
        ];
        return p.union(parts);
      },
    },
    {
      name: 'wooden-frame-futon',
      build(p, r) {
        const w = U(r, 1.8, 2.1),
          d = U(r, 0.8, 0.95),
          seatY = U(r, 0.3, 0.4);
        const parts: Manifold[] = [];
        parts.push(p.roundBox([w - 0.1, 0.15, d - 0.05], 0.05, [0, seatY + 0.06, 0.02]));
        const back = p.roundBox([w - 0.1, 0.15, 0.65], 0.05, [0, 0, 0]);
        parts.push(p.move(p.rot(back, [-70, 0, 0]), [0, seatY + 0.36, -d / 2 + 0.12]));
        for (const sx of [-1, 1]) {
          const x = sx * (w / 2 - 0.03);
          parts.push(p.box([0.05, seatY + 0.35, 0.06], [x, (seatY + 0.35) / 2, d / 2 - 0.05]));
          parts.push(p.box([0.05, seatY + 0.6, 0.06], [x, (seatY + 0.6) / 2, -d / 2 + 0.05]));
          parts.push(p.box([0.06, 0.05, d + 0.02], [x, seatY + 0.35, 0]));
          parts.push(p.box([0.04, 0.05, d - 0.05], [x, 0.12, 0]));
        }
        parts.push(
          p.box([w - 0.05, 0.06, 0.04], [0, seatY - 0.02, d / 2 - 0.05]),
          p.box([w - 0.05, 0.06, 0.04], [0, seatY - 0.02, -d / 2 + 0.08]),
        );
        return p.union(parts);
      },
    },
  ],
};
