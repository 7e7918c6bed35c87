import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../../src/nn/engine/Engine.ts';
import { Tape } from '../../../src/nn/engine/Tape.ts';
import { Random } from '../../../src/geometry/Random.ts';
import { PcnnOcc } from '../../../src/nn/models/pcnnOcc/PcnnOcc.ts';
import { defaultPcnnOccConfig } from '../../../src/nn/models/pcnnOcc/PcnnOccConfig.ts';
import {
  saveModel,
  loadModel,
  loadOccupancyNet,
  loadOccupancyNetFromBytes,
  readOccupancyNetConfig,
} from '../../../src/nn/serve/modelIo.ts';
import { OnetOcc } from '../../../src/nn/models/onet/OnetOcc.ts';
import { validateOnetConfig } from '../../../src/nn/models/onet/OnetConfig.ts';
import { saveOnetModel } from '../../../src/nn/serve/onetModelIo.ts';
import { UsageError, InputError } from '../../../src/errors.ts';

const tiny = {
  ...defaultPcnnOccConfig(),
  inputPoints: 64,
  levelSizes: [48, 24, 8],
  widths: [4, 5, 6, 7, 6, 5, 4],
  hidden: 9,
  sigmaFactor: [0.5, 0.6, 0.7, 0.8],
  threshold: 0.37,
  trainedOn: 'unit test',
};

function cloud(n: number, rng: Random): Float32Array {
  return Float32Array.from({ length: 3 * n }, () => rng.uniform(-0.4, 0.4));
}

test('save → load: identical config, identical bytes of every parameter, identical logits', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pointocc-model-'));
  try {
    const e1 = await Engine.create();
    const a = new PcnnOcc(e1, tiny);
    a.initialize(new Random(7));
    for (const b of a.b)
      b.data.forEach((_, i, arr) => {
        arr[i] = Math.fround(0.1 * Math.cos(i));
      });
    saveModel(dir, a, { metrics: { iou: 0.5 } });
    assert.deepEqual(readdirSync(dir).sort(), ['config.json', 'metrics.json', 'weights.safetensors']);
    const e2 = await Engine.create();
    const b = loadModel(e2, dir);
    assert.deepEqual(b.config, a.config);
    for (let i = 0; i < a.params.length; i++) {
      assert.equal(b.params[i].name, a.params[i].name);
      assert.deepEqual(b.params[i].shape, a.params[i].shape);
      assert.deepEqual(
        Buffer.from(b.params[i].data.buffer, b.params[i].data.byteOffset, b.params[i].data.byteLength),
        Buffer.from(a.params[i].data.buffer, a.params[i].data.byteOffset, a.params[i].data.byteLength),
        a.params[i].name,
      );
    }
    const rng = new Random(8);
    const input = cloud(64, rng),
      queries = cloud(100, rng);
    const run = (m: PcnnOcc): Float32Array => {
      const mk = m.engine.mark();
      const out = m.forward(new Tape(m.engine, false), m.prepare(input, queries)).toArray();
      m.engine.release(mk);
      return out;
    };
    assert.deepEqual(run(b), run(a));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('weights.safetensors is standard: u64 header length, JSON header, F32 tensors, metadata with format version', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pointocc-model-'));
  try {
    const e = await Engine.create();
    const m = new PcnnOcc(e, tiny);
    m.initialize(new Random(1));
    saveModel(dir, m);
    const bytes = readFileSync(join(dir, 'weights.safetensors'));
    const n = Number(bytes.readBigUInt64LE(0));
    assert.equal(n % 8, 0);
    const header = JSON.parse(bytes.subarray(8, 8 + n).toString('utf8'));
    assert.equal(header.__metadata__.format, 'pointocc-model');
    assert.equal(header.__metadata__.formatVersion, '1');
    let total = 0;
    for (const p of m.params) {
      const h = header[p.name];
      assert.equal(h.dtype, 'F32');
      assert.deepEqual(h.shape, p.shape);
      const [b0, b1] = h.data_offsets;
      assert.equal(b1 - b0, 4 * p.size);
      // raw little-endian float32 at the stated offset
      const raw = bytes.subarray(8 + n + b0, 8 + n + b1);
      assert.equal(raw.readFloatLE(0), p.data[0]);
      assert.equal(raw.readFloatLE(raw.length - 4), p.data[p.size - 1]);
      total += b1 - b0;
    }
    assert.equal(bytes.length, 8 + n + total);
    assert.equal(Object.keys(header).length, m.params.length + 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('load errors: missing dir, bad config, missing or mismatched tensors', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pointocc-model-'));
  try {
    const e = await Engine.create();
    assert.throws(() => loadModel(e, join(dir, 'nope')), UsageError);
    const m = new PcnnOcc(e, tiny);
    saveModel(dir, m);
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ ...tiny, hidden: 10 }));
    assert.throws(
      () => loadModel(e, dir),
      (err: unknown) => err instanceof InputError && /fc1\.W.*shape/.test(err.message),
    );
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ ...tiny, widths: [1] }));
    assert.throws(
      () => loadModel(e, dir),
      (err: unknown) => err instanceof UsageError && /widths/.test(err.message),
    );
    writeFileSync(join(dir, 'config.json'), '{ not json');
    assert.throws(() => loadModel(e, dir), InputError);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('loadOccupancyNet dispatches on config.json method: absent or "pcnn-occ" → PcnnOcc, "onet" → OnetOcc, bit-exact; a method/weights mismatch is refused', async () => {
  const root = mkdtempSync(join(tmpdir(), 'pointocc-anynet-'));
  try {
    const rng = new Random(5);
    const pc = new PcnnOcc(await Engine.create(), tiny);
    pc.initialize(new Random(7));
    const pdir = join(root, 'pcnn');
    saveModel(pdir, pc);
    // an old pcnn-occ folder whose config.json has no "method"
    const pj = JSON.parse(readFileSync(join(pdir, 'config.json'), 'utf8'));
    delete pj.method;
    writeFileSync(join(pdir, 'config.json'), JSON.stringify(pj));
    assert.equal(readOccupancyNetConfig(pdir).method, 'pcnn-occ');
    const pl = loadOccupancyNet(await Engine.create(), pdir);
    assert.ok(pl instanceof PcnnOcc);
    pl.params.forEach((t, i) => assert.deepEqual(t.data, pc.params[i].data));

    const on = new OnetOcc(
      await Engine.create(),
      validateOnetConfig({ encoderHidden: 4, cDim: 3, decoderHidden: 4, blocks: 2, threshold: 0.25 }),
    );
    for (const t of [...on.params, ...on.buffers]) for (let i = 0; i < t.size; i++) t.data[i] = rng.normal();
    const odir = join(root, 'onet');
    saveOnetModel(odir, on);
    const ol = loadOccupancyNet(await Engine.create(), odir);
    assert.ok(ol instanceof OnetOcc);
    assert.equal(ol.config.threshold, 0.25);
    [...ol.params, ...ol.buffers].forEach((t, i) => assert.deepEqual(t.data, [...on.params, ...on.buffers][i].data));
    const fromBytes = loadOccupancyNetFromBytes(
      await Engine.create(),
      readFileSync(join(odir, 'config.json'), 'utf8'),
      new Uint8Array(readFileSync(join(odir, 'weights.safetensors'))),
      'onet',
    );
    assert.ok(fromBytes instanceof OnetOcc);
    const c = cloud(20, rng),
      q = cloud(30, rng);
    assert.deepEqual(fromBytes.evaluate(fromBytes.prepareCloud(c), q), on.evaluate(on.prepareCloud(c), q));

    // ONet weights under a pcnn-occ config (and the reverse) are refused, naming the file
    writeFileSync(join(odir, 'config.json'), JSON.stringify(pj));
    const e3 = await Engine.create();
    assert.throws(
      () => loadOccupancyNet(e3, odir),
      (e: Error) => e instanceof InputError && /weights\.safetensors/.test(e.message),
    );
    assert.throws(
      () => readOccupancyNetConfig(join(root, 'none')),
      (e: Error) => e instanceof UsageError && /not a model directory/.test(e.message),
    );
    writeFileSync(join(odir, 'config.json'), JSON.stringify({ method: 'onet', widths: [1] }));
    assert.throws(
      () => readOccupancyNetConfig(odir),
      (e: Error) => e instanceof UsageError && /widths is not an ONet config field/.test(e.message),
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
