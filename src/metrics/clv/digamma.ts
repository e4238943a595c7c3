/**
 * ψ(v) = d/dv ln Γ(v) for v > 0, the derivative the likelihood gradients need (special.ts has ln Γ only).
 * The recurrence ψ(v) = ψ(v + 1) − 1/v lifts v to ≥ 10, then the asymptotic series
 * ψ(v) ~ ln v − 1/(2v) − Σ B₂ₖ/(2k·v²ᵏ) (Abramowitz & Stegun 6.3.18), absolute error below 1e-15 there.
 */
export function digamma(v: number): number {
  if (!(v > 0)) throw new RangeError(`digamma needs v > 0, got ${v}`);
  let shift = 0;
  while (v < 10) {
    shift -= 1 / v;
    v += 1;
  }
  const w = 1 / (v * v);
  const series =
    w * (1 / 12 - w * (1 / 120 - w * (1 / 252 - w * (1 / 240 - w * (1 / 132 - w * (691 / 32760 - w / 12))))));
  return shift + Math.log(v) - 0.5 / v - series;
}

/**
 * ψ(v + k) − ψ(v), the derivative in v of ln Γ(v + k) − ln Γ(v): the exact sum Σ_{i<k} 1/(v + i) for
 * small integer k (as lnPochhammer takes its value), else by ψ.
 */
export function digammaDifference(v: number, k: number): number {
  if (Number.isInteger(k) && k <= 64) {
    let sum = 0;
    for (let i = 0; i < k; i++) sum += 1 / (v + i);
    return sum;
  }
  return digamma(v + k) - digamma(v);
}
