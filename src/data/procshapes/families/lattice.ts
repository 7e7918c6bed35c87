/**
 * Lattices and perforated blocks: high genus. Strut lattices are thickened graphs, so their
 * genus is E − V + 1 (edges minus nodes plus one, for a connected graph); perforated blocks and
 * honeycomb panels have one tunnel per hole; a Menger sponge of level 1 has genus 5 and of
 * level 2 genus 81 (20 level-1 pieces of genus 5 glued along 24 annuli: χ = 20·(1 − 5) = −80).
 * All are stated and checked, except the triply periodic (gyroid-like) blocks, whose genus is
 * only reported. Units: cell size ≈ 1.
 */
import type { Manifold } from 'manifold-3d';
import type { Random } from '../../../geometry/Random.ts';
import { implicitSolid } from '../kit/implicit.ts';
import { regularPolygon } from '../kit/profiles.ts';
import type { Parts, Vec3 } from '../parts.ts';
import { chance, I, pick, U } from '../sampling.ts';
import { RedrawError, type ShapeFamily } from '../ShapeFamily.ts';

/** Node index of (i, j, k) in an (nx+1)(ny+1)(nz+1) grid. */
const nodeId = (i: number, j: number, k: number, ny: number, nz: number) => (i * (ny + 1) + j) * (nz + 1) + k;

/**
 * A strut lattice from nodes and edges: rods (round or square) between node centres and a
 * ball (or cube) at every node. Returns the solid; genus E − V + 1 is stated.
 */
function strutLattice(p: Parts, nodes: Vec3[], edges: [number, number][], rs: number, square: boolean): Manifold {
  const parts: Manifold[] = [];
  for (const [a, b] of edges)
    parts.push(
      square
        ? p.bar(
            nodes[a],
            nodes[b],
            2 * rs,
            2 * rs,
            Math.abs(nodes[b][1] - nodes[a][1]) > 1e-9 &&
              Math.abs(nodes[b][0] - nodes[a][0]) < 1e-9 &&
              Math.abs(nodes[b][2] - nodes[a][2]) < 1e-9
              ? [1, 0, 0]
              : [0, 1, 0],
          )
        : p.rod(nodes[a], nodes[b], rs, rs, 8),
    );
  for (const c of nodes) parts.push(square ? p.box([2 * rs, 2 * rs, 2 * rs], c) : p.ball(c, rs, 12));
  p.claims.genus = edges.length - nodes.length + 1;
  p.claims.thickness = 2 * rs;
  return p.union(parts);
}

/** Cell counts (2..maxCells cells in all, so the union of struts stays fast). */
function drawCells(r: Random, maxCells: number): [number, number, number] {
  for (;;) {
    const n: [number, number, number] = [I(r, 1, 4), I(r, 1, 3), I(r, 1, 4)];
    if (n[0] * n[1] * n[2] <= maxCells && n[0] * n[1] * n[2] >= 2) return n;
  }
}

/** Cell corner positions and frame (axis-parallel) edges of an nx × ny × nz grid of cells of size a. */
function gridFrame(n: [number, number, number], a: Vec3): { nodes: Vec3[]; edges: [number, number][] } {
  const [nx, ny, nz] = n;
  const nodes: Vec3[] = [];
  for (let i = 0; i <= nx; i++) for (let j = 0; j <= ny; j++) for (let k = 0; k <= nz; k++) nodes.push([i * a[0], j * a[1], k * a[2]]);
  const edges: [number, number][] = [];
  for (let i = 0; i <= nx; i++)
    for (let j = 0; j <= ny; j++)
      for (let k = 0; k <= nz; k++) {
        const id = nodeId(i, j, k, ny, nz);
        if (i < nx) edges.push([id, nodeId(i + 1, j, k, ny, nz)]);
        if (j < ny) edges.push([id, nodeId(i, j + 1, k, ny, nz)]);
        if (k < nz) edges.push([id, nodeId(i, j, k + 1, ny, nz)]);
      }
  return { nodes, edges };
}

/** Triply periodic level sets (period 2π): gyroid, Schwarz P and diamond. */
const TPMS = {
  gyroid: (x: number, y: number, z: number) => Math.sin(x) * Math.cos(y) + Math.sin(y) * Math.cos(z) + Math.sin(z) * Math.cos(x),
  'schwarz-p': (x: number, y: number, z: number) => Math.cos(x) + Math.cos(y) + Math.cos(z),
  diamond: (x: number, y: number, z: number) =>
    Math.sin(x) * Math.sin(y) * Math.sin(z) +
    Math.sin(x) * Math.cos(y) * Math.cos(z) +
    Math.cos(x) * Math.sin(y) * Math.cos(z) +
    Math.cos(x) * Math.cos(y) * Math.sin(z),
};

export const lattice: ShapeFamily = {
  name: 'lattice',
  kind: 'high-genus',
  summary:
    'cubic and body-centred strut lattices, perforated blocks, Menger sponges, honeycomb panels, gyroid / Schwarz-P / diamond blocks: genus 3–100',
  variants: [
    {
      name: 'cubic-lattice',
      build(p, r) {
        const n = drawCells(r, 24);
        const a: Vec3 = [1, U(r, 0.7, 1.4), U(r, 0.7, 1.4)];
        const { nodes, edges } = gridFrame(n, a);
        return strutLattice(p, nodes, edges, U(r, 0.05, 0.14) * Math.min(...a), chance(r, 0.35));
      },
    },
    {
      name: 'bcc-lattice',
      build(p, r) {
        // Each cell's centre joined to its 8 corners, with or without the cube frame.
        const n = drawCells(r, 8);
        const a: Vec3 = [1, U(r, 0.8, 1.25), U(r, 0.8, 1.25)];
        const frame = chance(r, 0.5);
        const g = gridFrame(n, a);
        const nodes = g.nodes.slice();
        const edges: [number, number][] = frame ? g.edges.slice() : [];
        const [nx, ny, nz] = n;
        for (let i = 0; i < nx; i++)
          for (let j = 0; j < ny; j++)
            for (let k = 0; k < nz; k++) {
              const c = nodes.length;
              nodes.push([(i + 0.5) * a[0], (j + 0.5) * a[1], (k + 0.5) * a[2]]);
              for (const di of [0, 1])
                for (const dj of [0, 1]) for (const dk of [0, 1]) edges.push([c, nodeId(i + di, j + dj, k + dk, ny, nz)]);
            }
        return strutLattice(p, nodes, edges, U(r, 0.04, 0.1) * Math.min(...a), false);
      },
    },
    {
      name: 'perforated-block',
      build(p, r) {
        // Block with a grid of through-holes along z, and optionally holes along x between the rows.
        const m = I(r, 1, 4),
          k = I(r, 1, 5);
        const w = U(r, 0.8, 1.6),
          h = U(r, 0.5, 1.2),
          d = U(r, 0.4, 1.4);
        const py = h / m,
          px = w / k;
        const r1 = Math.min(py, px) * U(r, 0.15, 0.35);
        const shape = pick(r, ['round', 'square', 'hex'] as const);
        const cut = (c: Vec3, rad: number, axis: 'x' | 'z', len: number): Manifold => {
          if (shape === 'round')
            return axis === 'z'
              ? p.rod([c[0], c[1], -len], [c[0], c[1], len], rad, rad, 16)
              : p.rod([-len, c[1], c[2]], [len, c[1], c[2]], rad, rad, 16);
          const poly = shape === 'square' ? regularPolygon(4, rad * Math.SQRT2, Math.PI / 4) : regularPolygon(6, rad, 0);
          return p.extrude(poly, 2 * len, axis, c);
        };
        const cuts: Manifold[] = [];
        for (let i = 0; i < k; i++)
          for (let j = 0; j < m; j++) cuts.push(cut([-w / 2 + (i + 0.5) * px, -h / 2 + (j + 0.5) * py, 0], r1, 'z', d));
        let nx = 0;
        // Holes along x fit between rows of z-holes (never meeting them) when the rows are far enough apart.
        const r2 = Math.min(py / 2 - r1 * 1.2, d / 6) * U(r, 0.5, 0.9);
        if (m >= 2 && r2 > 0.04 * Math.min(h, d) && chance(r, 0.6)) {
          const kz = Math.max(1, Math.min(I(r, 1, 4), Math.floor(d / (4 * r2))));
          for (let j = 1; j < m; j++)
            for (let q = 0; q < kz; q++) {
              cuts.push(cut([0, -h / 2 + j * py, -d / 2 + (q + 0.5) * (d / kz)], r2, 'x', w));
              nx++;
            }
        }
        p.claims.genus = k * m + nx;
        p.claims.thickness = Math.min(px - 2 * r1, py - 2 * r1, nx > 0 ? py / 2 - r1 - r2 : Infinity);
        return p.subtract(p.box([w, h, d]), ...cuts);
      },
    },
    {
      name: 'menger-sponge',
      build(p, r) {
        // Level 1 (genus 5) or 2 (genus 81); holes a fraction f of their cell (1/3 classic).
        const level = chance(r, 0.5) ? 1 : 2;
        const f = U(r, 0.26, 0.4);
        const s: Vec3 = [1, U(r, 0.7, 1.3), U(r, 0.7, 1.3)];
        const bars: Manifold[] = [];
        const bar = (axis: number, u: number, v: number, width: number) => {
          // Through-bar along `axis`, centred at (u, v) in the other two coordinates (unit cube).
          const size: Vec3 = [width * s[0], width * s[1], width * s[2]];
          size[axis] = 2 * s[axis];
          const c: Vec3 = [0, 0, 0];
          const others = [0, 1, 2].filter((q) => q !== axis);
          c[others[0]] = (u - 0.5) * s[others[0]];
          c[others[1]] = (v - 0.5) * s[others[1]];
          bars.push(p.box(size, c));
        };
        for (let axis = 0; axis < 3; axis++) {
          bar(axis, 0.5, 0.5, f);
          if (level === 2) for (const u of [0, 1, 2]) for (const v of [0, 1, 2]) bar(axis, (u + 0.5) / 3, (v + 0.5) / 3, f / 3);
        }
        p.claims.genus = level === 1 ? 5 : 81;
        p.claims.thickness = (level === 1 ? (1 - f) / 2 : (1 / 3 - f / 3) / 2) * Math.min(...s);
        return p.subtract(p.box(s), ...bars);
      },
    },
    {
      name: 'honeycomb-panel',
      build(p, r) {
        // Plate with a hexagonal grid of hexagonal holes inside a solid border.
        const w = U(r, 0.8, 1.6),
          d = U(r, 0.6, 1.2),
          t = U(r, 0.03, 0.3);
        const cell = Math.min(w, d) / I(r, 3, 8),
          web = cell * U(r, 0.1, 0.3),
          border = cell * U(r, 0.3, 0.8);
        const rh = (cell - web) / Math.sqrt(3);
        const cuts: Manifold[] = [];
        const dy = (cell * Math.sqrt(3)) / 2;
        for (let row = 0; ; row++) {
          const z = -d / 2 + border + rh + row * dy;
          if (z + rh > d / 2 - border) break;
          for (let x = -w / 2 + border + rh + ((row % 2) * cell) / 2; x + rh <= w / 2 - border; x += cell) {
            cuts.push(p.extrude(regularPolygon(6, rh, Math.PI / 6), 2 * t + 1, 'y', [x, 0, z]));
          }
        }
        if (cuts.length < 2) throw new RedrawError('honeycomb: no room for holes');
        p.claims.genus = cuts.length;
        p.claims.thickness = Math.min(t, web);
        return p.subtract(p.box([w, t, d]), ...cuts);
      },
    },
    {
      name: 'tpms-block',
      build(p, r) {
        // A triply periodic network clipped to a box; the largest connected piece is kept. The
        // field is meshed on a grid a little larger than the box and cut by an exact box, so the
        // cut faces are flat (clipping inside the field would leave marching-tetrahedra steps).
        const kind = pick(r, ['gyroid', 'schwarz-p', 'diamond'] as const);
        const f = TPMS[kind];
        const per = U(r, 1, 2),
          level = U(r, -0.4, 0.4);
        const ext: Vec3 = [per * 2 * Math.PI, per * 2 * Math.PI * U(r, 0.6, 1), per * 2 * Math.PI * U(r, 0.6, 1)];
        const o: Vec3 = [U(r, 0, 6.3), U(r, 0, 6.3), U(r, 0, 6.3)];
        const field = (x: number, y: number, z: number) => f(x + o[0], y + o[1], z + o[2]) - level;
        const m = 0.6;
        const grid = implicitSolid(
          p,
          field,
          [-ext[0] / 2 - m, -ext[1] / 2 - m, -ext[2] / 2 - m],
          [ext[0] / 2 + m, ext[1] / 2 + m, ext[2] / 2 + m],
          Math.round(12 * per + 2),
          0.003,
        );
        const solid = p.intersect(grid, p.box(ext));
        const comps = solid.decompose().map((c) => p.own(c));
        if (comps.length === 0) throw new RedrawError('tpms: empty');
        let best = comps[0];
        for (const c of comps) if (c.volume() > best.volume()) best = c;
        if (best.volume() < 0.15 * ext[0] * ext[1] * ext[2]) throw new RedrawError('tpms: largest piece too small');
        return best;
      },
    },
  ],
};
