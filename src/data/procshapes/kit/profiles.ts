/**
 * 2-D outlines (model units) for extrusions and revolutions: circles and regular polygons with
 * fixed segment counts (never manifold's adaptive default, for determinism), slots, gear teeth
 * and airfoils. Polygons are counter-clockwise; holes are added by the caller as further
 * contours or by subtraction.
 */
import type { Vec2 } from '../parts.ts';

const TAU = 2 * Math.PI;

/** Circle of radius r at (cx, cy) with `seg` points. */
export function circle(r: number, seg: number, cx = 0, cy = 0, phase = 0): Vec2[] {
  return Array.from(
    { length: seg },
    (_, i) => [cx + r * Math.cos(phase + (TAU * i) / seg), cy + r * Math.sin(phase + (TAU * i) / seg)] as Vec2,
  );
}

/** Regular n-gon with circumradius r (a hexagon for nuts and bolt heads: n = 6). */
export function regularPolygon(n: number, r: number, phase = 0): Vec2[] {
  return circle(r, n, 0, 0, phase);
}

/** Slot (stadium) of overall length l along x and width w, centred at (cx, cy), rotated by `angle` rad. */
export function slot(l: number, w: number, cx = 0, cy = 0, angle = 0, perEnd = 8): Vec2[] {
  const r = w / 2,
    h = Math.max(0, l / 2 - r);
  const pts: Vec2[] = [];
  for (let i = 0; i <= perEnd; i++) {
    const a = -Math.PI / 2 + (Math.PI * i) / perEnd;
    pts.push([h + r * Math.cos(a), r * Math.sin(a)]);
  }
  for (let i = 0; i <= perEnd; i++) {
    const a = Math.PI / 2 + (Math.PI * i) / perEnd;
    pts.push([-h + r * Math.cos(a), r * Math.sin(a)]);
  }
  const c = Math.cos(angle),
    s = Math.sin(angle);
  return pts.map(([x, y]) => [cx + c * x - s * y, cy + s * x + c * y] as Vec2);
}

/**
 * Spur-gear outline: `teeth` trapezoidal teeth between root radius `rRoot` and tip radius
 * `rTip`. `toothFrac` is the share of the pitch the tooth occupies at the root and `tipFrac`
 * the share of its root width left at the tip (1 = square teeth, ~0.4 = involute-like taper).
 * `rounded` > 0 draws round-bottomed gaps (sprockets) with that many points per gap.
 * `inward` flips the teeth to point towards the centre (internal ring gears): then rTip < rRoot.
 */
export function gearOutline(teeth: number, rRoot: number, rTip: number, toothFrac = 0.5, tipFrac = 0.5, rounded = 0): Vec2[] {
  const pts: Vec2[] = [];
  const pitch = TAU / teeth;
  const pol = (r: number, a: number): Vec2 => [r * Math.cos(a), r * Math.sin(a)];
  for (let i = 0; i < teeth; i++) {
    const a0 = i * pitch;
    const wRoot = pitch * toothFrac,
      wTip = wRoot * tipFrac;
    const aRoot0 = a0 - wRoot / 2,
      aRoot1 = a0 + wRoot / 2;
    const aTip0 = a0 - wTip / 2,
      aTip1 = a0 + wTip / 2;
    pts.push(pol(rRoot, aRoot0), pol(rTip, aTip0));
    // Tip land: two extra points so wide tips stay round.
    pts.push(pol(rTip, aTip0 + (aTip1 - aTip0) / 3), pol(rTip, aTip0 + (2 * (aTip1 - aTip0)) / 3));
    pts.push(pol(rTip, aTip1), pol(rRoot, aRoot1));
    // Gap to the next tooth: along the root circle, or a round notch dipping below it.
    const g0 = aRoot1,
      g1 = a0 + pitch - wRoot / 2;
    const k = Math.max(1, rounded);
    for (let j = 1; j < k; j++) {
      const t = j / k;
      const dip = rounded > 0 ? Math.sin(Math.PI * t) * (Math.abs(rTip - rRoot) * 0.35) * Math.sign(rTip - rRoot) : 0;
      pts.push(pol(rRoot - dip, g0 + (g1 - g0) * t));
    }
  }
  return pts;
}

/**
 * NACA-00xx-like symmetric airfoil of chord `c` along x (leading edge at x = 0) and thickness
 * ratio `t`, with a minimum trailing-edge thickness `te` (model units) so it stays a solid.
 */
export function airfoil(c: number, t: number, te: number, n = 12): Vec2[] {
  const half = (x: number) =>
    Math.max(te / 2, 5 * t * c * (0.2969 * Math.sqrt(x) - 0.126 * x - 0.3516 * x * x + 0.2843 * x ** 3 - 0.1036 * x ** 4));
  const top: Vec2[] = [],
    bot: Vec2[] = [];
  for (let i = 0; i <= n; i++) {
    const x = (1 - Math.cos((Math.PI * i) / n)) / 2; // cosine spacing: dense at both edges
    top.push([x * c, half(x)]);
    bot.push([x * c, -half(x)]);
  }
  // Counter-clockwise: along the bottom from the leading edge, back along the top.
  return [...bot, ...top.reverse()];
}
