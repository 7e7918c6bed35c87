import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseMesh, parsePointCloud, encodeMesh, encodePointCloud } from '../../src/io/codec.ts';
import { fixtureBytes } from './helpers.ts';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src/io');

test('codec.ts and everything it imports are browser-safe (no node: or fs imports)', () => {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const src = readFileSync(file, 'utf8');
    for (const m of src.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm)) {
      const spec = m[1];
      assert.ok(!spec.startsWith('node:') && !['fs', 'path', 'os', 'fs/promises'].includes(spec), `${file} imports ${spec}`);
      if (spec.startsWith('.')) visit(join(dirname(file), spec));
    }
  };
  visit(join(SRC, 'codec.ts'));
  assert.ok(seen.size >= 10, `followed ${seen.size} files`);
});

test('parse → encode → parse on bytes alone, as the web app does', () => {
  const mesh = parseMesh(fixtureBytes('torus.obj'), 'upload.obj');
  for (const fmt of ['ply', 'obj', 'off'] as const) {
    const back = parseMesh(encodeMesh(mesh, fmt), `download.${fmt}`);
    assert.deepEqual(back.positions, mesh.positions, fmt);
    assert.deepEqual(back.faces, mesh.faces, fmt);
  }
  const cloud = parsePointCloud(fixtureBytes('sphere_points_comma.csv'), 'upload.csv');
  assert.deepEqual(parsePointCloud(encodePointCloud(cloud, 'npy'), 'x.npy').positions, cloud.positions);
});
