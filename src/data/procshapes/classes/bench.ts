/**
 * Benches: park benches with slatted seats and backs on cast side frames, backless slat benches,
 * plank benches on four legs, picnic benches, concrete block benches, padded gym benches, benches
 * with arms, piano benches and curved garden benches. Front towards +z, y up. Units ≈ metres.
 */
import type { Manifold } from 'manifold-3d';
import { arcPoints, type Parts, SEG_LARGE, type Vec2 } from '../parts.ts';
import { chance, I, pick, U } from '../sampling.ts';
import type { ShapeClass } from '../ShapeClass.ts';

/** Slats along x covering z0..z1 at height y (top of slats), `n` of them. */
function slats(p: Parts, w: number, y: number, z0: number, z1: number, n: number, t = 0.03): Manifold[] {
  const out: Manifold[] = [];
  const pitch = (z1 - z0) / n;
  for (let i = 0; i < n; i++) out.push(p.box([w, t, pitch * 0.75], [0, y - t / 2, z0 + pitch * (i + 0.5)]));
  return out;
}

/** Park-bench side frame (profile in zy, extruded thin along x): legs, seat support and back post. */
function sideFrame(p: Parts, seatY: number, d: number, backH: number, tilt: number, t: number): Manifold {
  const zb = -d / 2,
    zf = d / 2;
  const prof: Vec2[] = [
    [zf, 0],
    [zf - 0.06, 0],
    [zf - 0.1, seatY - 0.08],
    [zb + 0.1, seatY - 0.08],
    [zb + 0.06, 0],
    [zb, 0],
    [zb + 0.02, seatY],
    [zb - backH * tilt, seatY + backH],
    [zb - backH * tilt + 0.06, seatY + backH],
    [zb + 0.08, seatY],
    [zf, seatY],
  ];
  return p.extrude(prof, t, 'x');
}

export const bench: ShapeClass = {
  name: 'bench',
  variants: [
    {
      name: 'park-bench',
      build(p, r) {
        const w = U(r, 1.4, 2.0),
          d = U(r, 0.4, 0.5),
          seatY = U(r, 0.4, 0.46),
          backH = U(r, 0.35, 0.5),
          tilt = U(r, 0.1, 0.3);
        const parts: Manifold[] = [];
        const frames = w > 1.7 ? [-1, 0, 1] : [-1, 1];
        for (const f of frames) parts.push(p.move(sideFrame(p, seatY, d, backH, tilt, 0.05), [f * (w / 2 - 0.08), 0, 0]));
        // Slats sink 5 mm into the frames' seat rails so they join them.
        parts.push(...slats(p, w, seatY + 0.025, -d / 2 + 0.02, d / 2, I(r, 3, 6)));
        const nb = I(r, 2, 4);
        for (let i = 0; i < nb; i++) {
          const y = seatY + 0.1 + (i + 0.5) * ((backH - 0.1) / nb);
          const z = -d / 2 - (y - seatY) * tilt + 0.03;
          parts.push(p.box([w, ((backH - 0.1) / nb) * 0.7, 0.025], [0, y, z + 0.025], [-Math.atan(tilt) * 57.3, 0, 0]));
        }
        if (chance(r, 0.5))
          for (const sx of [-1, 1])
            parts.push(
              p.tube(
                [
                  [sx * (w / 2 - 0.08), seatY - 0.02, d / 2 - 0.05],
                  [sx * (w / 2 - 0.08), seatY + 0.22, d / 2 - 0.1],
                  [sx * (w / 2 - 0.08), seatY + 0.22, -d / 2 + 0.05],
                ],
                0.02,
              ),
            );
        return p.union(parts);
      },
    },
    {
      name: 'backless-slat',
      build(p, r) {
        const w = U(r, 1.2, 2.0),
          d = U(r, 0.35, 0.5),
          seatY = U(r, 0.4, 0.48);
        const parts = slats(p, w, seatY, -d / 2, d / 2, I(r, 3, 6), 0.035);
        for (const sx of [-1, 1]) {
          const x = sx * (w / 2 - U(r, 0.1, 0.2));
          if (chance(r, 0.5))
            parts.push(
              p.extrude(
                [
                  [d / 2, 0],
                  [d / 2 - 0.07, 0],
                  [0, seatY - 0.12],
                  [-d / 2 + 0.07, 0],
                  [-d / 2, 0],
                  [-d / 2 + 0.02, seatY - 0.03],
                  [d / 2 - 0.02, seatY - 0.03],
                ],
                0.05,
                'x',
                [x, 0, 0],
              ),
            );
          else parts.push(p.box([0.06, seatY - 0.03, d - 0.06], [x, (seatY - 0.03) / 2, 0]));
          parts.push(p.box([0.08, 0.05, d], [x, seatY - 0.055, 0]));
        }
        return p.union(parts);
      },
    },
    {
      name: 'plank-four-legs',
      build(p, r) {
        const w = U(r, 1.0, 1.8),
          d = U(r, 0.25, 0.4),
          seatY = U(r, 0.4, 0.48),
          t = U(r, 0.04, 0.07);
        const parts = [p.box([w, t, d], [0, seatY - t / 2, 0])];
        const splay = U(r, 0, 0.08),
          lt = U(r, 0.04, 0.06),
          inset = U(r, 0.08, 0.2);
        for (const sx of [-1, 1])
          for (const sz of [-1, 1]) {
            parts.push(
              p.bar(
                [sx * (w / 2 - inset + splay), 0, sz * (d / 2 - 0.05 + splay * 0.5)],
                [sx * (w / 2 - inset), seatY - t / 2, sz * (d / 2 - 0.05)],
                lt,
                lt,
              ),
            );
          }
        if (chance(r, 0.6))
          parts.push(
            p.box([w - 2 * inset + 1.3 * splay + lt, 0.04, 0.03], [0, seatY * 0.35, 0]),
            ...[-1, 1].map((sx) => p.box([0.03, 0.04, d - 0.1], [sx * (w / 2 - inset + splay * 0.65), seatY * 0.35, 0])),
          );
        return p.union(parts);
      },
    },
    {
      name: 'picnic-bench',
      build(p, r) {
        const w = U(r, 1.5, 2.0),
          seatY = U(r, 0.42, 0.47),
          topY = U(r, 0.72, 0.78),
          td = U(r, 0.6, 0.8),
          sd = U(r, 0.25, 0.3);
        const gap = U(r, 0.2, 0.3);
        const parts = slats(p, w, topY, -td / 2, td / 2, I(r, 3, 5), 0.04);
        for (const sz of [-1, 1])
          parts.push(
            ...slats(
              p,
              w,
              seatY,
              sz > 0 ? td / 2 + gap - sd / 2 : -td / 2 - gap - sd / 2,
              sz > 0 ? td / 2 + gap + sd / 2 : -td / 2 - gap + sd / 2,
              2,
              0.04,
            ),
          );
        const reach = td / 2 + gap + sd / 2;
        for (const sx of [-1, 1]) {
          const x = sx * (w / 2 - 0.2);
          parts.push(
            p.bar([x, 0, reach], [x, topY - 0.04, -td * 0.2], 0.08, 0.05, [1, 0, 0]),
            p.bar([x, 0, -reach], [x, topY - 0.04, td * 0.2], 0.08, 0.05, [1, 0, 0]),
          );
          parts.push(p.box([0.05, 0.08, 2 * reach], [x, seatY - 0.08, 0]));
          parts.push(p.box([0.05, 0.06, td * 0.9], [x, topY - 0.07, 0]));
        }
        return p.union(parts);
      },
    },
    {
      name: 'concrete-block',
      build(p, r) {
        const w = U(r, 1.4, 2.2),
          d = U(r, 0.4, 0.55),
          seatY = U(r, 0.4, 0.48),
          t = U(r, 0.08, 0.14);
        const parts = [p.box([w, t, d], [0, seatY - t / 2, 0])];
        const style = pick(r, ['blocks', 'pedestal'] as const);
        if (style === 'blocks')
          for (const sx of [-1, 1])
            parts.push(
              p.box([U(r, 0.15, 0.3), seatY - t + 0.01, d * U(r, 0.8, 1)], [sx * (w / 2 - U(r, 0.15, 0.3)), (seatY - t + 0.01) / 2, 0]),
            );
        else parts.push(p.box([w * U(r, 0.5, 0.8), seatY - t + 0.01, d * 0.5], [0, (seatY - t + 0.01) / 2, 0]));
        if (chance(r, 0.4)) parts.push(p.box([w, U(r, 0.3, 0.45), t * 0.8], [0, seatY + 0.15, -d / 2 + t * 0.4]));
        return p.union(parts);
      },
    },
    {
      name: 'gym-bench',
      build(p, r) {
        const L = U(r, 1.1, 1.3),
          w = U(r, 0.26, 0.32),
          seatY = U(r, 0.42, 0.48);
        const parts = [p.roundBox([w, 0.09, L], 0.03, [0, seatY - 0.045, 0])];
        parts.push(p.box([0.08, 0.06, L * 0.9], [0, seatY - 0.11, 0]));
        for (const sz of [-1, 1]) {
          const z = sz * L * 0.38;
          parts.push(p.box([0.06, seatY - 0.1, 0.06], [0, (seatY - 0.1) / 2, z]));
          parts.push(p.box([w + 0.2, 0.05, 0.07], [0, 0.025, z]));
        }
        if (chance(r, 0.5)) parts.push(p.rod([-0.2, 0.08, L * 0.38 + 0.06], [0.2, 0.08, L * 0.38 + 0.06], 0.05, 0.05, 16));
        return p.union(parts);
      },
    },
    {
      name: 'bench-with-arms',
      build(p, r) {
        const w = U(r, 1.2, 1.6),
          d = U(r, 0.45, 0.55),
          seatY = U(r, 0.42, 0.46),
          armH = U(r, 0.2, 0.3),
          backH = U(r, 0.4, 0.55);
        const parts = [p.box([w, 0.05, d], [0, seatY - 0.025, 0])];
        for (const sx of [-1, 1]) {
          const x = sx * (w / 2 + 0.03);
          for (const sz of [-1, 1])
            parts.push(
              p.box(
                [0.05, sz < 0 ? seatY + backH : seatY + armH, 0.05],
                [x, (sz < 0 ? seatY + backH : seatY + armH) / 2, sz * (d / 2 - 0.03)],
              ),
            );
          parts.push(p.box([0.07, 0.04, d + 0.06], [x, seatY + armH, 0.01]));
          parts.push(p.box([0.06, 0.05, d], [x, seatY - 0.04, 0]));
        }
        const spindles = chance(r, 0.5);
        parts.push(p.box([w + 0.1, 0.08, 0.04], [0, seatY + backH - 0.04, -d / 2 + 0.03]));
        if (spindles)
          for (let i = 0; i < I(r, 6, 12); i++)
            parts.push(p.box([0.025, backH - 0.05, 0.02], [-w / 2 + 0.05 + i * 0.1, seatY + backH / 2, -d / 2 + 0.03]));
        else parts.push(p.box([w, backH * 0.4, 0.025], [0, seatY + backH * 0.5, -d / 2 + 0.03]));
        return p.union(parts);
      },
    },
    {
      name: 'piano-bench',
      build(p, r) {
        const w = U(r, 0.7, 0.95),
          d = U(r, 0.32, 0.4),
          seatY = U(r, 0.48, 0.52);
        const parts = [p.roundBox([w, 0.1, d], 0.03, [0, seatY - 0.05, 0]), p.box([w - 0.06, 0.08, d - 0.06], [0, seatY - 0.13, 0])];
        for (const sx of [-1, 1])
          for (const sz of [-1, 1])
            parts.push(
              p.rod(
                [sx * (w / 2 - 0.05), 0, sz * (d / 2 - 0.05)],
                [sx * (w / 2 - 0.05), seatY - 0.1, sz * (d / 2 - 0.05)],
                0.018,
                0.024,
                12,
              ),
            );
        if (chance(r, 0.5))
          for (const sx of [-1, 1])
            parts.push(p.rod([sx * (w / 2 - 0.05), 0.12, -d / 2 + 0.05], [sx * (w / 2 - 0.05), 0.12, d / 2 - 0.05], 0.01, 0.01, 8));
        return p.union(parts);
      },
    },
    {
      name: 'curved-garden',
      build(p, r) {
        const R = U(r, 1.2, 2.0),
          arc = U(r, 50, 90),
          d = U(r, 0.38, 0.48),
          seatY = U(r, 0.42, 0.46);
        const c: [number, number, number] = [0, 0, R * 0.7];
        const parts = [p.arcWall([c[0], seatY - 0.05, c[2]], R, d, 0, 0.05, arc, 180, SEG_LARGE)];
        const back = chance(r, 0.6);
        if (back) parts.push(p.arcWall([c[0], seatY - 0.01, c[2]], R + 0.02, 0.04, 0, U(r, 0.3, 0.45), arc, 180, SEG_LARGE));
        const legs = I(r, 3, 4);
        for (let i = 0; i < legs; i++) {
          const a = 180 - arc / 2 + (arc * (i + 0.5)) / legs;
          const pts = arcPoints([c[0], 0, c[2]], R - d / 2, a, a, 1, [0, 0, 1], [1, 0, 0]);
          parts.push(p.box([0.08, seatY - 0.04, d * 0.8], [pts[0][0], (seatY - 0.04) / 2, pts[0][2]], [0, a, 0]));
        }
        return p.union(parts);
      },
    },
  ],
};
