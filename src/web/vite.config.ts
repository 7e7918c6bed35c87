/**
 * Vite configuration of the pointocc web app (src/web). `npm run web` serves it; `npm run
 * build:web` writes a static site to dist/web/ with relative URLs (base './'), so it works from
 * any static file server and any sub-path.
 *
 * Environment: POINTOCC_WEB_MODEL — model directory to bundle (default
 * models/pcnn-occ-corpus); POINTOCC_WEB_EXAMPLES — example clouds (default examples/).
 */
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { pointoccAssets } from './assetsPlugin.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
const repo = resolve(here, '..', '..');

export default defineConfig({
  root: here,
  base: './',
  publicDir: false,
  clearScreen: false,
  plugins: [
    pointoccAssets({
      modelDir: resolve(repo, process.env.POINTOCC_WEB_MODEL ?? 'models/pcnn-occ-corpus'),
      examplesDir: resolve(repo, process.env.POINTOCC_WEB_EXAMPLES ?? 'examples'),
    }),
  ],
  server: { host: '127.0.0.1', fs: { allow: [repo] } },
  preview: { host: '127.0.0.1' },
  worker: { format: 'es' },
  build: {
    outDir: resolve(repo, 'dist', 'web'),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1200,
  },
});
