/**
 * Telephones: smartphones (with camera bumps), phablets in a stand, flip phones, desk phones with
 * a handset on the cradle and a keypad, rotary phones, cordless handsets in a dock, candlestick
 * phones, candybar keypad phones and satellite phones with an antenna. Screen / front towards +z
 * (handhelds stand upright, long side along y). Units ≈ metres.
 */
import type { Manifold } from 'manifold-3d';
import type { Random } from '../../../geometry/Random.ts';
import { type Parts, SEG_MED, type Vec3 } from '../parts.ts';
import { chance, U } from '../sampling.ts';
import type { ShapeClass } from '../ShapeClass.ts';

/** Handheld slab w × h × t centred at `at`, screen recess on +z. */
function slabPhone(p: Parts, r: Random, w: number, h: number, t: number, at: Vec3, screen = true): Manifold {
  let body = p.slab([w, h, t], Math.min(w, h) * U(r, 0.08, 0.15), 'z', at);
  if (screen)
    body = p.subtract(body, p.slab([w * 0.9, h * 0.85, t * 0.2], Math.min(w, h) * 0.05, 'z', [at[0], at[1] + h * 0.01, at[2] + t / 2]));
  return body;
}

/** Grid of keypad buttons on the plane z = zFront (small boxes). */
function keypad(p: Parts, cx: number, cy: number, zFront: number, cols: number, rows: number, pitch: number, size: number): Manifold[] {
  const out: Manifold[] = [];
  for (let i = 0; i < cols; i++)
    for (let j = 0; j < rows; j++) {
      out.push(p.box([size, size * 0.8, size * 0.5], [cx + (i - (cols - 1) / 2) * pitch, cy - j * pitch * 0.85, zFront]));
    }
  return out;
}

/** Desk-phone handset lying along x: a bar with an earpiece and a mouthpiece cup at the ends. */
function handset(p: Parts, at: Vec3, len: number): Manifold {
  const cups = [-1, 1].map((s) =>
    p.rod([at[0] + s * len * 0.42, at[1] + 0.012, at[2]], [at[0] + s * len * 0.42, at[1] - 0.025, at[2]], 0.03, 0.026, 16),
  );
  return p.union([p.roundBox([len * 0.7, 0.03, 0.045], 0.012, [at[0], at[1] + 0.02, at[2]]), ...cups]);
}

export const telephone: ShapeClass = {
  name: 'telephone',
  variants: [
    {
      name: 'smartphone',
      build(p, r) {
        const w = U(r, 0.065, 0.08),
          h = w * U(r, 1.9, 2.2),
          t = U(r, 0.007, 0.01);
        const parts = [slabPhone(p, r, w, h, t, [0, 0, 0])];
        const cam = chance(r, 0.7);
        if (cam) parts.push(p.slab([w * U(r, 0.3, 0.45), w * U(r, 0.3, 0.45), t * 0.5], 0.006, 'z', [-w * 0.2, h * 0.36, -t / 2]));
        parts.push(p.box([0.002, h * 0.12, 0.003], [w / 2, h * 0.2, 0]));
        return p.union(parts);
      },
    },
    {
      name: 'phone-in-stand',
      build(p, r) {
        const w = U(r, 0.07, 0.09),
          h = w * U(r, 1.9, 2.2),
          t = 0.008;
        const tilt = U(r, 15, 30);
        const phone = p.rot(slabPhone(p, r, w, h, t, [0, h / 2, 0]), [-tilt, 0, 0]);
        // Phone bottom rests in the base (overlapping it); a strut leans on its back.
        const parts = [p.move(phone, [0, 0.008, 0.02])];
        parts.push(p.box([w * 0.9, 0.012, 0.12], [0, 0.006, 0]));
        const tan = Math.tan((tilt * Math.PI) / 180),
          cos = Math.cos((tilt * Math.PI) / 180);
        const yb = h * 0.45,
          zBack = 0.02 - (yb - 0.008) * tan - t / 2 / cos;
        parts.push(p.bar([0, 0.0, -0.055], [0, yb, zBack - 0.002], w * 0.5, 0.008, [0, 0, 1]));
        parts.push(p.box([w * 0.9, 0.02, 0.015], [0, 0.015, 0.035]));
        return p.union(parts);
      },
    },
    {
      name: 'flip-phone',
      build(p, r) {
        const w = U(r, 0.045, 0.055),
          h = w * U(r, 1.7, 2.0),
          t = U(r, 0.009, 0.012);
        const open = U(r, 140, 165);
        const bottom = slabPhone(p, r, w, h, t, [0, -h / 2, 0], false);
        const keys = keypad(p, 0, -h * 0.35, t / 2, 3, 4, w * 0.25, w * 0.18);
        const topHalf = p.rot(slabPhone(p, r, w, h, t, [0, h / 2, 0]), [180 - open, 0, 0]);
        const hinge = p.rod([-w / 2, 0, 0], [w / 2, 0, 0], t * 0.6, t * 0.6, 16);
        return p.union([bottom, ...keys, topHalf, hinge]);
      },
    },
    {
      name: 'desk-phone',
      build(p, r) {
        const w = U(r, 0.2, 0.26),
          d = U(r, 0.18, 0.24),
          hb = U(r, 0.05, 0.07),
          hf = U(r, 0.025, 0.04);
        const body = p.extrude(
          [
            [d / 2, 0],
            [d / 2, hf],
            [-d / 2, hb],
            [-d / 2, 0],
          ],
          w,
          'x',
        );
        const parts = [p.subtract(body, p.box([w * 0.35, 0.02, d * 0.8], [-w * 0.28, hb, 0]))];
        // Keys on the sloping top (3 × 4 grid), sunk halfway into it.
        const slope = (hb - hf) / d;
        for (let i = 0; i < 12; i++) {
          const c = i % 3,
            rr = Math.floor(i / 3);
          const z = d * 0.3 - rr * 0.028,
            x = w * 0.15 + (c - 1) * 0.028;
          parts.push(p.box([0.018, 0.014, 0.018], [x, hf + (d / 2 - z) * slope, z]));
        }
        if (chance(r, 0.5)) parts.push(p.box([w * 0.3, 0.012, 0.04], [w * 0.15, hf + (d / 2 + d * 0.3) * slope, -d * 0.32]));
        parts.push(p.move(p.rot(handset(p, [0, 0, 0], d * 1.05), [0, 90, 0]), [-w * 0.28, hb + 0.01, 0]));
        return p.union(parts);
      },
    },
    {
      name: 'rotary-phone',
      build(p, r) {
        const w = U(r, 0.2, 0.24),
          d = U(r, 0.2, 0.24),
          h = U(r, 0.09, 0.12);
        const base = p.hull([p.roundBox([w, 0.02, d], 0.01, [0, 0.01, 0]), p.roundBox([w * 0.7, 0.02, d * 0.6], 0.01, [0, h, -d * 0.05])]);
        const dialR = U(r, 0.045, 0.055);
        // Dial on the sloping front face: its centre on the face, its axis along the face normal.
        const faceRun = d * 0.25,
          yDial = h * 0.55;
        const tilt = 90 - (Math.atan2(h, faceRun) * 180) / Math.PI;
        const zDial = d / 2 - (yDial / h) * faceRun;
        let dial = p.rod([0, 0, -0.01], [0, 0, 0.012], dialR, dialR, SEG_MED);
        const holes: Manifold[] = [];
        for (let i = 0; i < 10; i++) {
          const a = ((i * 28 + 40) * Math.PI) / 180;
          holes.push(
            p.rod(
              [dialR * 0.72 * Math.cos(a), dialR * 0.72 * Math.sin(a), 0.004],
              [dialR * 0.72 * Math.cos(a), dialR * 0.72 * Math.sin(a), 0.02],
              dialR * 0.13,
              dialR * 0.13,
              8,
            ),
          );
        }
        dial = p.subtract(dial, ...holes);
        const dialPlaced = p.move(p.rot(dial, [-tilt, 0, 0]), [0, yDial, zDial]);
        const cradle = [-1, 1].map((s) => p.box([0.03, 0.04, 0.05], [s * w * 0.3, h + 0.01, -d * 0.05]));
        const hs = handset(p, [0, h + 0.035, -d * 0.05], w * 1.05);
        return p.union([base, dialPlaced, ...cradle, hs]);
      },
    },
    {
      name: 'cordless-in-dock',
      build(p, r) {
        const w = U(r, 0.045, 0.055),
          h = U(r, 0.14, 0.17),
          t = U(r, 0.022, 0.03);
        const dock = p.roundBox([w * 1.8, 0.04, w * 2.2], 0.012, [0, 0.02, 0]);
        const cradle = p.subtract(p.roundBox([w * 1.3, 0.06, t * 1.8], 0.01, [0, 0.05, 0]), p.box([w * 1.05, 0.08, t * 1.1], [0, 0.07, 0]));
        const tilt = U(r, 5, 15);
        let hs = slabPhone(p, r, w, h, t, [0, h / 2, 0], true);
        hs = p.union([hs, ...keypad(p, 0, h * 0.3, t / 2, 3, 4, w * 0.26, w * 0.18)]);
        hs = p.subtract(hs, p.box([w * 2, h * 0.3, t], [0, h * 0.2, t * 0.9]));
        hs = p.union([hs, p.rod([w * 0.3, h - 0.01, 0], [w * 0.3, h + 0.02, 0], 0.004, 0.004, 8)]);
        return p.union([dock, cradle, p.move(p.rot(hs, [-tilt, 0, 0]), [0, 0.035, 0])]);
      },
    },
    {
      name: 'candlestick',
      build(p, r) {
        const H = U(r, 0.28, 0.35),
          bR = U(r, 0.05, 0.07);
        const parts = [
          p.lathe(
            [
              [0, 0],
              [bR, 0],
              [bR, 0.015],
              [bR * 0.5, 0.04],
              [0.012, 0.06],
              [0, 0.06],
            ],
            [0, 0, 0],
            [0, 1, 0],
            SEG_MED,
          ),
        ];
        parts.push(p.rod([0, 0.05, 0], [0, H, 0], 0.012, 0.01, 16));
        parts.push(
          p.lathe(
            [
              [0, 0],
              [0.012, 0],
              [0.03, 0.05],
              [0.03, 0.06],
              [0, 0.055],
            ],
            [0, H - 0.01, 0.01],
            [0, 0.5, 1],
            16,
          ),
        );
        const hook: Vec3 = [0.025, H * 0.7, 0];
        parts.push(p.rod([0.008, H * 0.7, 0], hook, 0.004, 0.004, 8), p.rod(hook, [0.03, H * 0.8, 0], 0.004, 0.004, 8));
        parts.push(
          p.lathe(
            [
              [0, 0],
              [0.015, 0],
              [0.022, 0.06],
              [0.028, 0.09],
              [0, 0.09],
            ],
            [0.03, H * 0.75 - 0.05, 0.01],
            [0, 1, 0],
            16,
          ),
        );
        return p.union(parts);
      },
    },
    {
      name: 'candybar-keypad',
      build(p, r) {
        const w = U(r, 0.045, 0.055),
          h = w * U(r, 2.0, 2.4),
          t = U(r, 0.012, 0.018);
        let body = p.slab([w, h, t], w * 0.2, 'z');
        body = p.subtract(body, p.box([w * 0.8, h * 0.3, t * 0.3], [0, h * 0.22, t / 2]));
        return p.union([
          body,
          ...keypad(p, 0, -h * 0.05, t / 2, 3, 5, w * 0.26, w * 0.19),
          p.slab([w * 0.5, w * 0.2, t * 0.3], 0.004, 'z', [0, h * 0.02, t / 2]),
        ]);
      },
    },
    {
      name: 'satellite-phone',
      build(p, r) {
        const w = U(r, 0.055, 0.065),
          h = U(r, 0.14, 0.17),
          t = U(r, 0.025, 0.035);
        let body = p.slab([w, h, t], w * 0.15, 'z');
        body = p.subtract(body, p.box([w * 0.75, h * 0.25, t * 0.3], [0, h * 0.2, t / 2]));
        const ant = U(r, 0.1, 0.16),
          ar = U(r, 0.006, 0.01);
        const parts = [body, ...keypad(p, 0, -h * 0.02, t / 2, 3, 4, w * 0.25, w * 0.17)];
        parts.push(p.rod([w * 0.25, h / 2 - 0.01, -t * 0.1], [w * 0.25, h / 2 + ant, -t * 0.1], ar * 1.3, ar, 12));
        parts.push(p.rod([w * 0.25, h / 2 - 0.01, -t * 0.1], [w * 0.25, h / 2 + 0.02, -t * 0.1], ar * 2, ar * 2, 12));
        if (chance(r, 0.5)) parts.push(p.ball([w * 0.25, h / 2 + ant, -t * 0.1], ar * 1.5, 8));
        return p.union(parts);
      },
    },
  ],
};
