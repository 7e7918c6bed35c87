import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseStl, encodeStl, isBinaryStl } from '../../src/io/stl.ts';
import { parsePly } from '../../src/io/ply.ts';
import { checkMesh } from '../../src/geometry/meshChecks.ts';
import { fixtureBytes, expectInputError, text, signedVolume, concatBytes } from './helpers.ts';

test('tetra_ascii.stl: 4 faces welded onto 4 vertices, closed, volume 1/6', () => {
  const m = parseStl(fixtureBytes('tetra_ascii.stl'), 'tetra_ascii.stl');
  assert.equal(m.faces.length / 3, 4);
  assert.equal(m.positions.length / 3, 4);
  const corners = new Set<string>();
  for (let i = 0; i < 12; i += 3) corners.add([...m.positions.subarray(i, i + 3)].join(','));
  assert.deepEqual([...corners].sort(), ['-0.25,-0.25,-0.25', '-0.25,-0.25,0.75', '-0.25,0.75,-0.25', '0.75,-0.25,-0.25']);
  assert.ok(Math.abs(Math.abs(signedVolume(m.positions, m.faces)) - 1 / 6) < 1e-7);
  assert.ok(checkMesh(m).watertight);
});

test('torus_binary.stl: 576 facets welded to the 288 torus vertices; watertight; same triangles as torus_binary.ply', () => {
  const bytes = fixtureBytes('torus_binary.stl');
  assert.ok(isBinaryStl(bytes));
  const m = parseStl(bytes, 'torus_binary.stl');
  assert.equal(m.faces.length / 3, 576);
  assert.equal(m.positions.length / 3, 288);
  assert.ok(checkMesh(m).watertight);
  // Compare triangle by triangle through corner positions (the welded numbering differs).
  const ply = parsePly(fixtureBytes('torus_binary.ply'), 'p');
  let worst = 0;
  for (let t = 0; t < m.faces.length; t++) {
    const a = 3 * m.faces[t],
      b = 3 * ply.faces[t];
    for (let k = 0; k < 3; k++) worst = Math.max(worst, Math.abs(m.positions[a + k] - ply.positions[b + k]));
  }
  assert.ok(worst < 1e-6, `corner mismatch ${worst}`);
});

test('binary detection is by size, not by the word "solid"; ascii STL with several solids and a polygon loop', () => {
  // A binary STL whose header starts with "solid": one triangle.
  const tri = encodeStl({ positions: new Float32Array([0, 0, 0, 1, 0, 0, 0, 1, 0]), faces: new Uint32Array([0, 1, 2]) });
  tri.set(new TextEncoder().encode('solid but binary'), 0);
  const m = parseStl(tri, 'solid.stl');
  assert.deepEqual([...m.positions], [0, 0, 0, 1, 0, 0, 0, 1, 0]);
  const ascii = text(
    'solid a\nfacet normal 0 0 1\nouter loop\nvertex 0 0 0\nvertex 1 0 0\nvertex 1 1 0\nvertex 0 1 0\nendloop\nendfacet\nendsolid a\n' +
      'SOLID b\n FACET NORMAL 0 0 0\n  OUTER LOOP\n   VERTEX 0 0 0\n   VERTEX 0 1 0\n   VERTEX 0 0 1\n  ENDLOOP\n ENDFACET\nENDSOLID b\n',
  );
  const a = parseStl(ascii, 'multi.stl');
  assert.equal(a.faces.length / 3, 3);
  assert.equal(a.positions.length / 3, 5); // (0,0,0) and (0,1,0) shared
});

test('welding treats −0 and +0 as the same position', () => {
  const m = parseStl(
    encodeStl({ positions: new Float32Array([0, 0, 0, 1, 0, 0, 0, 1, 0, -0, -0, -0]), faces: new Uint32Array([0, 1, 2, 3, 2, 1]) }),
    'z.stl',
  );
  assert.equal(m.positions.length / 3, 3);
});

test('bad STL: truncated binary, huge declared count, malformed ascii', () => {
  const tri = encodeStl({ positions: new Float32Array([0, 0, 0, 1, 0, 0, 0, 1, 0]), faces: new Uint32Array([0, 1, 2, 0, 2, 1]) });
  const t = expectInputError(() => parseStl(tri.slice(0, tri.length - 10), 'cut.stl'), 'truncated', 'cut.stl');
  assert.equal(t.offset, 80);
  const huge = tri.slice(0, 134);
  new DataView(huge.buffer).setUint32(80, 100_000_000, true);
  expectInputError(() => parseStl(huge, 'huge.stl'), 'count-too-large', 'huge.stl');
  const e = expectInputError(() => parseStl(text('solid x\nfacet normal 0 0 1\nouter loop\nvertex 0 0\n'), 'v.stl'), 'bad-value', 'v.stl');
  assert.equal(e.line, 4);
  expectInputError(() => parseStl(text('solid x\nfacet normal 0 0 1\nouter loop\nvertex 0 0 0\n'), 'o.stl'), 'truncated', 'o.stl');
  expectInputError(
    () => parseStl(concatBytes('solid x\nfacet normal 0 0 1\nouter loop\nvertex 0 0 0\nvertex 1 0 0\nendloop\n'), 'k.stl'),
    'bad-value',
    'k.stl',
  );
});

test('encodeStl: 84 + 50·F bytes, unit facet normals by the right-hand rule, corners round-trip', () => {
  const mesh = { positions: new Float32Array([0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4]), faces: new Uint32Array([0, 1, 2, 0, 3, 1]) };
  const b = encodeStl(mesh);
  assert.equal(b.length, 84 + 50 * 2);
  assert.notEqual(new TextDecoder().decode(b.subarray(0, 5)).toLowerCase(), 'solid');
  const dv = new DataView(b.buffer);
  assert.equal(dv.getUint32(80, true), 2);
  assert.deepEqual(
    [0, 4, 8].map((o) => dv.getFloat32(84 + o, true)),
    [0, 0, 1],
  ); // (2,0,0)×(0,3,0) ∝ +z
  assert.deepEqual(
    [0, 4, 8].map((o) => dv.getFloat32(134 + o, true)),
    [0, 1, 0],
  ); // (0,0,4)×(2,0,0) ∝ +y
  const m = parseStl(b, 'rt.stl');
  assert.deepEqual([...m.positions], [0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4]);
  assert.deepEqual([...m.faces], [0, 1, 2, 0, 3, 1]);
});
