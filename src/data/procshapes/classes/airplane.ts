/**
 * Airplanes: airliners (swept low wing, under-wing engines), regional jets (T-tail, rear engines),
 * high-wing turboprops, delta and twin-tail fighters, light propeller planes, gliders, flying
 * wings and four-engined high-wing freighters. Nose towards +z, span along x, y up. Units ≈ metres.
 */
import { SEG_MED, type Vec2, type Vec3 } from '../parts.ts';
import { chance, I, U } from '../sampling.ts';
import type { ShapeClass } from '../ShapeClass.ts';
import { conventionalTail, fuselage, nacelle, propeller, type WingSpec, wings } from './airplaneParts.ts';

export const airplane: ShapeClass = {
  name: 'airplane',
  variants: [
    {
      name: 'airliner-swept',
      build(p, r) {
        const pl = { L: U(r, 30, 60), R: 0 };
        pl.R = pl.L * U(r, 0.04, 0.055);
        const w: WingSpec = {
          half: pl.L * U(r, 0.42, 0.55),
          rootChord: pl.L * U(r, 0.16, 0.22),
          tipChord: pl.L * 0.04,
          sweep: pl.L * U(r, 0.2, 0.3),
          tRoot: pl.R * 0.35,
          tTip: pl.R * 0.12,
          dihedralDeg: U(r, 4, 7),
        };
        const zLE = pl.L * U(r, 0.08, 0.15);
        const parts = [
          fuselage(p, pl.L, pl.R, 0.1, 0.3, 0.25),
          wings(p, w, -pl.R * 0.55, zLE),
          ...conventionalTail(p, r, pl, 'conventional'),
        ];
        const four = chance(r, 0.35);
        const eng = four ? [0.32, 0.62] : [U(r, 0.3, 0.38)];
        const nr = pl.R * (four ? 0.42 : 0.55);
        for (const f of eng) {
          const x = w.half * f,
            zl = zLE - w.sweep * f;
          const y = -pl.R * 0.55 + Math.tan((w.dihedralDeg * Math.PI) / 180) * x;
          for (const sx of [-1, 1]) {
            parts.push(nacelle(p, [sx * x, y - nr * 1.3, zl + nr * 0.8], nr * 4, nr));
            parts.push(p.box([nr * 0.3, nr * 1.3, nr * 3], [sx * x, y - nr * 0.55, zl - nr * 0.3]));
          }
        }
        return p.union(parts);
      },
    },
    {
      name: 'regional-t-tail',
      build(p, r) {
        const pl = { L: U(r, 25, 35), R: 0 };
        pl.R = pl.L * U(r, 0.04, 0.05);
        const w: WingSpec = {
          half: pl.L * U(r, 0.4, 0.5),
          rootChord: pl.L * U(r, 0.14, 0.18),
          tipChord: pl.L * 0.05,
          sweep: pl.L * U(r, 0.12, 0.2),
          tRoot: pl.R * 0.3,
          tTip: pl.R * 0.12,
          dihedralDeg: U(r, 2, 5),
        };
        const parts = [
          fuselage(p, pl.L, pl.R, 0.1, 0.28, 0.2),
          wings(p, w, -pl.R * 0.5, pl.L * 0.12),
          ...conventionalTail(p, r, pl, 't-tail'),
        ];
        const nr = pl.R * U(r, 0.45, 0.6);
        for (const sx of [-1, 1]) {
          const at: Vec3 = [sx * (pl.R + nr * 1.3), pl.R * 0.4, -pl.L * 0.28];
          parts.push(nacelle(p, at, nr * 4.5, nr));
          parts.push(p.box([nr * 2, nr * 0.4, nr * 2], [sx * (pl.R + nr * 0.3), pl.R * 0.4, at[2] - nr * 0.3]));
        }
        return p.union(parts);
      },
    },
    {
      name: 'turboprop-high-wing',
      build(p, r) {
        const pl = { L: U(r, 20, 30), R: 0 };
        pl.R = pl.L * U(r, 0.045, 0.06);
        const w: WingSpec = {
          half: pl.L * U(r, 0.5, 0.6),
          rootChord: pl.L * U(r, 0.1, 0.13),
          tipChord: pl.L * 0.06,
          sweep: pl.L * 0.01,
          tRoot: pl.R * 0.3,
          tTip: pl.R * 0.15,
          dihedralDeg: U(r, 0, 3),
        };
        const zLE = pl.L * 0.12;
        const parts = [
          fuselage(p, pl.L, pl.R, 0.1, 0.3, 0.3),
          wings(p, w, pl.R * 0.9, zLE),
          ...conventionalTail(p, r, pl, chance(r, 0.5) ? 't-tail' : 'conventional'),
        ];
        const nr = pl.R * U(r, 0.35, 0.45);
        for (const sx of [-1, 1]) {
          const x = sx * w.half * U(r, 0.3, 0.38);
          parts.push(nacelle(p, [x, pl.R * 0.8, zLE - w.rootChord * 0.3], w.rootChord * 1.4, nr, false));
          parts.push(propeller(p, [x, pl.R * 0.8, zLE - w.rootChord * 0.3 + w.rootChord * 0.68], nr * 3.2, I(r, 3, 6)));
        }
        return p.union(parts);
      },
    },
    {
      name: 'delta-fighter',
      build(p, r) {
        const pl = { L: U(r, 14, 18), R: 0 };
        pl.R = pl.L * U(r, 0.045, 0.06);
        const w: WingSpec = {
          half: pl.L * U(r, 0.28, 0.36),
          rootChord: pl.L * U(r, 0.5, 0.6),
          tipChord: pl.L * U(r, 0.02, 0.06),
          sweep: pl.L * U(r, 0.38, 0.48),
          tRoot: pl.R * 0.35,
          tTip: pl.R * 0.1,
          dihedralDeg: U(r, -3, 0),
        };
        const zLE = pl.L * 0.12;
        const parts = [fuselage(p, pl.L, pl.R, 0.28, 0.08, 0.7), wings(p, w, 0, zLE)];
        parts.push(
          wings(
            p,
            {
              half: pl.R * 3,
              rootChord: pl.L * 0.22,
              tipChord: pl.L * 0.07,
              sweep: pl.L * 0.15,
              tRoot: pl.R * 0.2,
              tTip: pl.R * 0.08,
              dihedralDeg: 0,
            },
            pl.R * 0.5,
            -pl.L * 0.2,
            false,
            true,
          ),
        );
        // Cockpit canopy and intakes.
        parts.push(p.ellipsoid([0, pl.R * 0.75, pl.L * 0.22], [pl.R * 0.55, pl.R * 0.6, pl.L * 0.1], 16));
        for (const sx of [-1, 1]) parts.push(p.box([pl.R * 0.7, pl.R * 1.1, pl.L * 0.3], [sx * pl.R * 0.9, -pl.R * 0.2, pl.L * 0.02]));
        if (chance(r, 0.5))
          parts.push(
            wings(
              p,
              {
                half: pl.R * 2.4,
                rootChord: pl.L * 0.1,
                tipChord: pl.L * 0.04,
                sweep: pl.L * 0.05,
                tRoot: pl.R * 0.12,
                tTip: pl.R * 0.05,
                dihedralDeg: 5,
              },
              pl.R * 0.2,
              pl.L * 0.28,
            ),
          );
        return p.union(parts);
      },
    },
    {
      name: 'twin-tail-fighter',
      build(p, r) {
        const pl = { L: U(r, 15, 20), R: 0 };
        pl.R = pl.L * U(r, 0.05, 0.065);
        const w: WingSpec = {
          half: pl.L * U(r, 0.3, 0.38),
          rootChord: pl.L * U(r, 0.3, 0.38),
          tipChord: pl.L * U(r, 0.06, 0.1),
          sweep: pl.L * U(r, 0.2, 0.28),
          tRoot: pl.R * 0.3,
          tTip: pl.R * 0.1,
          dihedralDeg: U(r, -2, 2),
        };
        const parts = [fuselage(p, pl.L, pl.R, 0.25, 0.05, 0.8), wings(p, w, 0, pl.L * 0.1)];
        parts.push(p.box([pl.R * 3.2, pl.R * 0.9, pl.L * 0.55], [0, -pl.R * 0.1, -pl.L * 0.12]));
        parts.push(p.ellipsoid([0, pl.R * 0.8, pl.L * 0.25], [pl.R * 0.5, pl.R * 0.6, pl.L * 0.09], 16));
        const finH = pl.R * U(r, 2.2, 3),
          finC = pl.L * 0.16;
        for (const sx of [-1, 1]) {
          const fin = wings(
            p,
            {
              half: finH,
              rootChord: finC,
              tipChord: finC * 0.45,
              sweep: finC * 0.6,
              tRoot: pl.R * 0.12,
              tTip: pl.R * 0.06,
              dihedralDeg: 0,
            },
            pl.R * 0.2,
            -pl.L * 0.5 + finC * 1.4,
            false,
            true,
          );
          parts.push(p.move(p.rot(fin, [0, 0, -sx * U(r, 10, 25)]), [sx * pl.R * 1.2, 0, 0]));
        }
        parts.push(
          wings(
            p,
            {
              half: pl.R * 3.2,
              rootChord: pl.L * 0.14,
              tipChord: pl.L * 0.05,
              sweep: pl.L * 0.08,
              tRoot: pl.R * 0.12,
              tTip: pl.R * 0.05,
              dihedralDeg: -3,
            },
            0,
            -pl.L * 0.33,
          ),
        );
        return p.union(parts);
      },
    },
    {
      name: 'light-prop',
      build(p, r) {
        const pl = { L: U(r, 7, 9), R: 0 };
        pl.R = pl.L * U(r, 0.06, 0.075);
        const high = chance(r, 0.5);
        const w: WingSpec = {
          half: pl.L * U(r, 0.55, 0.65),
          rootChord: pl.L * U(r, 0.17, 0.2),
          tipChord: pl.L * U(r, 0.12, 0.17),
          sweep: 0,
          tRoot: pl.R * 0.3,
          tTip: pl.R * 0.22,
          dihedralDeg: high ? 1 : U(r, 4, 7),
        };
        const zLE = pl.L * 0.22;
        const parts = [
          fuselage(p, pl.L, pl.R, 0.08, 0.45, 0.2),
          wings(p, w, high ? pl.R * 0.95 : -pl.R * 0.6, zLE),
          ...conventionalTail(p, r, pl, 'conventional', 0.9),
        ];
        parts.push(propeller(p, [0, 0, pl.L / 2 - pl.L * 0.02], pl.R * 2.2, I(r, 2, 3)));
        parts.push(p.ellipsoid([0, pl.R * 0.7, pl.L * 0.15], [pl.R * 0.85, pl.R * 0.6, pl.L * 0.14], 16));
        if (high)
          for (const sx of [-1, 1])
            parts.push(
              p.rod(
                [sx * pl.R * 0.8, -pl.R * 0.3, zLE - w.rootChord * 0.4],
                [sx * w.half * 0.45, pl.R * 0.95, zLE - w.rootChord * 0.4],
                pl.R * 0.06,
              ),
            );
        // Fixed landing gear.
        for (const sx of [-1, 1]) {
          parts.push(p.rod([sx * pl.R * 0.5, -pl.R * 0.6, pl.L * 0.08], [sx * pl.R * 1.8, -pl.R * 2.1, pl.L * 0.06], pl.R * 0.07));
          parts.push(p.wheel([sx * pl.R * 1.8, -pl.R * 2.1, pl.L * 0.06], pl.R * 0.4, pl.R * 0.22));
        }
        parts.push(p.rod([0, -pl.R * 0.6, pl.L * 0.4], [0, -pl.R * 2.1, pl.L * 0.4], pl.R * 0.07));
        parts.push(p.wheel([0, -pl.R * 2.1, pl.L * 0.4], pl.R * 0.35, pl.R * 0.2));
        return p.union(parts);
      },
    },
    {
      name: 'glider',
      build(p, r) {
        const pl = { L: U(r, 7, 9), R: 0 };
        pl.R = pl.L * U(r, 0.045, 0.055);
        const w: WingSpec = {
          half: pl.L * U(r, 0.8, 1.1),
          rootChord: pl.L * U(r, 0.1, 0.13),
          tipChord: pl.L * 0.04,
          sweep: pl.L * 0.03,
          tRoot: pl.R * 0.35,
          tTip: pl.R * 0.12,
          dihedralDeg: U(r, 2, 5),
        };
        const prof: Vec2[] = [
          [0, -pl.L / 2],
          [pl.R * 0.25, -pl.L / 2 + 0.01 * pl.L],
          [pl.R * 0.35, -pl.L * 0.1],
          [pl.R, pl.L * 0.2],
          [pl.R * 0.8, pl.L * 0.42],
          [0, pl.L / 2],
        ];
        const parts = [
          p.lathe(prof, [0, 0, 0], [0, 0, 1], SEG_MED),
          wings(p, w, pl.R * 0.6, pl.L * 0.12),
          ...conventionalTail(p, r, pl, 't-tail', 0.9),
        ];
        parts.push(p.ellipsoid([0, pl.R * 0.6, pl.L * 0.3], [pl.R * 0.7, pl.R * 0.6, pl.L * 0.12], 16));
        return p.union(parts);
      },
    },
    {
      name: 'flying-wing',
      build(p, r) {
        const L = U(r, 18, 22),
          half = L * U(r, 1.1, 1.4);
        const sweep = L * U(r, 0.45, 0.7);
        const parts = [
          p.hull([
            p.ellipsoid([0, 0, 0], [L * 0.1, L * 0.05, L / 2], 16),
            p.ellipsoid([half, 0, -sweep], [0.05, L * 0.008, L * 0.06], 8),
            p.ellipsoid([-half, 0, -sweep], [0.05, L * 0.008, L * 0.06], 8),
          ]),
        ];
        // Sawtooth trailing edge blocks and two engine humps.
        for (const sx of [-1, 1]) {
          parts.push(p.ellipsoid([sx * L * 0.12, L * 0.045, -L * 0.05], [L * 0.05, L * 0.03, L * 0.18], 12));
          if (chance(r, 0.5))
            parts.push(
              p.hull([
                p.box([0.1, L * 0.02, L * 0.2], [sx * half * 0.4, 0, -sweep * 0.55]),
                p.box([0.1, L * 0.012, L * 0.1], [sx * half * 0.7, 0, -sweep * 0.8]),
              ]),
            );
        }
        return p.union(parts);
      },
    },
    {
      name: 'freighter-four-prop',
      build(p, r) {
        const pl = { L: U(r, 28, 35), R: 0 };
        pl.R = pl.L * U(r, 0.06, 0.075);
        const w: WingSpec = {
          half: pl.L * U(r, 0.55, 0.65),
          rootChord: pl.L * 0.14,
          tipChord: pl.L * 0.07,
          sweep: pl.L * 0.03,
          tRoot: pl.R * 0.3,
          tTip: pl.R * 0.14,
          dihedralDeg: -1,
        };
        const zLE = pl.L * 0.1;
        const parts = [
          fuselage(p, pl.L, pl.R, 0.08, 0.3, 0.35),
          wings(p, w, pl.R * 0.85, zLE),
          ...conventionalTail(p, r, pl, 't-tail', 1.1),
        ];
        const nr = pl.R * 0.28;
        for (const f of [0.3, 0.58])
          for (const sx of [-1, 1]) {
            const x = sx * w.half * f;
            parts.push(nacelle(p, [x, pl.R * 0.75, zLE - w.rootChord * 0.3], w.rootChord * 1.3, nr, false));
            parts.push(propeller(p, [x, pl.R * 0.75, zLE - w.rootChord * 0.3 + w.rootChord * 0.63], nr * 3.5, 4));
          }
        for (const sx of [-1, 1]) parts.push(p.ellipsoid([sx * pl.R * 0.9, -pl.R * 0.7, 0], [pl.R * 0.35, pl.R * 0.35, pl.L * 0.12], 12));
        return p.union(parts);
      },
    },
  ],
};
