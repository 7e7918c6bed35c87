/**
 * Vite plugin (Node side) that puts the bundled model and example clouds beside the page:
 *
 *   pointocc-assets.json              what there is (the page reads it first)
 *   model/config.json, model/weights.safetensors   (from `modelDir`, when it exists)
 *   examples/<name>.<ext>, examples/ground-truth/<name>.ply   (from `examplesDir`)
 *
 * In `vite` (dev) they are served from the repository folders as they are now (a model trained
 * later appears on reload); `vite build` copies them into the output folder, so the static site
 * needs nothing else. nn.wasm is not handled here: src/nn/engine/loadWasm.ts names it with
 * `new URL(…, import.meta.url)`, which Vite turns into a hashed asset by itself.
 */
import { existsSync, readdirSync, readFileSync, statSync, copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, extname, join, dirname } from 'node:path';
import type { Plugin } from 'vite';
import { MANIFEST_FILE, type AssetManifest } from './assetManifest.ts';

export { MANIFEST_FILE, type AssetManifest };

export interface AssetOptions {
  /** Model directory (config.json + weights.safetensors); may not exist yet. */
  modelDir: string;
  /** Folder of example clouds (with an optional ground-truth/ sub-folder of meshes). */
  examplesDir: string;
}

/** Extensions treated as example clouds. */
const CLOUD_EXT = new Set(['.xyz', '.txt', '.csv', '.ply', '.npy', '.npz', '.pcd', '.obj', '.off']);
const MESH_EXT = ['.ply', '.obj', '.off', '.stl'];

/**
 * What to publish: the manifest, and the files as URL path (relative, '/'-separated) → source path.
 * Read afresh on every call (a model trained later appears without restarting the dev server).
 */
export function collectAssets(opts: AssetOptions): { manifest: AssetManifest; files: Map<string, string> } {
  const files = new Map<string, string>();
  let model: AssetManifest['model'] = null;
  const cfg = join(opts.modelDir, 'config.json'),
    w = join(opts.modelDir, 'weights.safetensors');
  if (existsSync(cfg) && existsSync(w)) {
    let trainedOn: string | undefined;
    try {
      trainedOn = (JSON.parse(readFileSync(cfg, 'utf8')) as { trainedOn?: string }).trainedOn;
    } catch {
      /* the page reports a bad config */
    }
    model = {
      name: basename(opts.modelDir),
      config: 'model/config.json',
      weights: 'model/weights.safetensors',
      bytes: statSync(w).size,
      ...(trainedOn ? { trainedOn } : {}),
    };
    const m = join(opts.modelDir, 'metrics.json');
    if (existsSync(m)) {
      try {
        // numbers only (IoU, step, …): the file also names local paths, which a public site should not show
        const all = JSON.parse(readFileSync(m, 'utf8')) as Record<string, unknown>;
        model.metrics = Object.fromEntries(Object.entries(all).filter((e): e is [string, number] => typeof e[1] === 'number'));
      } catch {
        /* optional */
      }
    }
    files.set('model/config.json', cfg);
    files.set('model/weights.safetensors', w);
  }
  const examples: AssetManifest['examples'] = [];
  if (existsSync(opts.examplesDir)) {
    for (const f of readdirSync(opts.examplesDir).sort()) {
      const p = join(opts.examplesDir, f);
      if (!statSync(p).isFile() || !CLOUD_EXT.has(extname(f).toLowerCase())) continue;
      const name = basename(f, extname(f));
      const ex: AssetManifest['examples'][number] = { name, file: `examples/${f}`, bytes: statSync(p).size };
      files.set(ex.file, p);
      for (const ext of MESH_EXT) {
        const g = join(opts.examplesDir, 'ground-truth', name + ext);
        if (existsSync(g)) {
          ex.groundTruth = `examples/ground-truth/${name}${ext}`;
          files.set(ex.groundTruth, g);
          break;
        }
      }
      examples.push(ex);
    }
  }
  return { manifest: { model, examples }, files };
}

const MIME: Record<string, string> = { '.json': 'application/json', '.ply': 'application/octet-stream' };

/** The plugin; see the file comment. */
export function pointoccAssets(opts: AssetOptions): Plugin {
  let outDir = '';
  return {
    name: 'pointocc-assets',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = decodeURIComponent((req.url ?? '').split('?')[0]).replace(/^\/+/, '');
        if (path !== MANIFEST_FILE && !path.startsWith('examples/') && !path.startsWith('model/')) {
          next();
          return;
        }
        const { manifest, files } = collectAssets(opts);
        if (path === MANIFEST_FILE) {
          res.setHeader('Content-Type', 'application/json');
          res.setHeader('Cache-Control', 'no-store');
          res.end(JSON.stringify(manifest));
          return;
        }
        const src = files.get(path); // only listed files: no path traversal
        if (!src) {
          next();
          return;
        }
        res.setHeader('Content-Type', MIME[extname(src)] ?? 'application/octet-stream');
        res.setHeader('Cache-Control', 'no-store');
        res.end(readFileSync(src));
      });
    },
    writeBundle(options) {
      writeAssets(options.dir ?? outDir, opts);
    },
  };
}

/** Copy the assets and write the manifest into a built site's folder `dir`. */
export function writeAssets(dir: string, opts: AssetOptions): AssetManifest {
  const { manifest, files } = collectAssets(opts);
  for (const [rel, src] of files) {
    const dst = join(dir, ...rel.split('/'));
    mkdirSync(dirname(dst), { recursive: true });
    copyFileSync(src, dst);
  }
  writeFileSync(join(dir, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}
