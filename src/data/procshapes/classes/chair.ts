/**
 * Chairs: side chairs (solid, slatted, ladder and spindle backs), arm chairs, office chairs on a
 * five-star base, three-legged bar chairs, cantilever tube chairs, tulip chairs and Windsor chairs.
 * Units ≈ metres; seat front towards +z.
 */
import type { Manifold } from 'manifold-3d';
import type { Random } from '../../../geometry/Random.ts';
import { arcPoints, type Parts, SEG_LARGE, SEG_MED, type Vec3 } from '../parts.ts';
import { chance, I, pick, U } from '../sampling.ts';
import type { ShapeClass } from '../ShapeClass.ts';

interface Seat {
  w: number;
  d: number;
  h: number;
  t: number;
}

function seatDims(r: Random): Seat {
  return { w: U(r, 0.4, 0.54), d: U(r, 0.38, 0.5), h: U(r, 0.4, 0.48), t: U(r, 0.03, 0.07) };
}

/** Four legs under the seat corners; square or round, optionally splayed outwards at the foot. */
function fourLegs(
  p: Parts,
  r: Random,
  s: Seat,
  opts: { round?: boolean; thick?: number; splay?: number; inset?: number; top?: number } = {},
): Manifold[] {
  const th = opts.thick ?? U(r, 0.025, 0.045);
  const round = opts.round ?? chance(r, 0.5);
  const splay = opts.splay ?? 0;
  const inset = opts.inset ?? th * 0.8;
  const top = opts.top ?? s.h - s.t / 2;
  const out: Manifold[] = [];
  for (const sx of [-1, 1])
    for (const sz of [-1, 1]) {
      const a: Vec3 = [sx * (s.w / 2 - inset), top, sz * (s.d / 2 - inset)];
      const b: Vec3 = [a[0] + sx * splay, 0, a[2] + sz * splay];
      out.push(round ? p.rod(b, a, (th / 2) * 0.8, th / 2) : p.bar(b, a, th, th, [0, 0, 1]));
    }
  return out;
}

/** A back panel tilted backwards by `tiltDeg`, its lower edge at the seat's rear edge. */
function backPanel(p: Parts, s: Seat, w: number, h: number, t: number, tiltDeg: number, y0: number, rounded = 0): Manifold {
  const a = (tiltDeg * Math.PI) / 180;
  const cy = y0 + (h / 2) * Math.cos(a),
    cz = tiltedZ(s, cy, tiltDeg, t / 2);
  return rounded > 0 ? p.slab([w, h, t], rounded, 'z', [0, cy, cz], [-tiltDeg, 0, 0]) : p.box([w, h, t], [0, cy, cz], [-tiltDeg, 0, 0]);
}

/** Point at height `y` above the seat on a line tilted back by `tiltDeg` from the seat's rear. */
function tiltedZ(s: Seat, y: number, tiltDeg: number, zInset: number): number {
  return -s.d / 2 + zInset - (y - s.h) * Math.tan((tiltDeg * Math.PI) / 180);
}

export const chair: ShapeClass = {
  name: 'chair',
  variants: [
    {
      name: 'side-chair-solid-back',
      build(p, r) {
        const s = seatDims(r);
        const parts = [p.box([s.w, s.t, s.d], [0, s.h - s.t / 2, 0]), ...fourLegs(p, r, s)];
        const tilt = U(r, 0, 12);
        const bh = U(r, 0.3, 0.5),
          gap = chance(r, 0.5) ? U(r, 0.05, 0.15) : 0;
        parts.push(backPanel(p, s, s.w * U(r, 0.85, 1), bh, U(r, 0.02, 0.05), tilt, s.h - 0.01 + gap, chance(r, 0.5) ? 0.04 : 0));
        if (gap > 0) {
          for (const sx of [-1, 1]) {
            const x = sx * s.w * 0.38;
            parts.push(
              p.bar(
                [x, s.h - s.t, tiltedZ(s, s.h - s.t, tilt, 0.015)],
                [x, s.h + gap + 0.05, tiltedZ(s, s.h + gap + 0.05, tilt, 0.015)],
                0.025,
                0.02,
                [0, 0, 1],
              ),
            );
          }
        }
        return p.union(parts);
      },
    },
    {
      name: 'slat-back',
      build(p, r) {
        const s = seatDims(r);
        const th = U(r, 0.028, 0.04);
        const parts = [p.box([s.w, s.t, s.d], [0, s.h - s.t / 2, 0]), ...fourLegs(p, r, s, { round: false, thick: th })];
        const tilt = U(r, 2, 12),
          bh = U(r, 0.38, 0.55);
        const top = s.h + bh;
        const z0 = tiltedZ(s, s.h, tilt, th * 0.8),
          z1 = tiltedZ(s, top, tilt, th * 0.8);
        for (const sx of [-1, 1])
          parts.push(p.bar([sx * (s.w / 2 - th * 0.8), s.h - s.t, z0], [sx * (s.w / 2 - th * 0.8), top, z1], th, th, [0, 0, 1]));
        const vertical = chance(r, 0.4);
        const n = vertical ? I(r, 3, 7) : I(r, 2, 5);
        if (vertical) {
          const railY = top - 0.04;
          parts.push(
            p.bar(
              [-s.w / 2, railY, tiltedZ(s, railY, tilt, th * 0.8)],
              [s.w / 2, railY, tiltedZ(s, railY, tilt, th * 0.8)],
              0.07,
              0.025,
              [0, 1, 0],
            ),
          );
          for (let i = 0; i < n; i++) {
            const x = (-0.5 + (i + 1) / (n + 1)) * (s.w - 2 * th);
            parts.push(
              p.bar(
                [x, s.h - 0.01, tiltedZ(s, s.h, tilt, th * 0.8)],
                [x, railY, tiltedZ(s, railY, tilt, th * 0.8)],
                0.025,
                0.015,
                [0, 0, 1],
              ),
            );
          }
        } else {
          const sh = U(r, 0.03, 0.07);
          for (let i = 0; i < n; i++) {
            const y = top - sh / 2 - i * ((bh - 0.08) / n);
            parts.push(
              p.bar(
                [-s.w / 2 + th * 0.5, y, tiltedZ(s, y, tilt, th * 0.8)],
                [s.w / 2 - th * 0.5, y, tiltedZ(s, y, tilt, th * 0.8)],
                sh,
                0.018,
                [0, 1, 0],
              ),
            );
          }
        }
        return p.union(parts);
      },
    },
    {
      name: 'armchair',
      build(p, r) {
        const s = seatDims(r);
        s.w += 0.12;
        s.t = U(r, 0.08, 0.14);
        s.h = U(r, 0.38, 0.45);
        const legH = s.h - s.t;
        const parts = [
          p.roundBox([s.w, s.t, s.d], 0.03, [0, s.h - s.t / 2, 0]),
          ...fourLegs(p, r, s, { thick: U(r, 0.035, 0.05), top: legH + 0.02, splay: chance(r, 0.5) ? 0.03 : 0 }),
        ];
        const tilt = U(r, 5, 15);
        parts.push(backPanel(p, s, s.w, U(r, 0.4, 0.55), U(r, 0.07, 0.12), tilt, s.h - s.t, 0.04));
        const armH = U(r, 0.18, 0.26),
          armW = U(r, 0.05, 0.09);
        const solidArms = chance(r, 0.5);
        for (const sx of [-1, 1]) {
          const x = sx * (s.w / 2 - armW / 2);
          if (solidArms) parts.push(p.roundBox([armW, armH + s.t, s.d * 0.95], 0.02, [x, s.h - s.t + (armH + s.t) / 2, -0.01]));
          else {
            parts.push(p.roundBox([armW, 0.035, s.d * 0.95], 0.015, [x, s.h + armH, -0.01]));
            parts.push(p.bar([x, s.h - 0.02, s.d / 2 - 0.05], [x, s.h + armH, s.d / 2 - 0.07], 0.03, 0.03));
          }
        }
        return p.union(parts);
      },
    },
    {
      name: 'office-chair',
      build(p, r) {
        const s = seatDims(r);
        s.t = U(r, 0.06, 0.1);
        const parts: Manifold[] = [];
        const legs = pick(r, [5, 5, 4]);
        const baseR = U(r, 0.27, 0.34),
          casterR = U(r, 0.025, 0.035);
        const hubY = casterR * 2 + 0.04;
        for (let i = 0; i < legs; i++) {
          const a = (2 * Math.PI * i) / legs;
          const end: Vec3 = [baseR * Math.sin(a), casterR * 2 + 0.02, baseR * Math.cos(a)];
          parts.push(p.bar([0, hubY, 0], end, 0.04, 0.035));
          parts.push(p.ball([end[0], casterR, end[2]], casterR, 12));
          parts.push(p.rod([end[0], casterR, end[2]], [end[0], end[1] + 0.01, end[2]], 0.01));
        }
        parts.push(p.rod([0, hubY - 0.03, 0], [0, s.h - s.t - 0.04, 0], U(r, 0.025, 0.035), 0.022, SEG_MED));
        parts.push(p.box([0.16, 0.04, 0.16], [0, s.h - s.t - 0.03, 0]));
        parts.push(p.roundBox([s.w, s.t, s.d], 0.03, [0, s.h - s.t / 2, 0.02]));
        const bh = U(r, 0.35, 0.6),
          bw = s.w * U(r, 0.8, 1),
          gap = U(r, 0.06, 0.12),
          tilt = U(r, 5, 15);
        parts.push(
          p.bar(
            [0, s.h - s.t - 0.02, -s.d / 2 + 0.02],
            [0, s.h + gap + 0.1, tiltedZ(s, s.h + gap + 0.1, tilt, 0.03)],
            0.06,
            0.02,
            [0, 0, 1],
          ),
        );
        parts.push(p.bar([0, s.h - s.t - 0.02, -s.d / 2 + 0.02], [0, s.h - s.t - 0.02, 0], 0.06, 0.02, [0, 1, 0]));
        parts.push(backPanel(p, s, bw, bh, 0.05, tilt, s.h + gap, 0.05));
        if (chance(r, 0.6)) {
          for (const sx of [-1, 1]) {
            const x = sx * (s.w / 2 + 0.02);
            parts.push(p.bar([x, s.h - s.t / 2, 0], [x, s.h + 0.22, -0.02], 0.03, 0.02, [1, 0, 0]));
            parts.push(p.bar([sx * (s.w / 2 - 0.05), s.h - s.t * 0.6, 0], [x, s.h - s.t * 0.6, 0], 0.04, 0.02, [0, 1, 0]));
            parts.push(p.roundBox([0.06, 0.03, 0.24], 0.012, [x, s.h + 0.23, -0.02]));
          }
        }
        return p.union(parts);
      },
    },
    {
      name: 'three-leg-bar-chair',
      build(p, r) {
        const R = U(r, 0.17, 0.22),
          h = U(r, 0.6, 0.78),
          t = U(r, 0.03, 0.05);
        const parts = [p.rod([0, h - t, 0], [0, h, 0], R, R, SEG_LARGE)];
        const legs = I(r, 3, 4),
          foot = R + U(r, 0.04, 0.1);
        const ringY = h * U(r, 0.25, 0.35);
        for (let i = 0; i < legs; i++) {
          const a = (2 * Math.PI * (i + 0.5)) / legs;
          parts.push(
            p.rod([foot * Math.sin(a), 0, foot * Math.cos(a)], [R * 0.7 * Math.sin(a), h - t / 2, R * 0.7 * Math.cos(a)], 0.016, 0.018),
          );
        }
        const ringR = foot - (foot - R * 0.7) * (ringY / (h - t / 2));
        parts.push(p.torus([0, ringY, 0], ringR, 0.01, [0, 1, 0], 360, 0, SEG_LARGE, 8));
        const backH = U(r, 0.2, 0.35),
          arc = U(r, 110, 200);
        const backR = R * U(r, 0.95, 1.05);
        const top = arcPoints([0, h + backH, 0], backR, 180 - arc / 2, 180 + arc / 2, 8, [0, 0, 1], [1, 0, 0]);
        parts.push(p.tube(top, 0.018));
        const n = I(r, 2, 5);
        for (let i = 0; i <= n; i++) {
          const q = top[Math.round((i * 8) / n)];
          parts.push(p.rod([q[0] * 0.95, h - 0.01, q[2] * 0.95], q, 0.012));
        }
        return p.union(parts);
      },
    },
    {
      name: 'cantilever-tube',
      build(p, r) {
        const s = seatDims(r);
        const tr = U(r, 0.011, 0.016);
        const parts: Manifold[] = [];
        const tilt = U(r, 5, 15),
          bh = U(r, 0.3, 0.45);
        for (const sx of [-1, 1]) {
          const x = sx * (s.w / 2 - 0.02);
          const path: Vec3[] = [
            [x, tr, -s.d / 2 + 0.05],
            [x, tr, s.d / 2 + 0.05],
            [x, s.h - s.t - tr * 0.5, s.d / 2 - 0.02],
            [x, s.h - s.t - tr * 0.5, tiltedZ(s, s.h - s.t, tilt, 0)],
            [x, s.h + bh, tiltedZ(s, s.h + bh, tilt, 0)],
          ];
          parts.push(p.tube(path, tr));
        }
        parts.push(p.rod([-s.w / 2 + 0.02, tr, -s.d / 2 + 0.05], [s.w / 2 - 0.02, tr, -s.d / 2 + 0.05], tr));
        parts.push(p.slab([s.w, s.t, s.d * 0.95], 0.03, 'y', [0, s.h - s.t / 2, 0]));
        parts.push(backPanel(p, s, s.w, bh * 0.7, 0.025, tilt, s.h + bh * 0.28, 0.03));
        return p.union(parts);
      },
    },
    {
      name: 'tulip-pedestal',
      build(p, r) {
        const R = U(r, 0.24, 0.3),
          h = U(r, 0.42, 0.47),
          baseR = U(r, 0.22, 0.28);
        const parts = [
          p.lathe(
            [
              [0, 0],
              [baseR, 0],
              [baseR * 0.9, 0.025],
              [0.06, 0.06],
              [0, 0.06],
            ],
            [0, 0, 0],
            [0, 1, 0],
            SEG_LARGE,
          ),
          p.rod([0, 0.05, 0], [0, h - 0.05, 0], U(r, 0.03, 0.045), 0.05, SEG_MED),
          p.lathe(
            [
              [0, 0],
              [R, 0.02],
              [R + 0.01, 0.05],
              [R * 0.9, 0.08],
              [0, 0.07],
            ],
            [0, h - 0.07, 0],
            [0, 1, 0],
            SEG_LARGE,
          ),
        ];
        const bh = U(r, 0.3, 0.45),
          arc = U(r, 160, 240);
        parts.push(p.arcWall([0, h - 0.04, 0], R + 0.01, 0.03, 0, bh, arc, 180));
        if (chance(r, 0.5)) parts.push(p.roundBox([R * 1.5, 0.05, R * 1.5], 0.02, [0, h + 0.015, 0.02]));
        return p.union(parts);
      },
    },
    {
      name: 'ladder-back',
      build(p, r) {
        const s = seatDims(r);
        const lr = U(r, 0.014, 0.02);
        const parts = [p.box([s.w, s.t, s.d], [0, s.h - s.t / 2, 0])];
        const bh = U(r, 0.45, 0.65),
          tilt = U(r, 3, 8);
        for (const sx of [-1, 1]) {
          const x = sx * (s.w / 2 - lr);
          parts.push(p.rod([x, 0, s.d / 2 - lr], [x, s.h - 0.01, s.d / 2 - lr], lr));
          const zb = tiltedZ(s, s.h + bh, tilt, lr);
          parts.push(p.rod([x, 0, -s.d / 2 + lr], [x, s.h, -s.d / 2 + lr], lr));
          parts.push(p.rod([x, s.h - 0.01, -s.d / 2 + lr], [x, s.h + bh, zb], lr));
          parts.push(p.ball([x, s.h + bh, zb], lr * 1.4, 12));
          for (const y of [0.12, 0.25]) parts.push(p.rod([x, y, -s.d / 2 + lr], [x, y, s.d / 2 - lr], lr * 0.6));
        }
        for (const y of [0.15])
          for (const z of [-1, 1])
            parts.push(p.rod([-s.w / 2 + lr, y, z * (s.d / 2 - lr)], [s.w / 2 - lr, y, z * (s.d / 2 - lr)], lr * 0.6));
        const rungs = I(r, 3, 5);
        for (let i = 0; i < rungs; i++) {
          const y = s.h + bh * (0.3 + (0.65 * (i + 1)) / rungs);
          parts.push(
            p.bar(
              [-s.w / 2 + lr, y, tiltedZ(s, y, tilt, lr)],
              [s.w / 2 - lr, y, tiltedZ(s, y, tilt, lr)],
              U(r, 0.04, 0.07),
              0.014,
              [0, 1, 0],
            ),
          );
        }
        return p.union(parts);
      },
    },
    {
      name: 'windsor',
      build(p, r) {
        const s = seatDims(r);
        s.t = U(r, 0.04, 0.06);
        const parts = [p.slab([s.w, s.t, s.d], U(r, 0.08, 0.16), 'y', [0, s.h - s.t / 2, 0])];
        parts.push(...fourLegs(p, r, s, { round: true, thick: 0.035, splay: U(r, 0.04, 0.07), inset: 0.07 }));
        parts.push(p.rod([-s.w / 2 + 0.04, 0.15, 0], [s.w / 2 - 0.04, 0.15, 0], 0.012));
        for (const sx of [-1, 1])
          parts.push(p.rod([sx * (s.w / 2 - 0.04), 0.15, s.d / 2 - 0.04], [sx * (s.w / 2 - 0.04), 0.15, -s.d / 2 + 0.04], 0.012));
        const bowR = s.w * U(r, 0.42, 0.5),
          bh = U(r, 0.38, 0.55),
          arc = U(r, 140, 200);
        const cz = -s.d / 2 + bowR * 0.85;
        const bow = arcPoints([0, s.h + bh, cz], bowR, 180 - arc / 2, 180 + arc / 2, 10, [0, 0, 1], [1, 0, 0]);
        parts.push(p.tube(bow, 0.02));
        const sp = I(r, 5, 9);
        for (let i = 0; i < sp; i++) {
          const q = bow[1 + Math.round((i * 8) / (sp - 1))];
          parts.push(p.rod([q[0] * 0.9, s.h - 0.02, cz + (q[2] - cz) * 0.8], q, 0.009, 0.008, 12));
        }
        return p.union(parts);
      },
    },
  ],
};
