import { LOWER_IS_BETTER } from './metricKeys.ts';

/**
 * A GitHub-flavoured markdown table. Cells are escaped for '|' and newlines.
 *
 * @param header column titles.
 * @param rows cell strings, one array per row (short rows are padded with empty cells).
 * @param align per column 'l' | 'r' | 'c' (default: first column left, others right).
 */
export function markdownTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  align?: readonly ('l' | 'r' | 'c')[],
): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  const a = header.map((_, i) => align?.[i] ?? (i === 0 ? 'l' : 'r'));
  const sep = a.map((x) => (x === 'l' ? ':---' : x === 'r' ? '---:' : ':---:'));
  const line = (cells: readonly string[]) => `| ${header.map((_, i) => esc(cells[i] ?? '')).join(' | ')} |`;
  return [line(header), `| ${sep.join(' | ')} |`, ...rows.map(line)].join('\n') + '\n';
}

/**
 * A metric value for a table: distances (Chamfer, accuracy, completeness) with 4 decimals in
 * unit-cube units, everything else (IoU, NC, F, P, R) with 3; null/undefined as '–'.
 */
export function formatMetric(key: string, v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  return LOWER_IS_BETTER.has(key) ? v.toFixed(4) : v.toFixed(3);
}
