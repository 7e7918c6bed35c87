import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePly, encodePly, parsePlyHeader } from '../../src/io/ply.ts';
import { fixtureBytes, bbox, assertClose, assertUnitNormals, expectInputError, concatBytes, text, maxAbsDiff } from './helpers.ts';

/** Residual of the torus equation (√(x²+y²) − R)² + z² − r², for R = 0.3, r = 0.1 about z. */
function torusResidual(p: Float32Array): number {
  let m = 0;
  for (let i = 0; i < p.length; i += 3) {
    const d = Math.hypot(p[i], p[i + 1]) - 0.3;
    m = Math.max(m, Math.abs(Math.hypot(d, p[i + 2]) - 0.1));
  }
  return m;
}

/** Number of undirected edges and whether each is shared by exactly two faces. */
function edgeStats(f: Uint32Array): { edges: number; closed: boolean } {
  const uses = new Map<string, number>();
  for (let t = 0; t < f.length; t += 3) {
    for (let e = 0; e < 3; e++) {
      const a = f[t + e],
        b = f[t + ((e + 1) % 3)];
      const k = a < b ? `${a},${b}` : `${b},${a}`;
      uses.set(k, (uses.get(k) ?? 0) + 1);
    }
  }
  return { edges: uses.size, closed: [...uses.values()].every((u) => u === 2) };
}

for (const name of ['torus_binary.ply', 'torus_ascii.ply']) {
  test(`${name}: 288 vertices and 576 triangles of the R=0.3, r=0.1 torus, closed, with unit normals and colours`, () => {
    const m = parsePly(fixtureBytes(name), name);
    assert.equal(m.positions.length / 3, 288);
    assert.equal(m.faces.length / 3, 576);
    assert.ok(torusResidual(m.positions) < 2e-6, `torus residual ${torusResidual(m.positions)}`);
    const b = bbox(m.positions);
    for (const [k, lim] of [
      [0, 0.4],
      [1, 0.4],
      [2, 0.1],
    ] as const) {
      assertClose(b.min[k], -lim, 1e-6, `min[${k}]`);
      assertClose(b.max[k], lim, 1e-6, `max[${k}]`);
    }
    // A closed torus: every edge in two faces, Euler characteristic V − E + F = 0.
    const e = edgeStats(m.faces);
    assert.ok(e.closed);
    assert.equal(288 - e.edges + 576, 0);
    assert.ok(m.normals);
    assertUnitNormals(m.normals, 1e-5);
    // Normals point away from the tube's centre circle.
    for (let i = 0; i < 288; i++) {
      const x = m.positions[3 * i],
        y = m.positions[3 * i + 1],
        z = m.positions[3 * i + 2];
      const s = 0.3 / Math.hypot(x, y);
      const dx = (x - s * x) / 0.1,
        dy = (y - s * y) / 0.1,
        dz = z / 0.1;
      assert.ok(dx * m.normals[3 * i] + dy * m.normals[3 * i + 1] + dz * m.normals[3 * i + 2] > 0.95);
    }
    assert.deepEqual([...m.colors!.subarray(0, 3)], [204, 51, 26]);
  });
}

test('torus_binary.ply and torus_ascii.ply agree (ascii prints 6 significant digits)', () => {
  const a = parsePly(fixtureBytes('torus_binary.ply'), 'a'),
    b = parsePly(fixtureBytes('torus_ascii.ply'), 'b');
  assert.ok(maxAbsDiff(a.positions, b.positions) < 1e-6);
  assert.deepEqual(a.faces, b.faces);
  assert.ok(maxAbsDiff(a.normals!, b.normals!) < 1e-5);
});

for (const name of ['sphere_points_ascii.ply', 'sphere_points_binary.ply', 'sphere_points_double_be.ply']) {
  test(`${name}: 500 points at distance 0.4 from the origin, no faces`, () => {
    const m = parsePly(fixtureBytes(name), name);
    assert.equal(m.positions.length / 3, 500);
    assert.equal(m.faces.length, 0);
    for (let i = 0; i < 1500; i += 3) assertClose(Math.hypot(m.positions[i], m.positions[i + 1], m.positions[i + 2]), 0.4, 1e-6);
  });
}

test('header: format, elements, properties and list types are parsed; body offset is after end_header', () => {
  const bytes = fixtureBytes('torus_binary.ply');
  const h = parsePlyHeader(bytes, 't');
  assert.equal(h.format, 'binary_little_endian');
  assert.deepEqual(
    h.elements.map((e) => [e.name, e.count]),
    [
      ['vertex', 288],
      ['face', 576],
    ],
  );
  assert.deepEqual(h.elements[1].properties, [{ name: 'vertex_indices', type: 'uint32', countType: 'uint8' }]);
  assert.equal(new TextDecoder().decode(bytes.subarray(h.bodyOffset - 11, h.bodyOffset)), 'end_header\n');
  // Body = 288 vertices × (6 doubles + 3 uchar) + 576 faces × (1 + 3·4).
  assert.equal(bytes.length - h.bodyOffset, 288 * 51 + 576 * 13);
});

// ---- hand-built files: every scalar type, both byte orders, lists of any types

type T =
  | 'char'
  | 'uchar'
  | 'short'
  | 'ushort'
  | 'int'
  | 'uint'
  | 'float'
  | 'double'
  | 'int8'
  | 'uint8'
  | 'int16'
  | 'uint16'
  | 'int32'
  | 'uint32'
  | 'float32'
  | 'float64';
const SIZE: Record<string, number> = {
  char: 1,
  uchar: 1,
  int8: 1,
  uint8: 1,
  short: 2,
  ushort: 2,
  int16: 2,
  uint16: 2,
  int: 4,
  uint: 4,
  int32: 4,
  uint32: 4,
  float: 4,
  float32: 4,
  double: 8,
  float64: 8,
};
function put(dv: DataView, o: number, t: T, v: number, le: boolean): number {
  switch (t) {
    case 'char':
    case 'int8':
      dv.setInt8(o, v);
      break;
    case 'uchar':
    case 'uint8':
      dv.setUint8(o, v);
      break;
    case 'short':
    case 'int16':
      dv.setInt16(o, v, le);
      break;
    case 'ushort':
    case 'uint16':
      dv.setUint16(o, v, le);
      break;
    case 'int':
    case 'int32':
      dv.setInt32(o, v, le);
      break;
    case 'uint':
    case 'uint32':
      dv.setUint32(o, v, le);
      break;
    case 'float':
    case 'float32':
      dv.setFloat32(o, v, le);
      break;
    case 'double':
    case 'float64':
      dv.setFloat64(o, v, le);
      break;
  }
  return o + SIZE[t];
}

/** A binary PLY: a square (4 vertices, one quad face) with given coordinate and list types. */
function squarePly(coord: T, count: T, index: T, le: boolean): Uint8Array {
  const header =
    `ply\nformat binary_${le ? 'little' : 'big'}_endian 1.0\ncomment test\n` +
    `element vertex 4\nproperty ${coord} x\nproperty uchar flag\nproperty ${coord} y\nproperty ${coord} z\n` +
    `element face 1\nproperty list ${count} ${index} vertex_indices\nproperty uchar tag\n` +
    `element edge 2\nproperty int a\nproperty int b\nend_header\n`;
  const pts = [
    [0, 0, 1],
    [2, 0, 1],
    [2, 3, 1],
    [0, 3, 1],
  ];
  const body = new Uint8Array(4 * (3 * SIZE[coord] + 1) + SIZE[count] + 4 * SIZE[index] + 1 + 2 * 8);
  const dv = new DataView(body.buffer);
  let o = 0;
  for (const [x, y, z] of pts) {
    o = put(dv, o, coord, x, le);
    o = put(dv, o, 'uchar', 7, le);
    o = put(dv, o, coord, y, le);
    o = put(dv, o, coord, z, le);
  }
  o = put(dv, o, count, 4, le);
  for (const i of [0, 1, 2, 3]) o = put(dv, o, index, i, le);
  o = put(dv, o, 'uchar', 9, le);
  for (const v of [0, 1, 1, 2]) o = put(dv, o, 'int', v, le);
  assert.equal(o, body.length);
  return concatBytes(header, body);
}

const COORD_TYPES: T[] = [
  'char',
  'uchar',
  'short',
  'ushort',
  'int',
  'uint',
  'float',
  'double',
  'int8',
  'uint8',
  'int16',
  'uint16',
  'int32',
  'uint32',
  'float32',
  'float64',
];
for (const le of [true, false]) {
  test(`binary ${le ? 'little' : 'big'}-endian: every scalar type as coordinates, every integer type as list count/index`, () => {
    const INDEX_TYPES: T[] = ['char', 'uchar', 'short', 'ushort', 'int', 'uint', 'int8', 'uint16', 'uint32'];
    for (const coord of COORD_TYPES) {
      for (const [count, index] of [
        ['uchar', 'int'],
        ['ushort', 'char'],
        ['int', 'ushort'],
        ['uint8', 'uint32'],
      ] as [T, T][]) {
        const m = parsePly(squarePly(coord, count, index, le), 'square.ply');
        assert.deepEqual([...m.positions], [0, 0, 1, 2, 0, 1, 2, 3, 1, 0, 3, 1], `${coord}/${count}/${index}`);
        // The quad is fan-triangulated: (0 1 2), (0 2 3).
        assert.deepEqual([...m.faces], [0, 1, 2, 0, 2, 3]);
      }
    }
    for (const index of INDEX_TYPES) assert.equal(parsePly(squarePly('float', 'uchar', index, le), 's').faces.length, 6);
  });
}

test('ascii: polygons of any size, vertex_index name, list properties in vertices and unknown elements are handled', () => {
  const ply =
    `ply\r\nformat ascii 1.0\r\ncomment CRLF line endings\r\nelement vertex 5\r\nproperty float32 x\r\nproperty float32 y\r\n` +
    `property list uchar int ids\r\nproperty float32 z\r\nproperty float nx\r\nproperty float ny\r\nproperty float nz\r\n` +
    `element material 1\r\nproperty uchar r\r\nelement face 2\r\nproperty list ushort uint vertex_index\r\nend_header\r\n` +
    '0 0 2 5 6 0 0 0 1\r\n1 0 0 0 0 0 1\r\n1 1 1 9 0 0 0 1\r\n0 1 0 0 0 0 1\r\n0.5 2 0 -1e-1 0 0 1\r\n' +
    '200\r\n\r\n5 0 1 2 4 3\r\n3 0 1 2\r\n';
  const m = parsePly(text(ply), 'pent.ply');
  assert.deepEqual([...m.positions], [0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0, 0.5, 2, Math.fround(-0.1)]);
  assert.deepEqual([...m.faces], [0, 1, 2, 0, 2, 4, 0, 4, 3, 0, 1, 2]);
  assert.deepEqual([...m.normals!], [0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1]);
  assert.equal(m.colors, undefined);
});

test('float colours (0–1) become bytes, integer colours are kept', () => {
  const ply =
    'ply\nformat ascii 1.0\nelement vertex 2\nproperty float x\nproperty float y\nproperty float z\n' +
    'property float red\nproperty float green\nproperty float blue\nend_header\n0 0 0 1 0.5 0\n1 1 1 0 0 0.2\n';
  assert.deepEqual([...parsePly(text(ply), 'c.ply').colors!], [255, 128, 0, 0, 0, 51]);
});

// ---- bad input

const bad = (s: string) => text(s);
test('malformed headers are bad-header errors with the line', () => {
  let e = expectInputError(() => parsePly(bad('plyx\nformat ascii 1.0\nend_header\n'), 'a.ply'), 'bad-header', 'a.ply');
  assert.equal(e.line, 1);
  e = expectInputError(() => parsePly(bad('ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\n'), 'b.ply'), 'bad-header', 'b.ply');
  assert.match(e.message, /end_header/);
  e = expectInputError(
    () => parsePly(bad('ply\nformat ascii 1.0\nelement vertex 1\nproperty quad x\nend_header\n0\n'), 'c.ply'),
    'bad-header',
    'c.ply',
  );
  assert.equal(e.line, 4);
  e = expectInputError(() => parsePly(bad('ply\nformat binary_middle_endian 1.0\nend_header\n'), 'd.ply'), 'bad-header', 'd.ply');
  assert.equal(e.line, 2);
  e = expectInputError(
    () => parsePly(bad('ply\nformat ascii 1.0\nelement vertex 1\nproperty float x\nproperty float y\nend_header\n0 0\n'), 'e.ply'),
    'bad-header',
    'e.ply',
  );
  assert.match(e.message, /'z'/);
});

test('ascii: a count larger than the remaining lines is rejected before reading; short records and bad numbers give the line', () => {
  const head = 'ply\nformat ascii 1.0\nelement vertex 1000000\nproperty float x\nproperty float y\nproperty float z\nend_header\n';
  const e = expectInputError(() => parsePly(bad(head + '0 0 0\n1 1 1\n'), 'big.ply'), 'count-too-large', 'big.ply');
  assert.equal(e.line, 3);
  const h3 = head.replace('1000000', '3');
  const t = expectInputError(() => parsePly(bad(h3 + '0 0 0\n1 1 1\n'), 't.ply'), 'truncated', 't.ply');
  assert.ok(t.line !== undefined);
  const v = expectInputError(() => parsePly(bad(h3 + '0 0 0\n1 1\n2 2 2\n'), 'v.ply'), 'bad-value', 'v.ply');
  assert.equal(v.line, 9);
  const w = expectInputError(() => parsePly(bad(h3 + '0 0 0\n1 x 1\n2 2 2\n'), 'w.ply'), 'bad-value', 'w.ply');
  assert.equal(w.line, 9);
  assert.match(w.message, /'x'/);
});

test('binary: a face index out of range or negative is an error with its byte offset', () => {
  const good = squarePly('float', 'uchar', 'int', true);
  const h = parsePlyHeader(good, 'x');
  const faceStart = h.bodyOffset + 4 * 13;
  const b = good.slice();
  new DataView(b.buffer).setInt32(faceStart + 1 + 2 * 4, 4, true); // third index → 4 (only 0..3 exist)
  const e = expectInputError(() => parsePly(b, 'oob.ply'), 'index-out-of-range', 'oob.ply');
  assert.equal(e.offset, faceStart + 1 + 2 * 4);
  new DataView(b.buffer).setInt32(faceStart + 1 + 2 * 4, -1, true);
  expectInputError(() => parsePly(b, 'neg.ply'), 'index-out-of-range', 'neg.ply');
});

test('binary: a file cut inside the face list is truncated, naming the record', () => {
  const good = squarePly('float', 'uchar', 'int', true);
  const h = parsePlyHeader(good, 'x');
  const cut = good.slice(0, h.bodyOffset + 4 * 13 + 1 + 8 + 1 + 16); // enough bytes overall, but…
  // …the pre-check counts the face's minimum (1 + 3·4) and the edges (8 each): with 1 byte too few it must fail.
  const e = expectInputError(() => parsePly(cut.slice(0, cut.length - 2), 'cut.ply'), 'truncated', 'cut.ply');
  assert.ok(e.offset !== undefined);
  // A list longer than the data left: count says 200 indices.
  const b = good.slice();
  b[h.bodyOffset + 4 * 13] = 200;
  const e2 = expectInputError(() => parsePly(b, 'long.ply'), 'truncated', 'long.ply');
  assert.match(e2.message, /record 1 of 1 of element 'face'/);
});

test('a face with fewer than 3 vertices is a bad-value error', () => {
  const ply =
    'ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nproperty float y\nproperty float z\nelement face 1\nproperty list uchar int vertex_indices\nend_header\n0 0 0\n1 0 0\n0 1 0\n2 0 1\n';
  const e = expectInputError(() => parsePly(text(ply), 'f2.ply'), 'bad-value', 'f2.ply');
  assert.equal(e.line, 13);
});

// ---- writer

const MESH = {
  positions: new Float32Array([0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1.5, -0.1, 1e-7, 123456.79]),
  faces: new Uint32Array([0, 2, 1, 0, 1, 3, 1, 2, 3, 0, 3, 2, 2, 3, 4]),
  normals: new Float32Array([0, 0, -1, 1, 0, 0, 0, 1, 0, 0.6, 0, 0.8, 0, 0, 1]),
  colors: new Uint8Array([0, 1, 2, 250, 251, 252, 9, 99, 199, 1, 1, 1, 255, 0, 128]),
};

for (const ascii of [false, true]) {
  test(`encodePly ${ascii ? 'ascii' : 'binary'} → parsePly gives back the exact arrays`, () => {
    const bytes = encodePly(MESH, { ascii });
    const h = parsePlyHeader(bytes, 'x');
    assert.equal(h.format, ascii ? 'ascii' : 'binary_little_endian');
    if (!ascii) assert.equal(bytes.length - h.bodyOffset, 5 * (12 + 12 + 3) + 5 * 13);
    const m = parsePly(bytes, 'rt.ply');
    assert.deepEqual(m.positions, MESH.positions);
    assert.deepEqual(m.faces, MESH.faces);
    assert.deepEqual(m.normals, MESH.normals);
    assert.deepEqual(m.colors, MESH.colors);
    // A point cloud has no face element.
    const c = parsePly(encodePly({ positions: MESH.positions }, { ascii }), 'pc.ply');
    assert.deepEqual(c.positions, MESH.positions);
    assert.equal(c.faces.length, 0);
    assert.equal(c.normals, undefined);
  });
}

test('encodePly refuses a face index out of range (RangeError, before producing bytes)', () => {
  assert.throws(() => encodePly({ positions: new Float32Array(9), faces: new Uint32Array([0, 1, 3]) }), RangeError);
});

test('a header longer than the first decoded block (64 KiB of comments) is still found', () => {
  const comments = 'comment ' + 'x'.repeat(70) + '\n';
  const head =
    'ply\nformat binary_little_endian 1.0\n' +
    comments.repeat(1000) +
    'element vertex 1\nproperty float x\nproperty float y\nproperty float z\nend_header\n';
  const body = new Uint8Array(12);
  new DataView(body.buffer).setFloat32(8, 2.5, true);
  const m = parsePly(concatBytes(head, body), 'long.ply');
  assert.deepEqual([...m.positions], [0, 0, 2.5]);
  // end_header (and its newline) at every position across the 65536-byte boundary.
  const tail = 'element vertex 1\nproperty float x\nproperty float y\nproperty float z\nend_header\n';
  for (let pad = -16; pad <= 16; pad++) {
    const fill = 65536 + pad - ('ply\nformat binary_little_endian 1.0\n'.length + tail.length + 'comment \n'.length);
    const h = 'ply\nformat binary_little_endian 1.0\ncomment ' + 'y'.repeat(fill) + '\n' + tail;
    assert.deepEqual([...parsePly(concatBytes(h, body), 'edge.ply').positions], [0, 0, 2.5], `pad ${pad}`);
  }
});
