/**
 * "Would you miss us" (reverse NPS) [004]: "How much would you miss us if we closed tomorrow?"
 * 1 = "I would not notice" … 10 = "I could not cope without you".
 */
import { countAtLeast, countScores, type ScoreCount, summarizeDistribution } from "./distribution.js";
import { type MeanSummary, meanSummary, type PercentShare, shareFromCounts } from "./stats.js";

/** Answers from this value up form the reported top share (9–10). */
export const MISS_US_TOP_MIN = 9;

export interface MissUsResult extends MeanSummary {
  /** Answers per score 1..10, ascending, zeros included. */
  distribution: ScoreCount[];
  /** Share of 9–10 in 0..100 with a Wilson interval. */
  top: PercentShare;
}

/**
 * Mean (with 95% CI), distribution and share of 9–10 [004] from answers per score (SQL: `group by score`;
 * missing scores count as 0).
 */
export function missUsFromAggregates(counts: readonly ScoreCount[]): MissUsResult {
  const { distribution, stats } = summarizeDistribution(counts, 1, 10);
  return {
    ...meanSummary(stats),
    distribution,
    top: shareFromCounts(countAtLeast(distribution, MISS_US_TOP_MIN), stats.n),
  };
}

/** "Would you miss us" of raw 1..10 answers: counted per score, then {@link missUsFromAggregates}. */
export function missUsFromScores(values: readonly number[]): MissUsResult {
  return missUsFromAggregates(countScores(values, 1, 10));
}
