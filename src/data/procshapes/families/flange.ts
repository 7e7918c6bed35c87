/**
 * Flanges and rings: solids of revolution with a through-bore, so every one has at least one
 * hole: pipe flanges with bolt circles, flanged bushings, open hollow cylinders from washers
 * to long tubes, O-rings of several sections, split clamp collars and ball bearings. Hollow
 * rings and open cylinders are what a furniture-trained model fills in. Genus is stated per
 * shape. Units: bore radius ≈ 1; the axis is y.
 */
import type { Manifold } from 'manifold-3d';
import { type Parts, type Vec2 } from '../parts.ts';
import { chance, I, pick, U } from '../sampling.ts';
import type { ShapeFamily } from '../ShapeFamily.ts';

const SEG = 48;

/** Holes of radius rh on a circle of radius rc around y, through |y| < h. */
function boltCircle(p: Parts, n: number, rc: number, rh: number, h: number, phase = 0): Manifold[] {
  return Array.from({ length: n }, (_, i) => {
    const a = phase + (2 * Math.PI * i) / n;
    return p.rod([rc * Math.cos(a), -h, rc * Math.sin(a)], [rc * Math.cos(a), h, rc * Math.sin(a)], rh, rh, 16);
  });
}

/** Closed (radius, height) profile with a chamfer `c` on its outer corners, for `lathe`. */
function chamferedRing(ri: number, ro: number, y0: number, y1: number, c: number): Vec2[] {
  const cc = Math.min(c, (ro - ri) * 0.3, (y1 - y0) * 0.3);
  return [
    [ri, y0],
    [ro - cc, y0],
    [ro, y0 + cc],
    [ro, y1 - cc],
    [ro - cc, y1],
    [ri, y1],
  ];
}

export const flange: ShapeFamily = {
  name: 'flange',
  kind: 'mechanical',
  summary:
    'pipe flanges with bolt circles, flanged bushings, open hollow cylinders, O-rings, split clamp collars, ball bearings: rings and bores',
  variants: [
    {
      name: 'pipe-flange',
      build(p, r) {
        // Disc with a raised neck and a bore; n bolt holes: genus 1 + n.
        const rb = 1,
          wall = U(r, 0.08, 0.3);
        const rn = rb + wall,
          rf = rn + U(r, 0.6, 1.6),
          tf = U(r, 0.15, 0.5);
        const neck = chance(r, 0.7) ? U(r, 0.3, 1.5) : 0;
        const prof: Vec2[] = [
          [rb, 0],
          [rf, 0],
          [rf, tf],
        ];
        if (neck > 0) prof.push([rn + wall * 0.8, tf], [rn, tf + neck]);
        else prof.push([rb + (rf - rb) * 0.4, tf]);
        prof.push([rb, neck > 0 ? tf + neck : tf]);
        const body = p.lathe(prof, [0, 0, 0], [0, 1, 0], SEG);
        const n = pick(r, [4, 6, 8, 8, 12]);
        const inner = neck > 0 ? rn + wall * 0.8 : rb + (rf - rb) * 0.4;
        const rc = (inner + rf) / 2,
          rh = Math.min((rf - inner) * U(r, 0.15, 0.3), rc * Math.sin(Math.PI / n) * 0.6);
        p.claims.genus = 1 + n;
        p.claims.thickness = Math.min(tf, wall);
        return p.subtract(body, ...boltCircle(p, n, rc, rh, 10));
      },
    },
    {
      name: 'flanged-bushing',
      build(p, r) {
        // Sleeve with a collar; a radial lubrication hole adds a second tunnel (genus 2).
        const ri = 1,
          ro = ri * U(r, 1.08, 1.5),
          rc = ro + U(r, 0.15, 0.8) * ri;
        const len = U(r, 0.8, 4) * ri,
          tc = U(r, 0.1, 0.4) * ri;
        const prof: Vec2[] = [
          [ri, 0],
          [rc, 0],
          [rc, tc],
          [ro, tc],
          [ro, len],
          [ri, len],
        ];
        const body = p.lathe(prof, [0, 0, 0], [0, 1, 0], SEG);
        const oil = chance(r, 0.4);
        p.claims.genus = oil ? 2 : 1;
        p.claims.thickness = Math.min(ro - ri, tc);
        if (!oil) return body;
        const y = tc + (len - tc) * U(r, 0.3, 0.7),
          rh = Math.min((ro - ri) * 1.2, (len - tc) * 0.2);
        return p.subtract(body, p.rod([0, y, 0], [ro * 2, y, 0], rh, rh, 12));
      },
    },
    {
      name: 'hollow-cylinder',
      build(p, r) {
        // Open both ends: a washer, a ring, a sleeve or a long pipe, walls 3–30 % of the radius.
        const ro = 1,
          wall = ro * U(r, 0.03, 0.3);
        const len = ro * Math.exp(U(r, Math.log(0.15), Math.log(8)));
        const body = p.lathe(chamferedRing(ro - wall, ro, 0, len, chance(r, 0.5) ? wall * 0.3 : 0), [0, 0, 0], [0, 1, 0], 64);
        p.claims.genus = 1;
        p.claims.thickness = Math.min(wall, len);
        return body;
      },
    },
    {
      name: 'o-ring',
      build(p, r) {
        // Ring sections: round (O-ring), square (quad ring), D or X profile.
        const R = 1,
          s = U(r, 0.04, 0.3);
        const kind = pick(r, ['round', 'square', 'd', 'x'] as const);
        let sec: Vec2[];
        if (kind === 'round')
          sec = Array.from(
            { length: 16 },
            (_, i) => [R + s * Math.cos((2 * Math.PI * i) / 16), s * Math.sin((2 * Math.PI * i) / 16)] as Vec2,
          );
        else if (kind === 'square') {
          const h = s * U(r, 0.6, 1.6);
          sec = [
            [R - s, -h],
            [R + s, -h],
            [R + s, h],
            [R - s, h],
          ];
        } else if (kind === 'd')
          sec = [
            [R - s, -s],
            ...Array.from(
              { length: 11 },
              (_, i) => [R - s + s * Math.sin((Math.PI * i) / 10) * 2, -s * Math.cos((Math.PI * i) / 10)] as Vec2,
            ).slice(1, -1),
            [R - s, s],
          ];
        else
          sec = [
            [R - s, -s],
            [R, -s * 0.5],
            [R + s, -s],
            [R + s * 0.5, 0],
            [R + s, s],
            [R, s * 0.5],
            [R - s, s],
            [R - s * 0.5, 0],
          ];
        p.claims.genus = 1;
        p.claims.thickness = kind === 'x' ? s : 2 * s;
        return p.lathe(sec, [0, 0, 0], [0, 1, 0], 64);
      },
    },
    {
      name: 'split-collar',
      build(p, r) {
        // Thick ring cut through by a slot (genus 0: a ring that is not a ring); with clamp lugs
        // and a screw hole through both lugs it has two tunnels again.
        const ri = 1,
          ro = ri * U(r, 1.3, 2),
          h = U(r, 0.3, 1.2);
        const gap = U(r, 0.05, 0.25) * ri;
        const ring = p.lathe(chamferedRing(ri, ro, -h / 2, h / 2, (ro - ri) * U(r, 0, 0.15)), [0, 0, 0], [0, 1, 0], SEG);
        const lugs = chance(r, 0.6);
        const parts = [ring];
        const lw = U(r, 0.4, 0.8) * (ro - ri),
          ll = (ro - ri) * U(r, 0.8, 1.5);
        if (lugs) parts.push(p.box([gap + 2 * lw, h, ll], [0, 0, ro + ll / 2 - (ro - ri) * 0.3]));
        const cuts = [p.box([gap, h * 3, ro + ll + 1], [0, 0, (ro + ll + 1) / 2])];
        if (lugs)
          cuts.push(
            p.rod(
              [-(gap / 2 + lw + 0.5), 0, ro + ll * 0.45],
              [gap / 2 + lw + 0.5, 0, ro + ll * 0.45],
              Math.min(h, ll) * 0.22,
              Math.min(h, ll) * 0.22,
              16,
            ),
          );
        p.claims.genus = lugs ? 2 : 0;
        p.claims.thickness = Math.min(lugs ? lw : ro - ri, h);
        return p.subtract(p.union(parts), ...cuts);
      },
    },
    {
      name: 'ball-bearing',
      build(p, r) {
        // Inner and outer race joined by n balls, each fused to both races: genus n + 1.
        const rb = 1,
          ri2 = rb * U(r, 1.15, 1.5),
          gap = U(r, 0.25, 0.6) * rb;
        const ro1 = ri2 + gap,
          ro2 = ro1 + (ri2 - rb) * U(r, 0.8, 1.3);
        const w = U(r, 0.3, 0.9) * gap + gap;
        const inner = p.lathe(
          [
            [rb, -w / 2],
            [ri2, -w / 2],
            [ri2, w / 2],
            [rb, w / 2],
          ],
          [0, 0, 0],
          [0, 1, 0],
          SEG,
        );
        const outer = p.lathe(
          [
            [ro1, -w / 2],
            [ro2, -w / 2],
            [ro2, w / 2],
            [ro1, w / 2],
          ],
          [0, 0, 0],
          [0, 1, 0],
          SEG,
        );
        const rball = (gap / 2) * U(r, 1.04, 1.12),
          rc = (ri2 + ro1) / 2;
        const nMax = Math.floor((2 * Math.PI * rc) / (2 * rball * 1.25));
        const n = I(r, Math.min(5, nMax), nMax);
        const balls = Array.from({ length: n }, (_, i) => {
          const a = (2 * Math.PI * i) / n;
          return p.ball([rc * Math.cos(a), 0, rc * Math.sin(a)], rball, 16);
        });
        p.claims.genus = n + 1;
        p.claims.thickness = Math.min(ri2 - rb, ro2 - ro1);
        return p.union([inner, outer, ...balls]);
      },
    },
  ],
};
