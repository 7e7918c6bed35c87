// The line-count rule of `npm run lint`: no source file (TypeScript or JavaScript under src/,
// test/, bench/, scripts/, assembly/, bin/) over MAX_LINES lines; a longer one is split by concept.
// Usage: node scripts/check-lines.mjs [root …]   (exit 1 naming each file over the limit)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const MAX_LINES = 450;
const SOURCE = /\.(ts|mts|cts|js|mjs|cjs)$/;

function collect(p, out) {
  if (statSync(p).isDirectory()) for (const f of readdirSync(p).sort()) collect(join(p, f), out);
  else if (SOURCE.test(p)) out.push(p);
  return out;
}

const roots = process.argv.slice(2);
const files = (roots.length ? roots : ['src', 'test', 'bench', 'scripts', 'assembly', 'bin']).flatMap((r) => collect(r, []));
const over = [];
for (const f of files) {
  const text = readFileSync(f, 'utf8');
  const lines = text.length === 0 ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  if (lines > MAX_LINES) over.push(`${f}: ${lines} lines`);
}
if (over.length > 0) {
  console.error(`check-lines: ${over.length} file(s) over ${MAX_LINES} lines (split them by concept):\n  ${over.join('\n  ')}`);
  process.exit(1);
}
console.log(`check-lines: ${files.length} source files, none over ${MAX_LINES} lines`);
