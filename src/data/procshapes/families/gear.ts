/**
 * Gears: toothed outlines extruded (straight, twisted for helical teeth, tapered for bevel
 * gears), with bores, spoke windows and lightening holes. Teeth are small repeated sharp
 * features around a hole, which an occupancy model smooths into a disc. Genus = bore + holes +
 * windows, stated per shape. Units: module (tooth size) ≈ 1/10–1/20 of the pitch radius; the
 * gear axis is y.
 */
import type { CrossSection, Manifold } from 'manifold-3d';
import type { Random } from '../../../geometry/Random.ts';
import { circle, gearOutline } from '../kit/profiles.ts';
import { affine, type Parts, type Vec2 } from '../parts.ts';
import { chance, I, U } from '../sampling.ts';
import type { ShapeFamily } from '../ShapeFamily.ts';

/** Gear proportions from a tooth count: pitch radius 1, module m = 2 / z. */
interface GearSpec {
  z: number;
  rTip: number;
  rRoot: number;
  toothFrac: number;
  tipFrac: number;
}

function drawGear(r: Random, zMin: number, zMax: number): GearSpec {
  const z = I(r, zMin, zMax),
    m = 2 / z;
  return { z, rTip: 1 + m * U(r, 0.9, 1.1), rRoot: 1 - m * U(r, 1.1, 1.35), toothFrac: U(r, 0.45, 0.6), tipFrac: U(r, 0.35, 0.65) };
}

/** Width of a tooth at its tip (the gear's thinnest feature), model units. */
function tipWidth(g: GearSpec): number {
  return (2 * Math.PI * g.rTip * g.toothFrac * g.tipFrac) / g.z;
}

/** Cross-section from contours (even-odd: inner contours are holes), owned by `p`. */
function section(p: Parts, contours: Vec2[][]): CrossSection {
  return p.own(new p.k.CrossSection(contours, 'EvenOdd'));
}

/** Extrudes a section along +z by h (twist / tapered top optional), then turns z into y, centred. */
function extrudeY(p: Parts, cs: CrossSection, h: number, twistDeg = 0, scaleTop = 1, nDiv = 0): Manifold {
  const m = p.own(cs.extrude(h, nDiv, twistDeg, [scaleTop, scaleTop], true));
  return p.xform(m, affine([1, 0, 0], [0, 0, -1], [0, 1, 0], [0, 0, 0]));
}

/** Bore along y of radius rb through everything (with a keyway notch when `key`). */
function bore(p: Parts, rb: number, h: number, key: boolean): Manifold {
  const cut = p.rod([0, -h, 0], [0, h, 0], rb, rb, 24);
  return key ? p.union([cut, p.box([rb * 0.5, 2 * h, rb * 0.6], [0, 0, rb])]) : cut;
}

export const gear: ShapeFamily = {
  name: 'gear',
  kind: 'mechanical',
  summary:
    'spur gears with hubs and bores, shaft pinions, internal ring gears, helical and bevel gears, sprockets with lightening holes, spoked gears',
  variants: [
    {
      name: 'spur-gear',
      build(p, r) {
        const g = drawGear(r, 14, 48);
        const b = U(r, 0.12, 0.5);
        const parts = [extrudeY(p, section(p, [gearOutline(g.z, g.rRoot, g.rTip, g.toothFrac, g.tipFrac)]), b)];
        const rb = U(r, 0.1, 0.3);
        if (chance(r, 0.6)) {
          const hr = Math.min(rb * U(r, 1.6, 2.4), g.rRoot * 0.8),
            hh = b / 2 + U(r, 0.05, 0.3);
          parts.push(p.rod([0, -(chance(r, 0.5) ? hh : b / 2), 0], [0, hh, 0], hr, hr, 32));
        }
        p.claims.genus = 1;
        p.claims.thickness = Math.min(b, tipWidth(g));
        return p.subtract(p.union(parts), bore(p, rb, 2, chance(r, 0.5)));
      },
    },
    {
      name: 'shaft-pinion',
      build(p, r) {
        // Small pinion cut on a solid shaft (no bore).
        const g = drawGear(r, 8, 14);
        const b = U(r, 0.4, 1.2);
        const rs = U(r, 0.3, 0.6) * g.rRoot;
        const l0 = U(r, 0.5, 2.5),
          l1 = U(r, 0.2, 1.5);
        const parts = [
          extrudeY(p, section(p, [gearOutline(g.z, g.rRoot, g.rTip, g.toothFrac, g.tipFrac)]), b),
          p.rod([0, -b / 2 - l0, 0], [0, b / 2 + l1, 0], rs, rs, 24),
        ];
        if (chance(r, 0.5)) parts.push(p.rod([0, b / 2 - 0.01, 0], [0, b / 2 + 0.15, 0], rs * 1.4, rs * 1.4, 24));
        p.claims.genus = 0;
        p.claims.thickness = tipWidth(g);
        return p.union(parts);
      },
    },
    {
      name: 'ring-gear',
      build(p, r) {
        // Internal teeth pointing inwards from a plain outer rim, optional bolt holes in the rim.
        const g = drawGear(r, 24, 60);
        const rOut = g.rRoot + (g.rTip - g.rRoot) + U(r, 0.12, 0.35);
        const inner = gearOutline(g.z, g.rTip + (g.rTip - g.rRoot) * 0.1, 2 - g.rTip, g.toothFrac, g.tipFrac);
        const b = U(r, 0.1, 0.4);
        const ring = extrudeY(p, section(p, [circle(rOut, 96), inner]), b);
        const holes = chance(r, 0.5) ? I(r, 4, 8) : 0;
        const cuts: Manifold[] = [];
        const rh = (rOut - g.rTip) * 0.32,
          rc = (rOut + g.rTip + (g.rTip - g.rRoot) * 0.1) / 2;
        for (let i = 0; i < holes; i++) {
          const a = (2 * Math.PI * i) / holes;
          cuts.push(p.rod([rc * Math.cos(a), -1, rc * Math.sin(a)], [rc * Math.cos(a), 1, rc * Math.sin(a)], rh, rh, 12));
        }
        p.claims.genus = 1 + holes;
        p.claims.thickness = Math.min(b, tipWidth(g));
        return p.subtract(ring, ...cuts);
      },
    },
    {
      name: 'helical-gear',
      build(p, r) {
        // Teeth twisted along the axis; herringbone when two opposite halves are stacked.
        const g = drawGear(r, 16, 40);
        const b = U(r, 0.25, 0.8);
        const cs = section(p, [gearOutline(g.z, g.rRoot, g.rTip, g.toothFrac, g.tipFrac)]);
        const twist = U(r, 8, 25) * (chance(r, 0.5) ? 1 : -1);
        let body: Manifold;
        if (chance(r, 0.4)) {
          const half = extrudeY(p, cs, b / 2, twist / 2, 1, 6);
          body = p.union([p.move(half, [0, b / 4, 0]), p.move(p.mirror(half, [0, 1, 0]), [0, -b / 4, 0])]);
        } else body = extrudeY(p, cs, b, twist, 1, 12);
        p.claims.genus = 1;
        p.claims.thickness = tipWidth(g);
        return p.subtract(body, bore(p, U(r, 0.12, 0.3), 2, chance(r, 0.5)));
      },
    },
    {
      name: 'bevel-gear',
      build(p, r) {
        // Conical gear: the tooth outline shrinks towards the top; a hub below.
        const g = drawGear(r, 14, 36);
        const b = U(r, 0.2, 0.45),
          top = U(r, 0.55, 0.8);
        const cone = p.move(extrudeY(p, section(p, [gearOutline(g.z, g.rRoot, g.rTip, g.toothFrac, g.tipFrac)]), b, 0, top, 4), [
          0,
          b / 2,
          0,
        ]);
        const hr = U(r, 0.3, 0.55),
          hh = U(r, 0.1, 0.5);
        const parts = [cone, p.rod([0, -hh, 0], [0, 0.01, 0], hr, hr, 32)];
        p.claims.genus = 1;
        p.claims.thickness = tipWidth(g) * top;
        return p.subtract(p.union(parts), bore(p, hr * U(r, 0.35, 0.6), 2, chance(r, 0.5)));
      },
    },
    {
      name: 'sprocket',
      build(p, r) {
        // Thin plate with round-bottomed teeth and a ring of lightening holes.
        // Sprocket teeth are short and pointed, with round gaps for the chain rollers.
        const g = drawGear(r, 12, 40);
        g.rTip = 1 + U(r, 0.5, 0.8) * (2 / g.z);
        g.rRoot = 1 - U(r, 0.4, 0.6) * (2 / g.z);
        g.toothFrac = U(r, 0.5, 0.6);
        const b = U(r, 0.04, 0.12);
        const plate = extrudeY(p, section(p, [gearOutline(g.z, g.rRoot, g.rTip, g.toothFrac, U(r, 0.25, 0.45), 6)]), b);
        const rb = U(r, 0.12, 0.25);
        const k = I(r, 3, 8);
        const rc = (rb + g.rRoot) / 2,
          rh = Math.min((g.rRoot - rb) * U(r, 0.18, 0.3), rc * Math.sin(Math.PI / k) * 0.7);
        const cuts = [bore(p, rb, 1, false)];
        for (let i = 0; i < k; i++) {
          const a = (2 * Math.PI * i) / k;
          cuts.push(p.rod([rc * Math.cos(a), -1, rc * Math.sin(a)], [rc * Math.cos(a), 1, rc * Math.sin(a)], rh, rh, 20));
        }
        p.claims.genus = 1 + k;
        p.claims.thickness = Math.min(b, tipWidth(g));
        return p.subtract(plate, ...cuts);
      },
    },
    {
      name: 'spoked-gear',
      build(p, r) {
        // Toothed rim, hub and s straight spokes: s windows plus the bore, genus s + 1.
        const g = drawGear(r, 30, 72);
        const b = U(r, 0.08, 0.25);
        const s = I(r, 3, 6);
        const rimIn = g.rRoot - U(r, 0.08, 0.18),
          hubOut = U(r, 0.2, 0.35);
        const spokeW = U(r, 0.06, 0.15);
        const windows: Vec2[][] = [];
        for (let i = 0; i < s; i++) {
          // Annular sector between two spokes, its straight edges offset by half a spoke width.
          const a0 = (2 * Math.PI * i) / s,
            a1 = (2 * Math.PI * (i + 1)) / s;
          const win: Vec2[] = [];
          const da0 = spokeW / 2 / hubOut,
            da1 = spokeW / 2 / rimIn;
          for (let j = 0; j <= 12; j++) {
            const a = a0 + da1 + ((a1 - a0 - 2 * da1) * j) / 12;
            win.push([rimIn * Math.cos(a), rimIn * Math.sin(a)]);
          }
          for (let j = 0; j <= 6; j++) {
            const a = a1 - da0 - ((a1 - a0 - 2 * da0) * j) / 6;
            win.push([hubOut * Math.cos(a), hubOut * Math.sin(a)]);
          }
          windows.push(win);
        }
        const wheel = extrudeY(p, section(p, [gearOutline(g.z, g.rRoot, g.rTip, g.toothFrac, g.tipFrac), ...windows]), b);
        const hh = b / 2 + U(r, 0, 0.2);
        const hub = p.rod([0, -hh, 0], [0, hh, 0], hubOut * 1.02, hubOut * 1.02, 32);
        p.claims.genus = s + 1;
        p.claims.thickness = Math.min(b, spokeW, tipWidth(g));
        return p.subtract(p.union([wheel, hub]), bore(p, hubOut * U(r, 0.35, 0.6), 1, chance(r, 0.5)));
      },
    },
  ],
};
