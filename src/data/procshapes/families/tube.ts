/**
 * Tubes: round sections swept along 3-D curves. Solid cables and springs (genus 0), closed
 * loops and mounted handles (genus 1), and hollow pipes whose open ends make genus ≥ 1 with a
 * wall 10–35 % of the radius: the open cylinders a furniture-trained model fills in. Units: the
 * curve's own (steps of about 1); radii are fractions of the curve's extent.
 */
import type { Manifold } from 'manifold-3d';
import type { Random } from '../../../geometry/Random.ts';
import { catmullRom, extentOf, filletPolyline, helix, randomLoop, randomWalk } from '../kit/curves.ts';
import { curveLength, resample, safeTubeRadius, sweep } from '../kit/sweep.ts';
import { normalize, type Parts, SEG_MED, type Vec3 } from '../parts.ts';
import { chance, I, pick, U } from '../sampling.ts';
import { RedrawError, type ShapeFamily } from '../ShapeFamily.ts';

/** Rings along a tube: about one per 0.8 radius, 48–400. */
function ringCount(pts: Vec3[], closed: boolean, r: number): number {
  return Math.max(48, Math.min(400, Math.round(curveLength(pts, closed) / (0.8 * r))));
}

/** Largest safe radius ≤ wanted for an open or closed curve; redraw when under `min`. */
function radiusFor(raw: Vec3[], closed: boolean, wanted: number, min: number): number {
  const coarse = resample(raw, Math.max(64, Math.min(500, Math.round(curveLength(raw, closed) / wanted))), closed);
  const r = safeTubeRadius(coarse, closed, wanted);
  if (r < min) throw new RedrawError(`tube: curve passes too close to itself (safe radius ${r.toFixed(4)})`);
  return r;
}

/** Point `d` beyond the end of a polyline, along its end direction (to extend bores past the ends). */
function extendEnds(pts: Vec3[], d: number): Vec3[] {
  const n = pts.length;
  const t0 = normalize([pts[0][0] - pts[1][0], pts[0][1] - pts[1][1], pts[0][2] - pts[1][2]]);
  const t1 = normalize([pts[n - 1][0] - pts[n - 2][0], pts[n - 1][1] - pts[n - 2][1], pts[n - 1][2] - pts[n - 2][2]]);
  return [
    [pts[0][0] + d * t0[0], pts[0][1] + d * t0[1], pts[0][2] + d * t0[2]],
    ...pts,
    [pts[n - 1][0] + d * t1[0], pts[n - 1][1] + d * t1[1], pts[n - 1][2] + d * t1[2]],
  ];
}

/** Random pipe route: `legs` straight legs with turns of 45–120°, each leg 1.5–4 long. */
function pipeRoute(r: Random, legs: number): Vec3[] {
  const pts: Vec3[] = [[0, 0, 0]];
  let d: Vec3 = [1, 0, 0];
  for (let i = 0; i < legs; i++) {
    if (i > 0) {
      // Turn: either a right angle about a random axis (plumbing) or a free angle.
      const axes: Vec3[] = [
        [1, 0, 0],
        [0, 1, 0],
        [0, 0, 1],
      ];
      const ax = pick(
        r,
        axes.filter((a) => Math.abs(a[0] * d[0] + a[1] * d[1] + a[2] * d[2]) < 0.9),
      );
      const ang = ((chance(r, 0.6) ? 90 : U(r, 45, 120)) * (chance(r, 0.5) ? 1 : -1) * Math.PI) / 180;
      const c = Math.cos(ang),
        s = Math.sin(ang),
        k = ax,
        dd = d;
      const kd = k[0] * dd[0] + k[1] * dd[1] + k[2] * dd[2];
      const kx: Vec3 = [k[1] * dd[2] - k[2] * dd[1], k[2] * dd[0] - k[0] * dd[2], k[0] * dd[1] - k[1] * dd[0]];
      d = normalize([
        dd[0] * c + kx[0] * s + k[0] * kd * (1 - c),
        dd[1] * c + kx[1] * s + k[1] * kd * (1 - c),
        dd[2] * c + kx[2] * s + k[2] * kd * (1 - c),
      ]);
    }
    const l = U(r, 1.5, 4),
      q = pts[pts.length - 1];
    pts.push([q[0] + l * d[0], q[1] + l * d[1], q[2] + l * d[2]]);
  }
  return pts;
}

/** Hollow pipe along `route` (a bore through both ends), optionally with end flanges. */
function hollowPipe(p: Parts, route: Vec3[], R: number, wall: number, flanges: boolean): Manifold {
  const outer = sweep(p, resample(route, ringCount(route, false, R), false), { radius: R, seg: 20, caps: 'flat' });
  const parts = [outer];
  if (flanges) {
    for (const [a, b] of [
      [route[0], route[1]],
      [route[route.length - 1], route[route.length - 2]],
    ]) {
      const t = normalize([b[0] - a[0], b[1] - a[1], b[2] - a[2]]);
      const w = R * 0.5;
      parts.push(p.rod(a, [a[0] + w * t[0], a[1] + w * t[1], a[2] + w * t[2]], R * 1.6, R * 1.6, SEG_MED));
    }
  }
  const boreRoute = extendEnds(route, R);
  const bore = sweep(p, resample(boreRoute, ringCount(boreRoute, false, R), false), { radius: R - wall, seg: 20, caps: 'flat' });
  return p.subtract(p.union(parts), bore);
}

export const tube: ShapeFamily = {
  name: 'tube',
  kind: 'tube',
  summary: 'swept tubes: cables along random curves, closed loops, springs, hollow bent pipes, mounted handles, hollow pipe junctions',
  variants: [
    {
      name: 'cable',
      build(p, r) {
        const ctrl = randomWalk(r, I(r, 5, 10), 1, U(r, 25, 70));
        const raw = catmullRom(ctrl, 16);
        const L = extentOf(raw);
        const rad = radiusFor(raw, false, U(r, 0.02, 0.06) * L, 0.012 * L);
        const taper = chance(r, 0.5) ? U(r, 0.4, 1) : 1;
        p.claims.genus = 0;
        p.claims.thickness = 2 * rad * taper;
        return sweep(p, resample(raw, ringCount(raw, false, rad), false), {
          radius: (s) => rad * (1 + (taper - 1) * s),
          seg: 16,
          caps: pick(r, ['flat', 'round'] as const),
        });
      },
    },
    {
      name: 'closed-loop',
      build(p, r) {
        const raw = randomLoop(r, 600, I(r, 3, 5), U(r, 0.15, 0.4), U(r, 0.3, 0.9));
        const L = extentOf(raw);
        const rad = radiusFor(raw, true, U(r, 0.02, 0.07) * L, 0.012 * L);
        p.claims.genus = 1;
        p.claims.thickness = 2 * rad;
        return sweep(p, resample(raw, ringCount(raw, true, rad), true), { closed: true, radius: rad, seg: 16 });
      },
    },
    {
      name: 'spring',
      build(p, r) {
        // Coil spring: wire radius below half the pitch so the coils stay apart; straight tangent legs.
        const turns = U(r, 2.5, 9),
          R = 1,
          pitch = U(r, 0.25, 0.9);
        const coil = helix(R, pitch, turns, Math.round(turns * 64));
        const leg = U(r, 0, 1.2);
        const first = coil[0],
          last = coil[coil.length - 1];
        const a0 = 0,
          a1 = turns * 2 * Math.PI;
        const raw: Vec3[] = [
          ...(leg > 0.3 ? [[first[0] + leg * Math.sin(a0), first[1], first[2] - leg * Math.cos(a0)] as Vec3] : []),
          ...coil,
          ...(leg > 0.3 ? [[last[0] - leg * Math.sin(a1), last[1], last[2] + leg * Math.cos(a1)] as Vec3] : []),
        ];
        const wire = radiusFor(raw, false, Math.min(U(r, 0.06, 0.2), pitch * 0.38), 0.02);
        p.claims.genus = 0;
        p.claims.thickness = 2 * wire;
        return sweep(p, resample(raw, ringCount(raw, false, wire), false), { radius: wire, seg: 12, caps: 'flat' });
      },
    },
    {
      name: 'bent-pipe',
      build(p, r) {
        const route = pipeRoute(r, I(r, 2, 5));
        const L = extentOf(route);
        const R = U(r, 0.03, 0.08) * L;
        const path = filletPolyline(route, R * U(r, 1.8, 3), 10);
        radiusFor(path, false, R * 1.15, R * 1.1); // legs keep apart; a flange that touches one changes the genus: redrawn
        // Walls of 12–35 % of the radius, but never under 1 % of the pipe's size.
        const wall = Math.max(R * U(r, 0.12, 0.35), 0.01 * L);
        p.claims.genus = 1;
        p.claims.thickness = wall;
        return hollowPipe(p, path, R, wall, chance(r, 0.4));
      },
    },
    {
      name: 'handle',
      build(p, r) {
        // Grip bar (U, arch or D) on a mounting plate: the opening under the grip makes genus 1.
        const w = U(r, 0.8, 1.6),
          h = U(r, 0.25, 0.6),
          rb = U(r, 0.04, 0.09);
        const plateT = U(r, 0.04, 0.1);
        const style = pick(r, ['u', 'arch', 'd'] as const);
        let raw: Vec3[];
        if (style === 'arch') {
          raw = Array.from({ length: 41 }, (_, i) => {
            const a = Math.PI * (1 - i / 40);
            return [(w / 2) * Math.cos(a), h * Math.sin(a), 0] as Vec3;
          });
          raw = [[-w / 2, -plateT / 2, 0], ...raw, [w / 2, -plateT / 2, 0]];
        } else {
          const corners: Vec3[] =
            style === 'u'
              ? [
                  [-w / 2, -plateT / 2, 0],
                  [-w / 2, h, 0],
                  [w / 2, h, 0],
                  [w / 2, -plateT / 2, 0],
                ]
              : [
                  [-w / 2, -plateT / 2, 0],
                  [-w / 2, h * 0.6, 0],
                  [-w * 0.3, h, 0],
                  [w * 0.3, h, 0],
                  [w / 2, h * 0.6, 0],
                  [w / 2, -plateT / 2, 0],
                ];
          raw = filletPolyline(corners, Math.min(h, w) * U(r, 0.2, 0.45), 8);
        }
        const bar = sweep(p, resample(raw, ringCount(raw, false, rb), false), { radius: rb, seg: 16, caps: 'flat' });
        const plateW = w + rb * U(r, 3, 6),
          plateD = rb * U(r, 3, 6);
        const plate = chance(r, 0.5)
          ? p.slab([plateW, plateT, plateD], plateD * 0.3, 'y', [0, -plateT / 2, 0])
          : p.union([
              p.rod([-w / 2, -plateT, 0], [-w / 2, 0, 0], rb * 2, rb * 2, 20),
              p.rod([w / 2, -plateT, 0], [w / 2, 0, 0], rb * 2, rb * 2, 20),
              p.box([w, plateT * 0.6, rb * 2], [0, -plateT * 0.7, 0]),
            ]);
        p.claims.genus = 1;
        p.claims.thickness = Math.min(2 * rb, plateT * 0.6);
        return p.union([bar, plate]);
      },
    },
    {
      name: 'pipe-junction',
      build(p, r) {
        // Hollow tee, wye or cross: every open end adds a tunnel, genus = arms − 1.
        const arms = I(r, 3, 4);
        const R = U(r, 0.12, 0.25);
        const lens = Array.from({ length: arms }, () => U(r, 0.6, 1.2));
        const wall = Math.max(R * U(r, 0.12, 0.35), 0.01 * (lens[0] + lens[1]));
        const dirs: Vec3[] = [
          [1, 0, 0],
          [-1, 0, 0],
        ];
        const branch = (U(r, 45, 90) * Math.PI) / 180;
        dirs.push([Math.cos(branch) * (chance(r, 0.5) ? 1 : -1), Math.sin(branch), 0]);
        if (arms === 4) dirs.push([-dirs[2][0], -dirs[2][1], 0]);
        const outer: Manifold[] = [],
          bore: Manifold[] = [];
        dirs.forEach((d, i) => {
          const rr = i < 2 ? R : R * U(r, 0.6, 1);
          outer.push(p.rod([0, 0, 0], [d[0] * lens[i], d[1] * lens[i], d[2] * lens[i]], rr, rr, 24));
          bore.push(p.rod([0, 0, 0], [d[0] * (lens[i] + 0.1), d[1] * (lens[i] + 0.1), d[2] * (lens[i] + 0.1)], rr - wall, rr - wall, 24));
        });
        outer.push(p.ball([0, 0, 0], R, 24));
        p.claims.genus = arms - 1;
        p.claims.thickness = wall;
        return p.subtract(p.union(outer), ...bore);
      },
    },
  ],
};
