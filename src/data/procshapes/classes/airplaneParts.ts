/**
 * The airplane class's parts: fuselage of revolution, wing pairs (also fins), engine nacelles,
 * propellers and tail assemblies. Nose towards +z, span along x, y up (see airplane.ts).
 */
import type { Manifold } from 'manifold-3d';
import type { Random } from '../../../geometry/Random.ts';
import { type Parts, SEG_MED, type Vec2, type Vec3 } from '../parts.ts';
import { U } from '../sampling.ts';

/** Fuselage of revolution along z, nose at +L/2; `nose` in (0, 0.3] is the nose length share. */
export function fuselage(p: Parts, L: number, R: number, nose = 0.12, tail = 0.3, tailR = 0.2): Manifold {
  const z0 = -L / 2,
    z1 = L / 2;
  const prof: Vec2[] = [
    [0, z0],
    [R * tailR, z0 + 0.005 * L],
    [R * (tailR + (1 - tailR) * 0.5), z0 + tail * L * 0.5],
    [R, z0 + tail * L],
    [R, z1 - nose * L],
    [R * 0.85, z1 - nose * L * 0.5],
    [R * 0.5, z1 - nose * L * 0.12],
    [0, z1],
  ];
  return p.lathe(prof, [0, 0, 0], [0, 0, 1], SEG_MED);
}

export interface WingSpec {
  /** Span of one side from the root. */
  half: number;
  rootChord: number;
  tipChord: number;
  /** Tip leading edge behind the root leading edge (sweep), model units. */
  sweep: number;
  /** Root rib thickness and tip rib thickness. */
  tRoot: number;
  tTip: number;
  dihedralDeg: number;
}

/**
 * A pair of wings (hulls of a root and a tip rib), the root leading edge at (0, y, zLE). The
 * rib is a lens (flattened cylinder) so the leading edge is round.
 */
export function wings(p: Parts, w: WingSpec, y: number, zLE: number, mirror = true, vertical = false): Manifold {
  const rib = (x: number, chord: number, t: number, zl: number, yy: number): Manifold =>
    vertical
      ? p.ellipsoid([0, yy + x, zl - chord / 2], [t / 2, 0.01, chord / 2], 12)
      : p.ellipsoid([x, yy, zl - chord / 2], [0.01, t / 2, chord / 2], 12);
  const dih = Math.tan((w.dihedralDeg * Math.PI) / 180) * w.half;
  const half = p.hull([rib(0, w.rootChord, w.tRoot, zLE, y), rib(w.half, w.tipChord, w.tTip, zLE - w.sweep, vertical ? y : y + dih)]);
  return mirror && !vertical ? p.mirrorX(half) : half;
}

/** Engine nacelle along z centred at `at`, with an open-looking intake lip. */
export function nacelle(p: Parts, at: Vec3, len: number, R: number, intake = true): Manifold {
  const prof: Vec2[] = intake
    ? [
        [0, -len / 2],
        [R * 0.6, -len / 2],
        [R, -len * 0.2],
        [R, len * 0.4],
        [R * 0.92, len / 2],
        [R * 0.75, len / 2],
        [R * 0.7, len * 0.4],
        [0, len * 0.4],
      ]
    : [
        [0, -len / 2],
        [R * 0.5, -len / 2],
        [R, -len * 0.2],
        [R, len * 0.35],
        [R * 0.8, len / 2],
        [0, len / 2],
      ];
  return p.lathe(prof, at, [0, 0, 1], 16);
}

/** Propeller at `at` facing +z: spinner and n blades. */
export function propeller(p: Parts, at: Vec3, R: number, n: number): Manifold {
  const parts = [
    p.lathe(
      [
        [0, 0],
        [R * 0.15, 0],
        [R * 0.1, R * 0.2],
        [0, R * 0.3],
      ],
      at,
      [0, 0, 1],
      16,
    ),
  ];
  for (let i = 0; i < n; i++) {
    const a = (360 * i) / n + 15;
    parts.push(p.move(p.rot(p.box([R * 0.12, R, R * 0.03], [0, R / 2, 0], [0, 25, 0]), [0, 0, a]), [at[0], at[1], at[2] + R * 0.06]));
  }
  return p.union(parts);
}

export interface Plane {
  L: number;
  R: number;
}

export function conventionalTail(p: Parts, r: Random, pl: Plane, style: 'conventional' | 't-tail' | 'twin', finScale = 1): Manifold[] {
  const { L, R } = pl;
  const zt = -L / 2 + L * 0.02;
  const finH = R * U(r, 1.8, 2.6) * finScale,
    finC = L * U(r, 0.12, 0.18);
  const parts: Manifold[] = [];
  const hs: WingSpec = {
    half: R * U(r, 2.2, 3.2),
    rootChord: L * U(r, 0.08, 0.12),
    tipChord: L * 0.04,
    sweep: L * U(r, 0.02, 0.06),
    tRoot: R * 0.12,
    tTip: R * 0.06,
    dihedralDeg: U(r, 0, 6),
  };
  if (style === 'twin') {
    parts.push(wings(p, hs, 0, zt + hs.rootChord + 0.02 * L));
    for (const sx of [-1, 1]) {
      const fin = wings(
        p,
        {
          half: finH * 0.8,
          rootChord: finC * 0.8,
          tipChord: finC * 0.4,
          sweep: finC * 0.5,
          tRoot: R * 0.1,
          tTip: R * 0.06,
          dihedralDeg: 0,
        },
        0,
        zt + finC * 0.8,
        false,
        true,
      );
      parts.push(p.move(fin, [sx * hs.half * 0.95, 0, 0]));
    }
    return parts;
  }
  // Fin and stabiliser roots sit on the axis, inside the tapering tail cone, so they always join it.
  const fin = wings(
    p,
    {
      half: finH + R * 0.6,
      rootChord: finC,
      tipChord: finC * 0.55,
      sweep: finC * U(r, 0.4, 0.8),
      tRoot: R * 0.12,
      tTip: R * 0.07,
      dihedralDeg: 0,
    },
    0,
    zt + finC,
    false,
    true,
  );
  parts.push(fin);
  if (style === 't-tail') parts.push(wings(p, { ...hs, dihedralDeg: 0 }, R * 0.6 + finH, zt + finC - finC * 0.7 + hs.rootChord * 0.3));
  else parts.push(wings(p, hs, 0, zt + hs.rootChord + 0.01 * L));
  return parts;
}
