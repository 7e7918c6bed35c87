/**
 * Loudspeakers: bookshelf boxes, floor-standing towers on plinths or spikes, speakers on stands,
 * spherical / egg speakers, cylindrical smart speakers, subwoofers, soundbars, PA speakers with a
 * horn, and angled studio monitors. Drivers are cone recesses with dust caps; bass-reflex ports
 * are holes. Front towards +z, y up. Units ≈ metres.
 */
import type { Manifold } from 'manifold-3d';
import type { Random } from '../../../geometry/Random.ts';
import { type Parts, SEG_LARGE, SEG_MED, type Vec3 } from '../parts.ts';
import { chance, I, U } from '../sampling.ts';
import type { ShapeClass } from '../ShapeClass.ts';

/** Cuts a driver (cone recess + surround) into `box` at the front face point `at`; returns cut solid and dust cap. */
function driver(p: Parts, box: Manifold, at: Vec3, R: number): Manifold {
  const depth = R * 0.5;
  const cone = p.lathe(
    [
      [0, -depth],
      [R * 0.35, -depth],
      [R, -0.002],
      [R, 0.05],
      [0, 0.05],
    ],
    at,
    [0, 0, 1],
    SEG_MED,
  );
  const cut = p.subtract(box, cone);
  const cap = p.ball([at[0], at[1], at[2] - depth], R * 0.3, 12);
  const ring = p.torus([at[0], at[1], at[2]], R * 0.95, R * 0.06, [0, 0, 1], 360, 0, SEG_MED, 8);
  return p.union([cut, cap, ring]);
}

function port(p: Parts, box: Manifold, at: Vec3, R: number, depth: number): Manifold {
  return p.subtract(box, p.rod([at[0], at[1], at[2] - depth], [at[0], at[1], at[2] + 0.05], R, R, 16));
}

/** A speaker cabinet (w × h × d) with its front at z = d/2, base at y = y0, drivers down the front. */
function cabinet(p: Parts, r: Random, w: number, h: number, d: number, y0: number, nDrivers: number, withPort: boolean): Manifold {
  let box = p.roundBox([w, h, d], Math.min(w, d) * U(r, 0.02, 0.08), [0, y0 + h / 2, 0]);
  const front = d / 2;
  const top = y0 + h - w * 0.3;
  for (let i = 0; i < nDrivers; i++) {
    const R = i === 0 ? w * 0.18 : w * U(r, 0.3, 0.4);
    const y = i === 0 ? top : y0 + h - w * 0.3 - ((i - 0.5) * (h - w * 0.4)) / Math.max(1, nDrivers - 0.5) - w * 0.1;
    box = driver(p, box, [0, Math.max(y0 + R + 0.02, y), front], Math.min(R, h * 0.2));
  }
  if (withPort) box = port(p, box, [0, y0 + w * 0.2, front], w * 0.07, d * 0.5);
  return box;
}

export const loudspeaker: ShapeClass = {
  name: 'loudspeaker',
  variants: [
    {
      name: 'bookshelf',
      build(p, r) {
        const w = U(r, 0.16, 0.24),
          h = w * U(r, 1.4, 1.8),
          d = w * U(r, 1.1, 1.4);
        return cabinet(p, r, w, h, d, 0, 2, chance(r, 0.6));
      },
    },
    {
      name: 'floor-tower',
      build(p, r) {
        const w = U(r, 0.18, 0.26),
          h = U(r, 0.85, 1.1),
          d = w * U(r, 1.2, 1.6);
        const plinth = chance(r, 0.5);
        const y0 = plinth ? 0.03 : U(r, 0.03, 0.05);
        const parts = [cabinet(p, r, w, h, d, y0, I(r, 3, 4), chance(r, 0.7))];
        if (plinth) parts.push(p.box([w * 1.3, 0.035, d * 1.15], [0, 0.0175, 0]));
        else
          for (const sx of [-1, 1])
            for (const sz of [-1, 1])
              parts.push(p.rod([sx * w * 0.35, 0, sz * d * 0.38], [sx * w * 0.35, y0 + 0.01, sz * d * 0.38], 0.004, 0.012, 12));
        return p.union(parts);
      },
    },
    {
      name: 'on-stand',
      build(p, r) {
        const w = U(r, 0.16, 0.22),
          h = w * U(r, 1.4, 1.7),
          d = w * U(r, 1.1, 1.3);
        const sh = U(r, 0.5, 0.7);
        const parts = [cabinet(p, r, w, h, d, sh, 2, false)];
        parts.push(p.box([w * 0.9, 0.015, d * 0.9], [0, sh - 0.005, 0]));
        const cols = I(r, 1, 2);
        for (let i = 0; i < cols; i++) {
          const x = cols === 1 ? 0 : (i - 0.5) * w * 0.5;
          parts.push(p.box([0.04, sh, 0.04], [x, sh / 2, 0]));
        }
        parts.push(p.box([w * 1.3, 0.015, d * 1.2], [0, 0.0075, 0]));
        return p.union(parts);
      },
    },
    {
      name: 'sphere-pod',
      build(p, r) {
        const R = U(r, 0.1, 0.16),
          egg = U(r, 1.0, 1.4);
        const y = U(r, 0.05, 0.2) + R * egg;
        let body = p.ellipsoid([0, y, 0], [R, R * egg, R], SEG_LARGE);
        // Driver set back so its surround ring sits on the curved surface.
        body = driver(p, body, [0, y, R * 0.84], R * 0.5);
        const parts = [body];
        parts.push(p.rod([0, 0.01, 0], [0, y - R * egg * 0.8, 0], 0.015, 0.015, 12));
        parts.push(
          p.lathe(
            [
              [0, 0],
              [R * 0.8, 0],
              [R * 0.7, 0.02],
              [0, 0.025],
            ],
            [0, 0, 0],
            [0, 1, 0],
            SEG_MED,
          ),
        );
        return p.union(parts);
      },
    },
    {
      name: 'smart-cylinder',
      build(p, r) {
        const R = U(r, 0.05, 0.09),
          h = R * U(r, 1.5, 3.5);
        const dome = chance(r, 0.5);
        const prof: [number, number][] = [
          [0, 0],
          [R * 0.9, 0],
          [R, R * 0.1],
          [R, h - (dome ? R * 0.5 : R * 0.1)],
        ];
        if (dome)
          for (let i = 1; i <= 4; i++) {
            const a = ((i / 4) * Math.PI) / 2;
            prof.push([R * Math.cos(a) + 0.0001, h - R * 0.5 + R * 0.5 * Math.sin(a)]);
          }
        else prof.push([R * 0.9, h]);
        prof.push([0, h]);
        let body = p.lathe(prof, [0, 0, 0], [0, 1, 0], SEG_LARGE);
        if (!dome) body = p.subtract(body, p.rod([0, h - 0.004, 0], [0, h + 0.01, 0], R * 0.6, R * 0.6, SEG_MED));
        return body;
      },
    },
    {
      name: 'subwoofer',
      build(p, r) {
        const s = U(r, 0.3, 0.45);
        const down = chance(r, 0.3);
        const hgt = s * U(r, 0.9, 1.1);
        let box = p.roundBox([s, hgt, s], s * 0.04, [0, hgt / 2 + 0.03, 0]);
        box = driver(p, box, [0, hgt / 2 + 0.03, s / 2], s * 0.38);
        if (down) box = port(p, box, [s * 0.3, s * 0.2, s / 2], s * 0.06, s * 0.4);
        const parts = [box];
        for (const sx of [-1, 1])
          for (const sz of [-1, 1])
            parts.push(p.rod([sx * s * 0.38, 0, sz * s * 0.38], [sx * s * 0.38, 0.035, sz * s * 0.38], 0.025, 0.025, 12));
        return p.union(parts);
      },
    },
    {
      name: 'soundbar',
      build(p, r) {
        const w = U(r, 0.8, 1.1),
          h = U(r, 0.06, 0.1),
          d = U(r, 0.08, 0.12);
        let bar = p.roundBox([w, h, d], h * 0.3, [0, h / 2 + 0.01, 0]);
        const n = I(r, 2, 4);
        for (let i = 0; i < n; i++) bar = driver(p, bar, [((i - (n - 1) / 2) * w) / n, h / 2 + 0.01, d / 2], h * 0.33);
        const parts = [bar];
        for (const sx of [-1, 1]) parts.push(p.box([0.05, 0.02, d * 0.6], [sx * w * 0.4, 0.01, 0]));
        return p.union(parts);
      },
    },
    {
      name: 'pa-horn',
      build(p, r) {
        const w = U(r, 0.35, 0.5),
          h = w * U(r, 1.4, 1.8),
          d = w * U(r, 0.8, 1.0);
        const body = p.hull([p.box([w, h, 0.02], [0, h / 2, d / 2]), p.box([w * 0.65, h * 0.9, 0.02], [0, h / 2, -d / 2])]);
        let b = driver(p, body, [0, h * 0.35, d / 2], w * 0.38);
        b = p.subtract(
          b,
          p.hull([
            p.box([w * 0.6, h * 0.18, 0.01], [0, h * 0.8, d / 2 + 0.005]),
            p.box([w * 0.1, h * 0.05, 0.01], [0, h * 0.8, d / 2 - d * 0.35]),
          ]),
        );
        const parts = [b];
        parts.push(
          p.box([w * 0.3, 0.03, 0.03], [0, h + 0.03, 0]),
          p.box([0.03, 0.1, 0.03], [-w * 0.15, h - 0.02, 0]),
          p.box([0.03, 0.1, 0.03], [w * 0.15, h - 0.02, 0]),
        );
        if (chance(r, 0.5))
          parts.push(
            p.rod([0, -0.4, -0.02], [0, h * 0.3, -0.02], 0.018, 0.018, 12),
            p.rod([0, -0.4, -0.02], [0, -0.38, -0.02], 0.15, 0.15, 16),
          );
        return p.union(parts);
      },
    },
    {
      name: 'studio-monitor',
      build(p, r) {
        const w = U(r, 0.18, 0.26),
          h = w * U(r, 1.3, 1.6),
          d = w * U(r, 1.1, 1.4);
        let box = cabinet(p, r, w, h, d, 0.015, 2, false);
        // Waveguide around the tweeter and a front port slot.
        box = p.subtract(box, p.box([w * 0.6, 0.015, d * 0.4], [0, 0.015 + h * 0.08, d / 2]));
        const parts = [box, p.slab([w * 1.02, 0.022, d * 1.02], 0.01, 'y', [0, 0.011, 0])];
        return p.rot(p.union(parts), [chance(r, 0.5) ? -U(r, 3, 8) : 0, 0, 0]);
      },
    },
  ],
};
