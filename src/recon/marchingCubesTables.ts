/**
 * The cube numbering and case tables of `marchingCubes` (marchingCubes.ts, whose header explains
 * the construction), generated once at module load.
 */

// ---------------------------------------------------------------------------------------------
// Cube numbering. Corner c = dx | dy << 1 | dz << 2. Edges 0–3 run along x, 4–7 along y,
// 8–11 along z; EDGE_A is the lower corner, EDGE_B = EDGE_A + the axis bit.
export const EDGE_A = new Uint8Array(12);
export const EDGE_AXIS = new Uint8Array(12);
for (let e = 0; e < 12; e++) {
  const axis = e >> 2,
    i = e & 3;
  const lo = i & 1,
    hi = i >> 1; // the two coordinates other than `axis`, in increasing axis order
  const others = [0, 1, 2].filter((a) => a !== axis);
  EDGE_A[e] = (lo << others[0]) | (hi << others[1]);
  EDGE_AXIS[e] = axis;
}
function edgeBetween(c1: number, c2: number): number {
  for (let e = 0; e < 12; e++) {
    const a = EDGE_A[e],
      b = a | (1 << EDGE_AXIS[e]);
    if ((a === c1 && b === c2) || (a === c2 && b === c1)) return e;
  }
  throw new Error(`marchingCubes: corners ${c1} and ${c2} share no edge`);
}

// Faces f = 2·axis + side. Corners listed counter-clockwise seen from outside the cube; face
// edge k joins corner k and corner k+1.
export const FACE_CORNERS: number[][] = [];
const FACE_EDGES: number[][] = [];
for (let f = 0; f < 6; f++) {
  const a = f >> 1,
    side = f & 1,
    u = (a + 1) % 3,
    v = (a + 2) % 3; // (u, v, a) right-handed
  const uv = [
    [0, 0],
    [1, 0],
    [1, 1],
    [0, 1],
  ]; // counter-clockwise about +a
  let q = uv.map(([cu, cv]) => (side << a) | (cu << u) | (cv << v));
  if (side === 0) q = [q[0], q[3], q[2], q[1]]; // counter-clockwise about −a
  FACE_CORNERS.push(q);
  FACE_EDGES.push(q.map((c, k) => edgeBetween(c, q[(k + 1) & 3])));
}
/** Bit mask of the faces each edge lies on. */
const EDGE_FACE_MASK = new Uint8Array(12);
for (let f = 0; f < 6; f++) for (const e of FACE_EDGES[f]) EDGE_FACE_MASK[e] |= 1 << f;

/** Is face f ambiguous in cube case `c` (inside corners on one diagonal only)? */
function faceAmbiguous(c: number, f: number): boolean {
  const q = FACE_CORNERS[f];
  const b0 = (c >> q[0]) & 1,
    b1 = (c >> q[1]) & 1,
    b2 = (c >> q[2]) & 1,
    b3 = (c >> q[3]) & 1;
  return b0 === b2 && b1 === b3 && b0 !== b1;
}

// ---------------------------------------------------------------------------------------------
// Case tables, generated once. For cube case c (bit i set = corner i inside) with A(c) ambiguous
// faces, there are 2^A(c) entries, one per combination of face decisions (bit k set = the k-th
// ambiguous face, in increasing face order, has its inside corners connected).
export const CASE_BASE = new Int32Array(257);
export const CASE_AMB_COUNT = new Uint8Array(256);
/** Ambiguous faces of each case, 6 slots per case. */
export const CASE_AMB_FACES = new Uint8Array(256 * 6);
/** Per entry: triangles as triples of cube edge ids, [TRI_START[e], TRI_START[e+1]). */
export let TRI_START: Int32Array;
export let TRI_EDGES: Uint8Array;
/** Per entry: polygons to fan around a centroid vertex, [POLY_START[e], POLY_START[e+1]) into
 *  POLY_BOUNDS, each polygon its edge ids POLY_EDGES[POLY_BOUNDS[i] .. POLY_BOUNDS[i+1]). */
export let POLY_START: Int32Array;
export let POLY_BOUNDS: Int32Array;
export let POLY_EDGES: Uint8Array;

/** The oriented polygons of one cube configuration, as cycles of edge ids. */
function casePolygons(c: number, decisions: number): number[][] {
  const next = new Int8Array(12).fill(-1);
  let amb = 0;
  for (let f = 0; f < 6; f++) {
    const q = FACE_CORNERS[f],
      E = FACE_EDGES[f];
    const b = q.map((corner) => (c >> corner) & 1);
    const segs: [number, number][] = [];
    if (faceAmbiguous(c, f)) {
      const connected = ((decisions >> amb++) & 1) === 1;
      // Isolate the corners of the minority: inside corners when separated, else outside ones.
      for (let k = 0; k < 4; k++) {
        if (b[k] === 1 && !connected) segs.push([E[(k + 3) & 3], E[k]]); // inside corner k cut off
        if (b[k] === 0 && connected) segs.push([E[k], E[(k + 3) & 3]]); // outside corner k cut off
      }
    } else {
      // At most one entering (out→in along the counter-clockwise walk) and one leaving edge.
      let start = -1,
        end = -1;
      for (let k = 0; k < 4; k++) {
        const from = b[k],
          to = b[(k + 1) & 3];
        if (from === 0 && to === 1) start = E[k];
        if (from === 1 && to === 0) end = E[k];
      }
      if (start >= 0) segs.push([start, end]);
    }
    for (const [s, e] of segs) {
      if (next[s] !== -1) throw new Error('marchingCubes table: edge starts two segments');
      next[s] = e;
    }
  }
  const polys: number[][] = [];
  const seen = new Uint8Array(12);
  for (let e0 = 0; e0 < 12; e0++) {
    if (next[e0] === -1 || seen[e0]) continue;
    const poly: number[] = [];
    for (let e = e0; !seen[e]; e = next[e]) {
      if (next[e] === -1) throw new Error('marchingCubes table: open cycle');
      seen[e] = 1;
      poly.push(e);
    }
    if (poly.length < 3) throw new Error('marchingCubes table: polygon with < 3 vertices');
    polys.push(poly);
  }
  return polys;
}

/** Fan apex whose diagonals never join two vertices of a common face, or −1 if none. */
function safeFanApex(poly: number[]): number {
  const n = poly.length;
  for (let k = 0; k < n; k++) {
    let ok = true;
    for (let j = 2; j < n - 1 && ok; j++) {
      if (EDGE_FACE_MASK[poly[k]] & EDGE_FACE_MASK[poly[(k + j) % n]]) ok = false;
    }
    if (ok) return k;
  }
  return -1;
}

function buildTables(): void {
  const triStart: number[] = [];
  const tris: number[] = [];
  const polyStart: number[] = [];
  const polyBounds: number[] = [0];
  const polyEdges: number[] = [];
  let entry = 0;
  for (let c = 0; c < 256; c++) {
    CASE_BASE[c] = entry;
    let amb = 0;
    for (let f = 0; f < 6; f++) if (faceAmbiguous(c, f)) CASE_AMB_FACES[c * 6 + amb++] = f;
    CASE_AMB_COUNT[c] = amb;
    for (let d = 0; d < 1 << amb; d++, entry++) {
      triStart.push(tris.length);
      polyStart.push(polyBounds.length - 1);
      for (const poly of casePolygons(c, d)) {
        const k = safeFanApex(poly);
        if (k < 0) {
          polyEdges.push(...poly);
          polyBounds.push(polyEdges.length);
          continue;
        }
        const n = poly.length;
        for (let j = 1; j < n - 1; j++) tris.push(poly[k], poly[(k + j) % n], poly[(k + j + 1) % n]);
      }
    }
  }
  CASE_BASE[256] = entry;
  triStart.push(tris.length);
  polyStart.push(polyBounds.length - 1);
  TRI_START = Int32Array.from(triStart);
  TRI_EDGES = Uint8Array.from(tris);
  POLY_START = Int32Array.from(polyStart);
  POLY_BOUNDS = Int32Array.from(polyBounds);
  POLY_EDGES = Uint8Array.from(polyEdges);
}
buildTables();
