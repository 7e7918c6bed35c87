/**
 * Hands and figures: articulated skeletons blended into smooth bodies — open hands, curled
 * hands (fingers touching the palm may close loops), gesturing hands, standing and action
 * figures with random joint angles, and teddy bears. Fingers and limbs are thin cylinders
 * close to each other (they must not merge in a reconstruction). Units: hand length ≈ 1,
 * figure height ≈ 1.7 (metres); y up, the palm / face towards +z.
 */
import type { Manifold } from 'manifold-3d';
import type { Random } from '../../../geometry/Random.ts';
import { Blend } from '../kit/implicit.ts';
import { add, along, jointChain, rotate } from '../kit/vec.ts';
import { normalize, type Parts, type Vec3 } from '../parts.ts';
import { chance, U } from '../sampling.ts';
import type { ShapeFamily } from '../ShapeFamily.ts';

/** A Blend that records its thinnest radius (the grid resolves it; it is the stated thickness). */
class Skel extends Blend {
  minR = Infinity;
  limb(pts: Vec3[], r0: number, r1: number, k: number): this {
    const n = pts.length - 1;
    for (let i = 0; i < n; i++) {
      const a = r0 + ((r1 - r0) * i) / n,
        b = r0 + ((r1 - r0) * (i + 1)) / n;
      this.minR = Math.min(this.minR, a, b);
      this.capsule(pts[i], pts[i + 1], a, b, i === 0 ? k : k * 0.3);
    }
    return this;
  }
  ell(c: Vec3, radii: Vec3, k: number): this {
    this.minR = Math.min(this.minR, radii[0], radii[1], radii[2]);
    return this.ellipsoid(c, radii, k);
  }
  finish(p: Parts, maxCells = 80): Manifold {
    p.claims.thickness = 2 * this.minR;
    return this.solid(p, this.minR, maxCells);
  }
}

/**
 * A hand, palm in the xy plane facing +z, fingers up (+y). `curl(f, j)` gives the flexion of
 * joint j (0 = knuckle) of finger f (0 = index … 3 = little, 4 = thumb) in radians.
 */
function hand(r: Random, curl: (f: number, j: number) => number): Skel {
  const s = new Skel();
  const pw = U(r, 0.36, 0.46),
    ph = U(r, 0.38, 0.48),
    pt = U(r, 0.1, 0.14);
  s.ell([0, ph / 2, 0], [pw / 2, ph / 2, pt / 2], 0.05);
  const wrist: Vec3 = [U(r, -0.05, 0.05), -U(r, 0.15, 0.3), -0.01];
  s.ellipsoid([wrist[0] / 2, wrist[1] / 2 + 0.02, 0], [pw * 0.32, Math.abs(wrist[1]) / 2 + 0.04, pt * 0.45], 0.08); // wrist
  const fr = U(r, 0.032, 0.042);
  const lens = [1, 1.12, 1.04, 0.82].map((k) => k * U(r, 0.42, 0.52));
  const spread = U(r, 0.04, 0.22);
  for (let f = 0; f < 4; f++) {
    const x = -pw / 2 + pw * ((f + 0.5) / 4);
    const base: Vec3 = [x, ph * (f === 0 || f === 3 ? 0.92 : 0.98), 0];
    // Flexion turns each phalanx about the lateral (x) axis towards the palm side (+z).
    const d = rotate(normalize([Math.sin((f - 1.5) * spread), 1, 0]), [1, 0, 0], curl(f, 0));
    const L = lens[f];
    s.limb(
      jointChain(base, d, [1, 0, 0], [L * 0.45, L * 0.32, L * 0.23], [curl(f, 1), curl(f, 2)]),
      fr * (f === 3 ? 0.9 : 1),
      fr * 0.8,
      0.03,
    );
  }
  // Thumb from the side of the palm, opposed across it.
  const tb: Vec3 = [pw / 2 - 0.02, ph * 0.25, pt * 0.2];
  const td = normalize([U(r, 0.5, 0.9), U(r, 0.4, 0.9), U(r, 0.2, 0.6)]);
  const tl = U(r, 0.3, 0.38);
  s.limb(
    jointChain(tb, td, normalize([0.2, -0.5, 1]), [tl * 0.45, tl * 0.3, tl * 0.25], [curl(4, 1), curl(4, 2)]),
    fr * 1.25,
    fr * 0.9,
    0.05,
  );
  return s;
}

/**
 * Humanoid joint angles (radians), per side [right, left]: shoulder [abduction, flexion], elbow
 * flexion, hip [flexion, abduction], knee flexion; `lean` tilts the torso forwards.
 */
interface Pose {
  shoulder: [number, number][];
  elbow: number[];
  hip: [number, number][];
  knee: number[];
  lean: number;
}

/** Axis for bending a limb pointing along d forwards (towards +z): d × z, or −x when d ∥ z. */
function bendAxis(d: Vec3): Vec3 {
  const c: Vec3 = [d[1], -d[0], 0];
  const l = Math.hypot(c[0], c[1]);
  return l > 1e-6 ? [c[0] / l, c[1] / l, 0] : [-1, 0, 0];
}

/** A humanoid at height ≈ 1.7 with the given pose; proportions drawn from r. */
function humanoid(r: Random, pose: Pose): Skel {
  const s = new Skel();
  const H = 1.7 * U(r, 0.9, 1.1),
    bulk = U(r, 0.8, 1.3);
  const legL = H * U(r, 0.45, 0.5),
    hipY = legL + 0.05;
  const torso = H * U(r, 0.28, 0.32);
  const up: Vec3 = normalize([0, 1, Math.sin(pose.lean)]);
  const pelvis: Vec3 = [0, hipY, 0],
    chest = along(pelvis, up, torso * 0.75),
    neck = along(pelvis, up, torso);
  s.ell(pelvis, [0.14 * bulk, 0.1, 0.1 * bulk], 0.05);
  s.limb([pelvis, chest], 0.1 * bulk, 0.12 * bulk, 0.08);
  s.ell(chest, [0.17 * bulk, 0.13, 0.1 * bulk], 0.06);
  const headR = H * U(r, 0.055, 0.07);
  s.limb([chest, along(neck, up, 0.04)], 0.05, 0.045, 0.04);
  s.ell(along(neck, up, 0.05 + headR), [headR * 0.85, headR * 1.1, headR * 0.95], 0.04);
  const armR = 0.04 * Math.sqrt(bulk),
    legR = 0.065 * Math.sqrt(bulk);
  const armL = H * U(r, 0.16, 0.19);
  for (let i = 0; i < 2; i++) {
    const side = i === 0 ? 1 : -1;
    const sh = add(along(pelvis, up, torso * 0.85), [0.18 * bulk * side, 0, 0]);
    // Shoulder: abduction (out to the side, about z) then flexion (forwards, about x).
    const [abd, flex] = pose.shoulder[i];
    const d = rotate(rotate([0, -1, 0], [0, 0, 1], side * abd), [1, 0, 0], -flex);
    const el = along(sh, d, armL);
    const fore = rotate(d, bendAxis(d), pose.elbow[i]);
    const wr = along(el, fore, armL * 0.95);
    s.limb([sh, el, wr], armR * 1.1, armR * 0.85, 0.05);
    s.ell(along(wr, fore, 0.07), [0.03, 0.08, 0.04], 0.03);
    const hp = add(pelvis, [0.09 * bulk * side, -0.02, 0]);
    const [hflex, habd] = pose.hip[i];
    const ld = rotate(rotate([0, -1, 0], [0, 0, 1], side * habd), [1, 0, 0], -hflex);
    const kn = along(hp, ld, legL * 0.5);
    const sd = rotate(ld, bendAxis(ld), -pose.knee[i]);
    const an = along(kn, sd, legL * 0.48);
    s.limb([hp, kn, an], legR * 1.2, legR * 0.7, 0.06);
    s.ell(add(an, [0, -0.03, 0.06]), [0.045, 0.04, 0.11], 0.03);
  }
  return s;
}

export const figure: ShapeFamily = {
  name: 'figure',
  kind: 'organic',
  summary:
    'hands (open, curled, gesturing), standing and action figures with random joint angles, teddy bears: thin articulated limbs blended smoothly',
  variants: [
    {
      name: 'open-hand',
      build(p, r) {
        const c = Array.from({ length: 5 }, () => [U(r, -0.1, 0.35), U(r, 0, 0.35), U(r, 0, 0.3)]);
        return hand(r, (f, j) => c[f][j]).finish(p);
      },
    },
    {
      name: 'curled-hand',
      build(p, r) {
        // Fingers flexed 50–95° per joint: a grip or a loose fist.
        const base = U(r, 0.9, 1.6);
        const c = Array.from({ length: 5 }, (_, f) =>
          [base * U(r, 0.6, 1.1), U(r, 0.9, 1.6), U(r, 0.5, 1.2)].map((a) => (f === 4 ? a * 0.5 : a)),
        );
        return hand(r, (f, j) => c[f][j]).finish(p);
      },
    },
    {
      name: 'gesture-hand',
      build(p, r) {
        // Some fingers extended (pointing, peace sign, thumbs up), the others curled.
        const ext = [0, 1, 2, 3, 4].map(() => chance(r, 0.45));
        const c = ext.map((e, f) =>
          (e ? [U(r, 0, 0.2), U(r, 0, 0.2), U(r, 0, 0.15)] : [U(r, 1.1, 1.5), U(r, 1.2, 1.6), U(r, 0.6, 1.1)]).map((a) =>
            f === 4 ? a * 0.5 : a,
          ),
        );
        return hand(r, (f, j) => c[f][j]).finish(p);
      },
    },
    {
      name: 'standing-figure',
      build(p, r) {
        const sym = U(r, 0.05, 0.5);
        const pose: Pose = {
          shoulder: [
            [sym + U(r, -0.05, 0.1), U(r, -0.2, 0.3)],
            [sym + U(r, -0.05, 0.1), U(r, -0.2, 0.3)],
          ],
          elbow: [U(r, 0, 0.6), U(r, 0, 0.6)],
          hip: [
            [U(r, -0.1, 0.15), U(r, 0.02, 0.15)],
            [U(r, -0.1, 0.15), U(r, 0.02, 0.15)],
          ],
          knee: [U(r, 0, 0.15), U(r, 0, 0.15)],
          lean: U(r, -0.05, 0.05),
        };
        return humanoid(r, pose).finish(p);
      },
    },
    {
      name: 'action-figure',
      build(p, r) {
        // Running, reaching, kicking, sitting: large random joint angles.
        const pose: Pose = {
          shoulder: [
            [U(r, 0.1, 1.6), U(r, -1.2, 2.5)],
            [U(r, 0.1, 1.6), U(r, -1.2, 2.5)],
          ],
          elbow: [U(r, 0, 2), U(r, 0, 2)],
          hip: [
            [U(r, -0.5, 1.6), U(r, 0.05, 0.6)],
            [U(r, -0.5, 1.6), U(r, 0.05, 0.6)],
          ],
          knee: [U(r, 0, 1.8), U(r, 0, 1.8)],
          lean: U(r, -0.3, 0.4),
        };
        return humanoid(r, pose).finish(p);
      },
    },
    {
      name: 'teddy-bear',
      build(p, r) {
        const s = new Skel();
        const bodyR = U(r, 0.22, 0.3),
          headR = bodyR * U(r, 0.7, 0.95);
        const sitting = chance(r, 0.6);
        const bc: Vec3 = [0, bodyR * 1.1, 0];
        s.ell(bc, [bodyR * 0.9, bodyR * 1.15, bodyR * 0.8], 0.05);
        const hc: Vec3 = [0, bc[1] + bodyR * 1.1 + headR * 0.8, 0];
        s.ell(hc, [headR, headR * 0.92, headR * 0.9], 0.08);
        s.ell(add(hc, [0, -headR * 0.25, headR * 0.8]), [headR * 0.42, headR * 0.32, headR * 0.35], 0.06);
        for (const sx of [-1, 1]) {
          s.ell(add(hc, [sx * headR * 0.75, headR * 0.7, -headR * 0.1]), [headR * 0.3, headR * 0.3, headR * 0.14], 0.04);
          const arm = [
            add(bc, [sx * bodyR * 0.7, bodyR * 0.6, 0]),
            add(bc, [sx * bodyR * U(r, 1.1, 1.5), bodyR * U(r, -0.3, 0.6), bodyR * U(r, 0, 0.6)]),
          ];
          s.limb(arm, bodyR * 0.3, bodyR * 0.28, 0.06);
          const hip = add(bc, [sx * bodyR * 0.45, -bodyR * 0.7, 0]);
          const foot = sitting
            ? add(hip, [sx * bodyR * 0.2, -bodyR * 0.2, bodyR * 1.1])
            : add(hip, [sx * bodyR * 0.1, -bodyR * 1.1 + bodyR * 0.35, 0]);
          s.limb([hip, foot], bodyR * 0.36, bodyR * 0.34, 0.06);
          s.ell(
            along(foot, sitting ? [0, 0, 1] : [0, -1, 0.3], bodyR * 0.25),
            [bodyR * 0.3, bodyR * 0.34, bodyR * 0.2].map((v, a) => (sitting ? v : [bodyR * 0.3, bodyR * 0.18, bodyR * 0.38][a])) as Vec3,
            0.04,
          );
        }
        return s.finish(p, 56);
      },
    },
  ],
};
