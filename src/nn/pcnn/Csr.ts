/**
 * Compressed sparse rows of a constant matrix P (nRows × nCols): row r holds the column indices
 * `col[rowPtr[r] .. rowPtr[r+1])` with values `val[…]`. In pointocc P is a restriction or an
 * interpolation (targets × centres): constant per cloud, because it depends only on positions.
 */
export interface Csr {
  nRows: number;
  nCols: number;
  rowPtr: Int32Array;
  col: Int32Array;
  val: Float32Array;
}

/**
 * Pᵀ in CSR form (counting sort; entries of each transposed row in increasing original row).
 * The reference twin of the WASM `csrTranspose` kernel that SparsePlan uses.
 */
export function transposeCsr(a: Csr): Csr {
  const nnz = a.rowPtr[a.nRows];
  const rowPtr = new Int32Array(a.nCols + 1);
  for (let n = 0; n < nnz; n++) rowPtr[a.col[n] + 1]++;
  for (let c = 0; c < a.nCols; c++) rowPtr[c + 1] += rowPtr[c];
  const fill = rowPtr.slice(0, a.nCols);
  const col = new Int32Array(nnz),
    val = new Float32Array(nnz);
  for (let r = 0; r < a.nRows; r++) {
    for (let n = a.rowPtr[r]; n < a.rowPtr[r + 1]; n++) {
      const d = fill[a.col[n]]++;
      col[d] = r;
      val[d] = a.val[n];
    }
  }
  return { nRows: a.nCols, nCols: a.nRows, rowPtr, col, val };
}

/** Check the structure (row pointers monotone, indices in range); throws RangeError. */
export function validateCsr(a: Csr): void {
  if (a.rowPtr.length !== a.nRows + 1 || a.rowPtr[0] !== 0) throw new RangeError('Csr: bad rowPtr');
  for (let r = 0; r < a.nRows; r++) if (a.rowPtr[r + 1] < a.rowPtr[r]) throw new RangeError('Csr: rowPtr not monotone');
  const nnz = a.rowPtr[a.nRows];
  if (a.col.length < nnz || a.val.length < nnz) throw new RangeError('Csr: arrays shorter than nnz');
  for (let n = 0; n < nnz; n++) if (a.col[n] < 0 || a.col[n] >= a.nCols) throw new RangeError('Csr: column out of range');
}
