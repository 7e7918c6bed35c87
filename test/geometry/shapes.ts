// Parametric test meshes with known analytic shapes, built independently of the code under
// test. All are closed, welded and oriented outward (counter-clockwise seen from outside).
import { createMesh, type Mesh } from '../../src/geometry/Mesh.ts';

/**
 * UV sphere of radius R centred at the origin: poles + (nLat − 1) rings of nLon vertices,
 * all on the sphere (the polyhedron is inscribed).
 */
export function uvSphere(R: number, nLat: number, nLon: number): Mesh {
  const v: number[] = [0, 0, R];
  for (let i = 1; i < nLat; i++) {
    const th = (Math.PI * i) / nLat;
    for (let j = 0; j < nLon; j++) {
      const ph = (2 * Math.PI * j) / nLon;
      v.push(R * Math.sin(th) * Math.cos(ph), R * Math.sin(th) * Math.sin(ph), R * Math.cos(th));
    }
  }
  v.push(0, 0, -R);
  const south = v.length / 3 - 1;
  const ring = (i: number, j: number) => 1 + (i - 1) * nLon + (((j % nLon) + nLon) % nLon);
  const f: number[] = [];
  // Quad (θ_i, φ_j) → a = (i, j), b = (i+1, j), c = (i+1, j+1), d = (i, j+1); ∂θ × ∂φ points out.
  for (let j = 0; j < nLon; j++) f.push(0, ring(1, j), ring(1, j + 1));
  for (let i = 1; i < nLat - 1; i++) {
    for (let j = 0; j < nLon; j++) {
      const a = ring(i, j),
        b = ring(i + 1, j),
        c = ring(i + 1, j + 1),
        d = ring(i, j + 1);
      f.push(a, b, c, a, c, d);
    }
  }
  for (let j = 0; j < nLon; j++) f.push(ring(nLat - 1, j), south, ring(nLat - 1, j + 1));
  return createMesh(v, f);
}

/** Torus around the z axis: major radius R, minor radius r, nu × nv vertices on the surface. */
export function torus(R: number, r: number, nu: number, nv: number): Mesh {
  const v: number[] = [];
  for (let i = 0; i < nu; i++) {
    const u = (2 * Math.PI * i) / nu;
    for (let j = 0; j < nv; j++) {
      const w = (2 * Math.PI * j) / nv;
      v.push((R + r * Math.cos(w)) * Math.cos(u), (R + r * Math.cos(w)) * Math.sin(u), r * Math.sin(w));
    }
  }
  const id = (i: number, j: number) => (i % nu) * nv + (j % nv);
  const f: number[] = [];
  for (let i = 0; i < nu; i++) {
    for (let j = 0; j < nv; j++) {
      // ∂u × ∂v points outward (away from the tube's core circle).
      const a = id(i, j),
        b = id(i + 1, j),
        c = id(i + 1, j + 1),
        d = id(i, j + 1);
      f.push(a, b, c, a, c, d);
    }
  }
  return createMesh(v, f);
}

/**
 * Axis-aligned box [lo, hi] with each face split into m × m quads (2 triangles each), welded
 * on a lattice so edges inside a face and along the box edges are shared.
 */
export function gridBox(lo: [number, number, number], hi: [number, number, number], m: number): Mesh {
  const v: number[] = [];
  const index = new Map<string, number>();
  const vert = (i: number, j: number, k: number) => {
    const key = `${i},${j},${k}`;
    let id = index.get(key);
    if (id === undefined) {
      id = v.length / 3;
      index.set(key, id);
      v.push(lo[0] + ((hi[0] - lo[0]) * i) / m, lo[1] + ((hi[1] - lo[1]) * j) / m, lo[2] + ((hi[2] - lo[2]) * k) / m);
    }
    return id;
  };
  const f: number[] = [];
  for (let axis = 0; axis < 3; axis++) {
    for (const side of [0, m]) {
      const outward = side === 0 ? -1 : 1;
      for (let s = 0; s < m; s++) {
        for (let t = 0; t < m; t++) {
          const at = (ds: number, dt: number) => {
            const c = [0, 0, 0];
            c[axis] = side;
            c[(axis + 1) % 3] = s + ds;
            c[(axis + 2) % 3] = t + dt;
            return vert(c[0], c[1], c[2]);
          };
          // In the (axis+1, axis+2) parameter order the normal is +axis; flip on the low side.
          const a = at(0, 0),
            b = at(1, 0),
            c = at(1, 1),
            d = at(0, 1);
          if (outward > 0) f.push(a, b, c, a, c, d);
          else f.push(a, c, b, a, d, c);
        }
      }
    }
  }
  return createMesh(v, f);
}

/** Signed volume by the divergence theorem: Σ a·(b × c) / 6 over faces. */
export function polyhedronVolume(mesh: Mesh): number {
  const p = mesh.positions,
    f = mesh.faces;
  let vol = 0;
  for (let t = 0; t < f.length; t += 3) {
    const a = 3 * f[t],
      b = 3 * f[t + 1],
      c = 3 * f[t + 2];
    vol +=
      p[a] * (p[b + 1] * p[c + 2] - p[b + 2] * p[c + 1]) +
      p[a + 1] * (p[b + 2] * p[c] - p[b] * p[c + 2]) +
      p[a + 2] * (p[b] * p[c + 1] - p[b + 1] * p[c]);
  }
  return vol / 6;
}

/** Appends a mesh to another (disjoint union, indices shifted). */
export function concatMeshes(a: Mesh, b: Mesh): Mesh {
  const nv = a.positions.length / 3;
  const pos = new Float32Array(a.positions.length + b.positions.length);
  pos.set(a.positions);
  pos.set(b.positions, a.positions.length);
  const faces = new Uint32Array(a.faces.length + b.faces.length);
  faces.set(a.faces);
  for (let i = 0; i < b.faces.length; i++) faces[a.faces.length + i] = b.faces[i] + nv;
  return { positions: pos, faces };
}
