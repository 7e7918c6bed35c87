/**
 * Cars: sedans, hatchbacks, pickups, vans, SUVs, sports coupés, convertibles, off-road jeeps and
 * open-wheel racers. Body = side profile extruded across the width, intersected with a rounded
 * plan shape; the cabin is the hull of its belt-line and (narrower) roof rectangles; wheel arches
 * are cut out and wheels (tori or cylinders) added. Nose towards +z, y up. Units ≈ metres.
 */
import type { Manifold } from 'manifold-3d';
import type { Random } from '../../../geometry/Random.ts';
import { type Parts, type Vec2, type Vec3 } from '../parts.ts';
import { chance, U } from '../sampling.ts';
import type { ShapeClass } from '../ShapeClass.ts';

interface CarSpec {
  L: number;
  W: number;
  /** Ground clearance, body (belt-line) height above ground. */
  clear: number;
  belt: number;
  wheelR: number;
  wheelW: number;
  /** Axle positions (z) and roof height. */
  zf: number;
  zr: number;
  roof: number;
  /** Cabin along z at the belt line [rear, front] and at the roof [rear, front]. */
  cabBelt: [number, number];
  cabRoof: [number, number];
  torusWheels: boolean;
}

function baseSpec(r: Random, L: number, W: number, belt: number, roof: number, wheelR: number): CarSpec {
  return {
    L,
    W,
    clear: wheelR * U(r, 0.45, 0.6),
    belt,
    wheelR,
    wheelW: wheelR * U(r, 0.55, 0.75),
    zf: L / 2 - wheelR * U(r, 1.3, 1.9),
    zr: -L / 2 + wheelR * U(r, 1.3, 2.0),
    roof,
    cabBelt: [-L * 0.3, L * 0.12],
    cabRoof: [-L * 0.22, -L * 0.02],
    torusWheels: chance(r, 0.6),
  };
}

/** Lower body: side profile (z, y) extruded along x, rounded in plan, wheel arches cut. */
function lowerBody(p: Parts, r: Random, c: CarSpec, noseDrop = 0.35, tailDrop = 0.15): Manifold {
  const { L, clear, belt } = c;
  const side: Vec2[] = [
    [-L / 2, clear + 0.05],
    [-L / 2 + 0.08, clear],
    [L / 2 - 0.15, clear],
    [L / 2, clear + 0.12],
    [L / 2, belt - (belt - clear) * noseDrop],
    [L / 2 - 0.25, belt - 0.02],
    [-L / 2 + 0.1, belt],
    [-L / 2, belt - (belt - clear) * tailDrop],
  ];
  const body = p.extrude(side, c.W, 'x');
  const plan = p.slab([c.W, belt + 1, L], Math.min(c.W * 0.25, U(r, 0.15, 0.35)), 'y', [0, belt / 2, 0]);
  const shaped = p.intersect(body, plan);
  const arches: Manifold[] = [];
  // Arches only at the sides, so the axles still run through solid body.
  for (const z of [c.zf, c.zr])
    for (const sx of [-1, 1]) {
      arches.push(p.rod([sx * (c.W / 2 - c.wheelW - 0.08), c.wheelR, z], [sx * c.W, c.wheelR, z], c.wheelR * 1.12, c.wheelR * 1.12, 20));
    }
  return p.subtract(shaped, ...arches);
}

/** Cabin: hull of the belt-line rectangle and the roof rectangle (narrower: tumblehome). */
function cabin(p: Parts, c: CarSpec, roofInset = 0.12): Manifold {
  const y0 = c.belt - 0.03,
    w0 = c.W * 0.47,
    w1 = c.W * 0.47 - roofInset;
  const pts: Vec3[] = [];
  for (const sx of [-1, 1]) {
    pts.push([sx * w0, y0, c.cabBelt[0]], [sx * w0, y0, c.cabBelt[1]], [sx * w1, c.roof, c.cabRoof[0]], [sx * w1, c.roof, c.cabRoof[1]]);
  }
  return p.hull(pts);
}

function wheels(p: Parts, c: CarSpec, extra: number[] = []): Manifold[] {
  const out: Manifold[] = [];
  for (const z of [c.zf, c.zr, ...extra])
    for (const sx of [-1, 1]) {
      out.push(p.wheel([sx * (c.W / 2 - c.wheelW * 0.45), c.wheelR, z], c.wheelR, c.wheelW, c.torusWheels));
    }
  // Axles join each pair of wheels to the body so the car is one solid.
  for (const z of [c.zf, c.zr, ...extra])
    out.push(
      p.rod([-c.W / 2 + c.wheelW * 0.4, c.wheelR, z], [c.W / 2 - c.wheelW * 0.4, c.wheelR, z], c.wheelR * 0.15, c.wheelR * 0.15, 12),
    );
  for (const z of [c.zf, c.zr, ...extra])
    out.push(p.box([c.W * 0.3, Math.max(0.02, c.clear - c.wheelR + 0.05) + 0.04, c.wheelR * 0.3], [0, (c.wheelR + c.clear + 0.05) / 2, z]));
  return out;
}

function mirrors(p: Parts, c: CarSpec): Manifold[] {
  // From inside the cabin's foot out past the body side, so they always join.
  return [-1, 1].map((sx) =>
    p.boxSpan(
      [sx > 0 ? c.W * 0.44 : -c.W / 2 - 0.1, c.belt - 0.05, c.cabBelt[1] - 0.12],
      [sx > 0 ? c.W / 2 + 0.1 : -c.W * 0.44, c.belt + 0.07, c.cabBelt[1] - 0.07],
    ),
  );
}

export const car: ShapeClass = {
  name: 'car',
  variants: [
    {
      name: 'sedan',
      build(p, r) {
        const L = U(r, 4.3, 5),
          c = baseSpec(r, L, U(r, 1.7, 1.9), U(r, 0.85, 0.95), U(r, 1.35, 1.5), U(r, 0.3, 0.34));
        c.cabBelt = [-L * U(r, 0.28, 0.32), L * U(r, 0.1, 0.15)];
        c.cabRoof = [-L * U(r, 0.18, 0.22), -L * U(r, 0.0, 0.05)];
        return p.union([lowerBody(p, r, c), cabin(p, c), ...wheels(p, c), ...mirrors(p, c)]);
      },
    },
    {
      name: 'hatchback',
      build(p, r) {
        const L = U(r, 3.7, 4.2),
          c = baseSpec(r, L, U(r, 1.65, 1.8), U(r, 0.85, 0.95), U(r, 1.4, 1.55), U(r, 0.28, 0.32));
        c.cabBelt = [-L * 0.48, L * U(r, 0.12, 0.18)];
        c.cabRoof = [-L * U(r, 0.42, 0.46), -L * U(r, 0.0, 0.05)];
        return p.union([lowerBody(p, r, c, 0.35, 0.05), cabin(p, c), ...wheels(p, c), ...mirrors(p, c)]);
      },
    },
    {
      name: 'pickup',
      build(p, r) {
        const L = U(r, 5, 5.8),
          c = baseSpec(r, L, U(r, 1.85, 2.0), U(r, 1.05, 1.2), U(r, 1.8, 1.95), U(r, 0.38, 0.42));
        c.cabBelt = [-L * 0.05, L * 0.18];
        c.cabRoof = [-L * 0.05, L * 0.08];
        if (chance(r, 0.5)) {
          c.cabBelt[0] = -L * 0.15;
          c.cabRoof[0] = -L * 0.15;
        }
        const bedFront = c.cabBelt[0] - 0.08;
        const bed = p.box(
          [c.W - 0.16, c.belt, -L / 2 + 0.08 - bedFront + L],
          [0, c.belt + c.belt / 2 - 0.35, (bedFront + (-L / 2 + 0.08)) / 2 - L / 2],
        );
        const bedCut = p.boxSpan([-c.W / 2 + 0.08, c.belt - 0.4, -L / 2 + 0.08], [c.W / 2 - 0.08, c.belt + 1, bedFront]);
        void bed;
        return p.union([p.subtract(lowerBody(p, r, c, 0.3, 0.02), bedCut), cabin(p, c, 0.08), ...wheels(p, c), ...mirrors(p, c)]);
      },
    },
    {
      name: 'van',
      build(p, r) {
        const L = U(r, 4.8, 5.6),
          c = baseSpec(r, L, U(r, 1.9, 2.05), U(r, 1.1, 1.25), U(r, 2.1, 2.5), U(r, 0.33, 0.37));
        c.cabBelt = [-L * 0.5 + 0.02, L * U(r, 0.3, 0.38)];
        c.cabRoof = [-L * 0.5 + 0.05, L * U(r, 0.2, 0.28)];
        return p.union([lowerBody(p, r, c, 0.4, 0.02), cabin(p, c, 0.05), ...wheels(p, c), ...mirrors(p, c)]);
      },
    },
    {
      name: 'suv',
      build(p, r) {
        const L = U(r, 4.5, 5.1),
          c = baseSpec(r, L, U(r, 1.85, 2.0), U(r, 1.1, 1.2), U(r, 1.75, 1.9), U(r, 0.38, 0.42));
        c.cabBelt = [-L * 0.48, L * 0.15];
        c.cabRoof = [-L * 0.46, L * 0.0];
        const parts = [lowerBody(p, r, c, 0.3, 0.05), cabin(p, c, 0.08), ...wheels(p, c), ...mirrors(p, c)];
        if (chance(r, 0.6))
          for (const sx of [-1, 1])
            parts.push(p.box([0.05, 0.06, L * 0.45], [sx * (c.W * 0.47 - 0.12), c.roof + 0.02, c.cabRoof[0] * 0.5]));
        return p.union(parts);
      },
    },
    {
      name: 'sports-coupe',
      build(p, r) {
        const L = U(r, 4.2, 4.7),
          c = baseSpec(r, L, U(r, 1.85, 2.0), U(r, 0.7, 0.8), U(r, 1.15, 1.28), U(r, 0.32, 0.35));
        c.clear = U(r, 0.12, 0.16);
        c.cabBelt = [-L * 0.36, L * 0.02];
        c.cabRoof = [-L * 0.18, -L * 0.1];
        const parts = [lowerBody(p, r, c, 0.55, 0.1), cabin(p, c, 0.15), ...wheels(p, c), ...mirrors(p, c)];
        if (chance(r, 0.5)) {
          parts.push(p.box([c.W * 0.85, 0.03, 0.25], [0, c.belt + 0.18, -L / 2 + 0.15]));
          for (const sx of [-1, 1]) parts.push(p.box([0.04, 0.2, 0.06], [sx * c.W * 0.3, c.belt + 0.08, -L / 2 + 0.18]));
        }
        return p.union(parts);
      },
    },
    {
      name: 'convertible',
      build(p, r) {
        const L = U(r, 4.0, 4.6),
          c = baseSpec(r, L, U(r, 1.75, 1.9), U(r, 0.8, 0.9), 0, U(r, 0.3, 0.33));
        const zSeat = -L * 0.1;
        const parts = [lowerBody(p, r, c), ...wheels(p, c), ...mirrors(p, c)];
        // Cockpit opening with seats and a windscreen frame.
        const body = parts[0];
        parts[0] = p.subtract(
          body,
          p.boxSpan([-c.W / 2 + 0.12, c.belt - 0.35, zSeat - L * 0.2], [c.W / 2 - 0.12, c.belt + 1, zSeat + L * 0.12]),
        );
        for (const sx of [-1, 1]) {
          parts.push(p.box([0.5, 0.15, 0.5], [sx * c.W * 0.22, c.belt - 0.3, zSeat]));
          parts.push(p.box([0.48, 0.6, 0.12], [sx * c.W * 0.22, c.belt - 0.05, zSeat - 0.25], [-12, 0, 0]));
        }
        parts.push(p.box([c.W * 0.9, 0.35, 0.04], [0, c.belt + 0.15, zSeat + L * 0.13], [-30, 0, 0]));
        if (chance(r, 0.5)) parts.push(p.torus([0, c.belt - 0.02, zSeat - L * 0.2 - 0.06], c.W * 0.3, 0.04, [0, 0, 1], 180, 0, 16, 8));
        return p.union(parts);
      },
    },
    {
      name: 'offroad-jeep',
      build(p, r) {
        const L = U(r, 3.8, 4.3),
          c = baseSpec(r, L, U(r, 1.75, 1.9), U(r, 1.05, 1.15), U(r, 1.85, 1.95), U(r, 0.4, 0.44));
        c.torusWheels = true;
        c.wheelW = c.wheelR * 0.8;
        c.zf = L / 2 - c.wheelR * 1.3;
        c.zr = -L / 2 + c.wheelR * 1.3;
        c.cabBelt = [-L * 0.47, L * 0.05];
        c.cabRoof = [-L * 0.47, L * 0.02];
        const parts = [lowerBody(p, r, c, 0.1, 0.02), cabin(p, c, 0.02), ...wheels(p, c), ...mirrors(p, c)];
        parts.push(p.move(p.rot(p.wheel([0, 0, 0], c.wheelR, c.wheelW, true), [0, 90, 0]), [0, c.belt + 0.1, -L / 2 - c.wheelW * 0.3]));
        parts.push(p.box([c.W * 0.9, 0.12, 0.12], [0, c.clear + 0.1, L / 2 + 0.02]));
        return p.union(parts);
      },
    },
    {
      name: 'open-wheel-racer',
      build(p, r) {
        const L = U(r, 4.5, 5.2),
          W = U(r, 1.8, 2.0),
          wr = U(r, 0.32, 0.36);
        const zf = L / 2 - wr * 2.2,
          zr = -L / 2 + wr * 1.6;
        const prof: Vec2[] = [
          [0, -L / 2 + 0.3],
          [0.35, -L / 2 + 0.5],
          [0.4, 0],
          [0.2, L / 2 - 0.4],
          [0.05, L / 2],
        ];
        const body = p.scale(p.lathe(prof, [0, 0, 0], [0, 0, 1], 16), [1.3, 0.7, 1]);
        const parts = [p.move(body, [0, wr * 1.05, 0])];
        parts.push(p.box([0.9, 0.4, L * 0.35], [0, wr * 1.1, -L * 0.1]));
        parts.push(p.box([W * 0.8, 0.05, 0.35], [0, 0.18, L / 2 - 0.1]));
        for (const sx of [-1, 1]) parts.push(p.box([0.03, 0.2, 0.4], [sx * W * 0.4, 0.25, L / 2 - 0.12]));
        parts.push(p.box([W * 0.7, 0.05, 0.35], [0, wr * 2.8, -L / 2 + 0.15]));
        parts.push(p.box([0.06, wr * 1.9, 0.2], [0, wr * 1.9, -L / 2 + 0.35]));
        parts.push(p.boxSpan([-0.03, 0.17, L / 2 - 0.5], [0.03, wr * 1.05, L / 2 - 0.1]));
        for (const sx of [-1, 1]) parts.push(p.box([0.05, 0.6, 0.2], [sx * W * 0.3, wr * 2.5, -L / 2 + 0.2]));
        parts.push(p.rod([0, wr * 1.5, -L * 0.05], [0, wr * 2.4, -L * 0.12], 0.07));
        for (const z of [zf, zr])
          for (const sx of [-1, 1]) {
            const ww = z === zr ? wr * 1.3 : wr;
            parts.push(p.wheel([sx * (W / 2 - ww * 0.4), wr, z], wr, ww, false));
            parts.push(p.rod([0, wr * 1.05, z], [sx * (W / 2 - ww * 0.5), wr, z], 0.03, 0.03, 8));
          }
        return p.union(parts);
      },
    },
  ],
};
