/**
 * Decimal text for float32 values in the text writers (OBJ, OFF, ascii PLY, XYZ): the shortest
 * of 6–9 significant digits that reads back as the same float32, so a write → read round trip
 * is exact and files stay short ("0.1", not "0.10000000149011612").
 */
export function formatFloat32(x: number): string {
  if (!Number.isFinite(x)) return x !== x ? 'nan' : x > 0 ? 'inf' : '-inf';
  if (x === 0) return '0';
  const f = Math.fround(x);
  for (let p = 6; p < 9; p++) {
    const s = f.toPrecision(p);
    if (Math.fround(+s) === f) return trimZeros(s);
  }
  return trimZeros(f.toPrecision(9)); // 9 significant digits always round-trip a float32
}

/** Removes trailing zeros of the mantissa: "0.500000" → "0.5", "1.20000e-7" → "1.2e-7". */
function trimZeros(s: string): string {
  const e = s.indexOf('e');
  let m = e < 0 ? s : s.slice(0, e);
  const exp = e < 0 ? '' : s.slice(e);
  if (m.indexOf('.') >= 0) {
    let end = m.length;
    while (m.charCodeAt(end - 1) === 48) end--;
    if (m.charCodeAt(end - 1) === 46) end--;
    m = m.slice(0, end);
  }
  return m + exp;
}
