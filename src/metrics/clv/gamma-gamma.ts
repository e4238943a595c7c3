/**
 * Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV: using iso-value curves for customer
 * base analysis", Journal of Marketing Research 42(4); Fader & Hardie 2013, "The Gamma-Gamma model of
 * monetary value"). A customer's purchase values are Gamma(p, ν) around their own mean p/ν, and ν ~
 * Gamma(q, γ) across customers; spend is assumed independent of the purchase process.
 */
import { lnGamma } from "../special.js";
import { assertPositive } from "./rfm.js";

/** p: shape of each purchase's value; q, γ: shape and scale (in money) of the spread across customers. */
export interface GammaGammaParams {
  p: number;
  q: number;
  gamma: number;
}

/** A repeat buyer: x ≥ 1 repeat purchases with mean value m̄ > 0. */
export interface SpendCustomer {
  frequency: number;
  monetary: number;
}

export function assertSpend({ frequency, monetary }: SpendCustomer): void {
  if (!Number.isSafeInteger(frequency) || frequency < 1) {
    throw new RangeError(`frequency must be an integer ≥ 1 for the spend model, got ${frequency}`);
  }
  assertPositive({ monetary });
}

/**
 * ln f(m̄ | p, q, γ, x), the density of a customer's mean spend over x purchases (FHL 2005, eq. 3):
 * Γ(px+q)/(Γ(px)·Γ(q)) · γ^q · m̄^(px−1) · x^(px) / (γ + x·m̄)^(px+q).
 */
export function gammaGammaCustomerLogLikelihood(params: GammaGammaParams, customer: SpendCustomer): number {
  assertPositive({ p: params.p, q: params.q, gamma: params.gamma });
  assertSpend(customer);
  return spendLogDensity(params, customer.frequency, customer.monetary);
}

function spendLogDensity({ p, q, gamma }: GammaGammaParams, x: number, m: number): number {
  const px = p * x;
  return (
    lnGamma(px + q) -
    lnGamma(px) -
    lnGamma(q) +
    q * Math.log(gamma) +
    (px - 1) * Math.log(m) +
    px * Math.log(x) -
    (px + q) * Math.log(gamma + x * m)
  );
}

/** Σ ln f over repeat buyers. */
export function gammaGammaLogLikelihood(
  params: GammaGammaParams,
  customers: readonly SpendCustomer[],
): number {
  let sum = 0;
  for (const customer of customers) sum += gammaGammaCustomerLogLikelihood(params, customer);
  return sum;
}

/**
 * E[M | p, q, γ, m̄, x] (FHL 2005, eq. 5): (γ + x·m̄)·p / (px + q − 1), a weighted mean of the population
 * mean pγ/(q − 1) and the customer's own m̄ with weight px/(px + q − 1). A customer without repeat
 * purchases (x = 0, m̄ ignored) gets the population mean. Null when the mean does not exist
 * (px + q ≤ 1, e.g. q ≤ 1 at x = 0).
 */
export function gammaGammaExpectedSpend(
  params: GammaGammaParams,
  customer: { frequency: number; monetary: number | null },
): number | null {
  const { p, q, gamma } = params;
  assertPositive({ p, q, gamma });
  const x = customer.frequency;
  if (!Number.isSafeInteger(x) || x < 0) throw new RangeError(`frequency must be an integer ≥ 0, got ${x}`);
  if (x === 0) return q > 1 ? (p * gamma) / (q - 1) : null;
  const m = customer.monetary;
  if (m === null) throw new RangeError("monetary value is required when frequency > 0");
  assertPositive({ monetary: m });
  const denominator = p * x + q - 1;
  return denominator > 0 ? ((gamma + x * m) * p) / denominator : null;
}
