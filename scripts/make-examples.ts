/**
 * Makes the bundled example clouds in `examples/`: shapes from the ProcShapes generator with a
 * seed the training data never uses (20261123; training uses seed 0), placed in arbitrary
 * "scanner" units (scaled, rotated about the vertical axis, offset) so `reconstruct` must
 * normalise and map back, then sampled by area with Gaussian noise of 0.5 % of the object size
 * (docs/design.md §2 noise 0.005 in unit-cube terms). Each is written as an XYZ text file without normals,
 * and its noise-free ground-truth mesh, in the same frame, as `examples/ground-truth/<name>.ply`.
 *
 *   node --import tsx scripts/make-examples.ts
 */
import { writePointCloud, writeMesh } from '../src/io/registry.ts';
import { loadManifold } from '../src/data/procshapes/manifoldKernel.ts';
import { procShapesClass } from '../src/data/procshapes/classes/index.ts';
import { generateShape } from '../src/data/procshapes/generateShape.ts';
import { sampleSurface } from '../src/geometry/sampleSurface.ts';
import { Random } from '../src/geometry/Random.ts';

const SEED = 20261123;
const EXAMPLES: {
  name: string;
  cls: string;
  index: number;
  points: number;
  size: number;
  yaw: number;
  offset: [number, number, number];
}[] = [
  { name: 'chair', cls: 'chair', index: 3, points: 300, size: 0.9, yaw: 25, offset: [1.2, 0.45, -0.3] },
  { name: 'airplane', cls: 'airplane', index: 1, points: 1000, size: 32, yaw: -40, offset: [0, 5, 0] },
  { name: 'table', cls: 'table', index: 5, points: 300, size: 1.4, yaw: 10, offset: [0, 0.38, 0] },
  { name: 'lamp', cls: 'lamp', index: 2, points: 600, size: 0.55, yaw: 70, offset: [-0.2, 0.3, 0.1] },
  { name: 'car', cls: 'car', index: 4, points: 3000, size: 4.5, yaw: 15, offset: [10, 0.8, -3] },
];

const k = await loadManifold();
for (const ex of EXAMPLES) {
  const cls = procShapesClass(ex.cls);
  if (!cls) throw new Error(`unknown class ${ex.cls}`);
  const shape = generateShape(k, cls, ex.index, SEED);
  const rng = new Random(SEED + ex.index);
  const s = sampleSurface(shape.mesh, ex.points, rng);
  const p = s.positions;
  const c = Math.cos((ex.yaw * Math.PI) / 180),
    sn = Math.sin((ex.yaw * Math.PI) / 180);
  const out = new Float32Array(p.length);
  for (let i = 0; i < p.length; i += 3) {
    // noise in unit-cube units, then scale to "scanner" units, yaw about y, offset
    const x = p[i] + rng.normal(0, 0.005),
      y = p[i + 1] + rng.normal(0, 0.005),
      z = p[i + 2] + rng.normal(0, 0.005);
    out[i] = (c * x + sn * z) * ex.size + ex.offset[0];
    out[i + 1] = y * ex.size + ex.offset[1];
    out[i + 2] = (-sn * x + c * z) * ex.size + ex.offset[2];
  }
  writePointCloud(`examples/${ex.name}.xyz`, { positions: out });
  // The ground-truth mesh in the same frame (no noise), for error colours and evaluation.
  const m = shape.mesh.positions,
    g = new Float32Array(m.length);
  for (let i = 0; i < m.length; i += 3) {
    g[i] = (c * m[i] + sn * m[i + 2]) * ex.size + ex.offset[0];
    g[i + 1] = m[i + 1] * ex.size + ex.offset[1];
    g[i + 2] = (-sn * m[i] + c * m[i + 2]) * ex.size + ex.offset[2];
  }
  writeMesh(`examples/ground-truth/${ex.name}.ply`, { positions: g, faces: shape.mesh.faces });
  console.log(`examples/${ex.name}.xyz: ${ex.cls} (${shape.variant}), ${ex.points} points, ${ex.size} units long`);
}
