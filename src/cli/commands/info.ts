/**
 * `pointocc info FILE`: what is in a mesh or point-cloud file — counts, bounding box (file
 * units), and for meshes the watertight/manifold flags, components, surface area (units²) and
 * enclosed volume (units³, meaningful when watertight).
 */
import type { Command } from 'commander';
import { SUMMARIES } from './summaries.ts';
import { withCliNanHint } from '../options.ts';
import { readMesh, readPointCloud } from '../../io/registry.ts';
import { InputError } from '../../errors.ts';
import { checkMesh } from '../../geometry/meshChecks.ts';
import { pointBounds } from '../../geometry/Bounds.ts';

export interface FileInfo {
  file: string;
  kind: 'mesh' | 'points';
  vertices: number;
  faces: number;
  hasNormals: boolean;
  hasColors: boolean;
  bbox: { min: number[]; max: number[]; size: number[] };
  mesh?: {
    watertight: boolean;
    edgeManifold: boolean;
    boundaryEdges: number;
    nonManifoldEdges: number;
    degenerateFaces: number;
    components: number;
    area: number;
    volume: number;
  };
}

/** The points' bounding box (geometry/Bounds.ts) with its side lengths, in file units. */
export function boundingBox(p: Float32Array): { min: number[]; max: number[]; size: number[] } {
  const { min, max } = pointBounds(p);
  return { min, max, size: max.map((m, a) => m - min[a]) };
}

export function fileInfo(file: string): FileInfo {
  try {
    const mesh = readMesh(file);
    const r = checkMesh(mesh);
    return {
      file,
      kind: 'mesh',
      vertices: r.vertices,
      faces: r.faces,
      hasNormals: !!mesh.normals,
      hasColors: !!mesh.colors,
      bbox: boundingBox(mesh.positions),
      mesh: {
        watertight: r.watertight,
        edgeManifold: r.edgeManifold,
        boundaryEdges: r.boundaryEdges,
        nonManifoldEdges: r.nonManifoldEdges,
        degenerateFaces: r.degenerateFaces,
        components: r.components,
        area: r.area,
        volume: r.volume,
      },
    };
  } catch (e) {
    if (!(e instanceof InputError && e.code === 'no-geometry')) throw e;
  }
  const cloud = readCloudForInfo(file);
  return {
    file,
    kind: 'points',
    vertices: cloud.positions.length / 3,
    faces: 0,
    hasNormals: !!cloud.normals,
    hasColors: !!cloud.colors,
    bbox: boundingBox(cloud.positions),
  };
}

/** `readPointCloud` with the NaN hint in CLI words (`info` itself has no option to skip such points). */
const readCloudForInfo = (file: string) =>
  withCliNanHint(() => readPointCloud(file), 'reconstruct and upsample skip them with --drop-invalid');

const fmt = (v: number) => (Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(4) : v.toFixed(5));

export function formatInfo(i: FileInfo): string {
  const lines = [
    `${i.file}: ${i.kind === 'mesh' ? 'triangle mesh' : 'point cloud'}`,
    `  ${i.kind === 'mesh' ? 'vertices' : 'points'}: ${i.vertices}${i.kind === 'mesh' ? `, faces: ${i.faces}` : ''}${i.hasNormals ? ', normals' : ''}${i.hasColors ? ', colours' : ''}`,
    `  bounding box (file units): min [${i.bbox.min.map(fmt).join(', ')}]  max [${i.bbox.max.map(fmt).join(', ')}]  size [${i.bbox.size.map(fmt).join(', ')}]`,
  ];
  if (i.mesh) {
    const m = i.mesh;
    lines.push(
      `  watertight: ${m.watertight ? 'yes' : 'no'} (closed, edge-manifold and consistently oriented; vertex-manifoldness and self-intersections not checked), edge-manifold: ${m.edgeManifold ? 'yes' : 'no'} (boundary edges ${m.boundaryEdges}, non-manifold edges ${m.nonManifoldEdges}, degenerate faces ${m.degenerateFaces})`,
      `  components: ${m.components}`,
      `  area: ${fmt(m.area)} units², volume: ${fmt(m.volume)} units³${m.watertight ? '' : ' (not watertight: volume is not meaningful)'}`,
    );
  }
  return lines.join('\n');
}

export function register(program: Command): void {
  program
    .command('info')
    .description(SUMMARIES.info)
    .argument('<file>', 'mesh (PLY, OBJ, OFF, STL) or point cloud (PLY, XYZ/CSV, NPY, PCD)')
    .option('--json', 'machine-readable output')
    .addHelpText('after', '\nExample:\n  $ pointocc info bunny.ply --json')
    .action((file: string, opts: { json?: boolean }) => {
      const info = fileInfo(file);
      process.stdout.write(opts.json ? `${JSON.stringify(info, null, 2)}\n` : `${formatInfo(info)}\n`);
    });
}
