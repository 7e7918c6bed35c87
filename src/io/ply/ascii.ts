/** The body of an ascii PLY: one record per line (blank lines skipped), lists of any length. */
import type { Mesh } from '../../geometry/Mesh.ts';
import { InputError, quote } from '../../errors.ts';
import { checkDeclaredSize } from '../declaredSize.ts';
import type { ReadLimits } from '../limits.ts';
import { TextLines, decodeText, splitTokens, parseNumberToken } from '../TextLines.ts';
import { TriangleBuilder } from '../TriangleBuilder.ts';
import type { PlyElement, PlyHeader } from './header.ts';
import { checkPlyLimits, colorByte, newGeometry, type VertexLayout } from './layout.ts';

export function parseAsciiBody(
  bytes: Uint8Array,
  file: string,
  h: PlyHeader,
  vEl: PlyElement,
  layout: VertexLayout,
  fEl: PlyElement | undefined,
  fList: number,
  limits: ReadLimits,
): Mesh {
  const text = decodeText(bytes.subarray(h.bodyOffset));
  const lines = new TextLines(text, 0, h.headerLines + 1);
  let records = 0;
  const available = lines.remainingLines();
  for (const el of h.elements) {
    records += el.count;
    checkDeclaredSize(file, `element ${quote(el.name)} declares ${el.count} records (one per line)`, records, available, 'lines', {
      line: el.line,
    });
  }
  checkPlyLimits(file, vEl, fEl, limits);
  const mesh = newGeometry(vEl.count, layout);
  const tok: string[] = [];
  const at = new Int32Array(Math.max(...h.elements.map((e) => e.properties.length), 1));
  const nv = vEl.count;
  const pos = mesh.positions,
    nor = mesh.normals,
    col = mesh.colors;
  // Capacity hint: blank lines count as lines above, so bound it by the text too (a face line
  // "3 0 1 2\n" has 8 characters): a file of newlines must not reserve 12 bytes per newline.
  const tb = fEl ? new TriangleBuilder(Math.min(fEl.count, text.length >> 3)) : null;
  let idx = new Float64Array(16);

  const num = (t: string, what: string): number => {
    const v = parseNumberToken(t);
    if (v === undefined) throw new InputError('bad-value', file, `invalid number ${quote(t)} for ${what}`, { line: lines.lineNo });
    return v;
  };

  for (const el of h.elements) {
    const props = el.properties;
    for (let i = 0; i < el.count; i++) {
      let line = lines.next();
      while (line !== null && isBlank(line)) line = lines.next();
      if (line === null) {
        throw new InputError(
          'truncated',
          file,
          `file is truncated: it ends before record ${i + 1} of ${el.count} of element ${quote(el.name)}`,
          { line: lines.lineNo + 1 },
        );
      }
      const nt = splitTokens(line, tok);
      // Locate each property's token (for lists: the count token).
      let t = 0;
      for (let k = 0; k < props.length; k++) {
        at[k] = t;
        if (t >= nt)
          throw new InputError(
            'bad-value',
            file,
            `record ${i + 1} of element ${quote(el.name)} has too few values (missing ${quote(props[k].name)})`,
            { line: lines.lineNo },
          );
        if (props[k].countType) {
          const n = parseNumberToken(tok[t]);
          if (n === undefined || !Number.isInteger(n) || n < 0)
            throw new InputError('bad-value', file, `invalid list length ${quote(tok[t])} for ${quote(props[k].name)}`, {
              line: lines.lineNo,
            });
          if (n > nt)
            throw new InputError(
              'bad-value',
              file,
              `list ${quote(props[k].name)} declares ${n} items but the line has only ${nt - at[k] - 1}`,
              { line: lines.lineNo },
            );
          t += 1 + n;
          if (t > nt)
            throw new InputError(
              'bad-value',
              file,
              `list ${quote(props[k].name)} declares ${n} items but the line has only ${nt - at[k] - 1}`,
              { line: lines.lineNo },
            );
        } else t++;
      }
      if (t !== nt)
        throw new InputError('bad-value', file, `record ${i + 1} of element ${quote(el.name)} has ${nt} values, expected ${t}`, {
          line: lines.lineNo,
        });

      if (el === vEl) {
        pos[3 * i] = num(tok[at[layout.x]], 'x');
        pos[3 * i + 1] = num(tok[at[layout.y]], 'y');
        pos[3 * i + 2] = num(tok[at[layout.z]], 'z');
        if (nor) {
          nor[3 * i] = num(tok[at[layout.nx]], 'nx');
          nor[3 * i + 1] = num(tok[at[layout.ny]], 'ny');
          nor[3 * i + 2] = num(tok[at[layout.nz]], 'nz');
        }
        if (col) {
          col[3 * i] = colorByte(num(tok[at[layout.r]], 'red'), props[layout.r].type);
          col[3 * i + 1] = colorByte(num(tok[at[layout.g]], 'green'), props[layout.g].type);
          col[3 * i + 2] = colorByte(num(tok[at[layout.b]], 'blue'), props[layout.b].type);
        }
      } else if (el === fEl && tb) {
        const c = at[fList];
        const k = +tok[c];
        if (k < 3)
          throw new InputError('bad-value', file, `face ${i + 1} has ${k} vertices (a face needs at least 3)`, { line: lines.lineNo });
        if (k > idx.length) idx = new Float64Array(2 * k);
        for (let j = 0; j < k; j++) {
          const v = parseNumberToken(tok[c + 1 + j]);
          if (v === undefined || !Number.isInteger(v))
            throw new InputError('bad-value', file, `invalid vertex index ${quote(tok[c + 1 + j])} in face ${i + 1}`, {
              line: lines.lineNo,
            });
          if (v < 0 || v >= nv)
            throw new InputError(
              'index-out-of-range',
              file,
              `face ${i + 1} refers to vertex ${v}, but there are ${nv} vertices (indices 0..${nv - 1})`,
              { line: lines.lineNo },
            );
          idx[j] = v;
        }
        tb.addPolygon(idx, k);
      }
    }
  }
  if (tb) mesh.faces = tb.finish();
  return mesh;
}

function isBlank(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}
