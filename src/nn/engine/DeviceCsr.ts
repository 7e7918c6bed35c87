/** Byte offsets of one uploaded CSR (rows: output row of each stored row, 0 = identity). */
export interface DeviceCsr {
  nRows: number;
  ptr: number;
  rows: number;
  idx: number;
  w: number;
}
