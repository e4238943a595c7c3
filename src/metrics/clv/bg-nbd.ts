/**
 * BG/NBD — the beta-geometric/negative-binomial model of repeat purchasing (Fader, Hardie & Lee 2005,
 * "Counting your customers the easy way: an alternative to the Pareto/NBD model", Marketing Science 24(2)).
 * While alive, a customer buys as a Poisson process with rate λ ~ Gamma(r, α); after each repeat purchase
 * they drop out for good with probability p ~ Beta(a, b). Fitted by maximum likelihood on (x, t_x, T).
 */
import { lnGamma } from "../special.js";
import { assertPositive, assertRfm, logAddExp, type RfmCustomer } from "./rfm.js";

/** r, α: shape and rate of the purchase-rate gamma; a, b: the dropout-probability beta. α is in 1/time. */
export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

function assertParams({ r, alpha, a, b }: BgNbdParams): void {
  assertPositive({ r, alpha, a, b });
}

/** ln Γ(v + k) − ln Γ(v): a sum of logs for small integer k (exact and fast), else by ln Γ. */
export function lnPochhammer(v: number, k: number): number {
  if (Number.isInteger(k) && k <= 64) {
    let sum = 0;
    for (let i = 0; i < k; i++) sum += Math.log(v + i);
    return sum;
  }
  return lnGamma(v + k) - lnGamma(v);
}

/**
 * ln L of one customer (FHL 2005, eq. 6): L = A₁·A₂·(A₃ + δ_{x>0}·A₄) with
 * A₁ = Γ(r+x)·αʳ / Γ(r), A₂ = Γ(a+b)·Γ(b+x) / (Γ(b)·Γ(a+b+x)), A₃ = (α+T)^−(r+x),
 * A₄ = a/(b+x−1) · (α+t_x)^−(r+x); the sum A₃ + A₄ is taken in logs.
 */
export function bgNbdCustomerLogLikelihood(params: BgNbdParams, customer: RfmCustomer): number {
  assertParams(params);
  assertRfm(customer);
  const { r, alpha, a, b } = params;
  const { frequency: x, recency: tx, age: T } = customer;
  const head = lnPochhammer(r, x) + r * Math.log(alpha) + lnPochhammer(b, x) - lnPochhammer(a + b, x);
  const lnA3 = -(r + x) * Math.log(alpha + T);
  if (x === 0) return head + lnA3;
  const lnA4 = Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx);
  return head + logAddExp(lnA3, lnA4);
}

/** Σ ln L over customers (the log-likelihood the fit maximizes). */
export function bgNbdLogLikelihood(params: BgNbdParams, customers: readonly RfmCustomer[]): number {
  let sum = 0;
  for (const customer of customers) sum += bgNbdCustomerLogLikelihood(params, customer);
  return sum;
}

/**
 * P(alive at T | x, t_x, T) (FHL 2005, eq. 11): 1 / (1 + δ_{x>0} · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)).
 * A customer without repeat purchases is alive for sure: in BG/NBD dropout happens only after a repeat
 * purchase.
 */
export function bgNbdProbabilityAlive(params: BgNbdParams, customer: RfmCustomer): number {
  assertParams(params);
  assertRfm(customer);
  return 1 / (1 + Math.exp(logOddsDead(params, customer)));
}

/** ln(P(dead) / P(alive)), −∞ when x = 0. */
function logOddsDead({ r, alpha, a, b }: BgNbdParams, { frequency: x, recency, age }: RfmCustomer): number {
  if (x === 0) return Number.NEGATIVE_INFINITY;
  return Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + age) - Math.log(alpha + recency));
}

/**
 * E[purchases in (T, T + t] | x, t_x, T] (FHL 2005, eq. 10):
 * (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) · ₂F₁(r+x, b+x; a+b+x−1; z)] · P(alive), z = t/(α+T+t).
 * Computed without the hypergeometric's overflow and without the removable singularity at a = 1: Euler's
 * transformation turns the bracket into 1 − (1−z)^ε·₂F₁(a+b−1−r, ε; C; z) with ε = a − 1, C = a+b+x−1,
 * and with S = C·(₂F₁ − 1)/ε = Σ_{k≥1} (a+b−1−r)_k (a)_{k−1} z^k / ((C+1)_{k−1} k!) the expectation is
 * −[S + (C + ε·S) · expm1(ε·ln(1−z))/ε] · P(alive), every term finite for a, b, r, α > 0.
 */
export function bgNbdConditionalExpectedPurchases(
  params: BgNbdParams,
  customer: RfmCustomer,
  t: number,
): number {
  assertParams(params);
  assertRfm(customer);
  if (!Number.isFinite(t) || t < 0) throw new RangeError(`t must be a finite number ≥ 0, got ${t}`);
  if (t === 0) return 0;
  const { r, alpha, a, b } = params;
  const x = customer.frequency;
  const z = t / (alpha + customer.age + t);
  let whileAlive: number;
  if (z > QUADRATURE_FROM_Z) {
    whileAlive = expectedWhileAliveByQuadrature(r + x, t / (alpha + customer.age), a, b + x);
  } else {
    const lnOneMinusZ = Math.log(alpha + customer.age) - Math.log(alpha + customer.age + t);
    const epsilon = a - 1;
    const c = a + b + x - 1;
    const s = shiftedSeries(a + b - 1 - r, a, c + 1, z);
    const e1 = epsilon === 0 ? lnOneMinusZ : Math.expm1(epsilon * lnOneMinusZ) / epsilon;
    whileAlive = -(s + (c + epsilon * s) * e1);
    // With a large a (say a·z in the thousands, as maximum likelihood can reach on a few customers) the
    // series' terms grow huge before they fall and the bracket cancels every digit away (or overflows
    // to NaN); the quadrature has no such cancellation.
    if (!Number.isFinite(whileAlive) || Math.abs(s) > 1e6 * Math.abs(whileAlive)) {
      whileAlive = expectedWhileAliveByQuadrature(r + x, t / (alpha + customer.age), a, b + x);
    }
  }
  // Non-negative in exact arithmetic; the clamp removes rounding at subnormal horizons.
  return Math.max(0, whileAlive) / (1 + Math.exp(logOddsDead(params, customer)));
}

/** Above this z the series needs thousands of terms, and the quadrature takes over. */
const QUADRATURE_FROM_Z = 0.999;

/** ln(1 + eˢ) without overflow. */
function log1pExp(s: number): number {
  return s > 0 ? s + Math.log1p(Math.exp(-s)) : Math.log1p(Math.exp(s));
}

/**
 * The same expectation while alive as an integral over the posterior dropout probability: given alive,
 * λ ~ Gamma(r+x, α+T) and p ~ Beta(a, b+x) independently, and E[Y(t) | λ, p] = (1 − e^(−λpt))/p, so
 * E = ∫₀¹ (1 − (1 + p·u)^(−m))/p · Beta(p; a, b+x) dp with m = r + x, u = t/(α+T). Integrated by
 * tanh-sinh quadrature (p = logistic(π·sinh τ), which absorbs the beta density's endpoint singularities),
 * halving the step until two estimates agree to 1e-14.
 */
function expectedWhileAliveByQuadrature(m: number, u: number, a: number, bx: number): number {
  const lnB = lnBeta(a, bx);
  const node = (tau: number): number => {
    const s = Math.PI * Math.sinh(tau);
    const lnP = -log1pExp(-s);
    const lnQ = -log1pExp(s);
    const p = Math.exp(lnP);
    const g = p === 0 ? m * u : -Math.expm1(-m * Math.log1p(p * u)) / p;
    return g * Math.PI * Math.cosh(tau) * Math.exp(a * lnP + bx * lnQ - lnB);
  };
  // Beyond τ the density factor p^a·(1−p)^(b+x) is below e^−50 on both sides.
  const tauMax = Math.asinh(60 / (Math.PI * Math.min(a, bx, 1))) + 1;
  let h = 0.5;
  let sum = node(0);
  for (let tau = h; tau <= tauMax; tau += h) sum += node(tau) + node(-tau);
  let estimate = h * sum;
  for (let halving = 0; halving < 20; halving++) {
    h /= 2;
    for (let tau = h; tau <= tauMax; tau += 2 * h) sum += node(tau) + node(-tau);
    const next = h * sum;
    if (Math.abs(next - estimate) <= 1e-14 * Math.abs(next)) return next;
    estimate = next;
  }
  return estimate;
}

/** A bound on series lengths; with z ≤ 0.999 the sums need tens of thousands of terms at most. */
const MAX_SERIES_TERMS = 1_000_000;

/** Terms beyond this size make the sum useless for the cancelling bracket it feeds. */
const MAX_SERIES_TERM = 1e15;

/**
 * Σ_{k≥1} (A)_k (B)_{k−1} z^k / ((D)_{k−1} k!) for 0 ≤ z < 1 and B, D > 0. The terms' ratio tends to z, so
 * the sum stops once the geometric bound on the tail is below 1e-17 of the sum. NaN when a term exceeds
 * {@link MAX_SERIES_TERM} (large A·z), for the caller to compute another way.
 */
function shiftedSeries(A: number, B: number, D: number, z: number): number {
  let term = A * z;
  let sum = term;
  for (let k = 1; k < MAX_SERIES_TERMS; k++) {
    const ratio = ((A + k) * (B + k - 1) * z) / ((D + k - 1) * (k + 1));
    term *= ratio;
    if (Math.abs(term) > MAX_SERIES_TERM) return Number.NaN;
    sum += term;
    const q = Math.max(Math.abs(ratio), z);
    if (term === 0 || (q < 1 && Math.abs(term) * q <= 1e-17 * (1 - q) * Math.abs(sum))) return sum;
  }
  throw new RangeError(`series did not converge at z = ${z}`);
}

/**
 * E[X(t)]: expected repeat purchases of a new customer in (0, t] (FHL 2005, eq. 9):
 * (a+b−1)/(a−1) · [1 − (α/(α+t))ʳ · ₂F₁(r, b; a+b−1; t/(α+t))], the conditional expectation at x = t_x = T = 0.
 */
export function bgNbdExpectedPurchases(params: BgNbdParams, t: number): number {
  return bgNbdConditionalExpectedPurchases(params, { frequency: 0, recency: 0, age: 0 }, t);
}

/**
 * P(X(t) = n): probability that a new customer makes exactly n repeat purchases in (0, t] (FHL 2005, eq. 8):
 * B(a, b+n)/B(a, b) · NB(n) + δ_{n>0} · B(a+1, b+n−1)/B(a, b) · (1 − Σ_{j<n} NB(j)), where NB(j) =
 * Γ(r+j)/(Γ(r)·j!) · (α/(α+t))ʳ · (t/(α+t))ʲ. The tail 1 − Σ is summed directly when it is small, so it
 * keeps its relative precision.
 */
export function bgNbdPurchaseProbability(params: BgNbdParams, t: number, n: number): number {
  assertParams(params);
  if (!Number.isFinite(t) || t < 0) throw new RangeError(`t must be a finite number ≥ 0, got ${t}`);
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
  const { r, alpha, a, b } = params;
  if (t === 0) return n === 0 ? 1 : 0;
  const lnBetaAB = lnBeta(a, b);
  const lnQ = Math.log(t) - Math.log(alpha + t);
  // ln NB(j), stepped by NB(j + 1) = NB(j) · (r + j)/(j + 1) · t/(α+t).
  let lnNb = r * (Math.log(alpha) - Math.log(alpha + t));
  let below = 0;
  for (let j = 0; j < n; j++) {
    below += Math.exp(lnNb);
    lnNb += Math.log(r + j) - Math.log(j + 1) + lnQ;
  }
  const stays = Math.exp(lnBeta(a, b + n) - lnBetaAB + lnNb);
  if (n === 0) return stays;
  let tail = 1 - below;
  const q = Math.exp(lnQ);
  // Past the mean r·q/(1 − q) the terms only fall, by about q each, so the sum can stop once they are
  // negligible; summed directly only when that takes a bounded number of terms.
  const pastMean = n + (r * q) / (1 - q);
  if (below > 0.5 && pastMean + 40 / (1 - q) < MAX_SERIES_TERMS) {
    tail = 0;
    for (let j = n; j < MAX_SERIES_TERMS; j++) {
      const term = Math.exp(lnNb);
      tail += term;
      if (j > pastMean && term <= 1e-17 * tail) break;
      lnNb += Math.log(r + j) - Math.log(j + 1) + lnQ;
    }
  }
  return stays + Math.exp(lnBeta(a + 1, b + n - 1) - lnBetaAB) * Math.max(0, tail);
}

function lnBeta(p: number, q: number): number {
  return lnGamma(p) + lnGamma(q) - lnGamma(p + q);
}
