import { describe, expect, it } from "vitest";
import { iqsFromAggregates, iqsFromReviews } from "./iqs.js";

describe("IQS", () => {
  it("is 100 · Σ earned / Σ possible over reviews", () => {
    // (8 + 3) / (10 + 5) = 11/15.
    const result = iqsFromReviews([
      { earned: 8, possible: 10 },
      { earned: 3, possible: 5 },
    ]);
    expect(result.value).toBeCloseTo((100 * 11) / 15, 12);
    expect(result).toMatchObject({ n: 2, earned: 11, possible: 15, lowSample: true });
    expect(result).toEqual(iqsFromAggregates({ reviews: 2, earned: 11, possible: 15 }));
  });

  it("is null when no points were possible and rejects more earned than possible", () => {
    expect(iqsFromReviews([]).value).toBeNull();
    expect(() => iqsFromReviews([{ earned: 6, possible: 5 }])).toThrow(RangeError);
    expect(() => iqsFromAggregates({ reviews: 1, earned: -1, possible: 5 })).toThrow(RangeError);
  });
});
