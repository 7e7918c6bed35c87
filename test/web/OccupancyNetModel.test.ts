import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../src/nn/engine/Engine.ts';
import { PcnnOcc } from '../../src/nn/models/pcnnOcc/PcnnOcc.ts';
import { Tape } from '../../src/nn/engine/Tape.ts';
import { saveModel } from '../../src/nn/serve/modelIo.ts';
import { defaultPcnnOccConfig } from '../../src/nn/models/pcnnOcc/PcnnOccConfig.ts';
import { Random } from '../../src/geometry/Random.ts';
import { loadModelFromBytes } from '../../src/nn/models/pcnnOcc/modelWeights.ts';
import { OccupancyNetModel } from '../../src/web/OccupancyNetModel.ts';
import { OnetOcc } from '../../src/nn/models/onet/OnetOcc.ts';
import { defaultOnetConfig } from '../../src/nn/models/onet/OnetConfig.ts';
import { saveOnetModel } from '../../src/nn/serve/onetModelIo.ts';
import { loadOccupancyNetFromBytes } from '../../src/nn/models/networks.ts';
import { probability } from '../../src/nn/ops/softmaxCrossEntropy.ts';
import { spherePoints } from '../helpers/sphere.ts';

const CONFIG = {
  ...defaultPcnnOccConfig(),
  inputPoints: 48,
  levelSizes: [32, 16, 8],
  widths: [4, 6, 8, 8, 8, 6, 4],
  hidden: 8,
  threshold: 0.4,
};

/** n points on a sphere of radius r around c (Fibonacci spiral: deterministic, spread out). */
const sphere = (n: number, r: number, c: number[]): Float32Array => spherePoints(n, r, 'fibonacci', { centre: c });

function randomQueries(n: number, rng: Random): Float32Array {
  const q = new Float32Array(3 * n);
  for (let i = 0; i < q.length; i++) q[i] = -0.55 + 1.1 * rng.next();
  return q;
}

/** P(inside) by the training path (prepare + forward on a tape), a different code path from
 *  the inference path (prepareCloud + evaluate) the web model uses. */
function trainingPathProbabilities(net: PcnnOcc, input: Float32Array, queries: Float32Array): Float64Array {
  const e = net.engine;
  const m = e.mark();
  try {
    const logits = net.forward(new Tape(e, false), net.prepare(input, queries)).data;
    const p = new Float64Array(queries.length / 3);
    for (let i = 0; i < p.length; i++) p[i] = 1 / (1 + Math.exp(logits[2 * i] - logits[2 * i + 1]));
    return p;
  } finally {
    e.release(m);
  }
}

test('loadModelFromBytes restores every parameter bit-exactly from the saved files', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pointocc-web-model-'));
  try {
    const saved = new PcnnOcc(await Engine.create(), CONFIG);
    saved.initialize(new Random(3));
    saveModel(dir, saved);
    const loaded = loadModelFromBytes(
      await Engine.create(),
      readFileSync(join(dir, 'config.json'), 'utf8'),
      new Uint8Array(readFileSync(join(dir, 'weights.safetensors'))),
    );
    assert.deepEqual(loaded.config, saved.config);
    assert.equal(loaded.params.length, saved.params.length);
    for (let i = 0; i < saved.params.length; i++) {
      assert.equal(loaded.params[i].name, saved.params[i].name);
      assert.deepEqual(
        new Uint8Array(loaded.params[i].data.slice().buffer),
        new Uint8Array(saved.params[i].data.slice().buffer),
        saved.params[i].name,
      );
    }
    // weights that do not fit the config, and a config that is not JSON
    const wider = JSON.stringify({ ...CONFIG, hidden: 16 });
    const e2 = await Engine.create();
    assert.throws(
      () => loadModelFromBytes(e2, wider, new Uint8Array(readFileSync(join(dir, 'weights.safetensors'))), 'mymodel'),
      /mymodel\/weights\.safetensors: tensor fc1\.W has shape \[\d+, 8\], the config needs \[\d+, 16\]/,
    );
    assert.throws(() => loadModelFromBytes(e2, '{ nope', new Uint8Array(0), 'mymodel'), /mymodel\/config\.json: is not valid JSON/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('OccupancyNetModel on pcnn-occ: P(inside) matches the training forward path, also when alternating between clouds', async () => {
  const net = new PcnnOcc(await Engine.create(), CONFIG);
  net.initialize(new Random(11));
  const model = new OccupancyNetModel(net);
  assert.equal(model.threshold, 0.4);
  assert.equal(model.config.inputPoints, 48);
  const rng = new Random(5);
  const a = sphere(48, 0.35, [0, 0, 0]),
    b = sphere(40, 0.2, [0.1, -0.05, 0.2]);
  const qa = randomQueries(300, rng),
    qb = randomQueries(200, rng);
  const ta = trainingPathProbabilities(net, a, qa),
    tb = trainingPathProbabilities(net, b, qb);
  const fa = model.bind(a),
    fb = model.bind(b);
  // a, b, a, b: both stay prepared (HeldClouds); each gives its own training-path values
  for (let round = 0; round < 2; round++) {
    for (const [f, q, t] of [
      [fa, qa, ta],
      [fb, qb, tb],
    ] as const) {
      const p = await f(q);
      assert.equal(p.length, t.length);
      let maxErr = 0;
      for (let i = 0; i < p.length; i++) maxErr = Math.max(maxErr, Math.abs(p[i] - t[i]));
      assert.ok(maxErr < 1e-5, `round ${round}: max |ΔP| ${maxErr}`);
    }
  }
  // batches of one cloud reuse the prepared state and give the same values as one call
  const whole = model.predict(a, qa);
  const parts = [model.predict(a, qa.subarray(0, 150)), model.predict(a, qa.subarray(150))];
  assert.deepEqual(Array.from(whole), [...parts[0], ...parts[1]]);
  // release frees the arena: a fresh prepare lands at the same place and memory does not grow
  model.release();
  const pages = net.engine.memory.buffer.byteLength;
  for (let k = 0; k < 5; k++) {
    model.predict(b, qb);
    model.predict(a, qa);
  }
  model.release();
  assert.equal(net.engine.memory.buffer.byteLength, pages);
});

test("the web worker's loader opens an ONet model folder too (by its config.json method); OccupancyNetModel runs it", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pointocc-web-onet-'));
  try {
    const config = { ...defaultOnetConfig(), inputPoints: 40, encoderHidden: 8, cDim: 8, decoderHidden: 8, blocks: 1 };
    const saved = new OnetOcc(await Engine.create(), config);
    saved.initialize(new Random(4));
    saveOnetModel(dir, saved);
    const net = loadOccupancyNetFromBytes(
      await Engine.create(),
      readFileSync(join(dir, 'config.json'), 'utf8'),
      new Uint8Array(readFileSync(join(dir, 'weights.safetensors'))),
      'onet',
    );
    assert.equal(net.config.method, 'onet');
    assert.equal(net.parameterCount, saved.parameterCount);
    const model = new OccupancyNetModel(net);
    assert.equal(model.threshold, saved.config.threshold);
    assert.equal(model.config.inputPoints, 40);
    const input = sphere(40, 0.3, [0, 0, 0]),
      queries = randomQueries(64, new Random(6));
    const cloud = saved.prepareCloud(input);
    const want = probability(saved.evaluate(cloud, queries));
    saved.releaseCloud(cloud);
    assert.deepEqual(Array.from(model.predict(input, queries)), Array.from(want));
    model.release();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
