/**
 * Knots: closed curves that pass close to themselves, thickened into tubes. Every shape is a
 * solid torus (genus 1) however knotted, and its strands never touch (`safeTubeRadius`), which
 * is exactly what a model that merges nearby tubes gets wrong. Units: the knot's own (the
 * defining torus has ring radius 1); the tube is 2–10 % of the knot's size.
 */
import type { Manifold } from 'manifold-3d';
import type { Random } from '../../../geometry/Random.ts';
import { extentOf, figureEightKnot, lissajousKnot, torusKnot } from '../kit/curves.ts';
import { circleSection, curveLength, resample, safeTubeRadius, sweep } from '../kit/sweep.ts';
import type { Parts, Vec2, Vec3 } from '../parts.ts';
import { chance, pick, U } from '../sampling.ts';
import { RedrawError, type ShapeFamily } from '../ShapeFamily.ts';

/** Ellipse section with semi-axes 1 and `aspect` (≤ 1), `seg` points. */
function ellipseSection(aspect: number, seg: number): Vec2[] {
  return circleSection(seg).map(([u, v]) => [u, v * aspect] as Vec2);
}

/**
 * Tube around the closed curve `raw`: wanted radius `frac` × the curve's extent, shrunk until
 * the strands keep apart; a draw that would need a radius under 1.2 % of the extent is
 * rejected (a near self-intersection; `minFrac` overrides the 1.2 %) and redrawn by the generator.
 * @param section non-round section (unit, major semi-axis 1), its twist about the curve, and
 *   its minor semi-axis (for the stated thickness)
 */
export function knotTube(p: Parts, raw: Vec3[], frac: number, section?: Vec2[], twistDeg = 0, minor = 1, minFrac = 0.012): Manifold {
  const L = extentOf(raw);
  // Clearance is tested on a coarser copy, spaced about one wanted radius apart.
  const coarse = resample(raw, Math.max(240, Math.min(600, Math.round(curveLength(raw, true) / (frac * L)))), true);
  const r = safeTubeRadius(coarse, true, frac * L);
  if (r < minFrac * L) throw new RedrawError(`knot: strands too close (safe radius ${r.toFixed(4)} of ${L.toFixed(3)})`);
  const n = Math.max(96, Math.min(480, Math.round(curveLength(raw, true) / (0.8 * r))));
  const pts = resample(raw, n, true);
  p.claims.genus = 1;
  p.claims.thickness = 2 * r * minor;
  return sweep(p, pts, { closed: true, radius: r, section: section ?? circleSection(16), twistDeg });
}

/** Wanted tube radius as a fraction of the knot's size. */
const tubeFrac = (r: Random) => U(r, 0.03, 0.09);

/** Random non-uniform stretch of a curve (pose variety without changing the knot type). */
function stretch(r: Random, pts: Vec3[], amount: number): Vec3[] {
  const s: Vec3 = [U(r, 1 - amount, 1 + amount), U(r, 1 - amount, 1 + amount), U(r, 1 - amount, 1 + amount)];
  return pts.map(([x, y, z]) => [x * s[0], y * s[1], z * s[2]] as Vec3);
}

export const knot: ShapeFamily = {
  name: 'knot',
  kind: 'tube',
  summary: 'torus knots, figure-eight and Lissajous knots, ribbon knots: thin closed tubes that pass near themselves (genus 1)',
  variants: [
    {
      name: 'trefoil',
      build(p, r) {
        const pts = torusKnot(2, 3, 1, U(r, 0.35, 0.65), 720, U(r, 0.6, 1.5));
        return knotTube(p, stretch(r, pts, 0.2), tubeFrac(r));
      },
    },
    {
      name: 'cinquefoil',
      build(p, r) {
        const pts = torusKnot(2, 5, 1, U(r, 0.3, 0.55), 900, U(r, 0.6, 1.5));
        return knotTube(p, stretch(r, pts, 0.2), tubeFrac(r) * 0.8);
      },
    },
    {
      name: 'torus-knot',
      build(p, r) {
        // Higher (p, q) torus knots: crowded strands, thinner tubes.
        const [a, b] = pick(r, [
          [3, 4],
          [3, 5],
          [2, 7],
          [3, 7],
          [4, 5],
        ] as const);
        const pts = torusKnot(a, b, 1, U(r, 0.3, 0.55), 1200, U(r, 0.7, 1.6));
        return knotTube(p, stretch(r, pts, 0.15), tubeFrac(r) * 0.7);
      },
    },
    {
      name: 'figure-eight',
      build(p, r) {
        const pts = figureEightKnot(900, [1, U(r, 0.6, 1.6), U(r, 0.8, 1.2)]);
        return knotTube(p, stretch(r, pts, 0.15), tubeFrac(r));
      },
    },
    {
      name: 'lissajous',
      build(p, r) {
        // Random phases: some bring strands close together; those draws are redrawn.
        const f = pick(r, [
          [3, 2, 5],
          [3, 2, 7],
          [3, 4, 5],
        ] as const);
        const phase: Vec3 = [U(r, 0, 2 * Math.PI), U(r, 0, 2 * Math.PI), 0];
        const pts = lissajousKnot([f[0], f[1], f[2]], phase, 1400, [1, U(r, 0.7, 1.3), U(r, 0.7, 1.3)]);
        return knotTube(p, pts, U(r, 0.02, 0.04), undefined, 0, 1, 0.01);
      },
    },
    {
      name: 'ribbon-knot',
      build(p, r) {
        // Flat band (a ribbon or belt) following a trefoil or cinquefoil, optionally with half twists.
        const q = chance(r, 0.6) ? 3 : 5;
        const pts = torusKnot(2, q, 1, U(r, 0.4, 0.65), 900, U(r, 0.7, 1.4));
        const aspect = U(r, 0.25, 0.45);
        const twist = 180 * Math.floor(U(r, 0, 5));
        return knotTube(p, pts, tubeFrac(r) * 1.2, ellipseSection(aspect, 20), twist, aspect);
      },
    },
  ],
};
