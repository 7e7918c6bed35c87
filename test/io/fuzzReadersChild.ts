// The fuzz loop of fuzzReaders.test.ts, run in a child process so that its memory can be bounded
// (--max-old-space-size) and measured (peak RSS, ArrayBuffer bytes) apart from the test runner's.
//
//   node --import tsx test/io/fuzzReadersChild.ts ITERATIONS [SEED] [ONLY_ITERATION]
//
// Each iteration i takes one valid seed file (fixtures of test/fixtures/io, plus NPZ / PCD /
// safetensors files built here), applies 1–3 mutations drawn from `new Random(SEED · 1000003 + i)`
// (so any iteration can be replayed alone: pass its number as ONLY_ITERATION), and hands the
// bytes to every reader that applies: the format's own parser, and parseMesh / parsePointCloud
// with and without the format hint. Each call must return a valid result or throw InputError.
// Prints one JSON report on stdout: iterations, parses, failures (first 20), slowest parse (ms),
// most ArrayBuffer bytes one parse allocated, peak RSS (bytes), and the time taken.
import { readFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { performance } from 'node:perf_hooks';
import { zipSync } from 'fflate';
import { Random } from '../../src/geometry/Random.ts';
import { InputError } from '../../src/errors.ts';
import { parsePly } from '../../src/io/ply.ts';
import { parseObj } from '../../src/io/obj.ts';
import { parseOff } from '../../src/io/off.ts';
import { parseStl } from '../../src/io/stl.ts';
import { parseXyz } from '../../src/io/xyz.ts';
import { parseNpy, parseNpyPointCloud, encodeNpy } from '../../src/io/npy.ts';
import { parseNpz, parseNpzPointCloud } from '../../src/io/npz.ts';
import { parsePcd } from '../../src/io/pcd.ts';
import { decodeSafetensors, encodeSafetensors } from '../../src/io/safetensors.ts';
import { parseMesh, parsePointCloud, type FileFormat } from '../../src/io/codec.ts';
import { IO_FIXTURES } from '../fixtures.ts';

interface Seed {
  name: string;
  format: FileFormat | 'safetensors';
  bytes: Uint8Array;
  /** Byte offsets of binary count / size fields worth overwriting with huge values. */
  counts: number[];
}

const fixture = (f: string): Uint8Array => new Uint8Array(readFileSync(join(IO_FIXTURES, f)));
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const cat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

/** Offsets of the size fields of a zip: each directory entry's sizes (20, 24) and local offset
 *  (42), each local header's sizes (18, 22), the end record's count, size and offset. */
function zipCountFields(z: Uint8Array): number[] {
  const dv = new DataView(z.buffer, z.byteOffset, z.byteLength);
  const out: number[] = [];
  for (let i = 0; i + 4 <= z.length; i++) {
    const sig = dv.getUint32(i, true);
    if (sig === 0x02014b50) out.push(i + 20, i + 24, i + 42);
    else if (sig === 0x04034b50) out.push(i + 18, i + 22);
    else if (sig === 0x06054b50) out.push(i + 10, i + 12, i + 16);
  }
  return out;
}

function seeds(): Seed[] {
  const s: Seed[] = [];
  const add = (name: string, format: Seed['format'], bytes: Uint8Array, counts: number[] = []) => s.push({ name, format, bytes, counts });
  for (const f of [
    'sphere_points_ascii.ply',
    'sphere_points_binary.ply',
    'sphere_points_double_be.ply',
    'torus_ascii.ply',
    'torus_binary.ply',
  ])
    add(f, 'ply', fixture(f));
  for (const f of ['box.obj', 'cube_quads.obj', 'torus.obj']) add(f, 'obj', fixture(f));
  add('torus.off', 'off', fixture('torus.off'));
  add('tetra_ascii.stl', 'stl', fixture('tetra_ascii.stl'));
  add('torus_binary.stl', 'stl', fixture('torus_binary.stl'), [80]);
  add('sphere_points.xyz', 'xyz', fixture('sphere_points.xyz'));
  add('sphere_points_comma.csv', 'xyz', fixture('sphere_points_comma.csv'));
  const npy = fixture('sphere_points.npy');
  add('sphere_points.npy', 'npy', npy, [8]);
  add('sphere_points_normals.pcd', 'pcd', fixture('sphere_points_normals.pcd'));

  // Built here from the sphere's points: NPZ (stored and deflated, with normals as a second
  // member), PCD ascii and binary_compressed (literal-only LZF), safetensors.
  const pts = parseNpy(npy).data as Float32Array;
  const n = pts.length / 3;
  const normals = new Float32Array(pts.length);
  for (let i = 0; i < n; i++) {
    const r = Math.hypot(pts[3 * i], pts[3 * i + 1], pts[3 * i + 2]) || 1;
    for (let k = 0; k < 3; k++) normals[3 * i + k] = pts[3 * i + k] / r;
  }
  const members = { 'points.npy': encodeNpy(pts, [n, 3]), 'normals.npy': encodeNpy(normals, [n, 3]) };
  const stored = zipSync(members, { level: 0 });
  add('stored.npz', 'npz', stored, zipCountFields(stored));
  const deflated = zipSync(members, { level: 6 });
  add('deflated.npz', 'npz', deflated, zipCountFields(deflated));

  const head = (data: string) =>
    `# .PCD v0.7\nVERSION 0.7\nFIELDS x y z\nSIZE 4 4 4\nTYPE F F F\nCOUNT 1 1 1\nWIDTH ${n}\nHEIGHT 1\nPOINTS ${n}\nDATA ${data}\n`;
  let ascii = head('ascii');
  for (let i = 0; i < n; i++) ascii += `${pts[3 * i]} ${pts[3 * i + 1]} ${pts[3 * i + 2]}\n`;
  add('ascii.pcd', 'pcd', enc(ascii));
  // Field-major data, as literal runs of at most 32 bytes (control byte = run length − 1).
  const soa = new Float32Array(3 * n);
  for (let i = 0; i < n; i++) for (let k = 0; k < 3; k++) soa[k * n + i] = pts[3 * i + k];
  const raw = new Uint8Array(soa.buffer);
  const lzf: number[] = [];
  for (let p = 0; p < raw.length; p += 32) {
    const run = raw.subarray(p, p + 32);
    lzf.push(run.length - 1, ...run);
  }
  const hdr = enc(head('binary_compressed'));
  const sizes = new Uint8Array(8);
  new DataView(sizes.buffer).setUint32(0, lzf.length, true);
  new DataView(sizes.buffer).setUint32(4, raw.length, true);
  add('compressed.pcd', 'pcd', cat(hdr, sizes, Uint8Array.from(lzf)), [hdr.length, hdr.length + 4]);

  // Binary, point-major, with a packed colour field (SIZE and TYPE mutations reach its reading).
  const rgbHead = enc(
    `VERSION 0.7\nFIELDS x y z rgb\nSIZE 4 4 4 4\nTYPE F F F U\nCOUNT 1 1 1 1\nWIDTH ${n}\nHEIGHT 1\nPOINTS ${n}\nDATA binary\n`,
  );
  const rec = new DataView(new ArrayBuffer(16 * n));
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < 3; k++) rec.setFloat32(16 * i + 4 * k, pts[3 * i + k], true);
    rec.setUint32(16 * i + 12, (i * 2654435761) >>> 8, true);
  }
  add('rgb.pcd', 'pcd', cat(rgbHead, new Uint8Array(rec.buffer)));

  const st = encodeSafetensors(
    {
      'enc.weight': { data: pts.slice(0, 96), shape: [32, 3] },
      'enc.index': { data: Int32Array.from({ length: 16 }, (_, i) => i), shape: [4, 4] },
      mask: { data: new Uint8Array(10).fill(1), shape: [10] },
    },
    { method: 'pcnn-occ' },
  );
  add('model.safetensors', 'safetensors', st, [0, 4]);
  return s;
}

// ------------------------------------------------------------------ mutations

const HUGE_TEXT = [
  '4294967295',
  '4294967296',
  '2147483648',
  '999999999999',
  '18446744073709551615',
  '1e9',
  '100000000',
  '20000001',
  '0',
  '1',
  '-1',
  '3.5',
  '1' + '0'.repeat(400),
];
const HUGE_U32 = [0xffffffff, 0x7fffffff, 0x80000000, 0x10000000, 0x00ffffff, 0];
const INTERESTING = [0, 0xff, 0x7f, 0x80, 10, 13, 32, 0x30, 0x39, 0x2d, 0x2e, 0x1b];

type Mutation = (b: Uint8Array, r: Random, seed: Seed) => [Uint8Array, string];

const MUTATIONS: Mutation[] = [
  // Bit flips.
  (b, r) => {
    const out = b.slice();
    const k = 1 + r.int(8);
    for (let j = 0; j < k && out.length; j++) out[r.int(out.length)] ^= 1 << r.int(8);
    return [out, `flip ${k} bits`];
  },
  // Bytes set to interesting or random values.
  (b, r) => {
    const out = b.slice();
    const k = 1 + r.int(4);
    for (let j = 0; j < k && out.length; j++) out[r.int(out.length)] = r.int(2) ? INTERESTING[r.int(INTERESTING.length)] : r.int(256);
    return [out, `set ${k} bytes`];
  },
  // Truncation.
  (b, r) => {
    const at = r.int(b.length + 1);
    return [b.slice(0, at), `truncate at ${at}`];
  },
  // Inserted bytes.
  (b, r) => {
    const at = r.int(b.length + 1),
      k = 1 + r.int(16);
    const ins = Uint8Array.from({ length: k }, () => (r.int(2) ? INTERESTING[r.int(INTERESTING.length)] : r.int(256)));
    return [cat(b.subarray(0, at), ins, b.subarray(at)), `insert ${k} bytes at ${at}`];
  },
  // A span deleted, or duplicated.
  (b, r) => {
    const at = r.int(b.length + 1),
      k = 1 + r.int(64);
    if (r.int(2)) return [cat(b.subarray(0, at), b.subarray(at + k)), `delete ${k} bytes at ${at}`];
    return [cat(b.subarray(0, at + k), b.subarray(at)), `duplicate ${k} bytes at ${at}`];
  },
  // Huge (or odd) declared counts in a text header: a digit run of the first 1 KiB replaced.
  (b, r) => {
    const head = new TextDecoder('latin1').decode(b.subarray(0, 1024));
    const runs = [...head.matchAll(/\d+/g)];
    if (runs.length === 0) return [b, 'no digits'];
    const m = runs[r.int(runs.length)];
    const v = HUGE_TEXT[r.int(HUGE_TEXT.length)];
    return [
      cat(b.subarray(0, m.index), enc(v), b.subarray((m.index as number) + m[0].length)),
      `count ${m[0]} → ${v.slice(0, 24)} at ${m.index}`,
    ];
  },
  // Huge declared counts in binary fields (STL triangles, zip sizes, NPY header length, …).
  (b, r, seed) => {
    const out = b.slice();
    const spots = seed.counts.length ? seed.counts : [r.int(Math.max(1, b.length - 4))];
    const at = spots[r.int(spots.length)];
    if (at + 4 > out.length) return [out, 'no count field'];
    const v = HUGE_U32[r.int(HUGE_U32.length)];
    new DataView(out.buffer).setUint32(at, v, true);
    return [out, `u32 ${v} at ${at}`];
  },
];

// ------------------------------------------------------------------ readers and result checks

interface Geometry {
  positions: Float32Array;
  normals?: Float32Array;
  colors?: Uint8Array;
  faces?: Uint32Array;
}

/** Throws (a plain Error, i.e. a fuzz failure) when a returned geometry is inconsistent. */
function checkGeometry(g: Geometry): void {
  if (!(g.positions instanceof Float32Array) || g.positions.length % 3 !== 0)
    throw new Error('result: positions not a Float32Array of xyz triples');
  if (g.normals && g.normals.length !== g.positions.length) throw new Error('result: normals length differs from positions');
  if (g.colors && g.colors.length !== g.positions.length) throw new Error('result: colours length differs from positions');
  if (g.faces) {
    const nv = g.positions.length / 3;
    if (g.faces.length % 3 !== 0) throw new Error('result: faces not triples');
    for (let i = 0; i < g.faces.length; i++) if (!(g.faces[i] < nv)) throw new Error(`result: face index ${g.faces[i]} ≥ ${nv} vertices`);
  }
}

type Read = (b: Uint8Array, name: string) => unknown;

function readersFor(s: Seed): [string, Read][] {
  const name = s.name;
  const r: [string, Read][] = [];
  const geom =
    (f: (b: Uint8Array, n: string) => Geometry): Read =>
    (b, n) => {
      const g = f(b, n);
      checkGeometry(g);
      return g;
    };
  switch (s.format) {
    case 'ply':
      r.push(['parsePly', geom(parsePly)]);
      break;
    case 'obj':
      r.push(['parseObj', geom(parseObj)]);
      break;
    case 'off':
      r.push(['parseOff', geom(parseOff)]);
      break;
    case 'stl':
      r.push(['parseStl', geom(parseStl)]);
      break;
    case 'xyz':
      r.push(['parseXyz', geom(parseXyz)]);
      break;
    case 'pcd':
      r.push(['parsePcd', geom(parsePcd)]);
      break;
    case 'npy':
      r.push([
        'parseNpy',
        (b, n) => {
          const a = parseNpy(b, n);
          if (a.data.length !== a.shape.reduce((x, y) => x * y, 1)) throw new Error('result: data length ≠ shape');
          return a;
        },
      ]);
      r.push(['parseNpyPointCloud', geom(parseNpyPointCloud)]);
      break;
    case 'npz':
      r.push([
        'parseNpz',
        (b, n) => {
          const m = parseNpz(b, n);
          for (const a of m.values())
            if (a.data.length !== a.shape.reduce((x, y) => x * y, 1)) throw new Error('result: data length ≠ shape');
          return m;
        },
      ]);
      r.push(['parseNpzPointCloud', geom(parseNpzPointCloud)]);
      break;
    case 'safetensors':
      r.push([
        'decodeSafetensors',
        (b, n) => {
          const t = decodeSafetensors(b, n);
          for (const x of Object.values(t.tensors))
            if (x.data.length !== x.shape.reduce((p, q) => p * q, 1)) throw new Error('result: data length ≠ shape');
          return t;
        },
      ]);
      return r;
  }
  const fmt = s.format as FileFormat;
  // Through the codec: with the hint (the same parser, plus the codec's checks) and without
  // (format detection on damaged bytes).
  r.push(['parsePointCloud+hint', geom((b, n) => parsePointCloud(b, n, { format: fmt, dropInvalid: true, minPoints: 1 }))]);
  r.push(['parsePointCloud', geom((b) => parsePointCloud(b, name))]);
  if (['ply', 'obj', 'off', 'stl'].includes(fmt)) r.push(['parseMesh+hint', geom((b, n) => parseMesh(b, n, fmt))]);
  return r;
}

// ------------------------------------------------------------------ the loop

const iterations = Number(process.argv[2] ?? 2000);
const seed = Number(process.argv[3] ?? 1);
const only = process.argv[4] !== undefined ? Number(process.argv[4]) : -1;
const SEEDS = seeds();
const READERS = SEEDS.map(readersFor);
const failures: object[] = [];
let failureCount = 0,
  parses = 0,
  inputErrors = 0,
  accepted = 0;
let slowest = { ms: 0, what: '' };
let peakParseBytes = { bytes: 0, what: '' };
const saveDir = mkdtempSync(join(tmpdir(), 'pointocc-fuzz-'));
const t0 = performance.now();

for (let i = only >= 0 ? only : 0; i < (only >= 0 ? only + 1 : iterations); i++) {
  const r = new Random(seed * 1000003 + i);
  const si = r.int(SEEDS.length);
  const s = SEEDS[si];
  let bytes = s.bytes;
  const what: string[] = [];
  const k = 1 + r.int(3);
  for (let j = 0; j < k; j++) {
    const [b, d] = MUTATIONS[r.int(MUTATIONS.length)](bytes, r, s);
    bytes = b;
    what.push(d);
  }
  const held: unknown[] = [];
  for (const [reader, read] of READERS[si]) {
    parses++;
    const start = performance.now();
    const ab0 = process.memoryUsage().arrayBuffers;
    try {
      held.push(read(bytes, s.name));
      accepted++;
    } catch (e) {
      if (e instanceof InputError) {
        inputErrors++;
        // One line, no raw control characters.
        if (/[\u0000-\u001f\u007f-\u009f]/.test(e.message)) {
          failureCount++;
          if (failures.length < 20)
            failures.push({
              iteration: i,
              seed: s.name,
              reader,
              mutations: what,
              error: `InputError message has control characters: ${JSON.stringify(e.message)}`,
            });
        }
      } else {
        failureCount++;
        const file = join(saveDir, `iter${i}-${s.name}`);
        writeFileSync(file, bytes);
        if (failures.length < 20) {
          failures.push({
            iteration: i,
            seed: s.name,
            reader,
            mutations: what,
            saved: file,
            error: `${(e as Error)?.constructor?.name}: ${String((e as Error)?.message ?? e).slice(0, 300)}`,
            stack: String((e as Error)?.stack ?? '')
              .split('\n')
              .slice(1, 4)
              .map((l) => l.trim()),
          });
        }
      }
    }
    const ms = performance.now() - start;
    // ArrayBuffer bytes this parse allocated (its result is still held). Garbage of earlier
    // parses is in both samples, so it cancels; a collection during the parse can only lower it.
    const ab = process.memoryUsage().arrayBuffers - ab0;
    if (ab > peakParseBytes.bytes) peakParseBytes = { bytes: ab, what: `iteration ${i}: ${reader}(${s.name}) after ${what.join(', ')}` };
    if (ms > slowest.ms) slowest = { ms, what: `iteration ${i}: ${reader}(${s.name}) after ${what.join(', ')}` };
  }
  held.length = 0;
}

process.stdout.write(
  `${JSON.stringify({
    iterations: only >= 0 ? 1 : iterations,
    seed,
    seeds: SEEDS.length,
    parses,
    accepted,
    inputErrors,
    failureCount,
    failures,
    slowestMs: Math.round(slowest.ms),
    slowest: slowest.what,
    peakParseBytes: peakParseBytes.bytes,
    peakParse: peakParseBytes.what,
    peakRss: process.resourceUsage().maxRSS * 1024,
    seconds: Math.round((performance.now() - t0) / 100) / 10,
  })}\n`,
);
