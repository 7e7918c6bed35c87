/**
 * A model's tensors ↔ the bytes of its `weights.safetensors`: every tensor stored as F32 under
 * its `name`, `__metadata__` holding `format: pointocc-model`, `formatVersion` and `method`.
 * Shared by every network's weights file (pcnn-occ: modelWeights.ts, ONet: onet/onetWeights.ts),
 * so the checks and their messages are the same for all. No Node imports (browser worker).
 */
import { encodeSafetensors, decodeSafetensors, type SafeTensor } from '../../io/safetensors.ts';
import { InputError } from '../../errors.ts';
import type { Tensor } from '../engine/Tensor.ts';

/** What a weights file's metadata says about its format. */
export interface WeightsFormat {
  /** `formatVersion` written, and the only one read (e.g. "1"); a file without one is read. */
  formatVersion: string;
  /**
   * `method` (the network, e.g. "onet"). Always written; when reading, a file naming another
   * method is refused if this is given (a file without one is read); not checked when omitted.
   */
  method?: string;
}

/**
 * Encode the tensors (each under its `name`, values copied) as safetensors bytes.
 * @param tensors every tensor the file holds, names unique.
 * @param format the format version and method written into the metadata (method required here).
 * @param metadata extra string metadata for the header (the format keys override same-named ones).
 */
export function encodeNamedTensors(tensors: readonly Tensor[], format: Required<WeightsFormat>, metadata: Record<string, string> = {}): Uint8Array {
  const out: Record<string, SafeTensor> = {};
  for (const p of tensors) out[p.name] = { data: p.data.slice(), shape: p.shape.slice() };
  return encodeSafetensors(out, { ...metadata, format: 'pointocc-model', formatVersion: format.formatVersion, method: format.method });
}

/**
 * Copy decoded safetensors bytes into the tensors by name, bit-exact. Every check is made before
 * any value is copied, so on an error no tensor has changed. InputErrors: an unsupported format
 * version or (when `format.method` is given) another method's weights, a missing tensor, a
 * shape that differs from the tensor's, a non-float tensor, tensors the list does not name.
 * @param tensors every tensor the file must hold (names unique).
 * @param bytes the file's contents. @param file its name for error messages.
 * @param format the version (and optionally method) the file must declare.
 */
export function loadNamedTensors(tensors: readonly Tensor[], bytes: Uint8Array, file: string, format: WeightsFormat): void {
  const { tensors: stored, metadata } = decodeSafetensors(bytes, file);
  if (metadata.formatVersion !== undefined && metadata.formatVersion !== format.formatVersion) {
    throw new InputError('unsupported', file, `weights format version ${metadata.formatVersion} is not supported (this build reads ${format.formatVersion})`);
  }
  if (format.method !== undefined && metadata.method !== undefined && metadata.method !== format.method) {
    throw new InputError('bad-header', file, `holds weights of method "${metadata.method}", the config says "${format.method}"`);
  }
  for (const p of tensors) {
    const t = stored[p.name];
    if (!t) throw new InputError('bad-header', file, `tensor ${p.name} is missing (does config.json match these weights?)`);
    if (t.shape.length !== p.shape.length || t.shape.some((d, i) => d !== p.shape[i])) {
      throw new InputError('bad-header', file, `tensor ${p.name} has shape [${t.shape.join(', ')}], the config needs [${p.shape.join(', ')}]`);
    }
    if (!(t.data instanceof Float32Array)) throw new InputError('unsupported', file, `tensor ${p.name} is not floating point`);
  }
  const known = new Set(tensors.map((p) => p.name));
  const extra = Object.keys(stored).filter((n) => !known.has(n));
  if (extra.length) throw new InputError('bad-header', file, `unexpected tensors ${extra.slice(0, 5).join(', ')} (does config.json match these weights?)`);
  for (const p of tensors) p.data.set(stored[p.name].data as Float32Array);
}
