import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectAssets, writeAssets, MANIFEST_FILE } from '../../src/web/assetsPlugin.ts';

function fixture(): string {
  const root = mkdtempSync(join(tmpdir(), 'pointocc-web-assets-'));
  mkdirSync(join(root, 'model'));
  writeFileSync(join(root, 'model', 'config.json'), JSON.stringify({ format: 'pointocc-model', trainedOn: 'procshapes' }));
  writeFileSync(join(root, 'model', 'weights.safetensors'), new Uint8Array(1234));
  writeFileSync(join(root, 'model', 'metrics.json'), JSON.stringify({ iou: 0.81, step: 5000, data: '/home/someone/cache' }));
  mkdirSync(join(root, 'ex', 'ground-truth'), { recursive: true });
  writeFileSync(join(root, 'ex', 'chair.xyz'), '0 0 0\n');
  writeFileSync(join(root, 'ex', 'scan.ply'), 'ply\n');
  writeFileSync(join(root, 'ex', 'README.md'), '# not a cloud\n');
  writeFileSync(join(root, 'ex', 'ground-truth', 'chair.ply'), 'ply\n');
  return root;
}

test('collectAssets lists the model (numeric metrics only) and the example clouds with their ground truth', () => {
  const root = fixture();
  try {
    const { manifest, files } = collectAssets({ modelDir: join(root, 'model'), examplesDir: join(root, 'ex') });
    assert.deepEqual(manifest.model, {
      name: 'model',
      config: 'model/config.json',
      weights: 'model/weights.safetensors',
      bytes: 1234,
      trainedOn: 'procshapes',
      metrics: { iou: 0.81, step: 5000 },
    });
    assert.deepEqual(manifest.examples, [
      { name: 'chair', file: 'examples/chair.xyz', bytes: 6, groundTruth: 'examples/ground-truth/chair.ply' },
      { name: 'scan', file: 'examples/scan.ply', bytes: 4 },
    ]);
    assert.deepEqual([...files.keys()].sort(), [
      'examples/chair.xyz',
      'examples/ground-truth/chair.ply',
      'examples/scan.ply',
      'model/config.json',
      'model/weights.safetensors',
    ]);
    // no model folder (not trained yet): model is null, the examples remain
    const none = collectAssets({ modelDir: join(root, 'missing'), examplesDir: join(root, 'ex') });
    assert.equal(none.manifest.model, null);
    assert.equal(none.manifest.examples.length, 2);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('writeAssets copies the files into the site folder and writes the manifest', () => {
  const root = fixture();
  try {
    const out = join(root, 'site');
    const m = writeAssets(out, { modelDir: join(root, 'model'), examplesDir: join(root, 'ex') });
    assert.deepEqual(JSON.parse(readFileSync(join(out, MANIFEST_FILE), 'utf8')), m);
    assert.equal(readFileSync(join(out, 'model', 'weights.safetensors')).length, 1234);
    assert.equal(readFileSync(join(out, 'examples', 'chair.xyz'), 'utf8'), '0 0 0\n');
    assert.ok(existsSync(join(out, 'examples', 'ground-truth', 'chair.ply')));
    assert.ok(!existsSync(join(out, 'examples', 'README.md')));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
