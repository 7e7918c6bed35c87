// Adam update (Kingma & Ba), in place over one parameter tensor:
//   m = β1·m + (1−β1)·g;  v = β2·v + (1−β2)·g²;  p −= lr · (m / bc1) / (sqrt(v / bc2) + ε)
// with g = gradScale · grad (gradScale lets the caller average data-parallel gradient sums) and
// bc1 = 1 − β1^t, bc2 = 1 − β2^t passed in by the caller (they depend only on the step count).

/** One Adam step over n contiguous parameters. */
export function adamStep(n: i32, p: usize, g: usize, m: usize, v: usize, lr: f32, beta1: f32, beta2: f32,
  eps: f32, bc1: f32, bc2: f32, gradScale: f32): void {
  const b1 = f32x4.splat(beta1), c1 = f32x4.splat(1 - beta1), b2 = f32x4.splat(beta2), c2 = f32x4.splat(1 - beta2);
  const step = f32x4.splat(lr / bc1), ib2 = f32x4.splat(1 / bc2), ev = f32x4.splat(eps), gs = f32x4.splat(gradScale);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const gg = f32x4.mul(v128.load(g + o), gs);
    const mm = f32x4.add(f32x4.mul(b1, v128.load(m + o)), f32x4.mul(c1, gg));
    const vv = f32x4.add(f32x4.mul(b2, v128.load(v + o)), f32x4.mul(c2, f32x4.mul(gg, gg)));
    v128.store(m + o, mm); v128.store(v + o, vv);
    const den = f32x4.add(f32x4.sqrt(f32x4.mul(vv, ib2)), ev);
    v128.store(p + o, f32x4.sub(v128.load(p + o), f32x4.div(f32x4.mul(step, mm), den)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const gg = load<f32>(g + o) * gradScale;
    const mm = beta1 * load<f32>(m + o) + (1 - beta1) * gg;
    const vv = beta2 * load<f32>(v + o) + (1 - beta2) * gg * gg;
    store<f32>(m + o, mm); store<f32>(v + o, vv);
    store<f32>(p + o, load<f32>(p + o) - (lr / bc1) * mm / (Mathf.sqrt(vv / bc2) + eps));
  }
}
