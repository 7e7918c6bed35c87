// Partial loads/stores of the first n (1..3) float32 lanes of a v128, for the column tails of
// every kernel: no kernel reads or writes outside its matrices.

@inline export function loadPart(p: usize, n: i32): v128 {
  if (n == 1) return v128.load32_zero(p);
  let v = v128.load64_zero(p);
  if (n == 3) v = v128.load32_lane(p, v, 2, 8);
  return v;
}

@inline export function storePart(p: usize, v: v128, n: i32): void {
  if (n == 1) { v128.store32_lane(p, v, 0); return; }
  v128.store64_lane(p, v, 0);
  if (n == 3) v128.store32_lane(p, v, 2, 8);
}
