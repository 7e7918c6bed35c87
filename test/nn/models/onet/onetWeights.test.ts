import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../../../src/nn/engine/Engine.ts';
import { compileNnModule } from '../../../../src/nn/engine/loadWasm.ts';
import { OnetOcc } from '../../../../src/nn/models/onet/OnetOcc.ts';
import { validateOnetConfig } from '../../../../src/nn/models/onet/OnetConfig.ts';
import { saveOnetModel, loadOnetModel } from '../../../../src/nn/serve/onetModelIo.ts';
import { loadOnetFromBytes } from '../../../../src/nn/models/onet/onetWeights.ts';
import { decodeSafetensors } from '../../../../src/io/safetensors.ts';
import { Random } from '../../../../src/geometry/Random.ts';

const module = await compileNnModule();
const fresh = (): Engine => Engine.fromModule(module);
const cfg = validateOnetConfig({ encoderHidden: 6, cDim: 4, decoderHidden: 5, blocks: 2, threshold: 0.3, trainedOn: 'spheres' });

test('save/load round trip is bit-exact for parameters and buffers (running statistics); mismatched files are refused', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pointocc-onet-'));
  try {
    const model = new OnetOcc(fresh(), cfg);
    const rng = new Random(8);
    // arbitrary bit patterns, including a subnormal and a negative zero
    for (const t of [...model.params, ...model.buffers]) for (let i = 0; i < t.size; i++) t.data[i] = rng.normal() * 10 ** rng.int(6);
    model.buffers[0].data[0] = 1e-40;
    model.params[0].data[0] = -0;
    saveOnetModel(dir, model, { metrics: { iou: 0.5 } });
    const cj = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
    assert.equal(cj.method, 'onet');
    assert.equal(cj.trainedOn, 'spheres');
    const { tensors, metadata } = decodeSafetensors(new Uint8Array(readFileSync(join(dir, 'weights.safetensors'))));
    assert.equal(metadata.method, 'onet');
    assert.equal(Object.keys(tensors).length, model.params.length + model.buffers.length);
    assert.deepEqual(tensors['decoder.bn.runningVar'].shape, [5]);

    const again = loadOnetModel(fresh(), dir);
    assert.deepEqual(again.config, model.config);
    const bits = (a: Float32Array) => new Uint32Array(a.buffer.slice(a.byteOffset, a.byteOffset + a.byteLength));
    model.params.forEach((p, i) => assert.deepEqual(bits(again.params[i].data), bits(p.data), p.name));
    model.buffers.forEach((b, i) => assert.deepEqual(bits(again.buffers[i].data), bits(b.data), b.name));
    const fromBytes = loadOnetFromBytes(fresh(), readFileSync(join(dir, 'config.json'), 'utf8'), new Uint8Array(readFileSync(join(dir, 'weights.safetensors'))));
    model.buffers.forEach((b, i) => assert.deepEqual(bits(fromBytes.buffers[i].data), bits(b.data)));

    // a config that does not match the weights
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ ...cj, blocks: 3 }));
    assert.throws(() => loadOnetModel(fresh(), dir), (err: Error) => err.name === 'InputError' && /missing/.test(err.message));
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ ...cj, decoderHidden: 7 }));
    assert.throws(() => loadOnetModel(fresh(), dir), (err: Error) => err.name === 'InputError' && /shape/.test(err.message));
    rmSync(join(dir, 'weights.safetensors'));
    assert.throws(() => loadOnetModel(fresh(), dir), { name: 'UsageError' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

