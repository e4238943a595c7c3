import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CES_VERBAL_SCALE,
  cesAggregates,
  cesFromAggregates,
  cesFromScores,
  cesValueFromLabel,
} from "./ces.js";
import { tQuantile975 } from "./stats.js";

describe("CES", () => {
  it("is the mean of 1..7 answers plus the share of 5–7", () => {
    // 1..7 once each: mean 4, s² = 28/6, easy = 5, 6, 7 → 3 of 7.
    const ces = cesFromScores([1, 2, 3, 4, 5, 6, 7]);
    expect(ces.mean).toBe(4);
    expect(ces.sd).toBeCloseTo(Math.sqrt(28 / 6), 14);
    expect(ces.ci?.[1]).toBeCloseTo(4 + (tQuantile975(6) * Math.sqrt(28 / 6)) / Math.sqrt(7), 14);
    expect(ces.percentEasy).toMatchObject({ value: (100 * 3) / 7, n: 7, count: 3, lowSample: true });
    expect(ces.lowSample).toBe(true);
  });

  it("is null without answers and rejects answers off the scale", () => {
    const empty = cesFromScores([]);
    expect(empty).toMatchObject({ mean: null, sd: null, ci: null, n: 0 });
    expect(empty.percentEasy.value).toBeNull();
    expect(() => cesFromScores([0])).toThrow(RangeError);
    expect(() => cesFromScores([8])).toThrow(RangeError);
    expect(() => cesFromAggregates({ n: 2, sum: 20, sumSquares: 200, easy: 2 })).toThrow(RangeError);
    expect(() => cesFromAggregates({ n: 2, sum: 10, sumSquares: 50, easy: 3 })).toThrow(RangeError);
  });

  it("equals the aggregate version and never gives NaN", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 7 }), { maxLength: 200 }), (values) => {
        const ces = cesFromScores(values);
        expect(ces).toEqual(cesFromAggregates(cesAggregates(values)));
        for (const x of [ces.mean, ces.sd, ces.percentEasy.value]) expect(Number.isNaN(x)).toBe(false);
        if (ces.mean !== null) {
          expect(ces.mean).toBeGreaterThanOrEqual(1);
          expect(ces.mean).toBeLessThanOrEqual(7);
        }
      }),
    );
  });
});

describe("CES verbal scale", () => {
  it("maps seven labels in ru and en onto 1..7", () => {
    expect(CES_VERBAL_SCALE.map(({ value }) => value)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(new Set(CES_VERBAL_SCALE.map(({ en }) => en)).size).toBe(7);
    expect(new Set(CES_VERBAL_SCALE.map(({ ru }) => ru)).size).toBe(7);
    expect(cesValueFromLabel(" Very Easy ")).toBe(7);
    expect(cesValueFromLabel("очень сложно")).toBe(1);
    expect(cesValueFromLabel("Ни сложно, ни легко")).toBe(4);
    expect(cesValueFromLabel("maybe")).toBeNull();
  });
});
