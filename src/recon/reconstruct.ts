/**
 * The reconstruction pipeline as a library function (no file system, no threads of its own), so
 * the CLI and the web app share it (docs/design.md §2, §5; paper §III-C):
 *
 *   cloud (any units) → normalise to the unit cube → input subsets of the model's size
 *   → occupancy P(inside) averaged over the subsets → MISE over [-0.55, 0.55]³
 *   (a density model above its maxPoints: overlapping tiles, one MISE each, blended: tiledMise.ts)
 *   → marching cubes on the outside-padded grid (closed, manifold, no self-intersections)
 *   → optional Taubin smoothing and simplification → vertices mapped back to the cloud's own
 *   coordinates → the mesh checks of src/geometry/meshChecks.ts on exactly that output.
 */
import type { Mesh } from '../geometry/Mesh.ts';
import { invertNormalization, type Normalization } from '../geometry/normalize.ts';
import { MIN_INPUT_POINTS } from '../nn/models/pcnnOcc/PcnnOccConfig.ts';
import { mise, type MiseGrid, type OccupancyFunction } from './mise.ts';
import { meshFromGridCropped } from './meshFromGridCropped.ts';
import type { OccupancyModel } from './OccupancyModel.ts';
import { prepareCloudOccupancy, type CloudOccupancyOptions } from './cloudOccupancy.ts';
import { bindTile, buildFarField, type TiledCloud } from './tiledOccupancy.ts';
import { tiledMise } from './tiledMise.ts';
import { passMean } from './passMean.ts';
import { DEFAULT_SMOOTH_ITERATIONS, taubinSmooth } from './smooth.ts';
import { fillCavities } from './fillCavities.ts';
import { simplifyMesh } from './simplify.ts';
import { checkMesh, describeMeshChecks } from '../geometry/meshChecks.ts';

export { DEFAULT_SMOOTH_ITERATIONS };

export { MIN_INPUT_POINTS };

/** The padded reconstruction box of docs/design.md §2, unit-cube units. */
export const RECON_BOX: [number, number] = [-0.55, 0.55];

/** A progress report; `phase` says which step the pipeline is in. */
export type ReconstructProgress =
  /** `tiles`: a density model above maxPoints sees the cloud in tiles (then `subsets` is 0).
   *  `poses`: the input is read in that many poses (test-time rotations; several subsets cycle
   *  through them), probabilities averaged. */
  | { phase: 'normalize'; points: number; subsets: number; subsetSize: number; poses: number; tiles?: TileStats }
  /** MISE round `round` evaluates `points` grid points: `done` of `total` model queries so far
   *  (total = points × passes, one pass per part of `CloudOccupancy.parts`). */
  | { phase: 'mise'; round: number; points: number; done: number; total: number }
  | { phase: 'marching-cubes'; resolution: number }
  | { phase: 'smooth'; iterations: number }
  | { phase: 'simplify'; targetFaces: number };

export interface ReconstructOptions extends CloudOccupancyOptions {
  /** Final grid cells per axis R, a multiple of 2^upsamplingSteps, in [8, 1024]. Default 128
   *  (ONet: r0 = 32, 2 steps); 256 is the paper's setting (r0 = 64). */
  resolution?: number;
  /** MISE halvings of the voxel size, in [0, 6]. Default 2 (r0 = resolution / 4). */
  upsamplingSteps?: number;
  /** Decision threshold on P(inside), in (0, 1). Default: the model's stored threshold. */
  threshold?: number;
  /** Taubin smoothing iterations after marching cubes, ≥ 0 (0: none). Default
   *  DEFAULT_SMOOTH_ITERATIONS (10). */
  smoothIterations?: number;
  /** Simplify to at most this many faces (topology-preserving quadric edge collapse), ≥ 4.
   *  Default: no simplification. */
  simplifyFaces?: number;
  /** Fill sealed voids of the occupancy grid that no input point lies in or on (fillCavities.ts:
   *  bubbles where the model is unsure deep inside a solid). Default true. */
  fillCavities?: boolean;
  /** Query points per model call, ≥ 1. Default 32768 (also the granularity of progress). */
  batchSize?: number;
  /** Called as the pipeline advances (synchronously). */
  onProgress?: (p: ReconstructProgress) => void;
  /** Tiles evaluated at once (tiled inputs only), ≥ 1. Default: the model's `workers` when it
   *  has that field (OccupancyPredictor), else 1. Each tile is pinned to one worker. */
  tileConcurrency?: number;
  /** Tiled inputs: called after each tile with `done` of `total` tiles finished and the model
   *  queries so far (a separate callback: `onProgress` consumers switch over its phases). */
  onTileProgress?: (p: { done: number; total: number; queries: number }) => void;
}

/** How a tiled input was cut (docs/design.md §10). */
export interface TileStats {
  /** Tiles planned, and those the model ran on (the others hold < 16 points: the far field
   *  decides there). */
  count: number;
  active: number;
  /** Points per active tile (at most min(maxPoints, the largest trained size)): fewest, most,
   *  mean (before any thinning). */
  minPoints: number;
  maxPoints: number;
  meanPoints: number;
  /** The overlap fraction (tiles.ts). */
  overlap: number;
  /** Tiles thinned to the tile size (points piled on one spot). */
  thinned: number;
  /** Points of the far-field single pass (a random subset; FarField in tiledMise.ts). */
  farFieldPoints: number;
}

export interface ReconstructStats {
  /** Points in the input cloud. */
  points: number;
  /** Distinct input points used by the subsets. */
  usedPoints: number;
  /** Number of subsets whose probabilities were averaged, and points per subset (0 and 0 for a
   *  tiled input). */
  subsets: number;
  subsetSize: number;
  /** Poses the input was read in (test-time rotations: `rotations`, else the model's
   *  `testRotations`, else 1; one subset in all of them, several cycling through them); 1 for
   *  a tiled input. */
  poses: number;
  /** A density model given more than its maxPoints: the spatial tiles (absent otherwise). */
  tiles?: TileStats;
  /** The input → unit-cube map: normalised = (p − center)·scale; the mesh was mapped back by
   *  its inverse p = normalised / scale + center. */
  transform: Normalization;
  threshold: number;
  /** Final grid cells per axis, initial cells per axis, and MISE halvings. */
  resolution: number;
  resolution0: number;
  upsamplingSteps: number;
  /** Grid points evaluated by MISE, and its evaluate-then-refine rounds. Model queries are
   *  evaluations × subsets. */
  evaluations: number;
  queries: number;
  rounds: number;
  /** Points evaluated in each MISE round. */
  roundPoints: number[];
  /** Smallest and largest evaluated P(inside). */
  minProbability: number;
  maxProbability: number;
  vertices: number;
  faces: number;
  /** All of `meshChecks` hold: closed, edge-manifold, vertex-manifold, consistently oriented and
   *  no self-intersecting face pairs (the sense of Open3D's `is_watertight()`, plus orientation,
   *  decided exactly). False for an empty mesh. */
  watertight: boolean;
  /** The checks of src/geometry/meshChecks.ts on the output mesh (in the input's coordinates, as
   *  written): each property, the number of self-intersecting face pairs, and a one-line
   *  description naming exactly what holds, e.g. "closed, edge-manifold, vertex-manifold,
   *  consistently oriented, no self-intersections". */
  meshChecks: {
    closed: boolean;
    edgeManifold: boolean;
    vertexManifold: boolean;
    consistentlyOriented: boolean;
    selfIntersections: number;
    description: string;
  };
  /** True when the surface reaches the border of the box [-0.55, 0.55]³ (then the padding
   *  closes it there: the shape is cut by the box). */
  touchesBox: boolean;
  /** Sealed voids of the grid found, and filled (none supported by an input point). */
  cavities: { found: number; filled: number };
  /** Wall-clock seconds of each phase: the model (network) calls, MISE bookkeeping, marching
   *  cubes, smoothing, simplification, the mesh checks, and the whole call. */
  seconds: { network: number; mise: number; marchingCubes: number; smooth: number; simplify: number; checks: number; total: number };
  /** Things the user should know (few points, empty or box-cut surface). */
  warnings: string[];
}

export interface ReconstructResult {
  /** The surface in the input's coordinates: closed, manifold, without self-intersections
   *  (checked: see `stats.meshChecks`), faces oriented outward. Empty (no
   *  faces) when P(inside) never exceeds the threshold on the grid. */
  mesh: Mesh;
  stats: ReconstructStats;
}

/** Validated grid settings: final resolution R = r0 · 2^steps. */
export function gridSettings(resolution = 128, upsamplingSteps = 2): { resolution0: number; upsamplingSteps: number; resolution: number } {
  if (!Number.isInteger(upsamplingSteps) || upsamplingSteps < 0 || upsamplingSteps > 6) {
    throw new RangeError(`upsampling steps must be an integer in [0, 6], got ${upsamplingSteps}`);
  }
  const f = 2 ** upsamplingSteps;
  if (!Number.isInteger(resolution) || resolution < 8 || resolution > 1024 || resolution % f !== 0) {
    throw new RangeError(`resolution must be an integer in [8, 1024] divisible by ${f}, got ${resolution}`);
  }
  return { resolution0: resolution / f, upsamplingSteps, resolution };
}

/**
 * Reconstruct a closed, manifold surface from a point cloud with an occupancy model.
 *
 * @param positions the cloud, xyz per point (length 3·N, N ≥ 16), in any units; finite.
 * @param model the occupancy model (threshold, config.inputPoints, predict).
 * @param options see {@link ReconstructOptions}.
 * @returns the mesh in the cloud's coordinates and the statistics (transform, counts, timings).
 * @throws InputError 'too-few-points' (N < 16), 'invalid-coordinates' (non-finite or all
 *   points coincident); RangeError for bad options.
 */
export async function reconstruct(
  positions: Float32Array,
  model: OccupancyModel,
  options: ReconstructOptions = {},
): Promise<ReconstructResult> {
  const t0 = performance.now();
  const { resolution0, upsamplingSteps, resolution } = gridSettings(options.resolution, options.upsamplingSteps);
  const threshold = options.threshold ?? model.threshold;
  if (!(threshold > 0 && threshold < 1)) throw new RangeError(`threshold must be in (0, 1), got ${threshold}`);
  const batchSize = options.batchSize ?? 32768;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be an integer ≥ 1, got ${batchSize}`);
  const smoothIterations = options.smoothIterations ?? DEFAULT_SMOOTH_ITERATIONS;
  if (!Number.isInteger(smoothIterations) || smoothIterations < 0)
    throw new RangeError(`smoothIterations must be an integer ≥ 0, got ${smoothIterations}`);
  if (options.simplifyFaces !== undefined && !(Number.isInteger(options.simplifyFaces) && options.simplifyFaces >= 4)) {
    throw new RangeError(`simplifyFaces must be an integer ≥ 4, got ${options.simplifyFaces}`);
  }
  const onProgress = options.onProgress ?? (() => {});
  const warnings: string[] = [];

  const prepared = prepareCloudOccupancy(positions, model, options);
  const { transform, subsets, usedPoints, poses, parts } = prepared;
  const n = prepared.points;
  warnings.push(...prepared.warnings);
  const subsetSize = subsets.length > 0 ? subsets[0].length / 3 : 0;
  const tileStats = prepared.tiles ? describeTiles(prepared.tiles) : undefined;
  onProgress({ phase: 'normalize', points: n, subsets: subsets.length, subsetSize, poses, ...(tileStats ? { tiles: tileStats } : {}) });

  let network = 0;
  let queries = 0;
  const roundPoints: number[] = [];
  let minProbability = Infinity,
    maxProbability = -Infinity;
  // MISE is given one call per round (batchSize = whole round), so rounds can be reported; the
  // batches sent to the model are cut here, subset-major: a predictor that keeps one prepared
  // cloud per worker then prepares each subset once per round, not once per batch.
  const evaluate: OccupancyFunction = async (pts) => {
    const m = pts.length / 3;
    const round = roundPoints.push(m);
    onProgress({ phase: 'mise', round, points: m, done: 0, total: m * parts.length });
    const t = performance.now();
    const out = await passMean(parts, pts, {
      batchSize,
      onBatch: (done, total) => onProgress({ phase: 'mise', round, points: m, done, total }),
    });
    network += performance.now() - t;
    queries += m * parts.length;
    for (let i = 0; i < m; i++) {
      const v = out[i];
      if (v < minProbability) minProbability = v;
      if (v > maxProbability) maxProbability = v;
    }
    return out;
  };
  const tMise = performance.now();
  // One MISE call per round (the whole round in one batch, see `evaluate`); the input points
  // seed the search for a surface the coarse grid misses (MiseOptions.seeds).
  const grid0 = { threshold, resolution0, upsamplingSteps, box: RECON_BOX };
  const miseOptions = { ...grid0, batchSize: 2 ** 31 - 1 };
  let grid: MiseGrid;
  if (prepared.tiles) {
    // one MISE per tile, blended into the final grid (tiledMise.ts): each tile prepared once
    const tiled = prepared.tiles;
    const bind = options.bind ?? ((input: Float32Array) => (q: Float32Array) => model.predict(input, q));
    const workers = (model as { workers?: unknown }).workers;
    const concurrency = options.tileConcurrency ?? (typeof workers === 'number' && workers > 0 ? workers : 1);
    if (!Number.isInteger(concurrency) || concurrency < 1)
      throw new RangeError(`tileConcurrency must be an integer ≥ 1, got ${concurrency}`);
    // the far field: one single pass over a subset of the whole cloud (FarField in tiledMise.ts)
    const coarse = await mise(bind(tiled.global), { ...miseOptions, seeds: [tiled.global] });
    const far = buildFarField(tiled, coarse, resolution);
    const g = await tiledMise(tiled.plan, (t) => bindTile(tiled.tiles[t], bind, { pinned: true }), {
      ...grid0,
      concurrency,
      far,
      onTile: (done, total, q) => options.onTileProgress?.({ done, total, queries: q }),
    });
    grid = g;
    queries = g.evaluations + coarse.evaluations;
    roundPoints.push(...g.roundPoints);
    // the wall time the model was busy is not separable from the bookkeeping of concurrent
    // tiles: the whole tiled MISE counts as network time
    network = performance.now() - tMise;
    for (let i = 0; i < g.values.length; i++) {
      if (!g.evaluated[i]) continue;
      const v = g.values[i];
      if (v < minProbability) minProbability = v;
      if (v > maxProbability) maxProbability = v;
    }
    if (minProbability > maxProbability) minProbability = maxProbability = 0;
  } else {
    grid = await mise(evaluate, { ...miseOptions, seeds: subsets });
  }
  prepared.release(); // the network is done with the subsets (their prepared state may go)
  // Unsupported sealed voids are the model's doubt, not the object's (fillCavities.ts).
  const cavities =
    options.fillCavities === false ? { cavities: 0, filled: 0 } : fillCavities(grid, prepared.tiles ? prepared.tiles.points : subsets);
  const miseSeconds = Math.max(0, (performance.now() - tMise - network) / 1000);
  const touchesBox = surfaceTouchesBox(grid);

  onProgress({ phase: 'marching-cubes', resolution });
  const tMc = performance.now();
  let mesh = meshFromGridCropped(grid, { interpolate: 'logit' });
  const marchingCubes = (performance.now() - tMc) / 1000;
  if (mesh.faces.length === 0) {
    warnings.push(
      `no surface: P(inside) stays ${maxProbability <= threshold ? 'at or below' : 'above'} the threshold ${threshold} everywhere on the grid (range ${minProbability.toFixed(3)}–${maxProbability.toFixed(3)})`,
    );
  } else if (touchesBox) {
    warnings.push(
      'the surface reaches the border of the reconstruction box [-0.55, 0.55]³ (unit-cube units) and is closed there by the box',
    );
  }

  const raw = mesh;
  let smooth = 0;
  if (smoothIterations > 0 && mesh.faces.length > 0) {
    onProgress({ phase: 'smooth', iterations: smoothIterations });
    const t = performance.now();
    mesh = taubinSmooth(mesh, { iterations: smoothIterations });
    // Taubin's inflating μ step can push a surface closed by the box (§5.4) past it: keep every
    // vertex in the box, where marching cubes put them
    const p = mesh.positions;
    for (let i = 0; i < p.length; i++) p[i] = Math.min(RECON_BOX[1], Math.max(RECON_BOX[0], p[i]));
    smooth = (performance.now() - t) / 1000;
  }
  let simplify = 0;
  const finish = (m: Mesh): { out: Mesh; check: ReturnType<typeof checkMesh> } => {
    if (options.simplifyFaces !== undefined && m.faces.length / 3 > options.simplifyFaces) {
      onProgress({ phase: 'simplify', targetFaces: options.simplifyFaces });
      const t = performance.now();
      m = simplifyMesh(m, { targetFaces: options.simplifyFaces });
      simplify += (performance.now() - t) / 1000;
    }
    const out: Mesh = { positions: invertNormalization(m.positions, transform), faces: m.faces };
    return { out, check: checkMesh(out, { selfIntersections: true }) };
  };
  const tChecks = performance.now();
  let { out, check } = finish(mesh);
  // Smoothing moves vertices but keeps the connectivity (closed, manifold, oriented stay so); on
  // a coarse grid it can fold faces through each other. Then the unsmoothed mesh, which marching
  // cubes guarantees free of self-intersections, is the result.
  const crossings = check.selfIntersections ?? 0,
    degenerate = check.collinearFaces ?? 0;
  if (mesh !== raw && (crossings > 0 || degenerate > 0)) {
    const why = crossings > 0 ? `${crossings} self-intersecting face pairs` : `${degenerate} degenerate faces`;
    ({ out, check } = finish(raw));
    warnings.push(`smoothing made ${why}; the unsmoothed surface was kept`);
  }
  const checks = Math.max(0, (performance.now() - tChecks) / 1000 - simplify);
  const meshChecks = {
    closed: check.faces > 0 && check.boundaryEdges === 0,
    edgeManifold: check.edgeManifold,
    vertexManifold: check.faces > 0 && check.vertexManifold,
    consistentlyOriented: check.faces > 0 && check.misorientedEdges === 0,
    selfIntersections: check.selfIntersections!,
    description: describeMeshChecks(check),
  };

  return {
    mesh: out,
    stats: {
      points: n,
      usedPoints,
      subsets: subsets.length,
      subsetSize,
      poses,
      ...(tileStats ? { tiles: tileStats } : {}),
      transform,
      threshold,
      resolution,
      resolution0,
      upsamplingSteps,
      evaluations: grid.evaluations,
      queries,
      rounds: grid.rounds,
      roundPoints,
      minProbability,
      maxProbability,
      vertices: out.positions.length / 3,
      faces: out.faces.length / 3,
      watertight: check.watertight && check.vertexManifold && check.selfIntersections === 0 && check.collinearFaces === 0,
      meshChecks,
      touchesBox,
      cavities: { found: cavities.cavities, filled: cavities.filled },
      seconds: {
        network: network / 1000,
        mise: miseSeconds,
        marchingCubes,
        smooth,
        simplify,
        checks,
        total: (performance.now() - t0) / 1000,
      },
      warnings,
    },
  };
}

/** Counts of a tiled input for the stats and the progress report. */
function describeTiles(t: TiledCloud): TileStats {
  const act = t.tiles.filter((x) => x.active);
  const pts = act.map((x) => x.points);
  return {
    count: t.tiles.length,
    active: act.length,
    minPoints: pts.length ? Math.min(...pts) : 0,
    maxPoints: pts.length ? Math.max(...pts) : 0,
    meanPoints: pts.length ? Math.round(pts.reduce((a, b) => a + b, 0) / pts.length) : 0,
    overlap: t.plan.overlap,
    thinned: t.tiles.filter((x) => x.thinned).length,
    farFieldPoints: t.global.length / 3,
  };
}

/** Whether any grid point on the border of the box is inside (> threshold). */
function surfaceTouchesBox(grid: MiseGrid): boolean {
  const { values, threshold } = grid;
  const n = grid.dims[0],
    last = n - 1;
  for (let z = 0; z < n; z++)
    for (let y = 0; y < n; y++) {
      const row = n * (y + n * z);
      if (z === 0 || z === last || y === 0 || y === last) {
        for (let x = 0; x < n; x++) if (values[row + x] > threshold) return true;
      } else if (values[row] > threshold || values[row + last] > threshold) return true;
    }
  return false;
}
