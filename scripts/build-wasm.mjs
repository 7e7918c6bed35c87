// Compiles every AssemblyScript entry file `assembly/*.ts` (files starting with `_` are shared
// includes, not entries) into `build/wasm/<name>.wasm`, with SIMD on and the minimal runtime:
// the kernels allocate nothing; callers own all memory through the exported linear memory.
// Skips a module whose .wasm is newer than every assembly source, so `npm test` stays quick.
import { readdirSync, statSync, mkdirSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import asc from 'assemblyscript/asc';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const srcDir = join(root, 'assembly');
const outDir = join(root, 'build', 'wasm');
mkdirSync(outDir, { recursive: true });
const files = existsSync(srcDir) ? readdirSync(srcDir).filter((f) => f.endsWith('.ts')) : [];
const newestSource = Math.max(0, ...files.map((f) => statSync(join(srcDir, f)).mtimeMs), statSync(fileURLToPath(import.meta.url)).mtimeMs);
let failed = false;
for (const f of files) {
  if (f.startsWith('_')) continue;
  const name = f.slice(0, -3);
  const out = join(outDir, `${name}.wasm`);
  if (existsSync(out) && statSync(out).mtimeMs > newestSource) continue;
  const { error, stderr } = await asc.main(
    [
      join('assembly', f),
      '--outFile',
      out,
      '-O3',
      '--runtime',
      'stub',
      '--noAssert',
      '--enable',
      'simd',
      '--initialMemory',
      '64',
      '--exportRuntime',
    ],
    { stdout: process.stdout, stderr: process.stderr },
  );
  if (error) {
    failed = true;
    console.error(`build-wasm: ${f}: ${error.message}`);
    console.error(stderr.toString());
  }
}
if (failed) process.exit(1);
