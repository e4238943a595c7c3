/** IQS — Internal Quality Score [000]: reviewers grade conversations with a scorecard of weighted criteria. */
import { isLowSample } from "./stats.js";
import { assertCount, assertFinite } from "./validate.js";

/** Points of one reviewed conversation: earned and possible under its scorecard's weighted criteria. */
export interface IqsReview {
  earned: number;
  possible: number;
}

/** Sufficient statistics of IQS (SQL: count of reviews, sum of earned, sum of possible points). */
export interface IqsAggregates {
  reviews: number;
  earned: number;
  possible: number;
}

export interface IqsResult {
  /** `100 · Σ earned / Σ possible` in 0..100; null when no points were possible. */
  value: number | null;
  /** Reviewed conversations. */
  n: number;
  earned: number;
  possible: number;
  lowSample: boolean;
}

/** IQS = 100 · Σ points earned / Σ points possible over reviewed conversations [000]; per agent or team. */
export function iqsFromAggregates({ reviews, earned, possible }: IqsAggregates): IqsResult {
  assertCount("reviews", reviews);
  assertFinite("earned", earned);
  assertFinite("possible", possible);
  if (earned < 0 || earned > possible) {
    throw new RangeError(`earned points (${earned}) must be in 0..possible (${possible})`);
  }
  return {
    value: possible === 0 ? null : (100 * earned) / possible,
    n: reviews,
    earned,
    possible,
    lowSample: isLowSample(reviews),
  };
}

/** IQS of individual reviews: summed, then {@link iqsFromAggregates}. */
export function iqsFromReviews(reviews: readonly IqsReview[]): IqsResult {
  let earned = 0;
  let possible = 0;
  for (const review of reviews) {
    assertFinite("earned", review.earned);
    assertFinite("possible", review.possible);
    if (review.earned < 0 || review.earned > review.possible) {
      throw new RangeError(`earned points (${review.earned}) must be in 0..possible (${review.possible})`);
    }
    earned += review.earned;
    possible += review.possible;
  }
  return iqsFromAggregates({ reviews: reviews.length, earned, possible });
}
