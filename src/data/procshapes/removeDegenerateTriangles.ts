/**
 * Removes zero-area triangles left by converting a manifold's double-precision vertices to
 * float32, without moving any vertex (the surface stays geometrically identical) and keeping the
 * mesh a closed, consistently oriented 2-manifold:
 * - "needles": two vertices 1e-8 apart become identical. The zero-length edge is collapsed
 *   (its two faces dropped, one vertex merged into the other) when the link condition holds (the
 *   two vertices share exactly the two neighbours opposite the edge).
 * - "caps": three distinct but collinear vertices. The longest edge is flipped with the triangle
 *   across it, which splits that triangle in two at the middle vertex; skipped if the new edge
 *   already exists.
 * Triangles where neither applies are left alone.
 */
import type { Mesh } from '../../geometry/Mesh.ts';

/** The mesh without zero-area triangles where they can be removed safely; unused vertices dropped. */
export function removeDegenerateTriangles(mesh: Mesh): Mesh {
  const p = mesh.positions;
  const faces = Uint32Array.from(mesh.faces);
  const nf = faces.length / 3;
  const nv = p.length / 3;
  const same = (a: number, b: number) => p[3 * a] === p[3 * b] && p[3 * a + 1] === p[3 * b + 1] && p[3 * a + 2] === p[3 * b + 2];

  // Zero area exactly as `checkMesh` computes it (float64 arithmetic on the float32 coordinates).
  const zeroArea = (t: number): boolean => {
    const a = 3 * faces[3 * t],
      b = 3 * faces[3 * t + 1],
      c = 3 * faces[3 * t + 2];
    const ux = p[b] - p[a],
      uy = p[b + 1] - p[a + 1],
      uz = p[b + 2] - p[a + 2];
    const vx = p[c] - p[a],
      vy = p[c + 1] - p[a + 1],
      vz = p[c + 2] - p[a + 2];
    const nx = uy * vz - uz * vy,
      ny = uz * vx - ux * vz,
      nz = ux * vy - uy * vx;
    return Math.sqrt(nx * nx + ny * ny + nz * nz) === 0;
  };
  // Quick exit: most meshes have none.
  let any = false;
  for (let t = 0; t < nf && !any; t++) any = zeroArea(t);
  if (!any) return mesh;

  const alive = new Uint8Array(nf).fill(1);
  const vf: number[][] = Array.from({ length: nv }, () => []);
  for (let t = 0; t < nf; t++) for (let e = 0; e < 3; e++) vf[faces[3 * t + e]].push(t);

  const neighbours = (v: number): Set<number> => {
    const s = new Set<number>();
    for (const t of vf[v]) {
      if (!alive[t]) continue;
      for (let e = 0; e < 3; e++) if (faces[3 * t + e] !== v) s.add(faces[3 * t + e]);
    }
    return s;
  };

  let changed = true;
  while (changed) {
    changed = false;
    for (let t = 0; t < nf; t++) {
      if (!alive[t]) continue;
      for (let e = 0; e < 3; e++) {
        const a = faces[3 * t + e],
          b = faces[3 * t + ((e + 1) % 3)];
        if (a === b || !same(a, b)) continue;
        // Faces on edge ab and their opposite vertices.
        const shared: number[] = [];
        for (const f of vf[a]) {
          if (!alive[f]) continue;
          const i = 3 * f;
          if (faces[i] === b || faces[i + 1] === b || faces[i + 2] === b) shared.push(f);
        }
        if (shared.length !== 2) continue;
        const opp = new Set<number>();
        for (const f of shared)
          for (let k = 0; k < 3; k++) {
            const v = faces[3 * f + k];
            if (v !== a && v !== b) opp.add(v);
          }
        const na = neighbours(a),
          nb = neighbours(b);
        let common = 0;
        for (const v of na) if (nb.has(v)) common++;
        if (common !== 2 || opp.size !== 2) continue;
        for (const f of shared) alive[f] = 0;
        for (const f of vf[b]) {
          if (!alive[f]) continue;
          for (let k = 0; k < 3; k++) if (faces[3 * f + k] === b) faces[3 * f + k] = a;
          vf[a].push(f);
        }
        vf[b] = [];
        changed = true;
        break;
      }
    }
  }

  // Caps: flip the longest edge of each remaining zero-area triangle.
  const len2 = (a: number, b: number) => {
    const x = p[3 * a] - p[3 * b],
      y = p[3 * a + 1] - p[3 * b + 1],
      z = p[3 * a + 2] - p[3 * b + 2];
    return x * x + y * y + z * z;
  };
  for (let pass = 0; pass < 4; pass++) {
    let flipped = false;
    for (let t = 0; t < nf; t++) {
      if (!alive[t] || !zeroArea(t)) continue;
      // Directed edge x→y opposite the middle vertex m, with T1 = (x, y, m) in cyclic order.
      let e = 0,
        best = -1;
      for (let k = 0; k < 3; k++) {
        const l = len2(faces[3 * t + k], faces[3 * t + ((k + 1) % 3)]);
        if (l > best) {
          best = l;
          e = k;
        }
      }
      const x = faces[3 * t + e],
        y = faces[3 * t + ((e + 1) % 3)],
        m = faces[3 * t + ((e + 2) % 3)];
      if (x === y || y === m || m === x) continue;
      let t2 = -1,
        o = -1;
      for (const f of vf[x]) {
        if (f === t || !alive[f]) continue;
        for (let k = 0; k < 3; k++) {
          if (faces[3 * f + k] === y && faces[3 * f + ((k + 1) % 3)] === x) {
            t2 = f;
            o = faces[3 * f + ((k + 2) % 3)];
          }
        }
      }
      if (t2 < 0 || o === m || neighbours(m).has(o)) continue;
      // (x, y, m) + (y, x, o) → (x, o, m) + (o, y, m): same boundary, new edge m–o.
      faces[3 * t] = x;
      faces[3 * t + 1] = o;
      faces[3 * t + 2] = m;
      faces[3 * t2] = o;
      faces[3 * t2 + 1] = y;
      faces[3 * t2 + 2] = m;
      vf[o].push(t);
      vf[m].push(t2);
      vf[y] = vf[y].filter((f) => f !== t);
      vf[x] = vf[x].filter((f) => f !== t2);
      flipped = true;
    }
    if (!flipped) break;
  }

  // Compact: keep live faces, renumber used vertices in first-use order.
  const remap = new Int32Array(nv).fill(-1);
  const outFaces: number[] = [];
  const outPos: number[] = [];
  for (let t = 0; t < nf; t++) {
    if (!alive[t]) continue;
    for (let k = 0; k < 3; k++) {
      const v = faces[3 * t + k];
      if (remap[v] < 0) {
        remap[v] = outPos.length / 3;
        outPos.push(p[3 * v], p[3 * v + 1], p[3 * v + 2]);
      }
      outFaces.push(remap[v]);
    }
  }
  return { positions: Float32Array.from(outPos), faces: Uint32Array.from(outFaces) };
}
