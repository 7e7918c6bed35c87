/**
 * Lamps: jointed desk lamps, floor lamps, pendants, table lamps with a vase body, arc floor lamps,
 * banker's lamps, tripod floor lamps, globe lamps and chandeliers. Shades are thin open shells of
 * revolution (the hard, thin parts). Units ≈ metres.
 */
import type { Manifold } from 'manifold-3d';
import type { Random } from '../../../geometry/Random.ts';
import { arcPoints, type Parts, SEG_LARGE, SEG_MED, type Vec2, type Vec3 } from '../parts.ts';
import { chance, I, pick, U } from '../sampling.ts';
import type { ShapeClass } from '../ShapeClass.ts';

/** Open shade curve (radius, height) from its top rim (y = 0) downwards, by style. */
function shadeCurve(r: Random, style: 'cone' | 'drum' | 'dome' | 'bell', rTop: number, rBot: number, h: number): Vec2[] {
  const pts: Vec2[] = [];
  const n = 8;
  for (let i = 0; i <= n; i++) {
    const s = i / n;
    let rad: number;
    if (style === 'drum') rad = rTop;
    else if (style === 'cone') rad = rTop + (rBot - rTop) * s;
    else if (style === 'dome') rad = rBot * Math.sin((Math.PI / 2) * (0.15 + 0.85 * s));
    else rad = rTop + (rBot - rTop) * s * s;
    pts.push([Math.max(rad, 0.004), -h * s]);
  }
  void r;
  return pts;
}

/**
 * A shade hanging from `at` (its top centre), opening downwards, attached by a neck ring and
 * spokes so it is one solid with a rod ending at `at`.
 */
function shade(
  p: Parts,
  r: Random,
  at: Vec3,
  size: number,
  style = pick(r, ['cone', 'drum', 'dome', 'bell'] as const),
  axis: Vec3 = [0, 1, 0],
): Manifold {
  const h = size * U(r, 0.7, 1.1);
  const rBot = size * U(r, 0.6, 0.9);
  const rTop = style === 'drum' ? rBot * U(r, 0.85, 1) : style === 'dome' ? rBot * 0.15 : rBot * U(r, 0.25, 0.6);
  const curve = shadeCurve(r, style, rTop, rBot, h);
  const th = Math.max(0.004, size * 0.03);
  // Thicken inwards (towards the axis) so the outer surface is the curve itself.
  const shell = p.latheShell(curve.slice().reverse(), th, at, axis, SEG_MED);
  const parts = [shell];
  if (style === 'drum' || rTop > size * 0.2) {
    // Spider: a hub and spokes to the top rim.
    const [u, v, d] = frameLocal(axis);
    parts.push(
      p.rod(
        [at[0] - d[0] * 0.03, at[1] - d[1] * 0.03, at[2] - d[2] * 0.03],
        [at[0] + d[0] * 0.01, at[1] + d[1] * 0.01, at[2] + d[2] * 0.01],
        0.012,
        0.012,
        12,
      ),
    );
    for (let i = 0; i < 3; i++) {
      const a = (2 * Math.PI * i) / 3;
      const rr = rTop - th / 2;
      const q: Vec3 = [
        at[0] + rr * (Math.cos(a) * u[0] + Math.sin(a) * v[0]),
        at[1] + rr * (Math.cos(a) * u[1] + Math.sin(a) * v[1]),
        at[2] + rr * (Math.cos(a) * u[2] + Math.sin(a) * v[2]),
      ];
      parts.push(
        p.rod(
          [at[0] - d[0] * 0.01, at[1] - d[1] * 0.01, at[2] - d[2] * 0.01],
          [q[0] - d[0] * th, q[1] - d[1] * th, q[2] - d[2] * th],
          0.004,
          0.004,
          8,
        ),
      );
    }
  } else {
    const cap = curve[0][0];
    parts.push(
      p.rod(
        [at[0] + axis[0] * 0.01, at[1] + axis[1] * 0.01, at[2] + axis[2] * 0.01],
        [at[0] - axis[0] * 0.04, at[1] - axis[1] * 0.04, at[2] - axis[2] * 0.04],
        cap,
        cap,
        12,
      ),
    );
  }
  if (chance(r, 0.5)) {
    // Bulb hanging from the hub / cap, overlapping it.
    const rb = Math.min(rTop * 0.8 + 0.01, size * 0.2),
      s = 0.025 + rb * 0.8;
    parts.push(p.ball([at[0] - axis[0] * s, at[1] - axis[1] * s, at[2] - axis[2] * s], rb, 12));
  }
  return p.union(parts);
}

function frameLocal(axis: Vec3): [Vec3, Vec3, Vec3] {
  const l = Math.sqrt(axis[0] * axis[0] + axis[1] * axis[1] + axis[2] * axis[2]);
  const d: Vec3 = [axis[0] / l, axis[1] / l, axis[2] / l];
  const h: Vec3 = Math.abs(d[1]) < 0.9 ? [0, 1, 0] : [1, 0, 0];
  const u0: Vec3 = [h[1] * d[2] - h[2] * d[1], h[2] * d[0] - h[0] * d[2], h[0] * d[1] - h[1] * d[0]];
  const lu = Math.sqrt(u0[0] * u0[0] + u0[1] * u0[1] + u0[2] * u0[2]);
  const u: Vec3 = [u0[0] / lu, u0[1] / lu, u0[2] / lu];
  const v: Vec3 = [d[1] * u[2] - d[2] * u[1], d[2] * u[0] - d[0] * u[2], d[0] * u[1] - d[1] * u[0]];
  return [u, v, d];
}

function roundBase(p: Parts, R: number, h: number): Manifold {
  return p.lathe(
    [
      [0, 0],
      [R, 0],
      [R, h * 0.6],
      [R * 0.8, h],
      [0, h],
    ],
    [0, 0, 0],
    [0, 1, 0],
    SEG_LARGE,
  );
}

export const lamp: ShapeClass = {
  name: 'lamp',
  variants: [
    {
      name: 'desk-jointed',
      build(p, r) {
        const baseR = U(r, 0.07, 0.1),
          baseH = U(r, 0.02, 0.04);
        const square = chance(r, 0.4);
        const parts = [square ? p.box([baseR * 2, baseH, baseR * 2], [0, baseH / 2, 0]) : roundBase(p, baseR, baseH)];
        const l1 = U(r, 0.25, 0.4),
          l2 = U(r, 0.25, 0.38);
        const a1 = (U(r, 55, 80) * Math.PI) / 180,
          a2 = (U(r, -20, 25) * Math.PI) / 180;
        const j0: Vec3 = [0, baseH, -baseR * 0.3];
        const j1: Vec3 = [0, j0[1] + l1 * Math.sin(a1), j0[2] + l1 * Math.cos(a1)];
        const j2: Vec3 = [0, j1[1] + l2 * Math.sin(a2), j1[2] + l2 * Math.cos(a2)];
        const ar = U(r, 0.007, 0.012);
        const twin = chance(r, 0.5);
        for (const dx of twin ? [-0.015, 0.015] : [0]) {
          parts.push(p.rod([dx, j0[1], j0[2]], [dx, j1[1], j1[2]], ar));
          parts.push(p.rod([dx, j1[1], j1[2]], [dx, j2[1], j2[2]], ar));
        }
        for (const j of [j0, j1]) parts.push(p.rod([-0.025, j[1], j[2]], [0.025, j[1], j[2]], 0.015, 0.015, 12));
        parts.push(p.ball(j2, 0.02, 12));
        const tilt = (U(r, 20, 60) * Math.PI) / 180;
        const axis: Vec3 = [0, Math.cos(tilt), -Math.sin(tilt)];
        parts.push(shade(p, r, j2, U(r, 0.08, 0.13), pick(r, ['cone', 'dome', 'bell'] as const), axis));
        return p.union(parts);
      },
    },
    {
      name: 'floor-lamp',
      build(p, r) {
        const H = U(r, 1.3, 1.8);
        const parts = [roundBase(p, U(r, 0.13, 0.2), U(r, 0.02, 0.05))];
        parts.push(p.rod([0, 0.01, 0], [0, H, 0], U(r, 0.01, 0.016)));
        const size = U(r, 0.18, 0.28);
        if (chance(r, 0.5)) {
          parts.push(shade(p, r, [0, H, 0], size, pick(r, ['drum', 'cone'] as const)));
        } else {
          // Uplighter: an inverted cone/bowl at the top.
          const rr = size * U(r, 0.8, 1.2);
          parts.push(
            p.latheShell(
              [
                [0.02, 0],
                [rr * 0.5, size * 0.2],
                [rr, size * 0.35],
              ],
              0.006,
              [0, H - 0.02, 0],
              [0, 1, 0],
              SEG_MED,
            ),
          );
          parts.push(p.rod([0, H - 0.03, 0], [0, H + 0.01, 0], 0.03));
        }
        return p.union(parts);
      },
    },
    {
      name: 'pendant',
      build(p, r) {
        const cordL = U(r, 0.4, 1.0);
        const parts = [p.rod([0, cordL, 0], [0, cordL + 0.04, 0], U(r, 0.05, 0.08), U(r, 0.05, 0.08), SEG_MED)];
        parts.push(p.rod([0, 0, 0], [0, cordL + 0.01, 0], 0.005, 0.005, 8));
        parts.push(shade(p, r, [0, 0.005, 0], U(r, 0.15, 0.3), pick(r, ['dome', 'bell', 'cone', 'drum'] as const)));
        return p.union(parts);
      },
    },
    {
      name: 'table-lamp-vase',
      build(p, r) {
        const bodyH = U(r, 0.2, 0.35),
          bodyR = U(r, 0.06, 0.11);
        const bulge = U(r, 0.7, 1.3);
        const prof: Vec2[] = [[0, 0]];
        for (let i = 0; i <= 8; i++) {
          const s = i / 8;
          const rad = bodyR * (0.55 + 0.45 * Math.sin(Math.PI * Math.pow(s, bulge)));
          prof.push([Math.max(0.015, s > 0.95 ? rad * 0.5 : rad), s * bodyH]);
        }
        prof.push([0, bodyH]);
        const parts = [p.lathe(prof, [0, 0, 0], [0, 1, 0], SEG_MED)];
        const neckTop = bodyH + U(r, 0.08, 0.15);
        parts.push(p.rod([0, bodyH - 0.01, 0], [0, neckTop, 0], 0.008));
        parts.push(shade(p, r, [0, neckTop + 0.03, 0], U(r, 0.14, 0.2), pick(r, ['drum', 'cone'] as const)));
        parts.push(p.rod([0, neckTop - 0.01, 0], [0, neckTop + 0.035, 0], 0.012));
        return p.union(parts);
      },
    },
    {
      name: 'arc-floor-lamp',
      build(p, r) {
        const H = U(r, 1.4, 1.9),
          reach = U(r, 0.6, 1.1);
        const square = chance(r, 0.5);
        const bs = U(r, 0.14, 0.2);
        const parts = [square ? p.box([bs * 2, 0.05, bs * 2], [0, 0.025, 0]) : roundBase(p, bs, 0.05)];
        // Quarter-ish arc from the base up and over towards +z.
        const R = reach;
        const c: Vec3 = [0, H - R, R];
        const arc = arcPoints(c, R, 180, 90, 10, [0, 0, 1], [0, 1, 0]);
        const path: Vec3[] = [[0, 0.04, 0], [0, H - R, 0], ...arc.slice(1)];
        parts.push(p.tube(path, U(r, 0.01, 0.015)));
        const end = path[path.length - 1];
        parts.push(p.rod(end, [end[0], end[1] - 0.06, end[2]], 0.008));
        parts.push(shade(p, r, [end[0], end[1] - 0.06, end[2]], U(r, 0.15, 0.25), pick(r, ['dome', 'bell'] as const)));
        return p.union(parts);
      },
    },
    {
      name: 'bankers-lamp',
      build(p, r) {
        const bw = U(r, 0.18, 0.26),
          bd = U(r, 0.1, 0.15),
          bh = U(r, 0.02, 0.04);
        const parts = [p.roundBox([bw, bh, bd], 0.01, [0, bh / 2, 0])];
        const H = U(r, 0.25, 0.4);
        parts.push(p.rod([0, bh - 0.005, -bd * 0.2], [0, H, -bd * 0.2], 0.01));
        parts.push(p.rod([0, H, -bd * 0.2], [0, H, 0.02], 0.008));
        const sl = U(r, 0.22, 0.32),
          sr = U(r, 0.06, 0.09);
        // Half-cylinder shade along x, open downwards.
        const half = p.subtract(
          p.rod([-sl / 2, H + 0.01, 0.05], [sl / 2, H + 0.01, 0.05], sr, sr, SEG_MED),
          p.rod([-sl / 2 + 0.008, H + 0.01, 0.05], [sl / 2 - 0.008, H + 0.01, 0.05], sr - 0.006, sr - 0.006, SEG_MED),
          p.box([sl + 0.02, sr * 1.2, sr * 3], [0, H + 0.01 - sr * 0.6 - sr * 0.25, 0.05]),
        );
        parts.push(half);
        parts.push(p.rod([0, H - 0.01, 0.02], [0, H + 0.01 + sr * 0.2, 0.05 - sr * 0.9], 0.008));
        return p.union(parts);
      },
    },
    {
      name: 'tripod-floor-lamp',
      build(p, r) {
        const H = U(r, 1.2, 1.6),
          spread = U(r, 0.25, 0.4),
          lr = U(r, 0.012, 0.02);
        const apex: Vec3 = [0, H * U(r, 0.7, 0.85), 0];
        const parts: Manifold[] = [];
        for (let i = 0; i < 3; i++) {
          const a = (2 * Math.PI * i) / 3 + Math.PI / 6;
          parts.push(p.rod([spread * Math.sin(a), 0, spread * Math.cos(a)], apex, lr, lr * 0.8));
        }
        parts.push(p.rod(apex, [0, H, 0], lr));
        parts.push(p.ball(apex, lr * 2, 12));
        parts.push(shade(p, r, [0, H, 0], U(r, 0.2, 0.3), pick(r, ['drum', 'cone', 'bell'] as const)));
        return p.union(parts);
      },
    },
    {
      name: 'globe-lamp',
      build(p, r) {
        const baseR = U(r, 0.07, 0.12);
        const parts = [roundBase(p, baseR, U(r, 0.02, 0.04))];
        const stem = U(r, 0.05, 0.3),
          gR = U(r, 0.08, 0.16);
        parts.push(p.rod([0, 0.01, 0], [0, stem + 0.02, 0], U(r, 0.01, 0.02)));
        parts.push(p.rod([0, stem, 0], [0, stem + 0.03, 0], gR * 0.35, gR * 0.35, SEG_MED));
        parts.push(
          chance(r, 0.6)
            ? p.ball([0, stem + 0.02 + gR * 0.97, 0], gR, SEG_LARGE)
            : p.ellipsoid([0, stem + 0.02 + gR * 1.3, 0], [gR, gR * 1.35, gR], SEG_LARGE),
        );
        return p.union(parts);
      },
    },
    {
      name: 'chandelier',
      build(p, r) {
        const n = I(r, 3, 8),
          R = U(r, 0.2, 0.4),
          H = U(r, 0.3, 0.6);
        const parts = [p.rod([0, H, 0], [0, H + 0.04, 0], 0.06, 0.06, SEG_MED), p.rod([0, 0, 0], [0, H, 0], 0.012)];
        const hub = p.ball([0, 0.05, 0], 0.05, SEG_MED);
        parts.push(hub);
        const candles = chance(r, 0.5);
        for (let i = 0; i < n; i++) {
          const a = (2 * Math.PI * i) / n;
          const tip: Vec3 = [R * Math.sin(a), 0.12, R * Math.cos(a)];
          const mid: Vec3 = [R * 0.6 * Math.sin(a), -0.02, R * 0.6 * Math.cos(a)];
          parts.push(p.tube([[0, 0.05, 0], mid, tip], 0.008));
          if (candles) {
            parts.push(p.rod([tip[0], tip[1] - 0.01, tip[2]], [tip[0], tip[1] + 0.015, tip[2]], 0.03, 0.03, 12));
            parts.push(p.rod([tip[0], tip[1] + 0.01, tip[2]], [tip[0], tip[1] + 0.1, tip[2]], 0.012, 0.012, 12));
          } else {
            parts.push(p.rod([tip[0], tip[1] - 0.01, tip[2]], [tip[0], tip[1] + 0.02, tip[2]], 0.012, 0.012, 12));
            parts.push(
              p.latheShell(
                [
                  [0.012, 0.0],
                  [0.04, 0.03],
                  [0.055, 0.08],
                ],
                0.004,
                [tip[0], tip[1] + 0.01, tip[2]],
                [0, 1, 0],
                16,
              ),
            );
          }
        }
        return p.union(parts);
      },
    },
  ],
};
