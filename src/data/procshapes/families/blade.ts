/**
 * Blades and fins: thin twisted or flat plates on a hub, a base or a body — propellers, shrouded
 * axial fans, heat sinks, knives, centrifugal impellers, finned rockets. The thinnest blade or
 * fin is 0.01–0.03 thick in unit-cube units (drawn as that fraction of the shape's longest side
 * L, which each builder knows from its parameters). Units: L ≈ 1–2; the hub axis is y.
 */
import type { Manifold } from 'manifold-3d';
import type { Random } from '../../../geometry/Random.ts';
import { airfoil } from '../kit/profiles.ts';
import { affine, type Parts, thickenPolyline, type Vec2, type Vec3 } from '../parts.ts';
import { chance, I, pick, U } from '../sampling.ts';
import type { ShapeFamily } from '../ShapeFamily.ts';

/** Thinnest blade / fin thickness: 1–3 % of the longest side L. */
const finOf = (r: Random, L: number) => U(r, 0.01, 0.03) * L;

/** Longest side of a solid's bounding box. */
function longestSide(m: Manifold): number {
  const b = m.boundingBox();
  return Math.max(b.max[0] - b.min[0], b.max[1] - b.min[1], b.max[2] - b.min[2]);
}

/**
 * For shapes whose bounding box is awkward to predict (blade tips at odd angles): builds once
 * with a trial thickness, measures the longest side L, and builds again with thickness τ·L.
 * The thickness hardly moves the box, so τ is kept 5 % inside 0.01–0.03 for what it does.
 * `make` must draw nothing from the random stream (all draws happen before).
 */
function atFraction(p: Parts, r: Random, guessL: number, make: (t: number) => Manifold): Manifold {
  const tau = U(r, 0.0105, 0.0285);
  const L = longestSide(make(tau * guessL));
  p.claims.thickness = tau * L;
  return make(tau * L);
}

/**
 * One radial blade: an airfoil section (chord cRoot, greatest thickness t) extruded along its
 * span from radius r0 to r1, its chord tapering to cTip at constant thickness t, twisted by
 * `twistDeg` root to tip and pitched by `pitchDeg` about its span, placed at angle `a`
 * (radians) around the y axis.
 */
function radialBlade(
  p: Parts,
  a: number,
  r0: number,
  r1: number,
  cRoot: number,
  cTip: number,
  t: number,
  pitchDeg: number,
  twistDeg: number,
): Manifold {
  const sec = airfoil(cRoot, t / cRoot, t * 0.35, 10).map(([x, y]) => [x - cRoot * 0.35, y] as Vec2);
  const cs = p.own(new p.k.CrossSection([sec], 'NonZero'));
  // scaleTop scales the chord (section x) only, so the thickness (section y) stays t.
  const blade = p.own(cs.extrude(r1 - r0, 8, twistDeg, [cTip / cRoot, 1], false));
  const pitched = p.rot(blade, [0, 0, pitchDeg]);
  const er: Vec3 = [Math.cos(a), 0, Math.sin(a)],
    et: Vec3 = [-Math.sin(a), 0, Math.cos(a)];
  // Local x → −tangent, y → axis, z (span) → radial: a right-handed frame.
  return p.xform(pitched, affine([-et[0], -et[1], -et[2]], [0, 1, 0], er, [er[0] * r0, 0, er[2] * r0]));
}

export const blade: ShapeFamily = {
  name: 'blade',
  kind: 'thin-walled',
  summary:
    'propellers, shrouded axial fans, heat sinks (plate and pin fins), knives, centrifugal impellers, finned rockets: thin blades and fins 0.01–0.03',
  variants: [
    {
      name: 'propeller',
      build(p, r) {
        const n = I(r, 2, 5),
          R = 1,
          rh = U(r, 0.08, 0.18);
        const taper = U(r, 0.35, 0.7);
        const cRoot = U(r, 0.15, 0.35);
        const pitch = U(r, 25, 45),
          twist = -U(r, 15, 35);
        const hubH = Math.max(cRoot * 1.1, rh * 1.5),
          nose = rh * U(r, 0.9, 1.8);
        const spinner = p.lathe(
          [
            [0, -hubH / 2],
            [rh, -hubH / 2],
            [rh, hubH / 2],
            [rh * 0.6, hubH / 2 + rh * 0.6],
            [0, hubH / 2 + nose],
          ],
          [0, 0, 0],
          [0, 1, 0],
          32,
        );
        p.claims.genus = 0;
        // Blades at 120° or 72° span less than 2R along any axis: measure.
        return atFraction(p, r, 2 * R, (t) =>
          p.union([
            spinner,
            ...Array.from({ length: n }, (_, i) =>
              radialBlade(p, (2 * Math.PI * i) / n, rh * 0.5, R, cRoot, cRoot * taper, t, pitch, twist),
            ),
          ]),
        );
      },
    },
    {
      name: 'shrouded-fan',
      build(p, r) {
        // Hub, n blades and an outer ring holding their tips: n windows, genus n.
        const n = I(r, 4, 9),
          R = 1,
          rh = U(r, 0.2, 0.4);
        const depth = U(r, 0.15, 0.35);
        const L = 2 * R;
        const t = finOf(r, L);
        const ring = p.lathe(
          [
            [R - t * U(r, 1, 2), -depth / 2],
            [R, -depth / 2],
            [R, depth / 2],
            [R - t * 1.5, depth / 2],
          ],
          [0, 0, 0],
          [0, 1, 0],
          96,
        );
        const rIn = R - t * 1.5;
        const c = Math.min(((2 * Math.PI * rh) / n) * 1.3, depth * 1.6);
        const grow = U(r, 0.9, 1.4),
          pitch = U(r, 30, 50),
          twist = -U(r, 5, 20);
        const blades = Array.from({ length: n }, (_, i) =>
          radialBlade(p, (2 * Math.PI * i) / n, rh * 0.8, rIn + t * 0.5, c, c * grow, t, pitch, twist),
        );
        const hub = p.rod([0, -depth / 2, 0], [0, depth / 2, 0], rh, rh, 48);
        p.claims.genus = n;
        p.claims.thickness = t;
        return p.union([ring, hub, ...blades]);
      },
    },
    {
      name: 'heat-sink',
      build(p, r) {
        // Base plate with straight plate fins, cross-cut fins or a field of pins (genus 0).
        const w = U(r, 0.5, 1),
          d = U(r, 0.5, 1),
          tb = U(r, 0.04, 0.1),
          hf = U(r, 0.2, 0.8);
        const L = Math.max(w, d, tb + hf);
        const t = finOf(r, L);
        const kind = pick(r, ['plates', 'crosscut', 'pins'] as const);
        const parts = [p.box([w, tb, d], [0, tb / 2, 0])];
        if (kind === 'pins') {
          const nu = I(r, 4, 10),
            nv = Math.max(2, Math.round((nu * d) / w));
          for (let i = 0; i < nu; i++)
            for (let j = 0; j < nv; j++) {
              const x = -w / 2 + (w * (i + 0.5)) / nu,
                z = -d / 2 + (d * (j + 0.5)) / nv;
              parts.push(p.rod([x, tb * 0.5, z], [x, tb + hf, z], t / 2, t / 2, 8));
            }
          p.claims.thickness = t;
        } else {
          const nf = I(r, 5, 16);
          const segs = kind === 'crosscut' ? I(r, 2, 4) : 1;
          const gap = d * U(r, 0.04, 0.1);
          for (let i = 0; i < nf; i++) {
            const x = -w / 2 + t / 2 + ((w - t) * i) / (nf - 1);
            const sl = (d - gap * (segs - 1)) / segs;
            for (let k = 0; k < segs; k++)
              parts.push(p.box([t, hf + tb * 0.5, sl], [x, tb * 0.5 + (hf + tb * 0.5) / 2, -d / 2 + sl / 2 + k * (sl + gap)]));
          }
          p.claims.thickness = t;
        }
        p.claims.genus = 0;
        return p.union(parts);
      },
    },
    {
      name: 'knife',
      build(p, r) {
        // Flat blade (spine 1.5–2.5× the edge thickness) with a curved edge and point, a handle with rivets.
        const bl = U(r, 0.5, 1),
          bw = bl * U(r, 0.12, 0.25),
          hl = bl * U(r, 0.45, 0.75);
        // The handle overlaps the blade by 0.005 at x = 0: the knife spans bl + hl − 0.005.
        const L = bl + hl - 0.005;
        const tEdge = finOf(r, L),
          tSpine = tEdge * U(r, 1.5, 2.5);
        const belly = U(r, 0.3, 0.8),
          clip = chance(r, 0.4);
        const prof: Vec2[] = [
          [0, 0],
          [0, bw],
        ];
        // Spine from the bolster to the tip (dropping at the end for a clip point).
        prof.push([bl * (clip ? 0.7 : 0.9), bw], [bl, bw * (clip ? 0.25 : 0.4)]);
        for (let i = 1; i < 10; i++) {
          const s = 1 - i / 10;
          prof.push([bl * s, bw * (clip ? 0.25 : 0.4) * s * s * belly]);
        }
        const plate = p.refine(p.extrude(prof, tSpine, 'z', [0, 0, 0]), bw / 4);
        // Taper the thickness from the spine (v = bw) to the edge (v = 0): a flat grind.
        const ground = p.warp(plate, (v) => {
          v[2] *= (tEdge + (tSpine - tEdge) * Math.max(0, Math.min(1, v[1] / bw))) / tSpine;
        });
        const hw = bw * U(r, 0.7, 1),
          ht = Math.max(tSpine * 3, bw * U(r, 0.25, 0.45));
        const handle = p.slab([hl, hw, ht], hw * 0.4, 'z', [-hl / 2 + 0.005, bw / 2, 0]);
        const guard = chance(r, 0.5) ? [p.box([tSpine * 4, Math.min(bw * 1.5, L * 0.9), ht * 1.4], [0, bw / 2, 0])] : [];
        p.claims.genus = 0;
        p.claims.thickness = tEdge;
        return p.union([ground, handle, ...guard]);
      },
    },
    {
      name: 'impeller',
      build(p, r) {
        // Back plate with curved vanes and a bored hub; a front shroud closes n passages (genus n + 1).
        const R = 1,
          n = I(r, 5, 12),
          h = U(r, 0.1, 0.3),
          tb = U(r, 0.03, 0.07);
        const L = 2 * R;
        const t = finOf(r, L);
        const r0 = U(r, 0.25, 0.4),
          rh = r0 * U(r, 0.45, 0.7),
          sweepDeg = U(r, 20, 70) * (chance(r, 0.5) ? 1 : -1);
        const parts = [p.rod([0, 0, 0], [0, tb, 0], R, R, 64), p.rod([0, 0, 0], [0, tb + h * U(r, 0.8, 1.4), 0], rh, rh, 32)];
        for (let i = 0; i < n; i++) {
          const a0 = (2 * Math.PI * i) / n;
          const line: Vec2[] = [];
          for (let k = 0; k <= 10; k++) {
            const s = k / 10,
              rad = r0 + (R * 0.98 - r0) * s,
              a = a0 + ((sweepDeg * Math.PI) / 180) * s * s;
            line.push([rad * Math.cos(a), rad * Math.sin(a)]);
          }
          parts.push(p.extrude(thickenPolyline(line, t), h + tb * 0.5, 'y', [0, tb * 0.5 + (h + tb * 0.5) / 2, 0]));
        }
        const shroud = chance(r, 0.5);
        if (shroud)
          parts.push(
            p.lathe(
              [
                [r0 * 1.05, tb + h - t * 0.3],
                [R, tb + h - t * 0.3],
                [R, tb + h + t * 1.5],
                [r0 * 1.05, tb + h + t * 1.5],
              ],
              [0, 0, 0],
              [0, 1, 0],
              64,
            ),
          );
        const rBore = rh * U(r, 0.3, 0.6);
        const bore = p.rod([0, -1, 0], [0, 1, 0], rBore, rBore, 24);
        p.claims.genus = shroud ? n + 1 : 1;
        p.claims.thickness = t;
        return p.subtract(p.union(parts), bore);
      },
    },
    {
      name: 'finned-rocket',
      build(p, r) {
        // Body of revolution with a nose cone and 3–6 thin swept fins at the tail (genus 0).
        const Lb = 1,
          rb = U(r, 0.04, 0.1),
          nose = U(r, 0.12, 0.3);
        const nf = I(r, 3, 6),
          span = rb * U(r, 1.2, 3),
          root = U(r, 0.12, 0.3),
          tip = root * U(r, 0.2, 0.8),
          swp = U(r, 0, root * 0.8);
        // Swept-back fins may reach below the tail (y < 0).
        const L = Lb + nose - Math.min(0, swp - root * 0.1);
        const t = finOf(r, L);
        const ogive: Vec2[] = [
          [0, 0],
          [rb, 0],
          [rb, Lb],
        ];
        for (let i = 1; i <= 8; i++) {
          const s = i / 8;
          ogive.push([rb * Math.cos((Math.PI / 2) * s), Lb + nose * Math.sin((Math.PI / 2) * s)]);
        }
        ogive[ogive.length - 1] = [0, Lb + nose];
        const body = p.lathe(ogive, [0, 0, 0], [0, 1, 0], 32);
        const fin: Vec2[] = [
          [rb * 0.5, 0],
          [rb + span, swp - root * 0.1],
          [rb + span, swp - root * 0.1 + tip],
          [rb * 0.5, root],
        ];
        const parts = [body];
        for (let i = 0; i < nf; i++) {
          const f = p.extrude(fin, t, 'z');
          parts.push(p.rot(f, [0, (360 * i) / nf, 0]));
        }
        p.claims.genus = 0;
        p.claims.thickness = t;
        return p.union(parts);
      },
    },
  ],
};
