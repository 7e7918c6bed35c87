/**
 * Fasteners: hex bolts, socket-cap screws, hex nuts, washers (flat, fender, split lock,
 * toothed), wing nuts and eye bolts. Threads are real V threads: a cross-section whose radius
 * rises and falls linearly once around (an Archimedean cam), extruded with a twist of 360° per
 * pitch, which sweeps exactly a single-start helical thread. Fine periodic relief, hex flats and
 * small bores are what a model must keep. Units: nominal diameter d = 1; the axis is y.
 */
import type { Manifold } from 'manifold-3d';
import type { Random } from '../../../geometry/Random.ts';
import { circle, regularPolygon } from '../kit/profiles.ts';
import { affine, type Parts, type Vec2 } from '../parts.ts';
import { chance, I, pick, U } from '../sampling.ts';
import type { ShapeFamily } from '../ShapeFamily.ts';

/**
 * Thread pitch and depth for d = 1 (coarse to fine), coarsened so a thread of length `len` has
 * at most 20 turns: finer relief would be far below a 1/64 grid after normalisation, and would
 * only cost triangles.
 */
function drawPitch(r: Random, len: number): { pitch: number; depth: number } {
  const pitch = Math.max(U(r, 0.1, 0.2), len / 20);
  return { pitch, depth: pitch * 0.55 };
}

/**
 * Threaded cylinder along +y from y0 to y1: outer radius rMaj, thread depth `depth`, pitch.
 * Cross-section r(θ) = rMaj − depth·|θ/π − 1| (a triangle wave over one turn), twisted 360°
 * per pitch. 24 section points; 12 divisions per turn.
 */
function thread(p: Parts, rMaj: number, depth: number, pitch: number, y0: number, y1: number): Manifold {
  const n = 24;
  const sec: Vec2[] = Array.from({ length: n }, (_, i) => {
    const th = (2 * Math.PI * i) / n;
    const rad = rMaj - depth * Math.abs(th / Math.PI - 1);
    return [rad * Math.cos(th), rad * Math.sin(th)] as Vec2;
  });
  const h = y1 - y0,
    turns = h / pitch;
  const cs = p.own(new p.k.CrossSection([sec], 'NonZero'));
  const m = p.own(cs.extrude(h, Math.max(1, Math.round(turns * 12)), -360 * turns, [1, 1], false));
  // Extrusion runs along +z from 0; send z to y (x stays, y to −z) and lift to y0.
  return p.xform(m, affine([1, 0, 0], [0, 0, -1], [0, 1, 0], [0, y0, 0]));
}

/** Hex prism (across flats `s`, height k, from y0) with 30° chamfers on both ends. */
function hexHead(p: Parts, s: number, k: number, y0: number): Manifold {
  const rc = s / Math.sqrt(3); // circumradius
  const prism = p.extrude(regularPolygon(6, rc, Math.PI / 6), k, 'y', [0, y0 + k / 2, 0]);
  const c = (rc - s / 2) * 1.2;
  const cham = p.lathe(
    [
      [0, y0],
      [rc - c, y0],
      [rc + 0.01, y0 + c * 0.6],
      [rc + 0.01, y0 + k - c * 0.6],
      [rc - c, y0 + k],
      [0, y0 + k],
    ],
    [0, 0, 0],
    [0, 1, 0],
    48,
  );
  return p.intersect(prism, cham);
}

export const fastener: ShapeFamily = {
  name: 'fastener',
  kind: 'mechanical',
  summary:
    'hex bolts, socket-cap screws, hex nuts, washers (flat, fender, split lock, toothed), wing nuts, eye bolts; real helical threads',
  variants: [
    {
      name: 'hex-bolt',
      build(p, r) {
        const len = U(r, 1.5, 8),
          threaded = len * U(r, 0.3, 1);
        const { pitch, depth } = drawPitch(r, threaded);
        const s = U(r, 1.4, 1.8),
          k = U(r, 0.55, 0.75);
        const parts = [hexHead(p, s, k, 0)];
        if (chance(r, 0.5)) parts.push(p.rod([0, -0.03, 0], [0, 0.02, 0], s * 0.48, s * 0.48, 48)); // washer face
        if (threaded < len) parts.push(p.rod([0, -(len - threaded) - 0.01, 0], [0, 0.01, 0], 0.5, 0.5, 32));
        parts.push(thread(p, 0.5, depth, pitch, -len, -(len - threaded)));
        p.claims.genus = 0;
        p.claims.thickness = depth;
        return p.union(parts);
      },
    },
    {
      name: 'socket-cap-screw',
      build(p, r) {
        // Cylindrical head with a hexagonal socket (blind, so still genus 0); round or countersunk.
        const len = U(r, 1.5, 6);
        const { pitch, depth } = drawPitch(r, len);
        const countersunk = chance(r, 0.35);
        const D = U(r, 1.4, 1.8),
          h = countersunk ? (D - 1) / 2 / Math.tan(Math.PI / 4) : U(r, 0.8, 1);
        const head = countersunk
          ? p.lathe(
              [
                [0, 0],
                [0.5, 0],
                [D / 2, h],
                [0, h],
              ],
              [0, 0, 0],
              [0, 1, 0],
              48,
            )
          : p.lathe(
              [
                [0, 0],
                [D / 2, 0],
                [D / 2, h - 0.08],
                [D / 2 - 0.08, h],
                [0, h],
              ],
              [0, 0, 0],
              [0, 1, 0],
              48,
            );
        const sd = h * U(r, 0.3, 0.6);
        const socket = p.extrude(regularPolygon(6, U(r, 0.25, 0.38), 0), sd + 0.1, 'y', [0, h - sd / 2 + 0.05, 0]);
        const body = p.union([head, thread(p, 0.5, depth, pitch, -len, 0.02)]);
        p.claims.genus = 0;
        p.claims.thickness = depth;
        return p.subtract(body, socket);
      },
    },
    {
      name: 'hex-nut',
      build(p, r) {
        // Hex nut (plain, thin jam nut or tall coupling nut) with an internal thread: genus 1.
        const s = U(r, 1.4, 1.9),
          k = pick(r, [U(r, 0.45, 0.6), U(r, 0.75, 0.95), U(r, 1.6, 3)]);
        const { pitch, depth } = drawPitch(r, k);
        const body = hexHead(p, s, k, 0);
        const bore = thread(p, 0.5, depth, pitch, -0.1, k + 0.1);
        p.claims.genus = 1;
        p.claims.thickness = Math.min(depth, s / 2 - 0.5);
        return p.subtract(body, bore);
      },
    },
    {
      name: 'washer',
      build(p, r) {
        const kind = pick(r, ['flat', 'fender', 'split-lock', 'toothed'] as const);
        const ri = U(r, 0.52, 0.6);
        const ro = kind === 'fender' ? ri * U(r, 2.5, 4) : ri * U(r, 1.6, 2.1);
        const t = kind === 'fender' ? U(r, 0.04, 0.12) : U(r, 0.08, 0.25);
        if (kind === 'toothed') {
          // External teeth: a star outline, each tooth twisted out of plane would be finer; flat here.
          const n = I(r, 8, 14);
          const pts: Vec2[] = [];
          for (let i = 0; i < 2 * n; i++) {
            const a = (Math.PI * i) / n;
            const rad = i % 2 === 0 ? ro : ro * 0.8;
            pts.push([rad * Math.cos(a), rad * Math.sin(a)]);
          }
          p.claims.genus = 1;
          p.claims.thickness = t;
          return p.extrude([pts, circle(ri, 32).reverse()], t, 'y');
        }
        const ring = p.lathe(
          [
            [ri, -t / 2],
            [ro, -t / 2],
            [ro, t / 2],
            [ri, t / 2],
          ],
          [0, 0, 0],
          [0, 1, 0],
          64,
        );
        p.claims.thickness = t;
        if (kind !== 'split-lock') {
          p.claims.genus = 1;
          return ring;
        }
        // Split lock washer: cut once; the two ends are bent apart (a helical step): genus 0.
        const cut = p.box([ro * 2, t * 3, U(r, 0.06, 0.15)], [ro, 0, 0]);
        const open = p.subtract(ring, cut);
        const rise = t * U(r, 0.5, 1.2);
        p.claims.genus = 0;
        return p.warp(p.refine(open, ro / 6), (v) => {
          const a = Math.atan2(v[2], v[0]); // −π..π, the cut at a = 0
          v[1] += (rise * (a < 0 ? a + 2 * Math.PI : a)) / (2 * Math.PI);
        });
      },
    },
    {
      name: 'wing-nut',
      build(p, r) {
        // Round boss with two flat wings and a threaded bore: genus 1.
        const h = U(r, 0.7, 1.1),
          rb = U(r, 0.7, 0.95);
        const { pitch, depth } = drawPitch(r, h);
        const boss = p.lathe(
          [
            [0, 0],
            [rb, 0],
            [rb * U(r, 0.75, 0.95), h],
            [0, h],
          ],
          [0, 0, 0],
          [0, 1, 0],
          48,
        );
        const span = U(r, 1.4, 2.2),
          wh = U(r, 0.9, 1.6),
          wt = U(r, 0.15, 0.3);
        const wing: Vec2[] = [
          [0, 0.05],
          [span, h * 0.3],
          [span + wh * 0.25, wh * 0.7],
          [span * 0.9, wh],
          [span * 0.6, wh * 0.95],
          [0, h * 0.9],
        ];
        const w1 = p.extrude(wing, wt, 'z');
        const wings = p.union([w1, p.mirror(w1, [1, 0, 0])]);
        const bore = thread(p, 0.5, depth, pitch, -0.1, h + 0.1);
        p.claims.genus = 1;
        p.claims.thickness = Math.min(wt, depth);
        return p.subtract(p.union([boss, wings]), bore);
      },
    },
    {
      name: 'eye-bolt',
      build(p, r) {
        // Ring on a collar over a threaded shank: the eye is the one tunnel (genus 1).
        const len = U(r, 1.5, 5);
        const { pitch, depth } = drawPitch(r, len);
        const Re = U(r, 0.6, 1.2),
          re = U(r, 0.18, 0.35);
        const collarH = U(r, 0.1, 0.35),
          collarR = U(r, 0.6, 0.9);
        const eyeY = collarH + Re + re * 0.6;
        const parts = [
          p.torus([0, eyeY, 0], Re, re, [0, 0, 1], 360, 0, 48, 16),
          p.lathe(
            [
              [0, 0],
              [collarR, 0],
              [collarR, collarH * 0.6],
              [0.45, collarH],
              [0, collarH],
            ],
            [0, 0, 0],
            [0, 1, 0],
            48,
          ),
          p.rod([0, collarH * 0.5, 0], [0, eyeY - Re + re * 0.2, 0], re * 1.1, re * 1.1, 24),
          thread(p, 0.5, depth, pitch, -len, 0.02),
        ];
        p.claims.genus = 1;
        p.claims.thickness = depth;
        return p.union(parts);
      },
    },
  ],
};
