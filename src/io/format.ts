/**
 * Which file format a file is in: by extension, by content ("sniffing"), or both.
 *
 * Content wins over the extension when the content carries an unambiguous signature (PLY
 * magic, NPY magic, zip, glTF, PCD header, OFF keyword, ascii `solid … facet`, or the exact
 * binary-STL size), so a PLY saved as `.xyz` is still read as PLY. Between the two signature-less
 * text formats, OBJ and XYZ, the content decides when it is clearly one of them (OBJ `v x y z`
 * statements, or rows of numbers); otherwise the extension does.
 */
import { InputError, quote } from '../errors.ts';
import { isNpy } from './npy.ts';
import { isZip } from './npz.ts';
import { isPcd } from './pcd.ts';
import { isBinaryStl } from './stl.ts';
import { TextLines, splitTokens, parseNumberToken } from './TextLines.ts';

export type FileFormat = 'ply' | 'obj' | 'off' | 'stl' | 'xyz' | 'npy' | 'npz' | 'pcd' | 'glb';

const EXTENSIONS: Record<string, FileFormat> = {
  ply: 'ply',
  obj: 'obj',
  off: 'off',
  stl: 'stl',
  glb: 'glb',
  xyz: 'xyz',
  txt: 'xyz',
  csv: 'xyz',
  pts: 'xyz',
  asc: 'xyz',
  xyzn: 'xyz',
  npy: 'npy',
  npz: 'npz',
  pcd: 'pcd',
};

/** The lower-case extension of a path without the dot ('' when none). */
export function extensionOf(path: string): string {
  const base = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

/** The format an extension stands for (`.txt`, `.csv`, `.pts`, `.asc` are XYZ), if known. */
export function formatFromExtension(path: string): FileFormat | undefined {
  return EXTENSIONS[extensionOf(path)];
}

const latin1 = new TextDecoder('latin1');
const OFF_HEADER = /^(ST)?C?N?4?n?OFF$/;

/**
 * Formats with an unambiguous signature in the first bytes; undefined when there is none.
 * @param bytes the file (only its start is looked at, plus its length for binary STL).
 */
export function sniffSignature(bytes: Uint8Array): FileFormat | undefined {
  if (isNpy(bytes)) return 'npy';
  if (isZip(bytes)) return 'npz';
  if (bytes.length >= 4 && bytes[0] === 0x67 && bytes[1] === 0x6c && bytes[2] === 0x54 && bytes[3] === 0x46) return 'glb';
  const head = latin1.decode(bytes.subarray(0, 4096)).replace(/^\uFEFF/, '');
  if (/^ply[ \t]*\r?\n/.test(head)) return 'ply';
  if (isBinaryStl(bytes)) return 'stl';
  if (isPcd(bytes)) return 'pcd';
  const first = firstContentToken(head);
  if (first !== undefined && OFF_HEADER.test(first)) return 'off';
  if (/^\s*solid\b/i.test(head) && /\b(facet|endsolid)\b/i.test(head)) return 'stl';
  return undefined;
}

function firstContentToken(head: string): string | undefined {
  const lines = new TextLines(head);
  const tok: string[] = [];
  for (let line = lines.next(); line !== null; line = lines.next()) {
    const hash = line.indexOf('#');
    const n = splitTokens(hash >= 0 ? line.slice(0, hash) : line, tok);
    if (n > 0) return tok[0];
  }
  return undefined;
}

/**
 * Tells OBJ from XYZ text by the first lines: OBJ when a `v` statement with three numbers
 * appears, XYZ when the content lines (after an optional header line) are rows of 3 or more
 * numbers; undefined when neither.
 */
export function sniffText(bytes: Uint8Array): 'obj' | 'xyz' | undefined {
  const head = latin1.decode(bytes.subarray(0, 1 << 16));
  const lines = new TextLines(head);
  const tok: string[] = [];
  let rows = 0,
    header = 0,
    other = 0;
  for (let line = lines.next(); line !== null && lines.lineNo <= 1000; line = lines.next()) {
    const t = line.trimStart();
    if (t === '' || t.startsWith('#') || (t.startsWith('//') && rows + header > 0)) continue;
    const n = splitTokens(t, tok, true);
    if (tok[0] === 'v' && n >= 4 && parseNumberToken(tok[1]) !== undefined) return 'obj';
    let numeric = n >= 3;
    for (let k = 0; k < n && numeric; k++) if (parseNumberToken(tok[k]) === undefined) numeric = false;
    if (numeric) rows++;
    else if (rows === 0 && header === 0) header++;
    else other++;
  }
  return rows > 0 && other === 0 ? 'xyz' : undefined;
}

/**
 * Decides the format of a file.
 * @param bytes the file content.
 * @param name file name or path (for the extension and for errors).
 * @param hint a format the caller insists on; skips detection.
 * @throws InputError 'unknown-format' when neither the content nor the extension tells.
 */
export function detectFormat(bytes: Uint8Array, name: string, hint?: FileFormat): FileFormat {
  if (hint) return hint;
  const sig = sniffSignature(bytes);
  if (sig) return sig;
  const ext = formatFromExtension(name);
  if (ext === undefined || ext === 'obj' || ext === 'xyz') {
    const t = sniffText(bytes);
    if (t) return t;
  }
  if (ext) return ext;
  throw new InputError(
    'unknown-format',
    name,
    `cannot tell the file format: the extension ${extensionOf(name) ? quote(extensionOf(name)) : '(none)'} is not known and the content matches no supported format (PLY, OBJ, OFF, STL, XYZ/CSV, NPY, NPZ, PCD)`,
  );
}
