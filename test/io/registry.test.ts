import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  readMesh,
  readPointCloud,
  writeMesh,
  writePointCloud,
  parseMesh,
  encodeMesh,
  DEFAULT_MIN_POINTS,
  type ReadInfo,
} from '../../src/io/registry.ts';
import { InputError, UsageError } from '../../src/errors.ts';
import { FIX, BAD, bbox, maxAbsDiff, assertClose, expectInputError, tempDir } from './helpers.ts';

const f = (n: string) => join(FIX, n);
const b = (n: string) => join(BAD, n);

// What the fixtures README says about every file in fixtures/io.
const MESHES: Record<string, { v: number; t: number }> = {
  'box.obj': { v: 8, t: 12 },
  'cube_quads.obj': { v: 8, t: 12 },
  'tetra_ascii.stl': { v: 4, t: 4 },
  'torus.obj': { v: 288, t: 576 },
  'torus.off': { v: 288, t: 576 },
  'torus_ascii.ply': { v: 288, t: 576 },
  'torus_binary.ply': { v: 288, t: 576 },
  'torus_binary.stl': { v: 288, t: 576 },
};
const CLOUDS = [
  'sphere_points.npy',
  'sphere_points.xyz',
  'sphere_points_ascii.ply',
  'sphere_points_binary.ply',
  'sphere_points_comma.csv',
  'sphere_points_double_be.ply',
  'sphere_points_normals.pcd',
];

test('the tables above cover every file in fixtures/io', () => {
  const files = readdirSync(FIX)
    .filter((n) => n !== 'bad')
    .sort();
  assert.deepEqual(files, [...Object.keys(MESHES), ...CLOUDS].sort());
});

for (const [name, want] of Object.entries(MESHES)) {
  test(`readMesh ${name}: ${want.v} vertices, ${want.t} triangles; readPointCloud gives its vertices`, () => {
    const info: ReadInfo = {};
    const m = readMesh(f(name), { info });
    assert.equal(info.format, name.split('.').pop());
    assert.equal(m.positions.length / 3, want.v);
    assert.equal(m.faces.length / 3, want.t);
    const c = readPointCloud(f(name), { info });
    assert.deepEqual(c.positions, m.positions);
    assert.equal(info.fromMesh, true);
  });
}

for (const name of CLOUDS) {
  test(`readPointCloud ${name}: 500 points at distance 0.4; readMesh says it has no faces`, () => {
    const c = readPointCloud(f(name));
    assert.equal(c.positions.length / 3, 500);
    for (let i = 0; i < 1500; i += 3) assertClose(Math.hypot(c.positions[i], c.positions[i + 1], c.positions[i + 2]), 0.4, 2e-6);
    const e = expectInputError(() => readMesh(f(name)), 'no-geometry', name);
    assert.match(e.message, /no faces/);
  });
}

test('all torus variants agree: same positions (to the 6 printed digits), same triangles', () => {
  const ref = readMesh(f('torus_binary.ply'));
  for (const name of ['torus.obj', 'torus.off', 'torus_ascii.ply']) {
    const m = readMesh(f(name));
    assert.ok(maxAbsDiff(m.positions, ref.positions) < 1e-6, name);
    assert.deepEqual(m.faces, ref.faces, name);
    assert.ok(maxAbsDiff(m.normals!, ref.normals!) < 1e-5, name);
  }
  const stl = readMesh(f('torus_binary.stl'));
  let worst = 0;
  for (let i = 0; i < stl.faces.length; i++) {
    for (let k = 0; k < 3; k++)
      worst = Math.max(worst, Math.abs(stl.positions[3 * stl.faces[i] + k] - ref.positions[3 * ref.faces[i] + k]));
  }
  assert.ok(worst < 1e-6);
  // Analytic bounding box of the torus: x, y ∈ [−0.4, 0.4], z ∈ [−0.1, 0.1].
  const bb = bbox(ref.positions);
  assert.deepEqual(
    bb.min.map((v) => +v.toFixed(5)),
    [-0.4, -0.4, -0.1],
  );
  assert.deepEqual(
    bb.max.map((v) => +v.toFixed(5)),
    [0.4, 0.4, 0.1],
  );
});

test('all sphere_points variants agree point by point', () => {
  const ref = readPointCloud(f('sphere_points.npy'));
  for (const name of CLOUDS) {
    const tol = /\.xyz|\.csv|ascii/.test(name) ? 5.1e-7 : 1e-7; // text files print 6 decimals / digits
    assert.ok(maxAbsDiff(readPointCloud(f(name)).positions, ref.positions) <= tol, name);
  }
});

// ---- the bad fixtures

test('bad/bad_header.ply: bad-header at line 3 (negative count)', () => {
  const e = expectInputError(() => readMesh(b('bad_header.ply')), 'bad-header', 'bad_header.ply');
  assert.equal(e.line, 3);
  assert.match(e.message, /-5/);
});

test('bad/empty.ply: empty', () => {
  expectInputError(() => readMesh(b('empty.ply')), 'empty', 'empty.ply');
  expectInputError(() => readPointCloud(b('empty.ply')), 'empty', 'empty.ply');
});

test('bad/face_index_out_of_range.obj: index-out-of-range at line 4', () => {
  const e = expectInputError(() => readMesh(b('face_index_out_of_range.obj')), 'index-out-of-range', 'face_index_out_of_range.obj');
  assert.equal(e.line, 4);
  assert.match(e.message, /vertex 9/);
});

test('bad/huge_count.ply: 4e9 vertices in a 124-byte file → count-too-large, before any allocation', () => {
  // Allocating 4e9·3 floats would throw a RangeError (or exhaust memory) instead of this error.
  const e = expectInputError(() => readPointCloud(b('huge_count.ply')), 'count-too-large', 'huge_count.ply');
  assert.match(e.message, /4000000000/);
  assert.equal(e.offset, 124);
});

test('bad/nan_points.xyz: invalid-coordinates naming the count and the first line; dropInvalid drops them', () => {
  const e = expectInputError(() => readPointCloud(b('nan_points.xyz')), 'invalid-coordinates', 'nan_points.xyz');
  assert.match(e.message, /2 of 4 points/);
  assert.equal(e.line, 2);
  const info: ReadInfo = {};
  const c = readPointCloud(b('nan_points.xyz'), { dropInvalid: true, info });
  assert.equal(info.dropped, 2);
  assert.deepEqual([...c.positions], [0, 0, 0, 0.1, 0.2, 0.3].map(Math.fround));
});

test('bad/not_a_mesh.obj: no-geometry (no vertices)', () => {
  const e = expectInputError(() => readMesh(b('not_a_mesh.obj')), 'no-geometry', 'not_a_mesh.obj');
  assert.match(e.message, /no vertices/);
});

test('bad/one_point.xyz: too-few-points by default (minPoints 2) and for reconstruction; readable with minPoints 1', () => {
  assert.equal(DEFAULT_MIN_POINTS, 2);
  let e = expectInputError(() => readPointCloud(b('one_point.xyz')), 'too-few-points', 'one_point.xyz');
  assert.match(e.message, /1 point; at least 2/);
  e = expectInputError(() => readPointCloud(b('one_point.xyz'), { minPoints: 300 }), 'too-few-points', 'one_point.xyz');
  assert.match(e.message, /at least 300/);
  assert.deepEqual([...readPointCloud(b('one_point.xyz'), { minPoints: 1 }).positions], [0.1, 0.2, 0.3].map(Math.fround));
});

test('bad/truncated.ply: truncated with a byte offset', () => {
  const e = expectInputError(() => readMesh(b('truncated.ply')), 'truncated', 'truncated.ply');
  assert.ok(e.offset !== undefined);
});

test('every bad fixture is covered above and fails both readers with an InputError', () => {
  assert.deepEqual(readdirSync(BAD).sort(), [
    'bad_header.ply',
    'empty.ply',
    'face_index_out_of_range.obj',
    'huge_count.ply',
    'nan_points.xyz',
    'not_a_mesh.obj',
    'one_point.xyz',
    'truncated.ply',
  ]);
  for (const n of readdirSync(BAD)) {
    assert.throws(() => readMesh(b(n)), InputError, n);
    assert.throws(() => readPointCloud(b(n)), InputError, n);
  }
});

test('a missing file is not-found; dropInvalid counts NaN vertices of a mesh read as a cloud too', () => {
  expectInputError(() => readMesh(join(FIX, 'nope.ply')), 'not-found', 'nope.ply');
  const dir = tempDir();
  writeFileSync(join(dir, 'm.obj'), 'v 0 0 0\nv 1 0 0\nv nan 1 0\nv 0 0 1\nf 1 2 4\n');
  expectInputError(() => readMesh(join(dir, 'm.obj')), 'invalid-coordinates', 'm.obj');
  const info: ReadInfo = {};
  assert.equal(readPointCloud(join(dir, 'm.obj'), { dropInvalid: true, info }).positions.length, 9);
  assert.equal(info.dropped, 1);
});

// ---- sniffing

test('content beats a lying or missing extension', () => {
  const dir = tempDir();
  const cases: [string, string, 'mesh' | 'cloud', string][] = [
    ['torus_binary.ply', 'torus.xyz', 'mesh', 'ply'],
    ['box.obj', 'box', 'mesh', 'obj'],
    ['torus.off', 'torus.obj', 'mesh', 'off'],
    ['tetra_ascii.stl', 'tetra.ply', 'mesh', 'stl'],
    ['torus_binary.stl', 'torus_stl', 'mesh', 'stl'],
    ['sphere_points.npy', 'points.dat', 'cloud', 'npy'],
    ['sphere_points.xyz', 'points', 'cloud', 'xyz'],
    ['sphere_points.xyz', 'points.obj', 'cloud', 'xyz'],
    ['sphere_points_normals.pcd', 'points.txt', 'cloud', 'pcd'],
    ['sphere_points_double_be.ply', 'be.npy', 'cloud', 'ply'],
  ];
  for (const [src, dst, kind, fmt] of cases) {
    copyFileSync(f(src), join(dir, dst));
    const info: ReadInfo = {};
    if (kind === 'mesh') assert.ok(readMesh(join(dir, dst), { info }).faces.length > 0);
    else assert.equal(readPointCloud(join(dir, dst), { info }).positions.length, 1500);
    assert.equal(info.format, fmt, `${src} saved as ${dst}`);
  }
  // An OBJ saved as .xyz is still an OBJ.
  copyFileSync(f('box.obj'), join(dir, 'box.xyz'));
  assert.equal(readMesh(join(dir, 'box.xyz')).faces.length, 36);
  writeFileSync(join(dir, 'mystery'), 'hello\nworld\n');
  expectInputError(() => readPointCloud(join(dir, 'mystery')), 'unknown-format', 'mystery');
  // parseMesh on raw bytes with a hint.
  assert.equal(parseMesh(new TextEncoder().encode('v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n'), 'blob', 'obj').faces.length, 3);
});

// ---- writers through the registry

const TORUS = () => readMesh(f('torus_binary.ply'));

for (const [ext, ascii] of [
  ['ply', false],
  ['ply', true],
  ['obj', false],
  ['off', false],
] as const) {
  test(`writeMesh .${ext}${ascii ? ' ascii' : ''} → readMesh: same counts, positions, faces, normals, colours`, () => {
    const mesh = TORUS();
    const path = join(tempDir(), `out.${ext}`);
    writeMesh(path, mesh, { ascii });
    const back = readMesh(path);
    assert.deepEqual(back.positions, mesh.positions);
    assert.deepEqual(back.faces, mesh.faces);
    assert.deepEqual(back.normals, mesh.normals);
    assert.deepEqual(back.colors, mesh.colors);
  });
}

test('writeMesh .stl → readMesh: every triangle has the same corners', () => {
  const mesh = TORUS();
  const path = join(tempDir(), 'out.stl');
  writeMesh(path, mesh);
  const back = readMesh(path);
  assert.equal(back.faces.length, mesh.faces.length);
  assert.equal(back.positions.length, mesh.positions.length);
  for (let i = 0; i < mesh.faces.length; i++) {
    for (let k = 0; k < 3; k++) assert.equal(back.positions[3 * back.faces[i] + k], mesh.positions[3 * mesh.faces[i] + k]);
  }
});

test('writeMesh .glb writes the GLB bytes (checked in glb.test.ts); reading GLB is reported as unsupported', () => {
  const mesh = TORUS();
  const path = join(tempDir(), 'out.glb');
  writeMesh(path, mesh);
  expectInputError(() => readMesh(path), 'unsupported', 'out.glb');
  assert.deepEqual(new Uint8Array(encodeMesh(mesh, 'glb')), new Uint8Array(readFileSync(path)));
});

for (const [ext, ascii] of [
  ['ply', false],
  ['ply', true],
  ['xyz', false],
  ['csv', false],
  ['npy', false],
  ['txt', false],
] as const) {
  test(`writePointCloud .${ext}${ascii ? ' ascii' : ''} → readPointCloud: same points and normals`, () => {
    const cloud = readPointCloud(f('sphere_points_normals.pcd'));
    const path = join(tempDir(), `out.${ext}`);
    writePointCloud(path, cloud, { ascii });
    const back = readPointCloud(path);
    assert.deepEqual(back.positions, cloud.positions);
    assert.deepEqual(back.normals, cloud.normals);
  });
}

// ---- atomicity

test('a writer that fails leaves neither the file nor a temporary file', () => {
  const dir = tempDir();
  const bad = { positions: new Float32Array([0, 0, 0, 1, 0, 0, 0, 1, 0]), faces: new Uint32Array([0, 1, 2, 0, 2, 3]) };
  for (const ext of ['ply', 'obj', 'off', 'stl', 'glb']) {
    assert.throws(() => writeMesh(join(dir, `bad.${ext}`), bad), RangeError);
  }
  assert.throws(() => writePointCloud(join(dir, 'bad.xyz'), { positions: new Float32Array(4) }), RangeError);
  assert.throws(() => writeMesh(join(dir, 'bad.xyz'), bad), UsageError);
  assert.throws(() => writePointCloud(join(dir, 'bad.obj'), { positions: new Float32Array(3) }), UsageError);
  assert.deepEqual(readdirSync(dir), []);
  // The write itself failing (the target is a directory): the temporary file is removed.
  mkdirSync(join(dir, 'taken.ply'));
  assert.throws(() => writeMesh(join(dir, 'taken.ply'), TORUS()));
  assert.deepEqual(readdirSync(dir), ['taken.ply']);
  assert.deepEqual(readdirSync(join(dir, 'taken.ply')), []);
  assert.ok(!existsSync(join(dir, 'bad.ply')));
});
