/** Answer distributions on small integer scales (ratings, "would you miss us"): counts per score. */
import type { SufficientStats } from "./stats.js";
import { assertCount, assertIntegerIn } from "./validate.js";

/** How many answers gave one score; what SQL returns from `group by score`. */
export interface ScoreCount {
  score: number;
  count: number;
}

/** Counts per score, one entry for every score of min..max in ascending order (zeros included). */
export function countScores(values: readonly number[], min: number, max: number): ScoreCount[] {
  const counts = new Map<number, number>();
  for (const value of values) {
    assertIntegerIn("score", value, min, max);
    counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return fillScores(counts, min, max);
}

/**
 * Checks a possibly sparse distribution (scores with no answers may be missing, none may repeat) and
 * returns it filled out to min..max with its sufficient statistics.
 */
export function summarizeDistribution(
  counts: readonly ScoreCount[],
  min: number,
  max: number,
): { distribution: ScoreCount[]; stats: SufficientStats } {
  const byScore = new Map<number, number>();
  for (const { score, count } of counts) {
    assertIntegerIn("score", score, min, max);
    assertCount(`count of score ${score}`, count);
    if (byScore.has(score)) throw new RangeError(`score ${score} appears twice in the distribution`);
    byScore.set(score, count);
  }
  const distribution = fillScores(byScore, min, max);
  let n = 0;
  let sum = 0;
  let sumSquares = 0;
  for (const { score, count } of distribution) {
    n += count;
    sum += count * score;
    sumSquares += count * score * score;
  }
  return { distribution, stats: { n, sum, sumSquares } };
}

/** Answers whose score is at least `from`. */
export function countAtLeast(distribution: readonly ScoreCount[], from: number): number {
  return distribution.reduce((total, { score, count }) => (score >= from ? total + count : total), 0);
}

function fillScores(counts: ReadonlyMap<number, number>, min: number, max: number): ScoreCount[] {
  const filled: ScoreCount[] = [];
  for (let score = min; score <= max; score++) filled.push({ score, count: counts.get(score) ?? 0 });
  return filled;
}
