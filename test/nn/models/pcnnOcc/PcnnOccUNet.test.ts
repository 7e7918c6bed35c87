import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UNET_BLOCKS, UNET_LEVELS, BLOCK_LEVEL, blockInputWidths, checkUNet, walkUNet, type BlockSpec, type UNetSteps, type Stage } from '../../../../src/nn/models/pcnnOcc/PcnnOccUNet.ts';
import { PCNN_OCC_BLOCKS } from '../../../../src/nn/models/pcnnOcc/PcnnOccConfig.ts';
import type { Tensor } from '../../../../src/nn/engine/Tensor.ts';

test('U-Net description: the paper\'s seven blocks (levels, input widths)', () => {
  assert.equal(UNET_BLOCKS.length, PCNN_OCC_BLOCKS);
  assert.equal(UNET_LEVELS, 4);
  assert.deepEqual(BLOCK_LEVEL, [0, 1, 2, 3, 2, 1, 0]);
  assert.deepEqual(UNET_BLOCKS.map((b) => b.dataFlow), [true, true, true, true, true, true, false]);
  // J_k: ones, then each block's width; B6 = up(B5) ++ B3, B7 = up(B6) ++ B2
  const w = [64, 128, 256, 256, 256, 128, 64];
  assert.deepEqual(blockInputWidths(w), [1, w[0], w[1], w[2], w[3], w[4] + w[2], w[5] + w[1]]);
});

test('U-Net description: inputs that do not line up are rejected', () => {
  const ok = UNET_BLOCKS.slice();
  const bad = (k: number, spec: BlockSpec, re: RegExp): void => {
    const blocks = ok.slice();
    blocks[k] = spec;
    assert.throws(() => checkUNet(blocks, UNET_LEVELS), re);
  };
  bad(1, { level: 2, input: { kind: 'pool', from: 0 }, dataFlow: true }, /block 2: reads block 1 on level 0, expected level 1/);
  bad(4, { level: 2, input: { kind: 'upsample', from: [6] }, dataFlow: true }, /does not come before it/);
  bad(2, { level: 1, input: { kind: 'ones' }, dataFlow: true }, /level 0 only/);
  bad(3, { level: 4, input: { kind: 'pool', from: 2 }, dataFlow: true }, /level 4 is not in 0\.\.3/);
  assert.throws(() => checkUNet([...ok.slice(0, 6), { level: 0, input: { kind: 'upsample', from: [5, 1] }, dataFlow: false },
    { level: 1, input: { kind: 'pool', from: 6 }, dataFlow: true }], UNET_LEVELS), /block 8: reads block 7, which has no data flow/);
});

test('walk: blocks in order on the right inputs, stages named as the profile expects', () => {
  // fake tensors: strings standing for what each step made
  const T = (s: string): Tensor => s as unknown as Tensor;
  const calls: string[] = [];
  const steps: UNetSteps = {
    ones: () => { calls.push('ones'); return T('1'); },
    pool: (x, from) => { calls.push(`pool ${x} ${from}→${from + 1}`); return T(`pool(${x})`); },
    upsample: (parts, to) => { calls.push(`up [${parts.join(', ')}] →${to}`); return T(`up(${parts.join('++')})`); },
    block: (k, F, { level, dataFlow }) => { calls.push(`B${k + 1} L${level} on ${F}`); return dataFlow ? T(`o${k + 1}`) : null; },
    afterBlock: (k, data) => { calls.push(`after B${k + 1} ${data}`); },
  };
  const stages: string[] = [];
  const stage: Stage = (name, fn) => { stages.push(name); return fn(); };
  walkUNet(steps, stage);
  assert.deepEqual(calls.filter((c) => c.startsWith('B')), [
    'B1 L0 on 1', 'B2 L1 on pool(o1)', 'B3 L2 on pool(o2)', 'B4 L3 on pool(o3)',
    'B5 L2 on up(o4)', 'B6 L1 on up(o5++o3)', 'B7 L0 on up(o6++o2)']);
  assert.ok(calls.includes('pool o3 2→3') && calls.includes('up [o6, o2] →0') && calls.includes('after B7 null'));
  assert.deepEqual(stages, ['block1', 'block1', 'pool', 'block2', 'pool', 'block3', 'pool', 'block4',
    'upsample', 'block5', 'upsample', 'block6', 'upsample', 'block7']);
});
