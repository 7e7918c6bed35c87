import type { Mesh } from '../geometry/Mesh.ts';
import { Random } from '../geometry/Random.ts';
import { computeNormalization, applyNormalization } from '../geometry/normalize.ts';
import { sampleSurface } from '../geometry/sampleSurface.ts';
import { insideMesh, type InsideMethod } from '../geometry/inside.ts';
import { Bvh } from '../geometry/Bvh.ts';
import { WindingNumber } from '../geometry/windingNumber.ts';
import { checkMesh } from '../geometry/meshChecks.ts';
import { InputError } from '../errors.ts';
import { weldPositions } from '../io/weld.ts';
import { halfArrayToFloat32 } from '../io/float16.ts';
import { float32ArrayToHalf } from './float16Encode.ts';
import type { BuildSettings } from './BuildSettings.ts';
import { deriveSeed } from './shapeSeed.ts';

export type { InsideMethod };

/**
 * The training/evaluation arrays of one mesh, unit-cube coordinates (docs/design.md §2, §3),
 * xyz interleaved. The f16 arrays are kept as half bit patterns (what the cache stores) and the
 * labels of the uniform points are computed on the half-rounded coordinates, so stored points
 * and stored labels agree exactly.
 */
export interface BuiltShape {
  /** S surface samples (float32) and their unit outward face normals. */
  surfacePoints: Float32Array;
  surfaceNormals: Float32Array;
  /** nearQueries + farQueries + boxQueries points in that order (float32), and their 0/1 labels. */
  queryPoints: Float32Array;
  queryOccupancies: Uint8Array;
  /** U points uniform in the padded box, float16 bits, and the labels of the rounded points. */
  uniformPointsHalf: Uint16Array;
  uniformOccupancies: Uint8Array;
  /** E surface samples and normals for evaluation, float16 bits. */
  evalPointsHalf: Uint16Array;
  evalNormalsHalf: Uint16Array;
  /** original = point · scale + loc (ONet's convention; scale = longest bounding-box side). */
  loc: [number, number, number];
  scale: number;
  /** `checkMesh(mesh).watertight` of the input. */
  watertight: boolean;
  /** Ray parity for watertight meshes, generalised winding number otherwise. */
  method: InsideMethod;
  /** True when the mesh had inward-facing faces (negative signed volume) and its sampled
   *  normals (and, for the winding number, its faces) were flipped to point outward. */
  flippedNormals: boolean;
  vertices: number;
  faces: number;
}

/**
 * Samples and labels one mesh (docs/design.md §3): normalise to the unit cube; S surface samples with
 * normals; near (σ = nearStd) and far (σ = farStd) queries around fresh surface samples, then
 * boxQueries queries uniform in the padded box; U
 * uniform points in the padded box [-(1+padding)/2, (1+padding)/2]³; E evaluation surface samples. Labels come
 * from ray parity when the mesh is watertight, the generalised winding number otherwise.
 *
 * Randomness: `Random(deriveSeed(settings.seed, relPath))`, forked once per array group in a
 * fixed order, so each group depends only on (seed, relPath, its own count).
 *
 * @param mesh the mesh in its own units (not modified).
 * @param relPath the mesh's path relative to the dataset root ('/'-separated): names its stream.
 * @param settings resolved build settings.
 * @throws InputError for a mesh with no faces, non-finite coordinates, no extent or no area.
 */
export function buildShapeSample(mesh: Mesh, relPath: string, settings: BuildSettings): BuiltShape {
  const nf = Math.floor(mesh.faces.length / 3);
  const nv = Math.floor(mesh.positions.length / 3);
  if (nf === 0) throw new InputError('no-geometry', relPath, 'the mesh has no faces');
  for (let i = 0; i < mesh.faces.length; i++) {
    if (mesh.faces[i] >= nv) throw new InputError('index-out-of-range', relPath, `face vertex index ${mesh.faces[i]} ≥ vertex count ${nv}`);
  }
  const norm = computeNormalization(mesh.positions, { source: relPath });
  let unit: Mesh = { positions: applyNormalization(mesh.positions, norm), faces: mesh.faces };
  let report = checkMesh(unit);
  if (!(report.area > 0)) throw new InputError('no-geometry', relPath, 'the mesh has zero surface area');
  if (!report.watertight) {
    // Files often split vertices along creases (OBJ/PLY with per-face normals or UVs): merge
    // bit-identical vertices and look again. Only as a fallback — welding a mesh that is
    // already closed could glue distinct vertices that merely touch (e.g. CSG output).
    const welded = weldPositions(mesh.positions);
    const faces = new Uint32Array(mesh.faces.length);
    for (let i = 0; i < faces.length; i++) faces[i] = welded.indices[mesh.faces[i]];
    const w: Mesh = { positions: applyNormalization(welded.positions, norm), faces };
    const wr = checkMesh(w);
    if (wr.watertight) {
      unit = w;
      report = wr;
    }
  }
  const watertight = report.watertight;
  const method: InsideMethod = watertight ? 'parity' : 'winding';
  // An inside-out mesh (negative signed volume; only a hint when the mesh has holes) gives
  // inward sample normals and winding numbers near −1 inside: flip it. Parity ignores orientation.
  const flip = report.volume < 0;
  const oriented: Mesh = flip ? { positions: unit.positions, faces: flipFaces(unit.faces) } : unit;
  const bvh = new Bvh(oriented);
  const winding = method === 'winding' ? new WindingNumber(bvh) : undefined;
  const label = (pts: Float32Array): Uint8Array => insideMesh(oriented, pts, { method, bvh, winding });

  const base = new Random(deriveSeed(settings.seed, relPath));
  const surfRng = base.fork();
  const evalRng = base.fork();
  const nearRng = base.fork();
  const farRng = base.fork();
  const uniRng = base.fork();
  // Forked last, so caches built before boxQueries existed keep their bytes.
  const boxRng = base.fork();

  const surf = sampleSurface(oriented, settings.surfacePoints, surfRng);

  const near = sampleSurface(oriented, settings.nearQueries, nearRng);
  jitter(near.positions, settings.nearStd, nearRng);
  const far = sampleSurface(oriented, settings.farQueries, farRng);
  jitter(far.positions, settings.farStd, farRng);
  const half = 0.5 + settings.padding / 2;
  const queryPoints = new Float32Array(near.positions.length + far.positions.length + 3 * settings.boxQueries);
  queryPoints.set(near.positions, 0);
  queryPoints.set(far.positions, near.positions.length);
  for (let i = near.positions.length + far.positions.length; i < queryPoints.length; i++) queryPoints[i] = boxRng.uniform(-half, half);

  const uni = new Float32Array(3 * settings.uniformPoints);
  for (let i = 0; i < uni.length; i++) uni[i] = uniRng.uniform(-half, half);
  const uniformPointsHalf = float32ArrayToHalf(uni);
  let uniformRounded = halfArrayToFloat32(uniformPointsHalf);
  // Rounding to half precision may step just past the box (0.5499 → 0.5503): take the
  // neighbour toward zero instead (sign-magnitude bits, so one less in magnitude), so stored
  // points stay inside [-half, half] as ONet's do.
  let outside = false;
  for (let i = 0; i < uniformRounded.length; i++) {
    if (Math.abs(uniformRounded[i]) > half) {
      uniformPointsHalf[i]--;
      outside = true;
    }
  }
  if (outside) uniformRounded = halfArrayToFloat32(uniformPointsHalf);

  const ev = sampleSurface(oriented, settings.evalPoints, evalRng);

  return {
    surfacePoints: surf.positions,
    surfaceNormals: surf.normals,
    queryPoints,
    queryOccupancies: label(queryPoints),
    uniformPointsHalf,
    uniformOccupancies: label(uniformRounded),
    evalPointsHalf: float32ArrayToHalf(ev.positions),
    evalNormalsHalf: float32ArrayToHalf(ev.normals),
    loc: norm.center,
    scale: 1 / norm.scale,
    watertight,
    method,
    flippedNormals: flip,
    vertices: nv,
    faces: nf,
  };
}

/** Adds N(0, std²) to every coordinate, in order. */
function jitter(p: Float32Array, std: number, rng: Random): void {
  for (let i = 0; i < p.length; i++) p[i] += rng.normal(0, std);
}

/** The same triangles with reversed winding (b and c swapped). */
function flipFaces(f: Uint32Array): Uint32Array {
  const out = f.slice();
  for (let t = 0; t + 2 < out.length; t += 3) {
    out[t + 1] = f[t + 2];
    out[t + 2] = f[t + 1];
  }
  return out;
}
