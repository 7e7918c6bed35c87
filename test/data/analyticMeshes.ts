/**
 * Test meshes built from formulas, with the matching analytic signed distance (negative
 * inside), so labels can be checked against truth that does not come from pointocc's code.
 */
import type { Mesh } from '../../src/geometry/Mesh.ts';

/** UV sphere: vertices on the sphere of radius r about c; faces wound outward. */
export function uvSphere(r: number, c: [number, number, number], nu = 48, nv = 24): Mesh {
  const pos: number[] = [];
  const faces: number[] = [];
  pos.push(c[0], c[1], c[2] + r); // north pole, index 0
  for (let j = 1; j < nv; j++) {
    const th = (Math.PI * j) / nv;
    for (let i = 0; i < nu; i++) {
      const ph = (2 * Math.PI * i) / nu;
      pos.push(c[0] + r * Math.sin(th) * Math.cos(ph), c[1] + r * Math.sin(th) * Math.sin(ph), c[2] + r * Math.cos(th));
    }
  }
  const south = pos.length / 3;
  pos.push(c[0], c[1], c[2] - r);
  const v = (j: number, i: number): number => 1 + (j - 1) * nu + (i % nu);
  for (let i = 0; i < nu; i++) faces.push(0, v(1, i), v(1, i + 1));
  for (let j = 1; j < nv - 1; j++) {
    for (let i = 0; i < nu; i++) {
      faces.push(v(j, i), v(j + 1, i), v(j + 1, i + 1));
      faces.push(v(j, i), v(j + 1, i + 1), v(j, i + 1));
    }
  }
  for (let i = 0; i < nu; i++) faces.push(south, v(nv - 1, i + 1), v(nv - 1, i));
  return { positions: Float32Array.from(pos), faces: Uint32Array.from(faces) };
}

/** Axis-aligned box, centre c, half extents h, 12 outward triangles. */
export function box(c: [number, number, number], h: [number, number, number]): Mesh {
  const pos: number[] = [];
  for (let k = 0; k < 8; k++) {
    pos.push(c[0] + (k & 1 ? h[0] : -h[0]), c[1] + (k & 2 ? h[1] : -h[1]), c[2] + (k & 4 ? h[2] : -h[2]));
  }
  // Quads as (a, b, c, d) counter-clockwise seen from outside.
  const quads = [
    [0, 2, 3, 1], // -z
    [4, 5, 7, 6], // +z
    [0, 1, 5, 4], // -y
    [2, 6, 7, 3], // +y
    [0, 4, 6, 2], // -x
    [1, 3, 7, 5], // +x
  ];
  const faces: number[] = [];
  for (const [a, b, cc, d] of quads) faces.push(a, b, cc, a, cc, d);
  return { positions: Float32Array.from(pos), faces: Uint32Array.from(faces) };
}

/** Torus about the z axis through c: ring radius R, tube radius r; faces wound outward. */
export function torus(R: number, r: number, c: [number, number, number], nu = 64, nv = 32): Mesh {
  const pos: number[] = [];
  const faces: number[] = [];
  for (let i = 0; i < nu; i++) {
    const u = (2 * Math.PI * i) / nu;
    for (let j = 0; j < nv; j++) {
      const w = (2 * Math.PI * j) / nv;
      const rr = R + r * Math.cos(w);
      pos.push(c[0] + rr * Math.cos(u), c[1] + rr * Math.sin(u), c[2] + r * Math.sin(w));
    }
  }
  const v = (i: number, j: number): number => (i % nu) * nv + (j % nv);
  for (let i = 0; i < nu; i++) {
    for (let j = 0; j < nv; j++) {
      faces.push(v(i, j), v(i + 1, j), v(i + 1, j + 1));
      faces.push(v(i, j), v(i + 1, j + 1), v(i, j + 1));
    }
  }
  return { positions: Float32Array.from(pos), faces: Uint32Array.from(faces) };
}

/** Signed distances (negative inside). */
export const sdSphere =
  (r: number, c: readonly number[]) =>
  (x: number, y: number, z: number): number =>
    Math.hypot(x - c[0], y - c[1], z - c[2]) - r;

export const sdBox =
  (c: readonly number[], h: readonly number[]) =>
  (x: number, y: number, z: number): number => {
    const qx = Math.abs(x - c[0]) - h[0],
      qy = Math.abs(y - c[1]) - h[1],
      qz = Math.abs(z - c[2]) - h[2];
    const out = Math.hypot(Math.max(qx, 0), Math.max(qy, 0), Math.max(qz, 0));
    return out + Math.min(Math.max(qx, qy, qz), 0);
  };

export const sdTorusZ =
  (R: number, r: number, c: readonly number[]) =>
  (x: number, y: number, z: number): number => {
    const q = Math.hypot(x - c[0], y - c[1]) - R;
    return Math.hypot(q, z - c[2]) - r;
  };

/**
 * Largest distance between a mesh whose vertices lie on a surface and that surface, bounded
 * from the mesh itself: for every face, the largest |sd| over a fine barycentric grid, plus a
 * safety factor. Used as the "tessellation error" band in which labels are not compared.
 */
export function tessellationError(mesh: Mesh, sd: (x: number, y: number, z: number) => number, steps = 8): number {
  const p = mesh.positions,
    f = mesh.faces;
  let worst = 0;
  for (let t = 0; t < f.length; t += 3) {
    const a = 3 * f[t],
      b = 3 * f[t + 1],
      cc = 3 * f[t + 2];
    for (let i = 0; i <= steps; i++) {
      for (let j = 0; i + j <= steps; j++) {
        const u = i / steps,
          v = j / steps,
          w = 1 - u - v;
        const x = w * p[a] + u * p[b] + v * p[cc];
        const y = w * p[a + 1] + u * p[b + 1] + v * p[cc + 1];
        const z = w * p[a + 2] + u * p[b + 2] + v * p[cc + 2];
        worst = Math.max(worst, Math.abs(sd(x, y, z)));
      }
    }
  }
  // The grid can miss the true maximum slightly; double it and add float32 slack.
  return 2 * worst + 1e-5;
}
