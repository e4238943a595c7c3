/**
 * The BG/NBD log-likelihood and its analytic gradient over merged rows, in one pass. Per customer
 * (FHL 2005, eq. 6) ln L = H(x) + ln(A₃ + δ_{x>0}·A₄) with
 * H = ln Γ(r+x) − ln Γ(r) + r·ln α + ln Γ(b+x) − ln Γ(b) − ln Γ(a+b+x) + ln Γ(a+b),
 * ln A₃ = −(r+x)·ln(α+T), ln A₄ = ln a − ln(b+x−1) − (r+x)·ln(α+t_x). With w₃ = A₃/(A₃+A₄), w₄ = 1 − w₃
 * and D(v, x) = ψ(v+x) − ψ(v):
 * ∂/∂r = D(r,x) + ln α − w₃·ln(α+T) − w₄·ln(α+t_x),
 * ∂/∂α = r/α − (r+x)·(w₃/(α+T) + w₄/(α+t_x)),
 * ∂/∂a = −D(a+b,x) + w₄/a,
 * ∂/∂b = D(b,x) − D(a+b,x) − w₄/(b+x−1).
 * The fit works in θ = ln(r, α, a, b), where ∂/∂θ = parameter · ∂/∂parameter.
 */
import type { GradientObjective } from "./bfgs.js";
import { lnPochhammer } from "./bg-nbd.js";
import type { BgNbdRows } from "./bg-nbd-rows.js";
import { digammaDifference } from "./digamma.js";
import { fromLogSpace } from "./nelder-mead.js";

/**
 * Σ ln L over the rows at (r, α, a, b), writing ∂Σ ln L/∂(ln r, ln α, ln a, ln b) into `gradient`.
 */
export function bgNbdRowsLogLikelihood(
  r: number,
  alpha: number,
  a: number,
  b: number,
  rows: BgNbdRows,
  gradient: number[],
): number {
  const { xs, recencies, ages, xCount, count, xIndex, recencyIndex, ageIndex } = rows;
  const lnAge = new Float64Array(ages.length);
  const invAge = new Float64Array(ages.length);
  for (let i = 0; i < ages.length; i++) {
    const v = alpha + (ages[i] ?? 0);
    lnAge[i] = Math.log(v);
    invAge[i] = 1 / v;
  }
  const lnRecency = new Float64Array(recencies.length);
  const invRecency = new Float64Array(recencies.length);
  for (let i = 0; i < recencies.length; i++) {
    const v = alpha + (recencies[i] ?? 0);
    lnRecency[i] = Math.log(v);
    invRecency[i] = 1 / v;
  }
  const lnAlpha = Math.log(alpha);
  const lnA = Math.log(a);
  // Per distinct x: the head H and its derivatives (weighted by the customers with that x), and the
  // constant part of ln A₄.
  const lnA4Head = new Float64Array(xs.length);
  const invB1 = new Float64Array(xs.length);
  let sum = 0;
  let dr = 0;
  let dalpha = 0;
  let da = 0;
  let db = 0;
  for (let k = 0; k < xs.length; k++) {
    const x = xs[k] ?? 0;
    const c = xCount[k] ?? 0;
    if (c > 0) {
      sum += c * (lnPochhammer(r, x) + r * lnAlpha + lnPochhammer(b, x) - lnPochhammer(a + b, x));
      const dab = digammaDifference(a + b, x);
      dr += c * (digammaDifference(r, x) + lnAlpha);
      dalpha += (c * r) / alpha;
      da -= c * dab;
      db += c * (digammaDifference(b, x) - dab);
    }
    lnA4Head[k] = x > 0 ? lnA - Math.log(b + x - 1) : Number.NEGATIVE_INFINITY;
    invB1[k] = x > 0 ? 1 / (b + x - 1) : 0;
  }
  let w4Sum = 0;
  let w4OverB = 0;
  for (let i = 0; i < count.length; i++) {
    const c = count[i] ?? 0;
    const k = xIndex[i] ?? 0;
    const j = ageIndex[i] ?? 0;
    const rx = r + (xs[k] ?? 0);
    const lnT = lnAge[j] ?? 0;
    const lnA3 = -rx * lnT;
    const head4 = lnA4Head[k] ?? Number.NEGATIVE_INFINITY;
    if (head4 === Number.NEGATIVE_INFINITY) {
      sum += c * lnA3;
      dr -= c * lnT;
      dalpha -= c * rx * (invAge[j] ?? 0);
      continue;
    }
    const m = recencyIndex[i] ?? 0;
    const lnTx = lnRecency[m] ?? 0;
    const lnA4 = head4 - rx * lnTx;
    // ln(A₃ + A₄) and the weights w₃, w₄ from one exponential of the smaller term over the larger.
    let tail: number;
    let w3: number;
    let w4: number;
    if (lnA3 >= lnA4) {
      const e = Math.exp(lnA4 - lnA3);
      tail = lnA3 + Math.log1p(e);
      w3 = 1 / (1 + e);
      w4 = e * w3;
    } else {
      const e = Math.exp(lnA3 - lnA4);
      tail = lnA4 + Math.log1p(e);
      w4 = 1 / (1 + e);
      w3 = e * w4;
    }
    sum += c * tail;
    dr -= c * (w3 * lnT + w4 * lnTx);
    dalpha -= c * rx * (w3 * (invAge[j] ?? 0) + w4 * (invRecency[m] ?? 0));
    const cw4 = c * w4;
    w4Sum += cw4;
    w4OverB += cw4 * (invB1[k] ?? 0);
  }
  da += w4Sum / a;
  db -= w4OverB;
  gradient[0] = r * dr;
  gradient[1] = alpha * dalpha;
  gradient[2] = a * da;
  gradient[3] = b * db;
  return sum;
}

/** −Σ ln L / customers over θ = ln(r, α, a, b), with its gradient: what the fit minimizes. */
export function bgNbdObjective(rows: BgNbdRows): GradientObjective {
  const scale = -1 / rows.customers;
  return (theta, gradient) => {
    const p = fromLogSpace(theta);
    if (p === null) return Number.POSITIVE_INFINITY;
    const [r = 1, alpha = 1, a = 1, b = 1] = p;
    const value = bgNbdRowsLogLikelihood(r, alpha, a, b, rows, gradient);
    for (let i = 0; i < 4; i++) gradient[i] = (gradient[i] ?? 0) * scale;
    return value * scale;
  };
}
