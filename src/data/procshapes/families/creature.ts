/**
 * Creatures: animal-like bodies built as smooth unions of ellipsoids and tapered capsules along
 * random skeletons (Blend, meshed by marching tetrahedra), in random poses and proportions: quadrupeds (from
 * dachshund to giraffe), birds (wings folded or spread), fish, snakes, insects and turtles. Thin
 * limbs, beaks and fins merge smoothly into bodies, as in real scans. Units: body length ≈ 1,
 * y up, head towards +x. The stated thickness is the thinnest limb's diameter.
 */
import type { Manifold } from 'manifold-3d';
import type { Random } from '../../../geometry/Random.ts';
import { Blend } from '../kit/implicit.ts';
import { add, along, dirOf, jointChain } from '../kit/vec.ts';
import { normalize, type Parts, type Vec3 } from '../parts.ts';
import { chance, U } from '../sampling.ts';
import type { ShapeFamily } from '../ShapeFamily.ts';

/** Tracks the thinnest radius a builder used (for the grid and the stated thickness). */
class Body extends Blend {
  minR = Infinity;
  cap(a: Vec3, b: Vec3, ra: number, rb: number, k: number): this {
    this.minR = Math.min(this.minR, ra, rb);
    return this.capsule(a, b, ra, rb, k);
  }
  ell(c: Vec3, radii: Vec3, k: number, axes?: [Vec3, Vec3, Vec3]): this {
    this.minR = Math.min(this.minR, radii[0], radii[1], radii[2]);
    return this.ellipsoid(c, radii, k, axes);
  }
  limb(pts: Vec3[], r0: number, r1: number, k: number): this {
    const n = pts.length - 1;
    for (let i = 0; i < n; i++)
      this.cap(pts[i], pts[i + 1], r0 + ((r1 - r0) * i) / n, r0 + ((r1 - r0) * (i + 1)) / n, i === 0 ? k : k * 0.4);
    return this;
  }
}

/** Axes of an ellipsoid whose first axis points along d (second axis in the vertical plane). */
function axesAlong(d: Vec3): [Vec3, Vec3, Vec3] {
  const e0 = normalize(d);
  const side = Math.abs(e0[1]) < 0.95 ? normalize([-e0[2], 0, e0[0]]) : ([0, 0, 1] as Vec3);
  const up: Vec3 = [side[1] * e0[2] - side[2] * e0[1], side[2] * e0[0] - side[0] * e0[2], side[0] * e0[1] - side[1] * e0[0]];
  return [e0, up, side];
}

/**
 * Axes of a flat ellipsoid (a fin, a wing, a flipper): first along d, third along the plane's
 * normal n (made orthogonal to d), second in the plane.
 */
function flatAxes(d: Vec3, n: Vec3): [Vec3, Vec3, Vec3] {
  const e0 = normalize(d);
  const k = n[0] * e0[0] + n[1] * e0[1] + n[2] * e0[2];
  const e2 = normalize([n[0] - k * e0[0], n[1] - k * e0[1], n[2] - k * e0[2]]);
  return [e0, [e2[1] * e0[2] - e2[2] * e0[1], e2[2] * e0[0] - e2[0] * e0[2], e2[0] * e0[1] - e2[1] * e0[0]], e2];
}

/** Finishes a creature: states the thinnest diameter and meshes with a grid resolving it. */
function finish(p: Parts, b: Body, maxCells = 72): Manifold {
  p.claims.thickness = 2 * b.minR;
  return b.solid(p, b.minR, maxCells);
}

/** A head with snout and optional ears at `c`, looking along `d`. */
function head(b: Body, r: Random, c: Vec3, d: Vec3, size: number, ears: boolean): void {
  b.ell(c, [size * U(r, 1, 1.4), size * U(r, 0.75, 0.95), size * U(r, 0.7, 0.9)], size * 0.4, axesAlong(d));
  const snoutL = size * U(r, 0.5, 1.3);
  b.cap(along(c, d, size * 0.5), along(add(c, [0, -size * 0.15, 0]), d, size + snoutL), size * 0.55, size * U(r, 0.3, 0.45), size * 0.3);
  if (ears) {
    const er = Math.max(0.025, size * 0.18);
    for (const s of [-1, 1])
      b.cap(
        add(c, [0, size * 0.5, s * size * 0.45]),
        add(c, [-size * 0.2, size * U(r, 0.9, 1.5), s * size * 0.7]),
        er,
        er * 0.8,
        size * 0.2,
      );
  }
}

export const creature: ShapeFamily = {
  name: 'creature',
  kind: 'organic',
  summary: 'skeleton bodies blended from ellipsoids and capsules: quadrupeds, birds, fish, snakes, insects, turtles in random poses',
  variants: [
    {
      name: 'quadruped',
      build(p, r) {
        const b = new Body();
        const ry = U(r, 0.14, 0.24),
          rz = U(r, 0.12, 0.2),
          legH = U(r, 0.25, 0.75);
        const cy = legH + ry * 0.6;
        b.ell([0.22, cy, 0], [0.32, ry, rz], 0.1).ell(
          [-0.22, cy - ry * U(r, -0.1, 0.15), 0],
          [0.32, ry * U(r, 0.85, 1.05), rz * U(r, 0.9, 1.1)],
          0.15,
        );
        // Neck and head.
        const neckL = U(r, 0.15, 0.7),
          neckUp = U(r, 0.2, 1.3);
        const n0: Vec3 = [0.4, cy + ry * 0.3, 0],
          nd = dirOf(0, neckUp);
        const n1 = along(n0, nd, neckL);
        const nr = U(r, 0.05, 0.1);
        b.cap(n0, n1, nr * 1.4, nr, 0.08);
        head(b, r, n1, dirOf(U(r, -0.3, 0.3), U(r, -0.5, 0.1)), U(r, 0.08, 0.13), chance(r, 0.7));
        // Legs: hip, knee, foot, in a walking pose (diagonal pairs move together).
        const lr = U(r, 0.035, 0.06),
          stride = U(r, 0, 0.35);
        for (const [fx, sz, phase] of [
          [0.35, 1, 1],
          [0.35, -1, -1],
          [-0.35, 1, -1],
          [-0.35, -1, 1],
        ] as const) {
          const hip: Vec3 = [fx, cy - ry * 0.3, sz * rz * 0.6];
          const swing = phase * stride;
          const knee: Vec3 = [fx + swing * legH * 0.5 + (fx > 0 ? 0.02 : -0.05), legH * 0.5, sz * rz * 0.65];
          const foot: Vec3 = [fx + swing * legH, lr * 0.8, sz * rz * 0.6];
          b.limb([hip, knee, foot], lr * 1.5, lr, 0.06);
          b.ell(add(foot, [lr * 0.8, 0, 0]), [lr * 1.6, lr * 0.8, lr * 1.1], 0.03);
        }
        // Tail: a curling chain of shrinking capsules.
        if (chance(r, 0.85)) {
          const tl = U(r, 0.15, 0.7),
            curl = U(r, -0.6, 0.6);
          const t = jointChain(
            [-0.5, cy + ry * 0.3, 0],
            dirOf(Math.PI, U(r, -0.8, 0.8)),
            [0, 0, 1],
            [tl / 3, tl / 3, tl / 3],
            [curl, curl],
          );
          b.limb(t, Math.max(0.025, lr * 0.8), 0.025, 0.06);
        }
        return finish(p, b);
      },
    },
    {
      name: 'bird',
      build(p, r) {
        const b = new Body();
        const legH = U(r, 0.1, 0.4),
          pitch = U(r, 0.1, 0.7);
        const bd = dirOf(0, pitch);
        const c: Vec3 = [0, legH + 0.18, 0];
        b.ell(c, [0.28, 0.17, 0.16], 0.05, axesAlong(bd));
        const hc = add(along(c, bd, 0.28), [0, U(r, 0.05, 0.2), 0]),
          hr = U(r, 0.08, 0.11);
        b.cap(along(c, bd, 0.15), hc, 0.09, hr * 0.8, 0.06).ell(hc, [hr, hr * 0.95, hr * 0.9], 0.04);
        const beakL = U(r, 0.06, 0.3);
        b.cap(add(hc, [hr * 0.7, 0, 0]), add(hc, [hr * 0.7 + beakL, -beakL * U(r, 0, 0.5), 0]), hr * 0.35, 0.02, 0.02);
        // Tail fan backwards.
        b.ell(along(c, bd, -0.33), [0.14, 0.025, U(r, 0.05, 0.1)], 0.05, axesAlong(dirOf(Math.PI, -pitch * 0.5)));
        const spread = chance(r, 0.5);
        for (const s of [-1, 1]) {
          if (spread) {
            // Open wing: a flat ellipsoid reaching sideways and up.
            const up = U(r, -0.3, 0.8),
              span = U(r, 0.35, 0.7);
            const d = normalize([U(r, -0.3, 0.1), Math.sin(up), s * Math.cos(up)]);
            b.ell(along(add(c, [0.05, 0.06, 0]), d, span / 2), [span / 2, 0.12, 0.022], 0.05, flatAxes(d, [0, 1, 0]));
          } else b.ell(add(c, [-0.05, 0.03, s * 0.13]), [0.26, 0.1, 0.04], 0.04, axesAlong(dirOf(0, pitch - 0.2)));
        }
        for (const s of [-1, 1]) {
          const hip: Vec3 = [0, c[1] - 0.1, s * 0.06],
            foot: Vec3 = [U(r, -0.05, 0.05), 0.02, s * 0.07];
          b.limb([hip, [foot[0] + 0.02, legH * 0.5 + 0.02, s * 0.07], foot], 0.03, 0.02, 0.04);
          for (const a of [-0.5, 0, 0.5]) b.cap(foot, add(foot, [0.08 * Math.cos(a), -0.005, 0.08 * Math.sin(a)]), 0.02, 0.02, 0.02);
        }
        return finish(p, b);
      },
    },
    {
      name: 'fish',
      build(p, r) {
        const b = new Body();
        const h = U(r, 0.1, 0.25),
          w = U(r, 0.05, 0.11),
          bend = U(r, -0.4, 0.4);
        // Body bends in the horizontal plane: the rear half turns by `bend`.
        const tailDir = dirOf(Math.PI + bend, 0);
        b.ell([0.1, 0, 0], [0.35, h, w], 0.05);
        const ped = along([-0.15, 0, 0], tailDir, 0.3);
        b.cap([-0.15, 0, 0], ped, Math.min(h, w) * 0.9, Math.max(0.03, w * 0.45), 0.1);
        // Forked tail fin: two flat lobes up and down.
        const fin = U(r, 0.1, 0.2),
          ft = U(r, 0.02, 0.03);
        for (const s of [-1, 1]) {
          const d = normalize([tailDir[0], s * U(r, 0.5, 1.1), tailDir[2]]);
          b.ell(along(ped, d, fin * 0.8), [fin, fin * 0.35, ft], 0.04, flatAxes(d, [-tailDir[2], 0, tailDir[0]]));
        }
        b.ell([0.05, h * 0.95, 0], [U(r, 0.1, 0.25), U(r, 0.05, 0.12), ft], 0.04, axesAlong([1, -0.3, 0]));
        for (const s of [-1, 1]) b.ell([0.25, -h * 0.3, s * w * 0.9], [0.08, 0.03, ft], 0.03, flatAxes([-1, -0.2, s * 0.5], [0, 1, 0]));
        if (chance(r, 0.5)) b.ell([-0.15, -h * 0.85, 0], [0.08, 0.05, ft], 0.03);
        return finish(p, b);
      },
    },
    {
      name: 'snake',
      build(p, r) {
        // Spine: a slithering wave or a coil, head raised; body tapers to a thin tail.
        const b = new Body();
        const coil = chance(r, 0.4);
        const n = 40,
          R = U(r, 0.035, 0.07);
        const pts: Vec3[] = [];
        const amp = U(r, 0.08, 0.25),
          waves = U(r, 1, 2.5),
          turns = U(r, 1.2, 2);
        for (let i = 0; i <= n; i++) {
          const s = i / n;
          if (coil) {
            const a = turns * 2 * Math.PI * s,
              rad = 0.15 + 0.3 * s;
            pts.push([rad * Math.cos(a), R + s * 0.02, rad * Math.sin(a)]);
          } else pts.push([s, R, amp * Math.sin(waves * 2 * Math.PI * s)]);
        }
        // The head end rises.
        const rise = U(r, 0, 0.3);
        const last = pts[n];
        const headPos = add(last, [0, rise, 0]);
        pts.push(headPos);
        for (let i = 0; i < pts.length - 1; i++) {
          const s = i / (pts.length - 1);
          const rad = (a: number) => R * (0.35 + 0.65 * Math.min(1, a * 2.5));
          b.cap(pts[i], pts[i + 1], rad(s), rad((i + 1) / (pts.length - 1)), R * 0.6);
        }
        const hd = normalize([last[0] - pts[n - 1][0], 0, last[2] - pts[n - 1][2]]);
        b.ell(along(headPos, hd, R), [R * 1.8, R * 0.8, R * 1.2], 0.03, axesAlong(hd));
        return finish(p, b);
      },
    },
    {
      name: 'insect',
      build(p, r) {
        const b = new Body();
        const cy = U(r, 0.12, 0.25);
        const th: Vec3 = [0, cy, 0];
        b.ell(th, [0.12, 0.08, 0.08], 0.03);
        b.ell([-0.3, cy + 0.02, 0], [U(r, 0.18, 0.3), U(r, 0.08, 0.13), U(r, 0.08, 0.13)], 0.04);
        const hc: Vec3 = [0.17, cy + 0.02, 0];
        b.ell(hc, [0.07, 0.06, 0.065], 0.03);
        const lr = U(r, 0.018, 0.028);
        for (let i = 0; i < 3; i++)
          for (const s of [-1, 1]) {
            const root: Vec3 = [0.07 - i * 0.07, cy - 0.03, s * 0.05];
            const out = (i - 1) * U(r, 0.4, 0.8);
            const knee: Vec3 = [root[0] + Math.sin(out) * 0.15, cy + U(r, 0.02, 0.1), s * (0.05 + Math.cos(out) * 0.15)];
            const foot: Vec3 = [knee[0] + Math.sin(out) * 0.12, lr, s * (0.05 + Math.cos(out) * 0.27)];
            b.limb([root, knee, foot], lr * 1.2, lr, 0.03);
          }
        for (const s of [-1, 1]) {
          const bend = U(r, 0.2, 0.9);
          b.limb(
            jointChain(add(hc, [0.04, 0.04, s * 0.02]), normalize([1, 1, s * 0.4]), normalize([0, -s * 0.3, 1]), [0.1, 0.12], [-bend * s]),
            lr * 0.9,
            lr * 0.8,
            0.02,
          );
        }
        if (chance(r, 0.5))
          for (const s of [-1, 1]) b.ell([-0.2, cy + 0.1, s * 0.12], [0.25, 0.08, lr], 0.03, flatAxes([-1, 0, s * 0.35], [0, 1, 0]));
        return finish(p, b);
      },
    },
    {
      name: 'turtle',
      build(p, r) {
        const b = new Body();
        const L = 0.5,
          H = U(r, 0.12, 0.25),
          W = U(r, 0.3, 0.42);
        b.ell([0, 0.1, 0], [L, H, W], 0.04).ell([0, 0.08, 0], [L * 0.92, 0.06, W * 0.9], 0.02);
        const nd = dirOf(0, U(r, -0.1, 0.6)),
          n0: Vec3 = [L * 0.8, 0.1, 0];
        const n1 = along(n0, nd, U(r, 0.05, 0.25));
        b.cap(n0, n1, 0.06, 0.05, 0.03);
        b.ell(along(n1, nd, 0.05), [0.09, 0.06, 0.065], 0.03, axesAlong(nd));
        const flipper = chance(r, 0.5);
        for (const [fx, s] of [
          [0.3, 1],
          [0.3, -1],
          [-0.3, 1],
          [-0.3, -1],
        ] as const) {
          const d = normalize([fx > 0 ? U(r, 0, 0.6) : U(r, -0.6, 0), -0.15, s]);
          const len = flipper && fx > 0 ? U(r, 0.2, 0.35) : U(r, 0.1, 0.18);
          if (flipper) b.ell(along([fx, 0.07, s * W * 0.7], d, len * 0.6), [len, len * 0.35, 0.025], 0.03, flatAxes(d, [0, 1, 0]));
          else b.cap([fx, 0.07, s * W * 0.7], along([fx, 0.02, s * W * 0.75], d, len), 0.05, 0.04, 0.03);
        }
        b.cap([-L * 0.9, 0.08, 0], [-L * 1.1, 0.05, 0], 0.03, 0.025, 0.02);
        return finish(p, b);
      },
    },
  ],
};
