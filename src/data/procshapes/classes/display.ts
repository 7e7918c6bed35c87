/**
 * Displays: flat monitors on a neck with a rectangular, round or V-shaped foot, curved wide
 * monitors, TVs on two feet, wall-mounted TVs, CRT monitors, all-in-one computers, monitors on a
 * clamp arm, and TVs on a console. Screen facing +z, y up. Units ≈ metres.
 */
import type { Manifold } from 'manifold-3d';
import type { Random } from '../../../geometry/Random.ts';
import { type Parts, SEG_LARGE } from '../parts.ts';
import { chance, pick, U } from '../sampling.ts';
import type { ShapeClass } from '../ShapeClass.ts';

interface Panel {
  w: number;
  h: number;
  t: number;
  y: number;
  z: number;
}

/** Flat panel centred at (0, y, z) with a bezel and a slightly recessed screen on the front. */
function panel(p: Parts, r: Random, s: Panel, tiltDeg = 0): Manifold {
  const bezel = Math.min(s.w, s.h) * U(r, 0.02, 0.06);
  const body = p.slab([s.w, s.h, s.t], Math.min(s.w, s.h) * 0.02, 'z');
  const recess = p.box([s.w - 2 * bezel, s.h - 2 * bezel, s.t * 0.3], [0, 0, s.t / 2]);
  let m = p.subtract(body, recess);
  if (chance(r, 0.5)) m = p.union([m, p.roundBox([s.w * 0.5, s.h * 0.5, s.t * 1.6], s.t * 0.4, [0, 0, -s.t * 0.5])]);
  return p.move(tiltDeg ? p.rot(m, [-tiltDeg, 0, 0]) : m, [0, s.y, s.z]);
}

function monitorSize(r: Random): Panel {
  const w = U(r, 0.5, 0.75);
  return { w, h: w * U(r, 0.52, 0.65), t: U(r, 0.015, 0.03), y: 0, z: 0 };
}

export const display: ShapeClass = {
  name: 'display',
  variants: [
    {
      name: 'monitor-rect-foot',
      build(p, r) {
        const s = monitorSize(r);
        s.y = U(r, 0.1, 0.18) + s.h / 2;
        const neckW = U(r, 0.04, 0.08);
        const parts = [panel(p, r, s, U(r, 0, 8))];
        // Neck overlaps the panel's back face by a few millimetres so the union is one solid.
        const nz = -s.t / 2 - 0.01;
        parts.push(p.box([neckW, s.y, 0.025], [0, s.y / 2, nz]));
        parts.push(p.slab([U(r, 0.2, 0.3), 0.015, U(r, 0.15, 0.22)], 0.02, 'y', [0, 0.0075, nz + 0.03]));
        return p.union(parts);
      },
    },
    {
      name: 'monitor-round-foot',
      build(p, r) {
        const s = monitorSize(r);
        s.y = U(r, 0.12, 0.2) + s.h / 2;
        const parts = [panel(p, r, s, U(r, 0, 6))];
        const nr = U(r, 0.015, 0.025),
          nz = -s.t / 2 - nr * 0.8;
        parts.push(p.rod([0, 0.01, nz], [0, s.y, nz], nr, undefined, 16));
        parts.push(
          p.lathe(
            [
              [0, 0],
              [U(r, 0.09, 0.13), 0],
              [0.08, 0.02],
              [0, 0.025],
            ],
            [0, 0, nz + 0.03],
            [0, 1, 0],
            SEG_LARGE,
          ),
        );
        return p.union(parts);
      },
    },
    {
      name: 'monitor-v-foot',
      build(p, r) {
        const s = monitorSize(r);
        s.y = U(r, 0.1, 0.16) + s.h / 2;
        const parts = [panel(p, r, s, U(r, 0, 5))];
        const nz = -s.t / 2 - 0.008;
        parts.push(p.bar([0, 0.01, nz - 0.02], [0, s.y, nz], 0.05, 0.02, [0, 0, 1]));
        const spread = U(r, 0.12, 0.2),
          len = U(r, 0.15, 0.22);
        for (const sx of [-1, 1]) parts.push(p.bar([0, 0.008, nz - 0.02], [sx * spread, 0.008, nz - 0.02 + len], 0.03, 0.016));
        return p.union(parts);
      },
    },
    {
      name: 'curved-wide',
      build(p, r) {
        const w = U(r, 0.8, 1.0),
          h = w * U(r, 0.33, 0.42),
          t = 0.02;
        const R = w * U(r, 1.0, 1.8);
        const y = U(r, 0.12, 0.18) + h / 2;
        // Bend a subdivided slab around the vertical axis at distance R behind the screen.
        const flat = p.refine(p.box([w, h, t], [0, 0, 0]), w / 16);
        const bent = p.warp(flat, (v) => {
          const a = v[0] / R,
            rr = R - v[2];
          v[0] = rr * Math.sin(a);
          v[2] = R - rr * Math.cos(a);
        });
        const parts = [p.move(bent, [0, y, 0])];
        const bz = -t / 2 - 0.015;
        parts.push(p.roundBox([w * 0.3, h * 0.4, 0.04], 0.015, [0, y, bz]));
        parts.push(p.box([0.06, y, 0.025], [0, y / 2, bz - 0.02]));
        parts.push(p.slab([0.35, 0.015, 0.2], 0.03, 'y', [0, 0.0075, bz - 0.02]));
        return p.union(parts);
      },
    },
    {
      name: 'tv-two-feet',
      build(p, r) {
        const w = U(r, 1.0, 1.6);
        const s: Panel = { w, h: w * 0.57, t: U(r, 0.02, 0.05), y: 0, z: 0 };
        s.y = U(r, 0.06, 0.12) + s.h / 2;
        const parts = [panel(p, r, s)];
        const fx = w * U(r, 0.3, 0.42),
          style = pick(r, ['blade', 'v'] as const);
        for (const sx of [-1, 1]) {
          if (style === 'blade') parts.push(p.box([0.03, s.y - s.h / 2 + 0.05, 0.25], [sx * fx, (s.y - s.h / 2 + 0.05) / 2, 0]));
          else {
            const top: [number, number, number] = [sx * fx, s.y - s.h / 2 + 0.04, 0];
            parts.push(p.bar([sx * fx, 0, 0.12], top, 0.03, 0.015), p.bar([sx * fx, 0, -0.1], top, 0.03, 0.015));
          }
        }
        return p.union(parts);
      },
    },
    {
      name: 'tv-wall-mount',
      build(p, r) {
        const w = U(r, 1.0, 1.5);
        const s: Panel = { w, h: w * 0.57, t: U(r, 0.02, 0.04), y: 0, z: 0 };
        const parts = [panel(p, r, s)];
        const arm = U(r, 0.05, 0.3);
        parts.push(p.box([0.1, 0.1, arm], [0, 0, -s.t / 2 - arm / 2 + 0.005]));
        parts.push(p.box([w * 0.35, w * 0.25, 0.02], [0, 0, -s.t / 2 - arm]));
        return p.union(parts);
      },
    },
    {
      name: 'crt-monitor',
      build(p, r) {
        const w = U(r, 0.38, 0.48),
          h = w * U(r, 0.8, 0.9),
          d = w * U(r, 0.8, 1.0);
        const y = U(r, 0.04, 0.08) + h / 2;
        const front = p.roundBox([w, h, 0.06], 0.02, [0, y, 0]);
        const back = p.roundBox([w * 0.6, h * 0.6, 0.04], 0.02, [0, y + h * 0.05, -d]);
        let body = p.hull([front, back]);
        body = p.subtract(body, p.roundBox([w * 0.82, h * 0.78, 0.04], 0.03, [0, y + h * 0.02, 0.035]));
        const parts = [body];
        parts.push(p.box([w * 0.4, y - h / 2 + 0.02, d * 0.4], [0, (y - h / 2 + 0.02) / 2, -d * 0.35]));
        parts.push(p.roundBox([w * 0.7, 0.02, d * 0.7], 0.008, [0, 0.01, -d * 0.35]));
        return p.union(parts);
      },
    },
    {
      name: 'all-in-one',
      build(p, r) {
        const s = monitorSize(r);
        s.t = U(r, 0.012, 0.02);
        const chin = s.h * U(r, 0.12, 0.22);
        s.y = U(r, 0.12, 0.18) + s.h / 2;
        const parts = [panel(p, r, s), p.box([s.w, chin, s.t], [0, s.y - s.h / 2 - chin / 2 + 0.005, 0])];
        // Bent plate stand: a sloping plate and a foot plate.
        parts.push(p.bar([0, 0.01, -0.16], [0, s.y, -s.t / 2 - 0.004], U(r, 0.12, 0.2), 0.012, [0, 0, 1]));
        parts.push(p.box([U(r, 0.12, 0.2), 0.012, 0.2], [0, 0.006, -0.1]));
        return p.union(parts);
      },
    },
    {
      name: 'monitor-clamp-arm',
      build(p, r) {
        const s = monitorSize(r);
        s.y = U(r, 0.3, 0.45);
        s.z = U(r, 0.15, 0.3);
        const parts = [panel(p, r, s)];
        const px = 0,
          pz = -0.1;
        parts.push(p.rod([px, 0, pz], [px, s.y + 0.05, pz], 0.018, 0.018, 16));
        parts.push(p.box([0.06, 0.1, 0.12], [px, -0.02, pz + 0.02]));
        parts.push(p.box([0.07, 0.02, 0.14], [px, -0.07, pz + 0.03]));
        parts.push(
          p.tube(
            [
              [px, s.y * 0.7, pz],
              [0, s.y, (pz + s.z) / 2],
              [0, s.y, s.z - s.t / 2 - 0.008],
            ],
            0.015,
          ),
        );
        parts.push(p.box([0.1, 0.1, 0.02], [0, s.y, s.z - s.t / 2 - 0.008]));
        return p.union(parts);
      },
    },
    {
      name: 'tv-on-console',
      build(p, r) {
        const w = U(r, 0.9, 1.3);
        const cw = w * U(r, 1.05, 1.3),
          ch = U(r, 0.35, 0.5),
          cd = U(r, 0.35, 0.45);
        const parts = [p.box([cw, ch, cd], [0, ch / 2 + 0.05, 0])];
        for (const sx of [-1, 1])
          for (const sz of [-1, 1]) parts.push(p.box([0.04, 0.07, 0.04], [sx * (cw / 2 - 0.05), 0.035, sz * (cd / 2 - 0.05)]));
        const s: Panel = { w, h: w * 0.57, t: 0.03, y: 0, z: -cd * 0.1 };
        s.y = ch + 0.05 + 0.08 + s.h / 2;
        parts.push(panel(p, r, s));
        parts.push(p.box([0.08, 0.1, 0.03], [0, ch + 0.05 + 0.05, s.z - 0.02]));
        parts.push(p.box([0.35, 0.02, 0.2], [0, ch + 0.06, s.z]));
        return p.union(parts);
      },
    },
  ],
};
