/**
 * Maximum-likelihood fit of the Gamma-Gamma spend model on repeat buyers, by BFGS with the analytic
 * gradient over ln p, ln q, ln γ. Per customer (FHL 2005, eq. 3), with ψ the digamma function:
 * ∂ln f/∂p = x·(ψ(px+q) − ψ(px) + ln m̄ + ln x − ln(γ + x·m̄)),
 * ∂ln f/∂q = ψ(px+q) − ψ(q) + ln γ − ln(γ + x·m̄),
 * ∂ln f/∂γ = q/γ − (px+q)/(γ + x·m̄).
 */

import { lnGamma } from "../special.js";
import { bfgs, type GradientObjective } from "./bfgs.js";
import { digamma } from "./digamma.js";
import { assertSpend, type GammaGammaParams, type SpendCustomer } from "./gamma-gamma.js";
import { type FitReport, fromLogSpace, minimizeFromStarts } from "./nelder-mead.js";

/** Repeat buyers grouped by x: the per-x terms are taken once, the spend terms per customer. */
interface SpendGroup {
  x: number;
  values: Float64Array;
  /** Σ ln m̄ over the group. */
  sumLog: number;
}

function groupByFrequency(customers: readonly SpendCustomer[]): SpendGroup[] {
  const byX = new Map<number, number[]>();
  for (const customer of customers) {
    assertSpend(customer);
    const values = byX.get(customer.frequency);
    if (values) values.push(customer.monetary);
    else byX.set(customer.frequency, [customer.monetary]);
  }
  return [...byX.entries()].map(([x, values]) => ({
    x,
    values: Float64Array.from(values),
    sumLog: values.reduce((sum, m) => sum + Math.log(m), 0),
  }));
}

/** Σ ln f at (p, q, γ), writing ∂Σ ln f/∂(ln p, ln q, ln γ) into `gradient`. */
export function gammaGammaGroupsLogLikelihood(
  p: number,
  q: number,
  gamma: number,
  groups: readonly SpendGroup[],
  gradient: number[],
): number {
  const lnGammaQ = lnGamma(q);
  const digammaQ = digamma(q);
  const lnScale = Math.log(gamma);
  let sum = 0;
  let dp = 0;
  let dq = 0;
  let dgamma = 0;
  for (const { x, values, sumLog } of groups) {
    const px = p * x;
    const n = values.length;
    let lnSpend = 0;
    let invSpend = 0;
    for (let i = 0; i < n; i++) {
      const v = gamma + x * (values[i] ?? 0);
      lnSpend += Math.log(v);
      invSpend += 1 / v;
    }
    const lnX = Math.log(x);
    sum +=
      n * (lnGamma(px + q) - lnGamma(px) - lnGammaQ + q * lnScale + px * lnX) +
      (px - 1) * sumLog -
      (px + q) * lnSpend;
    const psiSum = digamma(px + q);
    dp += x * (n * (psiSum - digamma(px) + lnX) + sumLog - lnSpend);
    dq += n * (psiSum - digammaQ + lnScale) - lnSpend;
    dgamma += (n * q) / gamma - (px + q) * invSpend;
  }
  gradient[0] = p * dp;
  gradient[1] = q * dq;
  gradient[2] = gamma * dgamma;
  return sum;
}

/**
 * Maximum-likelihood Gamma-Gamma on repeat buyers (x ≥ 1, m̄ > 0), over ln p, ln q, ln γ by BFGS from
 * starting points tried in turn until two converge to the same maximum; a simplex search polishes a
 * result that did not converge (a maximum at a boundary). Null without customers.
 */
export function fitGammaGamma(
  customers: readonly SpendCustomer[],
  options: { starts?: readonly GammaGammaParams[] } = {},
): FitReport<GammaGammaParams> | null {
  if (customers.length === 0) return null;
  const groups = groupByFrequency(customers);
  const n = customers.length;
  const mean = customers.reduce((sum, c) => sum + c.monetary, 0) / n;
  const objective: GradientObjective = (theta, gradient) => {
    const params = fromLogSpace(theta);
    if (params === null) return Number.POSITIVE_INFINITY;
    const [p = 1, q = 1, gamma = 1] = params;
    const value = gammaGammaGroupsLogLikelihood(p, q, gamma, groups, gradient);
    for (let i = 0; i < 3; i++) gradient[i] = -(gradient[i] ?? 0) / n;
    return -value / n;
  };
  // Starting points put the population mean pγ/(q − 1) near the observed mean spend.
  const starts = (
    options.starts ??
    [
      [1, 2],
      [5, 4],
      [0.5, 1.5],
      [20, 10],
    ].map(([p = 1, q = 1]) => ({ p, q, gamma: (mean * Math.max(q - 1, 0.5)) / p }))
  ).map(({ p, q, gamma }) => [p, q, gamma].map(Math.log));
  let best: ReturnType<typeof bfgs> | null = null;
  let iterations = 0;
  let evaluations = 0;
  for (const start of starts) {
    const found = bfgs(objective, start);
    iterations += found.iterations;
    evaluations += found.evaluations;
    const agrees =
      best?.converged && found.converged && Math.abs(found.fx - best.fx) <= 1e-9 * Math.abs(best.fx);
    if (best === null || found.fx < best.fx || (!best.converged && found.converged && found.fx <= best.fx)) {
      best = found;
    }
    if (agrees) break;
  }
  if (best === null) throw new RangeError("fitGammaGamma needs at least one starting point");
  let { x, fx, converged } = best;
  if (!converged) {
    const gradient = [0, 0, 0];
    const polished = minimizeFromStarts((theta) => objective(theta, gradient), [x]);
    iterations += polished.iterations;
    evaluations += polished.evaluations;
    if (polished.fx <= fx) ({ x, fx, converged } = polished);
  }
  const [p = 1, q = 1, gamma = 1] = x.map(Math.exp);
  return {
    params: { p, q, gamma },
    logLikelihood: -fx * n,
    n,
    converged,
    iterations,
    evaluations,
  };
}
