/** Ratings & reviews [003]: average star rating 1–5, count and distribution, per product or location. */
import { countScores, type ScoreCount, summarizeDistribution } from "./distribution.js";
import { type MeanSummary, meanSummary } from "./stats.js";

export interface RatingResult extends MeanSummary {
  /** Ratings per star 1..5, ascending, zeros included; `n` is the rating count. */
  distribution: ScoreCount[];
}

/** Average rating (with 95% CI), count and distribution from ratings per star (SQL: `group by stars`). */
export function ratingFromAggregates(counts: readonly ScoreCount[]): RatingResult {
  const { distribution, stats } = summarizeDistribution(counts, 1, 5);
  return { ...meanSummary(stats), distribution };
}

/** Rating summary of raw 1..5 star ratings: counted per star, then {@link ratingFromAggregates}. */
export function ratingFromScores(values: readonly number[]): RatingResult {
  return ratingFromAggregates(countScores(values, 1, 5));
}
