/**
 * Vessels: sailing yachts, motor yachts, container ships, tugs, speedboats, open rowing boats,
 * canoes, warships, catamarans and submarines. Hulls are a cross-section extruded along the
 * length and warped (bow taper, bow rise, sheer, transom), so they stay single watertight solids.
 * Bow towards +z, y up. Units ≈ metres.
 */
import type { Manifold } from 'manifold-3d';
import { type Parts, SEG_MED, type Vec2, type Vec3 } from '../parts.ts';
import { chance, I, pick, U } from '../sampling.ts';
import type { ShapeClass } from '../ShapeClass.ts';

interface HullSpec {
  L: number;
  B: number;
  D: number;
  /** Bottom rise at the bow as a share of D. */
  bowRise: number;
  /** Deck rise at the ends as a share of D. */
  sheer: number;
  /** V-bottom depth share (0 = flat bottom). */
  deadrise: number;
  /** Stern width share (transom); 0 gives a pointed stern (canoe). */
  transom: number;
}

/** Width share of the hull at s ∈ [0, 1] (0 stern, 1 bow). */
function widthAt(h: HullSpec, s: number): number {
  let w = 1;
  if (s > 0.5) {
    const t = (s - 0.5) / 0.5;
    w = 1 - t * t * Math.sqrt(t) * 0.97;
  }
  if (s < 0.3) {
    const t = (0.3 - s) / 0.3;
    w = Math.min(w, h.transom > 0 ? 1 - (1 - h.transom) * t * t : 1 - t * t * Math.sqrt(t) * 0.97);
  }
  return Math.max(0.03, w);
}

/** Deck height above the keel line at s. */
export function deckAt(h: HullSpec, s: number): number {
  const q = (s - 0.5) * 2;
  return h.D * (1 + h.sheer * q * q);
}

function hullSolid(p: Parts, h: HullSpec): Manifold {
  const { B, D, deadrise } = h;
  const sec: Vec2[] = [
    [-B / 2, D],
    [-B / 2, D * 0.45],
    [-B * 0.42, D * (deadrise * 0.6 + 0.12)],
    [-B * 0.2, D * deadrise * 0.35],
    [0, 0],
    [B * 0.2, D * deadrise * 0.35],
    [B * 0.42, D * (deadrise * 0.6 + 0.12)],
    [B / 2, D * 0.45],
    [B / 2, D],
  ];
  const m = p.extrude(sec, h.L, 'z', [0, 0, 0], undefined, 32);
  return p.warp(m, (v) => {
    const s = Math.min(1, Math.max(0, (v[2] + h.L / 2) / h.L));
    const w = widthAt(h, s);
    v[0] *= w;
    const f = v[1] / D;
    const bow = s > 0.6 ? (s - 0.6) / 0.4 : 0;
    const stern = h.transom === 0 && s < 0.4 ? (0.4 - s) / 0.4 : 0;
    const rise = h.bowRise * D * (bow * bow + stern * stern);
    const q = (s - 0.5) * 2;
    v[1] = v[1] + rise * (1 - f) + h.sheer * D * q * q * f;
  });
}

/** Hollow open hull (boats): the solid minus a shrunken copy raised by the floor thickness. */
function openHull(p: Parts, h: HullSpec, wall: number): Manifold {
  const outer = hullSolid(p, h);
  const inner = hullSolid(p, { ...h, L: h.L - 4 * wall, B: h.B - 2 * wall, D: h.D * 1.5, sheer: h.sheer * 0.5 });
  return p.subtract(outer, p.move(inner, [0, wall * 1.5, 0]));
}

/** Sail: a triangle plate in the yz plane (luff along the mast from y0 to y1, foot aft to zFoot). */
function sail(p: Parts, zMast: number, y0: number, y1: number, zFoot: number, t = 0.03): Manifold {
  return p.extrude(
    [
      [zMast, y0],
      [zMast, y1],
      [zFoot, y0],
    ],
    t,
    'x',
  );
}

export const vessel: ShapeClass = {
  name: 'vessel',
  variants: [
    {
      name: 'sailing-yacht',
      build(p, r) {
        const h: HullSpec = {
          L: U(r, 9, 14),
          B: 0,
          D: 0,
          bowRise: U(r, 0.3, 0.6),
          sheer: U(r, 0.05, 0.15),
          deadrise: U(r, 0.3, 0.6),
          transom: U(r, 0.6, 0.85),
        };
        h.B = h.L * U(r, 0.28, 0.34);
        h.D = h.B * U(r, 0.35, 0.45);
        const parts = [hullSolid(p, h)];
        const mz = h.L * U(r, 0.05, 0.15),
          mh = h.L * U(r, 1.1, 1.4);
        parts.push(p.roundBox([h.B * 0.5, h.D * 0.4, h.L * 0.3], 0.15, [0, h.D * 1.1, -h.L * 0.05]));
        parts.push(p.rod([0, h.D * 0.8, mz], [0, h.D + mh, mz], h.L * 0.008, h.L * 0.006, 12));
        const boom = h.L * U(r, 0.35, 0.45);
        parts.push(p.rod([0, h.D * 1.35, mz], [0, h.D * 1.35, mz - boom], h.L * 0.006, h.L * 0.006, 8));
        parts.push(sail(p, mz, h.D * 1.33, h.D + mh * 0.95, mz - boom * 0.95, h.L * 0.004));
        if (chance(r, 0.7)) parts.push(sail(p, mz, h.D * 1.3, h.D + mh * 0.8, mz + h.L * 0.38, h.L * 0.004));
        const keelD = h.D * U(r, 1.2, 1.8);
        parts.push(
          p.extrude(
            [
              [h.L * 0.05, h.D * 0.2],
              [-h.L * 0.12, h.D * 0.2],
              [-h.L * 0.1, -keelD],
              [-h.L * 0.02, -keelD],
            ],
            h.L * 0.012,
            'x',
          ),
        );
        if (chance(r, 0.6)) parts.push(p.ellipsoid([0, -keelD, -h.L * 0.05], [h.L * 0.02, h.L * 0.02, h.L * 0.07], 12));
        parts.push(
          p.extrude(
            [
              [-h.L * 0.4, h.D * 0.3],
              [-h.L * 0.46, h.D * 0.3],
              [-h.L * 0.45, -h.D * 0.5],
              [-h.L * 0.41, -h.D * 0.5],
            ],
            h.L * 0.01,
            'x',
          ),
        );
        return p.union(parts);
      },
    },
    {
      name: 'motor-yacht',
      build(p, r) {
        const h: HullSpec = {
          L: U(r, 15, 25),
          B: 0,
          D: 0,
          bowRise: U(r, 0.3, 0.5),
          sheer: U(r, 0.05, 0.12),
          deadrise: U(r, 0.4, 0.7),
          transom: U(r, 0.85, 0.95),
        };
        h.B = h.L * U(r, 0.22, 0.28);
        h.D = h.B * U(r, 0.45, 0.55);
        const parts = [hullSolid(p, h)];
        const tiers = I(r, 2, 3);
        let y = h.D * 0.95,
          len = h.L * U(r, 0.5, 0.6),
          w = h.B * 0.85,
          z = -h.L * 0.05;
        for (let i = 0; i < tiers; i++) {
          const th = h.D * U(r, 0.45, 0.6);
          parts.push(p.hull([p.box([w, 0.05, len], [0, y, z]), p.box([w * 0.92, 0.05, len * 0.85], [0, y + th, z - len * 0.05])]));
          y += th;
          len *= U(r, 0.55, 0.75);
          w *= 0.85;
          z -= h.L * 0.03;
        }
        if (chance(r, 0.6)) parts.push(p.torus([0, y, z], w * 0.4, h.L * 0.008, [0, 0, 1], 180, 0, 16, 8));
        return p.union(parts);
      },
    },
    {
      name: 'container-ship',
      build(p, r) {
        const h: HullSpec = {
          L: U(r, 150, 250),
          B: 0,
          D: 0,
          bowRise: U(r, 0.2, 0.4),
          sheer: 0.05,
          deadrise: 0.1,
          transom: U(r, 0.7, 0.85),
        };
        h.B = h.L * U(r, 0.13, 0.16);
        h.D = h.B * U(r, 0.5, 0.6);
        const parts = [hullSolid(p, h)];
        const bridgeZ = -h.L * U(r, 0.3, 0.4),
          bh = h.D * U(r, 1.2, 1.8);
        parts.push(p.box([h.B * 0.9, bh, h.L * 0.06], [0, h.D + bh / 2 - 1, bridgeZ]));
        parts.push(p.box([h.B * 1.05, h.D * 0.12, h.L * 0.04], [0, h.D + bh - h.D * 0.1, bridgeZ]));
        parts.push(p.box([h.B * 0.25, h.D * 0.8, h.L * 0.05], [0, h.D + h.D * 0.4, bridgeZ - h.L * 0.07]));
        const bays = I(r, 5, 9),
          bayL = (h.L * 0.6) / bays;
        for (let i = 0; i < bays; i++) {
          const z = bridgeZ + h.L * 0.06 + (i + 0.5) * bayL;
          const s = (z + h.L / 2) / h.L;
          const wf = Math.min(widthAt(h, s - 0.04), widthAt(h, s + 0.04));
          const stack = h.D * U(r, 0.3, 1.0);
          parts.push(p.box([h.B * wf * 0.85, stack + 1, bayL * 0.92], [0, h.D + stack / 2 - 0.5, z]));
        }
        return p.union(parts);
      },
    },
    {
      name: 'tugboat',
      build(p, r) {
        const h: HullSpec = {
          L: U(r, 20, 30),
          B: 0,
          D: 0,
          bowRise: U(r, 0.3, 0.5),
          sheer: U(r, 0.1, 0.25),
          deadrise: 0.3,
          transom: U(r, 0.6, 0.8),
        };
        h.B = h.L * U(r, 0.33, 0.4);
        h.D = h.B * U(r, 0.45, 0.6);
        const parts = [hullSolid(p, h)];
        const hz = h.L * U(r, 0.0, 0.15),
          hh = h.D * U(r, 0.8, 1.1);
        parts.push(p.box([h.B * 0.7, hh, h.L * 0.3], [0, h.D + hh / 2 - 0.2, hz - h.L * 0.05]));
        parts.push(p.box([h.B * 0.6, hh * 0.7, h.L * 0.16], [0, h.D + hh + hh * 0.35 - 0.3, hz]));
        parts.push(p.box([h.B * 0.7, h.D * 0.05, h.L * 0.19], [0, h.D + hh * 1.7 - 0.3, hz]));
        parts.push(p.rod([0, h.D + hh - 0.2, hz - h.L * 0.15], [0, h.D + hh * 1.8, hz - h.L * 0.17], h.B * 0.1, h.B * 0.09, 16));
        parts.push(p.rod([0, h.D + hh * 1.6, hz], [0, h.D + hh * 2.6, hz], h.L * 0.006, h.L * 0.006, 8));
        parts.push(p.torus([0, h.D * 0.85, 0], 1, h.D * 0.08, [0, 1, 0], 360, 0, 8, 6).scale([h.B * 0.5, 1, h.L * 0.47]));
        parts[parts.length - 1] = p.own(parts[parts.length - 1]);
        return p.union(parts);
      },
    },
    {
      name: 'speedboat',
      build(p, r) {
        const h: HullSpec = {
          L: U(r, 6, 9),
          B: 0,
          D: 0,
          bowRise: U(r, 0.4, 0.7),
          sheer: U(r, 0.05, 0.12),
          deadrise: U(r, 0.6, 0.9),
          transom: U(r, 0.85, 0.95),
        };
        h.B = h.L * U(r, 0.3, 0.36);
        h.D = h.B * U(r, 0.4, 0.5);
        const cockpit = p.boxSpan([-h.B * 0.35, h.D * 0.6, -h.L * 0.38], [h.B * 0.35, h.D * 3, h.L * 0.05]);
        const parts = [p.subtract(hullSolid(p, h), cockpit)];
        parts.push(p.box([h.B * 0.8, h.D * 0.45, 0.04], [0, h.D * 1.15, h.L * 0.07], [-35, 0, 0]));
        for (const sx of [-1, 1]) parts.push(p.box([h.B * 0.25, h.D * 0.3, h.L * 0.1], [sx * h.B * 0.18, h.D * 0.7, -h.L * 0.05]));
        parts.push(p.box([h.B * 0.7, h.D * 0.3, h.L * 0.1], [0, h.D * 0.7, -h.L * 0.32]));
        const oz = -h.L / 2 - 0.15;
        parts.push(p.roundBox([0.35, 0.45, 0.45], 0.1, [0, h.D * 1.1, oz - 0.1]));
        parts.push(p.box([0.12, h.D * 1.2, 0.18], [0, h.D * 0.4, oz - 0.12]));
        parts.push(p.box([0.3, 0.25, 0.3], [0, h.D * 0.75, oz + 0.1]));
        return p.union(parts);
      },
    },
    {
      name: 'rowing-boat',
      build(p, r) {
        const h: HullSpec = {
          L: U(r, 3, 4.5),
          B: 0,
          D: 0,
          bowRise: U(r, 0.3, 0.6),
          sheer: U(r, 0.15, 0.3),
          deadrise: U(r, 0.2, 0.5),
          transom: U(r, 0.45, 0.65),
        };
        h.B = h.L * U(r, 0.32, 0.4);
        h.D = h.B * U(r, 0.35, 0.45);
        const wall = 0.03;
        const parts = [openHull(p, h, wall)];
        const seats = I(r, 2, 3);
        for (let i = 0; i < seats; i++) {
          const z = -h.L * 0.3 + (i * h.L * 0.55) / Math.max(1, seats - 1);
          const s = (z + h.L / 2) / h.L;
          parts.push(p.box([h.B * widthAt(h, s) * 0.98, 0.03, 0.22], [0, deckAt(h, s) * 0.75, z]));
        }
        if (chance(r, 0.6)) {
          for (const sx of [-1, 1]) {
            const a: Vec3 = [sx * h.B * 0.45, h.D * 1.0, 0],
              b: Vec3 = [sx * h.B * 1.2, h.D * 0.4, -h.L * 0.45];
            parts.push(p.rod(a, b, 0.02, 0.02, 8));
            parts.push(p.box([0.15, 0.02, 0.45], [b[0], b[1], b[2]], [0, 0, -sx * 20]));
          }
        }
        return p.union(parts);
      },
    },
    {
      name: 'canoe',
      build(p, r) {
        const h: HullSpec = {
          L: U(r, 4.5, 5.5),
          B: 0,
          D: 0,
          bowRise: U(r, 0.4, 0.8),
          sheer: U(r, 0.2, 0.45),
          deadrise: U(r, 0.3, 0.6),
          transom: 0,
        };
        h.B = h.L * U(r, 0.16, 0.2);
        h.D = h.B * U(r, 0.4, 0.5);
        const parts = [openHull(p, h, 0.02)];
        for (const f of [-0.2, 0, 0.22]) {
          const s = 0.5 + f;
          parts.push(p.box([h.B * widthAt(h, s), 0.03, 0.06], [0, deckAt(h, s) * 0.85, f * h.L]));
        }
        if (chance(r, 0.5)) {
          const a: Vec3 = [h.B * 0.3, h.D * 1.2, 0.4],
            b: Vec3 = [-h.B * 0.3, h.D * 0.85, -1.0];
          parts.push(p.rod(a, b, 0.015, 0.015, 8), p.box([0.02, 0.16, 0.45], b, [20, 0, 0]));
        }
        return p.union(parts);
      },
    },
    {
      name: 'warship',
      build(p, r) {
        const h: HullSpec = {
          L: U(r, 100, 160),
          B: 0,
          D: 0,
          bowRise: U(r, 0.3, 0.5),
          sheer: U(r, 0.08, 0.15),
          deadrise: 0.4,
          transom: U(r, 0.7, 0.85),
        };
        h.B = h.L * U(r, 0.1, 0.13);
        h.D = h.B * U(r, 0.5, 0.6);
        const parts = [hullSolid(p, h)];
        const sl = h.L * U(r, 0.25, 0.35),
          sh = h.D * U(r, 0.7, 1.1);
        parts.push(p.box([h.B * 0.7, sh, sl], [0, h.D + sh / 2 - 0.5, -h.L * 0.05]));
        parts.push(p.box([h.B * 0.5, sh * 0.7, sl * 0.4], [0, h.D + sh + sh * 0.35 - 1.0, h.L * 0.02]));
        parts.push(p.rod([0, h.D + sh, h.L * 0.0], [0, h.D + sh * 3.2, h.L * 0.0], h.L * 0.004, h.L * 0.003, 8));
        parts.push(p.box([h.B * 0.6, h.L * 0.003, h.L * 0.004], [0, h.D + sh * 2.6, 0]));
        parts.push(p.rod([0, h.D + sh - 1, -h.L * 0.12], [0, h.D + sh * 1.9, -h.L * 0.13], h.B * 0.12, h.B * 0.11, 16));
        const turrets = pick(r, [[0.3], [0.3, 0.2], [0.32, -0.32], [0.3, 0.2, -0.3]]);
        for (const f of turrets) {
          const z = f * h.L,
            s = 0.5 + f;
          const y = deckAt(h, s);
          const tr = h.B * U(r, 0.18, 0.25);
          parts.push(p.rod([0, y - 0.5, z], [0, y + tr * 0.6, z], tr, tr * 0.85, 16));
          const dir = f > 0 ? 1 : -1,
            nb = I(r, 1, 3);
          for (let b = 0; b < nb; b++) {
            const x = (b - (nb - 1) / 2) * tr * 0.4;
            parts.push(p.rod([x, y + tr * 0.35, z], [x, y + tr * 0.35, z + dir * tr * 3], tr * 0.09, tr * 0.07, 8));
          }
        }
        return p.union(parts);
      },
    },
    {
      name: 'catamaran',
      build(p, r) {
        const h: HullSpec = { L: U(r, 10, 14), B: 0, D: 0, bowRise: U(r, 0.3, 0.5), sheer: 0.05, deadrise: 0.5, transom: 0.7 };
        h.B = h.L * U(r, 0.1, 0.13);
        h.D = h.B * U(r, 0.8, 1.0);
        const span = h.L * U(r, 0.45, 0.55);
        const parts: Manifold[] = [];
        for (const sx of [-1, 1]) parts.push(p.move(hullSolid(p, h), [sx * (span / 2 - h.B / 2), 0, 0]));
        parts.push(p.box([span, h.D * 0.3, h.L * 0.55], [0, h.D * 1.05, -h.L * 0.08]));
        if (chance(r, 0.6)) parts.push(p.roundBox([span * 0.5, h.D * 0.7, h.L * 0.3], 0.2, [0, h.D * 1.5, -h.L * 0.1]));
        const mh = h.L * U(r, 1.0, 1.3),
          mz = h.L * 0.12;
        parts.push(p.rod([0, h.D, mz], [0, h.D + mh, mz], h.L * 0.008, h.L * 0.006, 12));
        parts.push(p.box([span * 0.9, h.D * 0.15, h.L * 0.03], [0, h.D * 1.05, mz]));
        parts.push(sail(p, mz, h.D * 1.53, h.D + mh * 0.95, mz - h.L * 0.4, 0.04));
        parts.push(p.rod([0, h.D * 1.55, mz], [0, h.D * 1.55, mz - h.L * 0.42], 0.06, 0.06, 8));
        return p.union(parts);
      },
    },
    {
      name: 'submarine',
      build(p, r) {
        const L = U(r, 70, 110),
          R = L * U(r, 0.045, 0.06);
        const prof: Vec2[] = [
          [0, -L / 2],
          [R * 0.25, -L / 2 + L * 0.02],
          [R * 0.7, -L * 0.3],
          [R, -L * 0.15],
          [R, L * 0.35],
          [R * 0.8, L * 0.45],
          [R * 0.4, L * 0.49],
          [0, L / 2],
        ];
        const parts = [p.lathe(prof, [0, 0, 0], [0, 0, 1], SEG_MED)];
        const sz = L * U(r, 0.12, 0.22),
          sh = R * U(r, 1.0, 1.5),
          sl = L * U(r, 0.08, 0.12);
        parts.push(p.slab([R * 0.5, sh + R, sl], R * 0.2, 'y', [0, R * 0.5 + sh / 2, sz]));
        parts.push(p.box([R * 2.2, R * 0.06, sl * 0.3], [0, R * 0.4 + sh * 0.7, sz]));
        // Cruciform stern planes and a propeller hub.
        parts.push(p.box([R * 2.4, R * 0.08, L * 0.05], [0, 0, -L * 0.42]));
        parts.push(p.box([R * 0.08, R * 2.2, L * 0.05], [0, 0, -L * 0.42]));
        if (chance(r, 0.5)) parts.push(p.box([R * 2.4, R * 0.07, L * 0.03], [0, R * 0.3, L * 0.38]));
        parts.push(p.rod([0, 0, -L / 2 + L * 0.01], [0, 0, -L / 2 - L * 0.015], R * 0.2, R * 0.1, 12));
        return p.union(parts);
      },
    },
  ],
};
