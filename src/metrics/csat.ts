/** CSAT — Customer Satisfaction Score [000, 002]: satisfaction with one interaction. */
import {
  type Comparison,
  compareShares,
  type Interval,
  type MeanSummary,
  meanSummary,
  type SufficientStats,
  shareFromCounts,
} from "./stats.js";
import { assertIntegerIn, assertPartOf } from "./validate.js";

/**
 * Supported scales, answers always 1..scale: 2-point (1 bad, 2 good), 3-point (1 poor, 2 satisfactory,
 * 3 excellent), 5-point (1 very dissatisfied … 5 very satisfied), 1–7 and 1–10.
 */
export type CsatScale = 2 | 3 | 5 | 7 | 10;

export const CSAT_SCALES: readonly CsatScale[] = [2, 3, 5, 7, 10];

/** Narrows a stored or submitted number to a supported scale. */
export function isCsatScale(scale: number): scale is CsatScale {
  return CSAT_SCALES.some((supported) => supported === scale);
}

function assertScale(scale: number): void {
  if (!isCsatScale(scale)) {
    throw new RangeError(`CSAT scale must be one of ${CSAT_SCALES.join(", ")}, got ${scale}`);
  }
}

function assertAnswer(value: number, scale: CsatScale): void {
  assertScale(scale);
  assertIntegerIn(`CSAT answer on the ${scale}-point scale`, value, 1, scale);
}

/**
 * Lowest positive answer by default [000, 002]: good (2-pt: 2), excellent (3-pt: 3), 4–5 (5-pt: 4),
 * 6–7 (1–7: 6), 9–10 (1–10: 9). Configurable per question.
 */
export function csatDefaultThreshold(scale: CsatScale): number {
  assertScale(scale);
  switch (scale) {
    case 2:
      return 2;
    case 3:
      return 3;
    case 5:
      return 4;
    case 7:
      return 6;
    case 10:
      return 9;
  }
}

function resolveThreshold(scale: CsatScale, threshold: number | undefined): number {
  assertScale(scale);
  const min = threshold ?? csatDefaultThreshold(scale);
  assertIntegerIn("CSAT threshold", min, 1, scale);
  return min;
}

/** Whether an answer counts as positive: `value ≥ threshold` (threshold defaults per scale). */
export function csatIsPositive(value: number, scale: CsatScale, threshold?: number): boolean {
  assertAnswer(value, scale);
  return value >= resolveThreshold(scale, threshold);
}

/**
 * The number an answer contributes to the CSAT mean. 3-point: poor/satisfactory/excellent (1/2/3) → 2/3/5,
 * the school-grade mapping [000] uses before averaging. 2-point: bad/good (1/2) → 0/1, so the mean is the
 * share of "good" as a proportion (a 1/2 mean would only be that share plus one). Other scales: as is.
 */
export function csatMappedValue(value: number, scale: CsatScale): number {
  assertAnswer(value, scale);
  if (scale === 2) return value - 1;
  if (scale !== 3) return value;
  if (value === 1) return 2;
  return value === 2 ? 3 : 5;
}

export interface CsatPercent {
  /** `100 · positive / n` in 0..100; null when n = 0. */
  value: number | null;
  n: number;
  positive: number;
  /** 95% Wilson interval in 0..100; null when n = 0. */
  ci: Interval | null;
  lowSample: boolean;
}

/** CSAT% = 100 · positive / n [000, 002], with a 95% Wilson score interval. */
export function csatPercentFromCounts({ positive, n }: { positive: number; n: number }): CsatPercent {
  assertPartOf("positive", positive, "n", n);
  const share = shareFromCounts(positive, n);
  return { value: share.value, n, positive, ci: share.ci, lowSample: share.lowSample };
}

/** Sufficient statistics of CSAT answers; `sum` and `sumSquares` are of {@link csatMappedValue}s. */
export interface CsatAggregates extends SufficientStats {
  positive: number;
}

export interface CsatResult {
  percent: CsatPercent;
  /** Mean of mapped values (see {@link csatMappedValue}) with its 95% CI. */
  mean: MeanSummary;
}

/** CSAT% and CSAT mean from aggregates (SQL: count, count of positive, sum and sum of squares of mapped values). */
export function csatFromAggregates({ n, positive, sum, sumSquares }: CsatAggregates): CsatResult {
  assertPartOf("positive", positive, "n", n);
  return { percent: csatPercentFromCounts({ positive, n }), mean: meanSummary({ n, sum, sumSquares }) };
}

/** Aggregates of raw answers on one scale. */
export function csatAggregates(
  values: readonly number[],
  scale: CsatScale,
  threshold?: number,
): CsatAggregates {
  const min = resolveThreshold(scale, threshold);
  let positive = 0;
  let sum = 0;
  let sumSquares = 0;
  for (const value of values) {
    const mapped = csatMappedValue(value, scale);
    if (value >= min) positive++;
    sum += mapped;
    sumSquares += mapped * mapped;
  }
  return { n: values.length, positive, sum, sumSquares };
}

/** CSAT% and mean of raw answers: {@link csatAggregates} then {@link csatFromAggregates}. */
export function csatFromScores(values: readonly number[], scale: CsatScale, threshold?: number): CsatResult {
  return csatFromAggregates(csatAggregates(values, scale, threshold));
}

/** Compares two CSAT% (periods, segments) with the pooled two-proportion z test; diff in points. */
export function compareCsat(a: CsatPercent, b: CsatPercent): Comparison {
  return compareShares({ count: a.positive, n: a.n }, { count: b.positive, n: b.n });
}
