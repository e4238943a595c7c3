import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { countScores } from "./distribution.js";
import { missUsFromAggregates, missUsFromScores } from "./miss-us.js";

describe("would you miss us", () => {
  it("reports mean, distribution 1..10 and the share of 9–10", () => {
    const result = missUsFromScores([1, 9, 10, 10, 5]);
    expect(result.mean).toBe(7);
    expect(result.n).toBe(5);
    expect(result.distribution).toHaveLength(10);
    expect(result.distribution[0]).toEqual({ score: 1, count: 1 });
    expect(result.distribution[9]).toEqual({ score: 10, count: 2 });
    expect(result.top).toMatchObject({ value: 60, count: 3, n: 5 });
  });

  it("accepts a sparse distribution from SQL", () => {
    const result = missUsFromAggregates([
      { score: 10, count: 30 },
      { score: 2, count: 10 },
    ]);
    expect(result.mean).toBe(8);
    expect(result.top.value).toBe(75);
    expect(result.lowSample).toBe(false);
    expect(result.distribution.map(({ count }) => count)).toEqual([0, 10, 0, 0, 0, 0, 0, 0, 0, 30]);
  });

  it("is null without answers and rejects bad input", () => {
    const empty = missUsFromScores([]);
    expect(empty).toMatchObject({ mean: null, n: 0, top: { value: null, ci: null } });
    expect(empty.distribution.every(({ count }) => count === 0)).toBe(true);
    expect(() => missUsFromScores([0])).toThrow(RangeError);
    expect(() => missUsFromScores([11])).toThrow(RangeError);
    expect(() =>
      missUsFromAggregates([
        { score: 3, count: 1 },
        { score: 3, count: 2 },
      ]),
    ).toThrow(RangeError);
    expect(() => missUsFromAggregates([{ score: 3, count: -1 }])).toThrow(RangeError);
  });

  it("equals the aggregate version; counts sum to n", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 10 }), { maxLength: 200 }), (values) => {
        const result = missUsFromScores(values);
        expect(result).toEqual(missUsFromAggregates(countScores(values, 1, 10)));
        expect(result.distribution.reduce((sum, { count }) => sum + count, 0)).toBe(result.n);
        expect(Number.isNaN(result.mean)).toBe(false);
      }),
    );
  });
});
