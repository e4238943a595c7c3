/**
 * Generic statistics the metrics rest on: normal and Student t distributions, Wilson intervals, mean
 * summaries from sufficient statistics, significance tests and percentiles.
 */
import { erfc, lnGammaHalfStep, studentTUpperTail } from "./special.js";
import { assertCount, assertFinite, assertIn, assertPartOf } from "./validate.js";

/** Φ⁻¹(0.975): the two-sided 95% normal quantile. The spec's "1.96" is this value rounded. */
export const Z95 = 1.959963984540054;

/** Scores resting on fewer answers than this are flagged `lowSample` (spec, Conventions). */
export const LOW_SAMPLE_N = 30;

/** `n < 30`: the score is shown but flagged as resting on too few answers. */
export function isLowSample(n: number): boolean {
  return n < LOW_SAMPLE_N;
}

/** A closed interval `[lo, hi]`, in the unit of the value it surrounds. */
export type Interval = readonly [lo: number, hi: number];

/** Standard normal CDF Φ(x). Computed through erfc, so both tails keep full relative precision. */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/** Two-sided p-value of a z statistic: P(|Z| ≥ |z|) = erfc(|z| / √2). */
export function twoSidedPValue(z: number): number {
  return erfc(Math.abs(z) / Math.SQRT2);
}

/** Below this df the tails reach t² beyond double range; real uses (Welch included) have df ≥ 1. */
const MIN_DF = 0.1;

function assertDf(df: number): void {
  if (!(df >= MIN_DF) || !Number.isFinite(df)) {
    throw new RangeError(`df must be a finite number ≥ ${MIN_DF}, got ${df}`);
  }
}

/** Student t CDF with `df` (≥ 0.1, not necessarily integer) degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  assertDf(df);
  if (Number.isNaN(t)) throw new RangeError("t must be a number, got NaN");
  const tail = studentTUpperTail(Math.abs(t), df);
  return t >= 0 ? 1 - tail : tail;
}

/**
 * Student t quantile: the t with CDF(t) = p, for 0 < p < 1 and real df ≥ 0.1. Solved on the upper tail
 * (no cancellation near p = 1) by Newton's method kept inside a bisection bracket; accurate to ~1e-14.
 */
export function studentTQuantile(p: number, df: number): number {
  assertDf(df);
  if (!(p > 0 && p < 1)) throw new RangeError(`p must be in (0, 1), got ${p}`);
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  const target = 1 - p;
  let lo = 0;
  let hi = 1;
  while (studentTUpperTail(hi, df) > target) {
    lo = hi;
    hi *= 2;
  }
  if (hi === Number.POSITIVE_INFINITY) return hi;
  const logDensityScale = lnGammaHalfStep(df / 2) - 0.5 * Math.log(df * Math.PI);
  let t = (lo + hi) / 2;
  for (let i = 0; i < 200; i++) {
    const excess = studentTUpperTail(t, df) - target;
    if (excess === 0) return t;
    if (excess > 0) lo = t;
    else hi = t;
    const density = Math.exp(logDensityScale - ((df + 1) / 2) * Math.log1p((t * t) / df));
    // The tail falls at rate `density`, so Newton steps right by excess / density.
    let next = t + excess / density;
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (Math.abs(next - t) <= 1e-15 * next || hi - lo <= 1e-15 * hi) return next;
    t = next;
  }
  return t;
}

/**
 * Two-sided 95% Student t quantile t₀.₉₇₅(df), e.g. df=1 → 12.706, df=5 → 2.571, df=29 → 2.045;
 * df = Infinity gives Z95.
 */
export function tQuantile975(df: number): number {
  return df === Number.POSITIVE_INFINITY ? Z95 : studentTQuantile(0.975, df);
}

/**
 * Wilson score interval for a binomial proportion (Wilson 1927), as proportions in 0..1:
 * (p̂ + z²/2n ± z·√(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n). Unlike p̂ ± z·SE it stays inside [0, 1] and is
 * honest at small n and at p̂ near 0 or 1. Null when n = 0.
 */
export function wilsonInterval(successes: number, n: number, z: number = Z95): Interval | null {
  assertPartOf("successes", successes, "n", n);
  if (!(z > 0) || !Number.isFinite(z)) throw new RangeError(`z must be a positive finite number, got ${z}`);
  if (n === 0) return null;
  const p = successes / n;
  const z2n = (z * z) / n;
  const denominator = 1 + z2n;
  const center = (p + z2n / 2) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2n / (4 * n));
  // At p̂ = 0 or 1 the bound is exactly 0 or 1 in theory; pin it so rounding cannot exclude p̂.
  const lo = successes === 0 ? 0 : Math.max(0, center - half);
  const hi = successes === n ? 1 : Math.min(1, center + half);
  return [lo, hi];
}

/** A share of answers as a percentage, e.g. CSAT% or "% easy". */
export interface PercentShare {
  /** `100 · count / n` in 0..100; null when n = 0. */
  value: number | null;
  n: number;
  count: number;
  /** 95% Wilson interval in 0..100; null when n = 0. */
  ci: Interval | null;
  lowSample: boolean;
}

/** `100 · count / n` with its 95% Wilson interval, both in 0..100; null value and ci when n = 0. */
export function shareFromCounts(count: number, n: number): PercentShare {
  assertPartOf("count", count, "n", n);
  const interval = wilsonInterval(count, n);
  return {
    value: n === 0 ? null : (100 * count) / n,
    n,
    count,
    ci: interval === null ? null : [100 * interval[0], 100 * interval[1]],
    lowSample: isLowSample(n),
  };
}

/** Sufficient statistics of a sample: what a SQL query returns as count(*), sum(x), sum(x*x). */
export interface SufficientStats {
  n: number;
  sum: number;
  sumSquares: number;
}

/** n, Σx and Σx² of the values. */
export function sufficientStats(values: readonly number[]): SufficientStats {
  let sum = 0;
  let sumSquares = 0;
  for (const value of values) {
    assertFinite("value", value);
    sum += value;
    sumSquares += value * value;
  }
  return { n: values.length, sum, sumSquares };
}

export interface MeanSummary {
  /** Σx / n; null when n = 0. */
  mean: number | null;
  /** Sample standard deviation (n − 1 denominator); null when n < 2. */
  sd: number | null;
  n: number;
  /** 95% CI of the mean; null when n < 2. */
  ci: Interval | null;
  lowSample: boolean;
}

/**
 * Mean, sample SD and 95% CI from sufficient statistics: `mean ± q · s / √n` with q = t₀.₉₇₅(n − 1) when
 * n < 30 and Z95 otherwise (spec §1, CES). Works on any scale, so every mean-type score uses it.
 */
export function meanSummary({ n, sum, sumSquares }: SufficientStats): MeanSummary {
  assertCount("n", n);
  assertFinite("sum", sum);
  assertFinite("sumSquares", sumSquares);
  if (sumSquares < 0) throw new RangeError(`sumSquares must not be negative, got ${sumSquares}`);
  const lowSample = isLowSample(n);
  if (n === 0) return { mean: null, sd: null, n, ci: null, lowSample };
  const mean = sum / n;
  if (n === 1) return { mean, sd: null, n, ci: null, lowSample };
  // n·Σx² − (Σx)² is exact for integer answers, so SQL aggregates and raw scores agree bit for bit;
  // the clamp absorbs rounding when all values are equal.
  const variance = Math.max(0, (n * sumSquares - sum * sum) / (n * (n - 1)));
  const sd = Math.sqrt(variance);
  const q = n < LOW_SAMPLE_N ? tQuantile975(n - 1) : Z95;
  const half = (q * sd) / Math.sqrt(n);
  return { mean, sd, n, ci: [mean - half, mean + half], lowSample };
}

/** Outcome of a two-sample significance test at 95%. */
export interface Comparison {
  /** First minus second, in the unit of the compared score; null when either side has no data. */
  diff: number | null;
  /** Test statistic; null when either side has no data or the standard error is 0. */
  z: number | null;
  /** Two-sided p-value; null with z. */
  pValue: number | null;
  /** |z| > Z95 (two-sided 95%). */
  significant: boolean;
}

/** Builds a Comparison from a difference and its z statistic. */
export function comparisonFromZ(diff: number | null, z: number | null): Comparison {
  return {
    diff,
    z,
    pValue: z === null ? null : twoSidedPValue(z),
    significant: z !== null && Math.abs(z) > Z95,
  };
}

/** Successes out of n, for proportion tests. */
export interface Counted {
  count: number;
  n: number;
}

/**
 * Pooled two-proportion z statistic: (p₁ − p₂) / √(p̂(1 − p̂)(1/n₁ + 1/n₂)), p̂ = (c₁ + c₂)/(n₁ + n₂).
 * Null when either n is 0 or the pooled share is 0 or 1 (no variance to test against).
 */
export function twoProportionZ(a: Counted, b: Counted): number | null {
  assertPartOf("a.count", a.count, "a.n", a.n);
  assertPartOf("b.count", b.count, "b.n", b.n);
  if (a.n === 0 || b.n === 0) return null;
  const pooled = (a.count + b.count) / (a.n + b.n);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / a.n + 1 / b.n));
  return se === 0 ? null : (a.count / a.n - b.count / b.n) / se;
}

/** Two shares compared with the pooled two-proportion z test; `diff` in percentage points. */
export function compareShares(a: Counted, b: Counted): Comparison {
  const z = twoProportionZ(a, b);
  const diff = a.n === 0 || b.n === 0 ? null : 100 * (a.count / a.n - b.count / b.n);
  return comparisonFromZ(diff, z);
}

/** Outcome of Welch's t test. */
export interface MeanComparison {
  /** mean₁ − mean₂; null when either mean is null. */
  diff: number | null;
  /** Welch t; null when either side has n < 2 or both SDs are 0. */
  t: number | null;
  /** Welch–Satterthwaite degrees of freedom; null with t. */
  df: number | null;
  pValue: number | null;
  /** pValue < 0.05. */
  significant: boolean;
}

/**
 * Welch's unequal-variance t test on two mean summaries: t = (m₁ − m₂) / √(s₁²/n₁ + s₂²/n₂),
 * df = (v₁ + v₂)² / (v₁²/(n₁ − 1) + v₂²/(n₂ − 1)) with vᵢ = sᵢ²/nᵢ. For CES, CLI, ratings over periods.
 */
export function compareMeans(a: MeanSummary, b: MeanSummary): MeanComparison {
  const diff = a.mean === null || b.mean === null ? null : a.mean - b.mean;
  const none = { diff, t: null, df: null, pValue: null, significant: false };
  if (diff === null || a.sd === null || b.sd === null) return none;
  const va = (a.sd * a.sd) / a.n;
  const vb = (b.sd * b.sd) / b.n;
  if (va + vb === 0) return none;
  const t = diff / Math.sqrt(va + vb);
  const df = (va + vb) ** 2 / ((va * va) / (a.n - 1) + (vb * vb) / (b.n - 1));
  const pValue = 2 * studentTCdf(-Math.abs(t), df);
  return { diff, t, df, pValue, significant: pValue < 0.05 };
}

/**
 * Percentile of ascending values by linear interpolation between closest ranks (Hyndman & Fan type 7,
 * the same as PostgreSQL `percentile_cont` and Excel `PERCENTILE.INC`), with p as a fraction 0..1:
 * h = (n − 1)·p, result = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋ + 1] − x[⌊h⌋]). Median is p = 0.5, p90 is p = 0.9.
 * Null for no values; RangeError if the values are not sorted ascending.
 */
export function percentile(sortedValues: readonly number[], p: number): number | null {
  assertIn("p", p, 0, 1);
  let previous = Number.NEGATIVE_INFINITY;
  for (const value of sortedValues) {
    assertFinite("value", value);
    if (value < previous) throw new RangeError("percentile needs values sorted ascending");
    previous = value;
  }
  const h = (sortedValues.length - 1) * p;
  const i = Math.floor(h);
  const lower = sortedValues[i];
  const upper = sortedValues[Math.min(i + 1, sortedValues.length - 1)];
  if (lower === undefined || upper === undefined) return null;
  return h === i ? lower : lower + (h - i) * (upper - lower);
}
