/**
 * Shells and containers: bowls, vases, bottles, open boxes, mugs and buckets with walls
 * 0.01–0.03 thick in unit-cube units (the wall is drawn as that fraction of the shape's longest
 * side, so it holds after normalisation). Thin open shells are where a model trained on solid
 * furniture fills the inside. Shells of revolution are an open (radius, height) curve thickened
 * inwards, so the curve is the outer surface. Units: height ≈ 1; the axis is y.
 */
import type { Manifold } from 'manifold-3d';
import type { Random } from '../../../geometry/Random.ts';
import { filletPolyline } from '../kit/curves.ts';
import { resample, sweep } from '../kit/sweep.ts';
import { type Parts, thickenPolyline, type Vec2, type Vec3 } from '../parts.ts';
import { chance, I, pick, U } from '../sampling.ts';
import type { ShapeFamily } from '../ShapeFamily.ts';

const SEG = 48;

/** Wall thickness: 1–3 % of the longest side L. */
const wallOf = (r: Random, L: number) => U(r, 0.01, 0.03) * L;

/** Shell of revolution: the open curve (from the axis at the bottom to the rim) thickened inwards by t. */
function shellOfRevolution(p: Parts, curve: Vec2[], t: number): Manifold {
  const poly = thickenPolyline(curve, t).map(([x, y]) => [Math.max(0, x), y] as Vec2);
  return p.lathe(poly, [0, 0, 0], [0, 1, 0], SEG);
}

/** Longest side of the bounding box of a curve of revolution (diameter or height). */
function extentOfRevolution(curve: Vec2[]): number {
  let rMax = 0,
    y0 = Infinity,
    y1 = -Infinity;
  for (const [x, y] of curve) {
    rMax = Math.max(rMax, x);
    y0 = Math.min(y0, y);
    y1 = Math.max(y1, y);
  }
  return Math.max(2 * rMax, y1 - y0);
}

/** Height of the rounded heel between a vessel's bottom and its wall. */
const heelOf = (rb: number, H: number) => Math.min(H * 0.08, rb * 0.3);

/** Outer wall radius of a `vesselCurve` at height y (above the heel). */
function wallRadiusAt(rb: number, H: number, radius: (s: number) => number, y: number): number {
  const heel = heelOf(rb, H);
  return radius((y - heel) / (H - heel));
}

/**
 * Curve from the axis at y = 0 along a flat bottom of radius rb, then up a wall of outer radius
 * radius(s) at height heel + (H − heel) s, s ∈ (0, 1].
 */
function vesselCurve(rb: number, H: number, radius: (s: number) => number, n = 24): Vec2[] {
  const pts: Vec2[] = [
    [0, 0],
    [rb * 0.5, 0],
  ];
  // Rounded heel between the bottom and the wall.
  const r0 = radius(0),
    heel = heelOf(rb, H);
  for (let i = 0; i <= 4; i++) {
    const a = (Math.PI / 2) * (i / 4);
    pts.push([rb - heel + heel * Math.sin(a) + (r0 - rb) * (i / 4), heel - heel * Math.cos(a)]);
  }
  for (let i = 1; i <= n; i++) {
    const s = i / n;
    pts.push([radius(s), heel + (H - heel) * s]);
  }
  return pts;
}

export const container: ShapeFamily = {
  name: 'container',
  kind: 'thin-walled',
  summary: 'bowls, vases, bottles, open boxes with dividers, mugs and buckets with handles: open thin shells, walls 0.01–0.03',
  variants: [
    {
      name: 'bowl',
      build(p, r) {
        const R = 1,
          H = U(r, 0.25, 0.8),
          rb = U(r, 0.2, 0.6);
        const n = 16;
        const curve: Vec2[] = [[0, 0]];
        for (let i = 0; i <= n; i++) {
          const th = (Math.PI / 2) * (i / n);
          curve.push([rb + (R - rb) * Math.sin(th), H * (1 - Math.cos(th))]);
        }
        const flare = chance(r, 0.4) ? U(r, 0.05, 0.15) : 0;
        if (flare > 0) curve.push([R + flare, H + flare * 0.4]);
        const foot = chance(r, 0.5) ? U(r, 0.04, 0.12) : 0;
        const L = Math.max(2 * (R + flare), H + flare * 0.4 + foot);
        const t = wallOf(r, L);
        const parts = [shellOfRevolution(p, curve, t)];
        if (foot > 0)
          parts.push(
            p.lathe(
              [
                [rb * 0.7, -foot],
                [rb * 0.7 + 2 * t, -foot],
                [rb * 0.7 + 2 * t, t],
                [rb * 0.7, t],
              ],
              [0, 0, 0],
              [0, 1, 0],
              SEG,
            ),
          );
        p.claims.genus = 0;
        p.claims.thickness = t;
        return p.union(parts);
      },
    },
    {
      name: 'vase',
      build(p, r) {
        // Body bulge, waist and flared lip from a few random harmonics of the radius.
        const H = 1,
          rb = U(r, 0.12, 0.3);
        const bulge = U(r, 0.1, 0.3),
          at = U(r, 0.2, 0.6),
          neck = U(r, 0.06, 0.2),
          lip = U(r, 0, 0.12);
        const radius = (s: number) => {
          const body = rb + bulge * Math.exp(-(((s - at) / 0.25) ** 2));
          const waist = s > at ? (neck - body) * Math.min(1, (s - at) / (0.85 - at)) ** 1.5 : 0;
          return Math.max(0.05, body + waist + lip * Math.max(0, (s - 0.85) / 0.15) ** 2);
        };
        const curve = vesselCurve(rb, H, radius);
        const t = wallOf(r, extentOfRevolution(curve));
        p.claims.genus = 0;
        p.claims.thickness = t;
        return shellOfRevolution(p, curve, t);
      },
    },
    {
      name: 'bottle',
      build(p, r) {
        // Cylinder or tapered body, rounded shoulder, narrow neck with an open mouth and a bead.
        const H = 1,
          rb = U(r, 0.12, 0.25),
          bodyH = U(r, 0.45, 0.7),
          rn = rb * U(r, 0.25, 0.45);
        const taper = U(r, 0.85, 1.1);
        const radius = (s: number) => {
          if (s < bodyH) return rb * (1 + (taper - 1) * (s / bodyH));
          const q = Math.min(1, (s - bodyH) / (0.85 - bodyH));
          const shoulder = rb * taper + (rn - rb * taper) * (0.5 - 0.5 * Math.cos(Math.PI * q));
          return s > 0.95 ? rn * 1.12 : shoulder;
        };
        const curve = vesselCurve(rb, H, radius, 32);
        const t = Math.min(wallOf(r, extentOfRevolution(curve)), rn * 0.4);
        p.claims.genus = 0;
        p.claims.thickness = t;
        return shellOfRevolution(p, curve, t);
      },
    },
    {
      name: 'open-box',
      build(p, r) {
        // Rectangular tray or crate open at the top, optional divider walls (still genus 0).
        const w = U(r, 0.5, 1),
          d = U(r, 0.4, 1),
          h = U(r, 0.15, 0.8);
        const L = Math.max(w, d, h);
        const t = wallOf(r, L),
          rc = Math.min(w, d) * U(r, 0, 0.15);
        const outer = p.slab([w, h, d], rc, 'y', [0, h / 2, 0]);
        const inner = p.slab([w - 2 * t, h, d - 2 * t], Math.max(0, rc - t), 'y', [0, h / 2 + t, 0]);
        const parts = [p.subtract(outer, inner)];
        const nx = chance(r, 0.4) ? I(r, 1, 3) : 0;
        for (let i = 1; i <= nx; i++) {
          // Divider from the floor (overlapping it by t/2) to hd, its ends buried half-way in the walls.
          const hd = h * U(r, 0.6, 1);
          parts.push(p.box([t, hd - t / 2, d - t], [-w / 2 + (w * i) / (nx + 1), (hd + t / 2) / 2, 0]));
        }
        p.claims.genus = 0;
        p.claims.thickness = t;
        return p.union(parts);
      },
    },
    {
      name: 'mug',
      build(p, r) {
        // Cylindrical cup with a loop handle on the side: genus 1. The handle's flat end faces
        // sit inside the wall (at R − t/2), so nothing pokes into the cup.
        const R = U(r, 0.3, 0.5),
          H = U(r, 0.6, 1.1);
        const curve = vesselCurve(R * U(r, 0.85, 1), H, () => R);
        const reach = U(r, 0.15, 0.35),
          hh = H * U(r, 0.45, 0.75);
        const style = pick(r, ['arc', 'square'] as const);
        // The end disc (radius hr, at R − t/2) stays inside the wall when hr² < R·t; t is at
        // least τ·max(H, 2R), so hr is capped with that before the size L (which hr enters) is known.
        const tau = U(r, 0.01, 0.03);
        const hr = Math.min(U(r, 0.03, 0.06), 0.9 * Math.sqrt(R * tau * Math.max(H, 2 * R)));
        const L = Math.max(H, 2 * R + reach + hr);
        const t = tau * L;
        const y0 = H * 0.5 - hh / 2 + H * 0.05,
          y1 = y0 + hh,
          x0 = R - t / 2;
        const path: Vec3[] =
          style === 'arc'
            ? Array.from({ length: 25 }, (_, i) => {
                const a = -Math.PI / 2 + Math.PI * (i / 24);
                return [x0 + (reach + t / 2) * Math.cos(a), (y0 + y1) / 2 + (hh / 2) * Math.sin(a), 0] as Vec3;
              })
            : filletPolyline(
                [
                  [x0, y0, 0],
                  [x0 + reach, y0 + hh * 0.1, 0],
                  [x0 + reach, y1 - hh * 0.1, 0],
                  [x0, y1, 0],
                ],
                hr * 2,
                6,
              );
        const handle = sweep(p, resample(path, 48, false), { radius: hr, seg: 12, caps: 'flat' });
        p.claims.genus = 1;
        p.claims.thickness = t;
        return p.union([shellOfRevolution(p, curve, t), handle]);
      },
    },
    {
      name: 'bucket',
      build(p, r) {
        // Tapered pail with a wire bail hooked into two ears: genus 1.
        // The bail rises straight past the rim before arching over, so it touches only its ears.
        const Rt = U(r, 0.4, 0.55),
          Rb = Rt * U(r, 0.7, 0.95),
          H = U(r, 0.6, 1);
        const radius = (s: number) => Rb + (Rt - Rb) * s;
        const curve = vesselCurve(Rb, H, radius);
        const rise = U(r, 0.3, 0.7) * Rt,
          wire = U(r, 0.012, 0.025);
        const xb = Rt + 0.03 + wire,
          earY = H * U(r, 0.8, 0.9),
          top = H + 2 * wire;
        const L = Math.max(top + rise + wire, 2 * (xb + wire * 2.2));
        const t = wallOf(r, L);
        const bail: Vec3[] = [[-xb, earY, 0]];
        for (let i = 0; i <= 32; i++) {
          const a = Math.PI * (i / 32);
          bail.push([-xb * Math.cos(a), top + rise * Math.sin(a), 0]);
        }
        bail.push([xb, earY, 0]);
        const wr = wallRadiusAt(Rb, H, radius, earY);
        const ears = [-1, 1].map((sx) =>
          p.rod([sx * (wr - t / 2), earY, 0], [sx * (xb + wire * 1.5), earY, 0], wire * 2.2, wire * 2.2, 12),
        );
        p.claims.genus = 1;
        p.claims.thickness = Math.min(t, 2 * wire);
        return p.union([
          shellOfRevolution(p, curve, t),
          ...ears,
          sweep(p, resample(bail, 80, false), { radius: wire, seg: 10, caps: 'round' }),
        ]);
      },
    },
  ],
};
