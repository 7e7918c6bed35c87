// Node 20's test runner has no glob support, so collect test/**/*.test.ts here and hand them
// to `node --test` (through tsx). Extra arguments narrow the run: `npm test -- test/io`.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function collect(p, out) {
  if (statSync(p).isDirectory()) for (const f of readdirSync(p).sort()) collect(join(p, f), out);
  else if (p.endsWith('.test.ts')) out.push(p);
  return out;
}
const roots = process.argv.slice(2);
const files = (roots.length ? roots : ['test']).flatMap((r) => collect(r, []));
if (files.length === 0) {
  console.error('run-tests: no test files found');
  process.exit(1);
}
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
