import { readFileSync } from 'node:fs';
import { readMesh } from '../io/registry.ts';
import { atomicWriteFileSync } from '../io/atomicWrite.ts';
import type { BuildSettings } from './BuildSettings.ts';
import { buildShapeSample, type InsideMethod } from './buildShapeSample.ts';
import { encodeShapeNpz } from './shapeNpz.ts';
import { sha256Hex } from './CacheManifest.ts';

/** One mesh for a builder worker: where to read, where to write, how. */
export interface BuildTask {
  /** Mesh file to read. */
  path: string;
  /** Path relative to the mesh root ('/'-separated): names the shape's random stream. */
  relPath: string;
  /** Absolute path of the `.npz` to write. */
  outFile: string;
  settings: BuildSettings;
}

/** What a worker sends back for one task. */
export type BuildTaskResult =
  | {
      ok: true;
      relPath: string;
      sha256: string;
      bytes: number;
      watertight: boolean;
      method: InsideMethod;
      flippedNormals: boolean;
      vertices: number;
      faces: number;
      /** Seconds spent on this mesh. */
      seconds: number;
    }
  | { ok: false; relPath: string; reason: string };

/**
 * Reads, samples, labels, encodes and atomically writes one mesh. Never throws: a broken mesh
 * (unreadable, empty, non-finite, no area) becomes `{ ok: false, reason }`.
 */
export async function runBuildTask(task: BuildTask): Promise<BuildTaskResult> {
  const t0 = performance.now();
  try {
    const mesh = await readMesh(task.path);
    const built = buildShapeSample(mesh, task.relPath, task.settings);
    const bytes = encodeShapeNpz(built);
    atomicWriteFileSync(task.outFile, bytes);
    return {
      ok: true,
      relPath: task.relPath,
      sha256: sha256Hex(bytes),
      bytes: bytes.length,
      watertight: built.watertight,
      method: built.method,
      flippedNormals: built.flippedNormals,
      vertices: built.vertices,
      faces: built.faces,
      seconds: (performance.now() - t0) / 1000,
    };
  } catch (e) {
    let reason = e instanceof Error ? e.message : String(e);
    // InputError messages start with the file name, which the caller already reports.
    for (const prefix of [`${task.path}: `, `${task.relPath}: `]) if (reason.startsWith(prefix)) reason = reason.slice(prefix.length);
    return { ok: false, relPath: task.relPath, reason };
  }
}

/** SHA-256 of a file's bytes, or null when it cannot be read. */
export function fileSha256(path: string): string | null {
  try {
    return sha256Hex(readFileSync(path));
  } catch {
    return null;
  }
}
