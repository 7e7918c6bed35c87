/**
 * The inputs of `pointocc queue submit IN …`: a folder (its cloud files, like `reconstruct
 * --batch`) or a glob. Node 20 has no fs.glob, and the installed package must not depend on a
 * dev-only matcher, so the few glob forms a dataset needs are matched here:
 * `*` and `?` within one path segment, `[abc]` / `[a-z]` classes, and `**` for any number of
 * folders (`scans/**\/*.ply`). Hidden files and folders (".name") are skipped, as the shell does.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { UsageError } from '../../errors.ts';
import { extensionOf } from '../../io/format.ts';
import { CLOUD_EXTENSIONS, batchInputs } from '../reconstructRunner.ts';

const MAGIC = /[*?[]/;

/** Whether a command-line argument is a glob pattern rather than a path. */
export function isGlob(arg: string): boolean {
  return MAGIC.test(arg);
}

/** A regular expression for one path segment of a glob (`*`, `?`, `[…]`; the rest literal). */
function segmentRegex(seg: string): RegExp {
  let re = '';
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = seg.indexOf(']', i + 2);
      if (end < 0) {
        re += '\\[';
        continue;
      }
      let cls = seg.slice(i + 1, end).replace(/\\/g, '\\\\');
      if (cls.startsWith('!')) cls = `^${cls.slice(1)}`;
      re += `[${cls}]`;
      i = end;
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

function listDir(dir: string): { name: string; dir: boolean }[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((d) => !d.name.startsWith('.'))
      .map((d) => ({ name: d.name, dir: d.isDirectory() || (d.isSymbolicLink() && isDir(join(dir, d.name))) }));
  } catch {
    return [];
  }
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Files under `dir` matching the remaining segments (`**` = zero or more folders). */
function walk(dir: string, segs: string[], out: string[]): void {
  if (segs.length === 0) return;
  const [head, ...rest] = segs;
  if (head === '**') {
    walk(dir, rest, out);
    for (const e of listDir(dir)) if (e.dir) walk(join(dir, e.name), segs, out);
    return;
  }
  const re = segmentRegex(head);
  for (const e of listDir(dir)) {
    if (!re.test(e.name)) continue;
    const p = join(dir, e.name);
    if (rest.length === 0) {
      if (!e.dir) out.push(p);
    } else if (e.dir) walk(p, rest, out);
  }
}

/** Absolute paths of the files that a glob matches, sorted, without duplicates. */
export function expandGlob(pattern: string): string[] {
  const abs = resolve(pattern);
  const segs = abs.split(sep).filter((s) => s !== '');
  // The literal folder before the first segment with a wildcard is where the walk starts.
  const first = segs.findIndex((s) => isGlob(s) || s === '**');
  const base = sep + segs.slice(0, first).join(sep);
  const out: string[] = [];
  walk(base, segs.slice(first), out);
  return [...new Set(out)].sort();
}

/**
 * The clouds to submit: every cloud file of a folder, or every file a glob matches that has a
 * cloud extension (a glob may name other files: they are left out, as --batch leaves them).
 * Absolute paths, sorted: workers on other machines open them by the same path (shared storage).
 */
export function queueInputs(arg: string): string[] {
  if (isGlob(arg) && !isDir(arg)) {
    const files = expandGlob(arg).filter((p) => CLOUD_EXTENSIONS.has(extensionOf(p)));
    if (files.length === 0)
      throw new UsageError(`queue submit: no point-cloud files match ${arg} (looked for .${[...CLOUD_EXTENSIONS].join(' .')})`);
    return files;
  }
  if (!isDir(arg))
    throw new UsageError(
      `queue submit: ${arg} is neither a folder nor a glob that matches files (quote the glob so the shell does not expand it)`,
    );
  const files = batchInputs(arg).map((p) => resolve(p));
  if (files.length === 0)
    throw new UsageError(`queue submit: no point-cloud files in ${arg} (looked for .${[...CLOUD_EXTENSIONS].join(' .')})`);
  return files;
}
