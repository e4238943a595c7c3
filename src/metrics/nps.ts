/** NPS — Net Promoter Score [000, 004]: "How likely are you to recommend … to a friend or colleague?" 0–10. */
import { type Comparison, comparisonFromZ, type Interval, isLowSample, Z95 } from "./stats.js";
import { assertCount, assertIntegerIn } from "./validate.js";

export type NpsGroup = "detractor" | "passive" | "promoter";

/** Detractor 0–6, passive 7–8, promoter 9–10 [000, 004]. RangeError outside 0..10 or for non-integers. */
export function npsGroup(score: number): NpsGroup {
  assertIntegerIn("NPS score", score, 0, 10);
  if (score <= 6) return "detractor";
  return score <= 8 ? "passive" : "promoter";
}

/** Answers per NPS group: the sufficient statistics of NPS (SQL: count(*) filter (where score >= 9) …). */
export interface NpsCounts {
  promoters: number;
  passives: number;
  detractors: number;
}

export interface NpsResult extends NpsCounts {
  /** `100 · (P − D) / n` in −100..100; null when n = 0. */
  value: number | null;
  n: number;
  /** 95% CI, clamped to −100..100; null when n = 0. */
  ci: Interval | null;
  /** Variance of (P − D)/n, in proportion units: (p + d − (p − d)²) / n; null when n = 0. */
  variance: number | null;
  lowSample: boolean;
}

/**
 * NPS = 100 · (P − D) / n [000, 004]; 1000 answers with 700 promoters and 100 detractors → 60.
 * 95% CI: with p = P/n, d = D/n, var = (p + d − (p − d)²) / n, NPS ± 1.96 · 100 · √var, clamped to
 * −100..100 (1.96 = Z95). The variance is that of a difference of two multinomial shares.
 */
export function npsFromCounts({ promoters, passives, detractors }: NpsCounts): NpsResult {
  assertCount("promoters", promoters);
  assertCount("passives", passives);
  assertCount("detractors", detractors);
  const n = promoters + passives + detractors;
  const base = { n, promoters, passives, detractors, lowSample: isLowSample(n) };
  if (n === 0) return { ...base, value: null, ci: null, variance: null };
  const p = promoters / n;
  const d = detractors / n;
  const value = (100 * (promoters - detractors)) / n;
  const variance = Math.max(0, (p + d - (p - d) ** 2) / n);
  const half = Z95 * 100 * Math.sqrt(variance);
  const ci: Interval = [Math.max(-100, value - half), Math.min(100, value + half)];
  return { ...base, value, ci, variance };
}

/** Counts NPS groups in raw 0–10 answers. */
export function npsCounts(scores: readonly number[]): NpsCounts {
  const counts = { promoters: 0, passives: 0, detractors: 0 };
  for (const score of scores) {
    const group = npsGroup(score);
    if (group === "promoter") counts.promoters++;
    else if (group === "passive") counts.passives++;
    else counts.detractors++;
  }
  return counts;
}

/** NPS of raw 0–10 answers: {@link npsCounts} then {@link npsFromCounts}, so both paths agree exactly. */
export function npsFromScores(scores: readonly number[]): NpsResult {
  return npsFromCounts(npsCounts(scores));
}

/** What {@link compareNps} needs of each side; an {@link NpsResult} fits. */
export type NpsSample = Pick<NpsResult, "value" | "variance" | "n">;

/**
 * Compares two independent NPS values (periods, segments) [spec §1]: diff = NPS₁ − NPS₂ in points,
 * z = (NPS₁ − NPS₂) / (100 · √(var₁ + var₂)), significant at 95% when |z| > 1.96 (Z95).
 * z is null when either side has n = 0 or both variances are 0.
 */
export function compareNps(a: NpsSample, b: NpsSample): Comparison {
  if (a.value === null || b.value === null || a.variance === null || b.variance === null) {
    return comparisonFromZ(null, null);
  }
  const diff = a.value - b.value;
  const se = 100 * Math.sqrt(a.variance + b.variance);
  return comparisonFromZ(diff, se === 0 ? null : diff / se);
}

export type NpsGuidance = "low" | "satisfactory" | "excellent";

/**
 * Rule-of-thumb level shown beside an NPS [000, 004]: above 30 "satisfactory", 50 and above "excellent",
 * otherwise "low". The sources warn that levels differ by industry and country (and run high in Russia),
 * so the change against the previous period matters more than the level.
 */
export function npsGuidance(value: number): NpsGuidance {
  if (!Number.isFinite(value) || value < -100 || value > 100) {
    throw new RangeError(`NPS must be in -100..100, got ${value}`);
  }
  if (value >= 50) return "excellent";
  return value > 30 ? "satisfactory" : "low";
}
