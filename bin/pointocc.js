#!/usr/bin/env node
// Launcher of the compiled CLI (dist/, made by `npm run build`, which `npm ci` runs through the
// `prepare` script). No transpiler runs here: start-up is Node's own module loading.
import { existsSync } from 'node:fs';

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('pointocc: dist/ is missing: run `npm run build` (or `npm ci`) first\n');
  process.exit(2);
}
const { runCliMain } = await import(main.href);
runCliMain(process.argv.slice(2));
