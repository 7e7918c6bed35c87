import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../../../src/nn/engine/Engine.ts';
import { Tape } from '../../../../src/nn/engine/Tape.ts';
import { OnetOcc } from '../../../../src/nn/models/onet/OnetOcc.ts';
import { validateOnetConfig, defaultOnetConfig, cpuOnetConfig } from '../../../../src/nn/models/onet/OnetConfig.ts';
import { Random } from '../../../../src/geometry/Random.ts';
import { randArray, f32round, fdGradient, relErr } from '../../_fd.ts';
import { onet64, onet64Items, itemMeanCeSum64, type Params64 } from './_onet64.ts';
import { softmaxCrossEntropy } from '../../../../src/nn/ops/softmaxCrossEntropy.ts';

const tiny = validateOnetConfig({ encoderHidden: 4, cDim: 3, decoderHidden: 4, blocks: 2 });

/** Fill every parameter with random values (no zero inits, so every path carries gradient). */
function randomize(model: OnetOcc, rng: Random): Params64 {
  const out: Params64 = {};
  for (const p of model.params) {
    const v = f32round(randArray(rng, p.size, -0.8, 0.8));
    p.data.set(v);
    out[p.name] = v;
  }
  return out;
}

function cloud(rng: Random, n: number): Float32Array {
  return Float32Array.from(randArray(rng, 3 * n, -0.5, 0.5));
}

test('config: defaults are ONet\'s sizes; partial configs are completed; bad fields are usage errors', () => {
  const d = defaultOnetConfig();
  assert.deepEqual([d.encoderHidden, d.cDim, d.decoderHidden, d.blocks, d.threshold, d.method], [512, 512, 256, 5, 0.2, 'onet']);
  assert.deepEqual([cpuOnetConfig().encoderHidden, cpuOnetConfig().cDim, cpuOnetConfig().decoderHidden], [256, 256, 128]);
  assert.deepEqual(validateOnetConfig({}), d);
  assert.equal(validateOnetConfig({ blocks: 2, trainedOn: 'x' }).trainedOn, 'x');
  for (const [bad, re] of [[{ method: 'pcnn-occ' }, /method/], [{ blocks: 0 }, /blocks/], [{ cDim: 2.5 }, /cDim/], [{ threshold: 1 }, /threshold/],
    [{ widths: [1] }, /widths/], [{ version: 2 }, /version/], [[], /object/]] as const) {
    assert.throws(() => validateOnetConfig(bad, 'c.json'), (err: Error) => err.name === 'UsageError' && re.test(err.message) && /c\.json/.test(err.message));
  }
});

test('tiny ONet: forward equals the float64 definition; every parameter gradient matches float64 finite differences; batch statistics go to the buffers', async () => {
  const e = await Engine.create();
  const model = new OnetOcc(e, tiny);
  const rng = new Random(11);
  const p64 = randomize(model, rng);
  const P = 5, Q = 6;
  const input = cloud(rng, P), queries = cloud(rng, Q);
  const names = model.params.map((p) => p.name);
  const f = (ins: Float64Array[]) => onet64(tiny, Object.fromEntries(names.map((n, i) => [n, ins[i]])), input, queries).logits;
  const ins = names.map((n) => p64[n]);
  const ref = onet64(tiny, p64, input, queries);
  const seed = randArray(rng, 2 * Q);

  e.zeroGrad(model.params);
  e.zeroGrad(model.buffers);
  const mark = e.mark();
  const tape = new Tape(e);
  const logits = model.forward(tape, model.prepare(input, queries));
  assert.deepEqual(logits.shape, [Q, 2]);
  assert.ok(relErr(logits.data, ref.logits, 1) < 1e-5, 'forward');
  tape.backward(logits, seed);
  e.release(mark);
  let checked = 0;
  for (let i = 0; i < names.length; i++) {
    const fd = fdGradient(f, ins, i, seed);
    assert.ok(relErr(model.params[i].grad!, fd, 1e-2) < 2e-4, `gradient of ${names[i]}: ${relErr(model.params[i].grad!, fd, 1e-2)}`);
    checked += fd.length;
  }
  assert.equal(checked, model.parameterCount);
  // 2 blocks × 2 + 1 batch norms, each adding (mean, unbiased variance) of its Q rows
  assert.equal(model.buffers.length, 2 * 5);
  for (const [name, s] of ref.stats) {
    const m = model.buffers.find((b) => b.name === `${name}.runningMean`)!, v = model.buffers.find((b) => b.name === `${name}.runningVar`)!;
    assert.ok(relErr(m.grad!, s.mean, 1e-2) < 1e-5, `${name} mean`);
    assert.ok(relErr(v.grad!, s.var, 1e-2) < 1e-5, `${name} var`);
  }
});

test('tiny ONet, forwardItems on 3 items: batch norm over all items\' queries (float64 definition); parameter gradients = finite differences of Σ item mean CE; block statistics × 3 go to the buffers', async () => {
  const e = await Engine.create();
  const model = new OnetOcc(e, tiny);
  const rng = new Random(21);
  const p64 = randomize(model, rng);
  const B = 3, P = 5, Q = 6;
  const inputs = [0, 1, 2].map(() => cloud(rng, P)), queries = [0, 1, 2].map(() => cloud(rng, Q));
  const labels = Uint8Array.from({ length: B * Q }, () => rng.int(2));
  const flat = (a: Float32Array[]) => { const o = new Float32Array(a.reduce((n, x) => n + x.length, 0)); let k = 0; for (const x of a) { o.set(x, k); k += x.length; } return o; };
  const block = { count: B, inputPoints: P, queries: Q, inputs: flat(inputs), queryPoints: flat(queries) };
  const names = model.params.map((p) => p.name);
  const ins = names.map((n) => p64[n]);
  const ref = onet64Items(tiny, p64, inputs, queries);

  e.zeroGrad(model.params);
  e.zeroGrad(model.buffers);
  const mark = e.mark();
  // the batched encoder gives each item the code of the item encoded alone
  const codes = model.encodeItems(new Tape(e, false), e.fromArray([B * P, 3], block.inputs), B);
  assert.deepEqual(codes.shape, [B, tiny.cDim]);
  for (let b = 0; b < B; b++) {
    const one = model.encode(new Tape(e, false), e.fromArray([P, 3], inputs[b]));
    assert.ok(relErr(codes.data.subarray(b * tiny.cDim, (b + 1) * tiny.cDim), one.data, 1) < 1e-6, `code of item ${b}`);
  }
  const tape = new Tape(e);
  const logits = model.forwardItems(tape, block);
  assert.deepEqual(logits.shape, [B * Q, 2]);
  assert.ok(relErr(logits.data, ref.logits, 1) < 1e-5, `forward ${relErr(logits.data, ref.logits, 1)}`);
  // per-item batch norm would differ: the batch statistics really couple the items
  const alone = onet64(tiny, p64, inputs[0], queries[0]).logits;
  assert.ok(relErr(logits.data.subarray(0, 2 * Q), alone, 1) > 1e-3, 'item 0 alone differs');
  const loss = softmaxCrossEntropy(tape, logits, labels);
  assert.ok(Math.abs(loss.data[0] * B - itemMeanCeSum64(ref.logits, labels, Q)) < 1e-5, 'loss × count = Σ item mean CE');
  tape.backward(loss, [B]);
  e.release(mark);
  const f = (x: Float64Array[]) => [itemMeanCeSum64(onet64Items(tiny, Object.fromEntries(names.map((n, i) => [n, x[i]])), inputs, queries).logits, labels, Q)];
  let checked = 0;
  for (let i = 0; i < names.length; i++) {
    const fd = fdGradient(f, ins, i, [1]);
    assert.ok(relErr(model.params[i].grad!, fd, 1e-2) < 2e-4, `gradient of ${names[i]}: ${relErr(model.params[i].grad!, fd, 1e-2)}`);
    checked += fd.length;
  }
  assert.equal(checked, model.parameterCount);
  for (const [name, st] of ref.stats) {
    const m = model.buffers.find((b) => b.name === `${name}.runningMean`)!, v = model.buffers.find((b) => b.name === `${name}.runningVar`)!;
    assert.ok(relErr(m.grad!, st.mean.map((x) => B * x), 1e-2) < 1e-5, `${name} mean`);
    assert.ok(relErr(v.grad!, st.var.map((x) => B * x), 1e-2) < 1e-5, `${name} var`);
  }
});

test('inference path: evaluate normalises with the running statistics (float64 definition) and is invariant to the order of the input points', async () => {
  const e = await Engine.create();
  const cfg = validateOnetConfig({ encoderHidden: 8, cDim: 5, decoderHidden: 6, blocks: 3 });
  const model = new OnetOcc(e, cfg);
  const rng = new Random(12);
  const p64 = randomize(model, rng);
  const running = new Map<string, { mean: Float64Array; var: Float64Array }>();
  for (let i = 0; i < model.buffers.length; i += 2) {
    const mu = f32round(randArray(rng, 6)), v = f32round(randArray(rng, 6, 0.2, 2));
    model.buffers[i].data.set(mu); model.buffers[i + 1].data.set(v);
    running.set(model.buffers[i].name.replace(/\.runningMean$/, ''), { mean: mu, var: v });
  }
  const P = 40, Q = 4100; // Q crosses the internal chunk of 4096 queries
  const input = cloud(rng, P), queries = cloud(rng, Q);
  const c = model.prepareCloud(input);
  const z = model.evaluate(c, queries);
  model.releaseCloud(c);
  const ref = onet64(cfg, p64, input, queries, running);
  assert.ok(relErr(z, ref.logits, 1) < 1e-5, `evaluate vs float64: ${relErr(z, ref.logits, 1)}`);
  // evaluate is per query: a subset gives the same values
  const c2 = model.prepareCloud(input);
  assert.deepEqual(model.evaluate(c2, queries.subarray(3 * 4095, 3 * 4098)), z.subarray(2 * 4095, 2 * 4098));
  // permuting the input cloud changes nothing (max-pooling over points)
  const perm = new Random(3).shuffle(Array.from({ length: P }, (_, i) => i));
  const shuffled = new Float32Array(3 * P);
  perm.forEach((src, dst) => shuffled.set(input.subarray(3 * src, 3 * src + 3), 3 * dst));
  const c3 = model.prepareCloud(shuffled);
  assert.ok(relErr(model.evaluate(c3, queries), z, 1) < 1e-6, 'evaluate permuted');
  // training forward too
  const mark = e.mark();
  const a = model.forward(new Tape(e, false), model.prepare(input, queries.subarray(0, 300))).toArray();
  const b = model.forward(new Tape(e, false), model.prepare(shuffled, queries.subarray(0, 300))).toArray();
  assert.ok(relErr(b, a, 1) < 1e-6, 'forward permuted');
  e.release(mark);
});

test('initialisation: uniform ±1/√fan_in, ONet\'s zero inits (fc_1 weights, CBN γ = 1 and β = 0), running statistics 0 and 1; same seed, same values', async () => {
  const e = await Engine.create();
  const cfg = validateOnetConfig({ encoderHidden: 16, cDim: 8, decoderHidden: 12, blocks: 2 });
  const model = new OnetOcc(e, cfg);
  model.initialize(new Random(4));
  const get = (n: string) => model.params.find((p) => p.name === n)!.data;
  const zeros = new Set<string>();
  for (const p of model.params) {
    const n = p.name;
    if (/fc_1\.W$|gamma\.W$|beta\.W$|beta\.b$/.test(n)) { assert.ok(p.data.every((v) => v === 0), `${n} zero`); zeros.add(n); continue; }
    if (/gamma\.b$/.test(n)) { assert.ok(p.data.every((v) => v === 1), `${n} one`); continue; }
    // fan-in: the weight's rows (bias: the rows of its layer's weight)
    const fanIn = n.endsWith('.W') ? p.shape[0] : get(n.replace(/\.b$/, '.W')).length / p.size;
    const bound = 1 / Math.sqrt(fanIn);
    let max = 0;
    for (const v of p.data) { assert.ok(Math.abs(v) <= bound, `${n}: ${v} beyond ${bound}`); max = Math.max(max, Math.abs(v)); }
    if (p.size >= 16) assert.ok(max > 0.7 * bound, `${n} spread`);
  }
  assert.equal(zeros.size, 2 + 2 + 5 * 3);
  for (let i = 0; i < model.buffers.length; i++) assert.ok(model.buffers[i].data.every((v) => v === (i % 2 ? 1 : 0)));
  const twin = new OnetOcc(await Engine.create(), cfg);
  twin.initialize(new Random(4));
  model.params.forEach((p, i) => assert.deepEqual(twin.params[i].data, p.data));
});
