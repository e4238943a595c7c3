import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { countScores } from "./distribution.js";
import { ratingFromAggregates, ratingFromScores } from "./rating.js";

describe("star rating", () => {
  it("reports average, count and distribution", () => {
    const result = ratingFromScores([5, 5, 4, 1]);
    expect(result.mean).toBe(3.75);
    expect(result.n).toBe(4);
    expect(result.distribution).toEqual([
      { score: 1, count: 1 },
      { score: 2, count: 0 },
      { score: 3, count: 0 },
      { score: 4, count: 1 },
      { score: 5, count: 2 },
    ]);
  });

  it("is null without ratings and rejects ratings off 1..5", () => {
    expect(ratingFromAggregates([])).toMatchObject({ mean: null, n: 0, ci: null, lowSample: true });
    expect(() => ratingFromScores([6])).toThrow(RangeError);
    expect(() => ratingFromScores([4.5])).toThrow(RangeError);
  });

  it("equals the aggregate version", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 200 }), (values) => {
        const result = ratingFromScores(values);
        expect(result).toEqual(ratingFromAggregates(countScores(values, 1, 5)));
        if (result.mean !== null) {
          expect(result.mean).toBeGreaterThanOrEqual(1);
          expect(result.mean).toBeLessThanOrEqual(5);
        }
      }),
    );
  });
});
