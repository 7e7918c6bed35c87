/**
 * Hyper-parameters of the ONet baseline (Mescheder et al. 2019, `configs/pointcloud/onet.yaml`:
 * ResNet-PointNet encoder, conditional-batch-norm decoder), stored as a model directory's
 * `config.json` beside `weights.safetensors` — the same directory layout as pcnn-occ's, told apart
 * by `method: "onet"`.
 *
 * Encoder: fc_pos (3 → 2h), `blocks` ResNet blocks (2h → h) with a global max-pool concatenated
 * before every block after the first, max-pool, fc_c (h → C). Decoder: fc_p (3 → H), `blocks`
 * conditional-BN ResNet blocks (H → H), CBN + ReLU, fc_out (H → 2 logits, class 1 = inside).
 * ONet itself has 5 blocks in both; fewer are allowed (tests use tiny models).
 */
import { UsageError } from '../../../errors.ts';

export interface OnetConfig {
  format: 'pointocc-model';
  version: 1;
  method: 'onet';
  /** Nominal input cloud size the model was trained with (default 300). Any size ≥ 1 works. */
  inputPoints: number;
  /** Encoder width h (ONet `hidden_dim`, default 512); the blocks see 2h channels in, h out. */
  encoderHidden: number;
  /** Size C of the latent code c (ONet `c_dim`, default 512). */
  cDim: number;
  /** Decoder width H (ONet `hidden_size`, default 256). */
  decoderHidden: number;
  /** ResNet blocks in the encoder and in the decoder (ONet: 5; range [1, 16]). */
  blocks: number;
  /** Decision threshold on P(inside) (default 0.2, ONet's `test.threshold`). */
  threshold: number;
  /** Coordinate frame of inputs and queries: bounding box centred, longest side 1 (docs/design.md §2). */
  normalization: 'unit-cube';
  /** Free text: the dataset the weights were trained on. */
  trainedOn?: string;
}

/** Largest number of blocks accepted (ONet uses 5). */
export const ONET_MAX_BLOCKS = 16;

/** The paper's sizes (ONet `configs/pointcloud/onet.yaml`: hidden 512, c_dim 512, decoder 256, 5 blocks, threshold 0.2). */
export function defaultOnetConfig(): OnetConfig {
  return {
    format: 'pointocc-model',
    version: 1,
    method: 'onet',
    inputPoints: 300,
    encoderHidden: 512,
    cDim: 512,
    decoderHidden: 256,
    blocks: 5,
    threshold: 0.2,
    normalization: 'unit-cube',
  };
}

/** Widths halved for training on 2 CPU cores (like `cpuPcnnOccConfig`): 256 / 256 / 128, 5 blocks. */
export function cpuOnetConfig(): OnetConfig {
  return { ...defaultOnetConfig(), encoderHidden: 256, cDim: 256, decoderHidden: 128 };
}

/**
 * Check a parsed `config.json` (or a partial object: missing fields take the defaults of
 * `defaultOnetConfig()`; `format`/`method`/`version` must match when present) and return a
 * complete config. Throws UsageError naming the bad field.
 * @param json the parsed JSON value. @param source where it came from, for messages.
 */
export function validateOnetConfig(json: unknown, source = 'model config'): OnetConfig {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new UsageError(`${source}: expected a JSON object`);
  const o = json as Record<string, unknown>;
  const d = defaultOnetConfig();
  const bad = (field: string, why: string): never => { throw new UsageError(`${source}: ${field} ${why}`); };
  if (o.format !== undefined && o.format !== 'pointocc-model') bad('format', `must be "pointocc-model", got ${JSON.stringify(o.format)}`);
  if (o.method !== undefined && o.method !== 'onet') bad('method', `must be "onet", got ${JSON.stringify(o.method)} (another model type?)`);
  if (o.version !== undefined && o.version !== 1) bad('version', `${JSON.stringify(o.version)} is not supported (this build reads version 1)`);
  if (o.normalization !== undefined && o.normalization !== 'unit-cube') bad('normalization', `must be "unit-cube", got ${JSON.stringify(o.normalization)}`);
  const known = new Set(['format', 'version', 'method', 'inputPoints', 'encoderHidden', 'cDim', 'decoderHidden', 'blocks', 'threshold', 'normalization', 'trainedOn']);
  const extra = Object.keys(o).filter((k) => !known.has(k));
  if (extra.length) bad(extra[0], 'is not an ONet config field (pcnn-occ fields need "method": "pcnn-occ")');
  const int = (field: string, v: unknown, lo: number, hi: number): number => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) bad(field, `must be an integer in [${lo}, ${hi}], got ${JSON.stringify(v)}`);
    return v as number;
  };
  const inputPoints = int('inputPoints', o.inputPoints ?? d.inputPoints, 1, 1 << 20);
  const encoderHidden = int('encoderHidden', o.encoderHidden ?? d.encoderHidden, 1, 4096);
  const cDim = int('cDim', o.cDim ?? d.cDim, 1, 4096);
  const decoderHidden = int('decoderHidden', o.decoderHidden ?? d.decoderHidden, 1, 4096);
  const blocks = int('blocks', o.blocks ?? d.blocks, 1, ONET_MAX_BLOCKS);
  const th = o.threshold ?? d.threshold;
  if (typeof th !== 'number' || !(th > 0 && th < 1)) bad('threshold', `must be a number in (0, 1), got ${JSON.stringify(th)}`);
  const cfg: OnetConfig = {
    format: 'pointocc-model', version: 1, method: 'onet',
    inputPoints, encoderHidden, cDim, decoderHidden, blocks, threshold: th as number, normalization: 'unit-cube',
  };
  if (o.trainedOn !== undefined) {
    if (typeof o.trainedOn !== 'string') bad('trainedOn', 'must be a string');
    cfg.trainedOn = o.trainedOn as string;
  }
  return cfg;
}
