/**
 * glTF 2.0 binary (`.glb`) writer, for viewing results in any browser/3D tool.
 *
 * One scene → one node → one mesh → one primitive: POSITION (float32 VEC3, with the min/max the
 * spec requires), NORMAL (float32 VEC3) and COLOR_0 (float32 VEC3 in 0–1) when present, and
 * uint32 indices (mode TRIANGLES; a mesh without faces is written as POINTS without indices).
 * Layout per the spec: 12-byte header (magic "glTF", version 2, total length), a JSON chunk
 * padded with spaces to 4 bytes, a BIN chunk padded with zeros to 4 bytes; every buffer view
 * starts on a 4-byte boundary.
 */
import type { Mesh } from '../geometry/Mesh.ts';
import { assertEncodable } from './geometryChecks.ts';

const GLB_MAGIC = 0x46546c67; // "glTF" read as little-endian uint32
const CHUNK_JSON = 0x4e4f534a; // "JSON"
const CHUNK_BIN = 0x004e4942; // "BIN\0"
const FLOAT = 5126,
  UNSIGNED_INT = 5125;
const ARRAY_BUFFER = 34962,
  ELEMENT_ARRAY_BUFFER = 34963;

/**
 * Encodes a mesh as GLB.
 * @throws RangeError for inconsistent input (see `assertEncodable`).
 */
export function encodeGlb(mesh: Mesh): Uint8Array {
  assertEncodable(mesh);
  const p = mesh.positions,
    nv = p.length / 3;
  const hasFaces = mesh.faces.length > 0;

  const min = [Infinity, Infinity, Infinity],
    max = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < nv; i++) {
    for (let k = 0; k < 3; k++) {
      const v = p[3 * i + k];
      if (v < min[k]) min[k] = v;
      if (v > max[k]) max[k] = v;
    }
  }
  if (nv === 0) {
    min.fill(0);
    max.fill(0);
  }

  // Binary blocks, each a multiple of 4 bytes long, so every view stays 4-byte aligned.
  const blocks: Uint8Array[] = [];
  const bufferViews: object[] = [];
  const accessors: object[] = [];
  let offset = 0;
  const addView = (bytes: Uint8Array, target: number): number => {
    bufferViews.push({ buffer: 0, byteOffset: offset, byteLength: bytes.byteLength, target });
    blocks.push(bytes);
    offset += bytes.byteLength; // multiple of 4: float32 / uint32 data
    return bufferViews.length - 1;
  };
  const asBytes = (a: Float32Array | Uint32Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

  const attributes: Record<string, number> = {};
  attributes.POSITION =
    accessors.push({
      bufferView: addView(asBytes(p), ARRAY_BUFFER),
      componentType: FLOAT,
      count: nv,
      type: 'VEC3',
      min,
      max,
    }) - 1;
  if (mesh.normals) {
    attributes.NORMAL =
      accessors.push({ bufferView: addView(asBytes(mesh.normals), ARRAY_BUFFER), componentType: FLOAT, count: nv, type: 'VEC3' }) - 1;
  }
  if (mesh.colors) {
    const c = new Float32Array(mesh.colors.length);
    for (let i = 0; i < c.length; i++) c[i] = mesh.colors[i] / 255;
    attributes.COLOR_0 =
      accessors.push({ bufferView: addView(asBytes(c), ARRAY_BUFFER), componentType: FLOAT, count: nv, type: 'VEC3' }) - 1;
  }
  const primitive: Record<string, unknown> = { attributes, mode: hasFaces ? 4 : 0 };
  if (hasFaces) {
    primitive.indices =
      accessors.push({
        bufferView: addView(asBytes(mesh.faces), ELEMENT_ARRAY_BUFFER),
        componentType: UNSIGNED_INT,
        count: mesh.faces.length,
        type: 'SCALAR',
      }) - 1;
  }
  const gltf = {
    asset: { version: '2.0', generator: 'pointocc' },
    scene: 0,
    scenes: [{ nodes: [0] }],
    nodes: [{ mesh: 0 }],
    meshes: [{ primitives: [primitive] }],
    buffers: [{ byteLength: offset }],
    bufferViews,
    accessors,
  };
  const jsonRaw = new TextEncoder().encode(JSON.stringify(gltf));
  const jsonLen = pad4(jsonRaw.length),
    binLen = pad4(offset);
  const total = 12 + 8 + jsonLen + 8 + binLen;
  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, GLB_MAGIC, true);
  dv.setUint32(4, 2, true);
  dv.setUint32(8, total, true);
  dv.setUint32(12, jsonLen, true);
  dv.setUint32(16, CHUNK_JSON, true);
  out.set(jsonRaw, 20);
  out.fill(0x20, 20 + jsonRaw.length, 20 + jsonLen); // JSON padding: spaces
  const binHeader = 20 + jsonLen;
  dv.setUint32(binHeader, binLen, true);
  dv.setUint32(binHeader + 4, CHUNK_BIN, true);
  let o = binHeader + 8;
  for (const b of blocks) {
    out.set(b, o);
    o += b.byteLength;
  } // BIN padding stays zero
  return out;
}

function pad4(n: number): number {
  return (n + 3) & ~3;
}
