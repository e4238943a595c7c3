import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CSAT_SCALES,
  type CsatScale,
  compareCsat,
  csatAggregates,
  csatDefaultThreshold,
  csatFromAggregates,
  csatFromScores,
  csatIsPositive,
  csatMappedValue,
  csatPercentFromCounts,
  isCsatScale,
} from "./csat.js";

const scaleAndAnswers = fc
  .constantFrom(...CSAT_SCALES)
  .chain((scale) =>
    fc.tuple(fc.constant(scale), fc.array(fc.integer({ min: 1, max: scale }), { maxLength: 200 })),
  );

describe("thresholds", () => {
  it("count good, excellent, 4–5, 6–7 and 9–10 as positive by default (spec)", () => {
    const defaults = CSAT_SCALES.map((scale) => [scale, csatDefaultThreshold(scale)]);
    expect(defaults).toEqual([
      [2, 2],
      [3, 3],
      [5, 4],
      [7, 6],
      [10, 9],
    ]);
    expect(csatIsPositive(4, 5)).toBe(true);
    expect(csatIsPositive(3, 5)).toBe(false);
    expect(csatIsPositive(2, 3)).toBe(false);
    expect(csatIsPositive(3, 5, 3)).toBe(true);
  });

  it("rejects answers, scales and thresholds outside the scale", () => {
    expect(() => csatIsPositive(0, 5)).toThrow(RangeError);
    expect(() => csatIsPositive(6, 5)).toThrow(RangeError);
    expect(() => csatIsPositive(2.5, 5)).toThrow(RangeError);
    expect(() => csatIsPositive(3, 5, 6)).toThrow(RangeError);
    expect(() => csatMappedValue(4, 3)).toThrow(RangeError);
    expect(isCsatScale(4)).toBe(false);
    expect(isCsatScale(7)).toBe(true);
    expect(() => csatFromScores([], 5, 0)).toThrow(RangeError);
  });
});

describe("CSAT mean", () => {
  it("maps the 3-point scale poor/satisfactory/excellent to 2/3/5 and averages [000]", () => {
    expect([1, 2, 3].map((v) => csatMappedValue(v, 3))).toEqual([2, 3, 5]);
    // excellent, excellent, satisfactory, poor → (5 + 5 + 3 + 2) / 4 = 3.75.
    const result = csatFromScores([3, 3, 2, 1], 3);
    expect(result.mean.mean).toBe(3.75);
    expect(result.percent.value).toBe(50);
  });

  it("maps 2-point bad/good to 0/1, so the mean is the share of good", () => {
    const result = csatFromScores([2, 2, 2, 1], 2);
    expect(result.mean.mean).toBe(0.75);
    expect(result.percent.value).toBe(75);
  });

  it("keeps the other scales as they are", () => {
    for (const scale of [5, 7, 10] as const) expect(csatMappedValue(scale, scale)).toBe(scale);
    expect(csatFromScores([5, 4, 3, 2, 1, 5], 5).mean.mean).toBe(20 / 6);
  });
});

describe("CSAT%", () => {
  it("is 100 · positive / n with a Wilson interval", () => {
    // 5-point: 5, 4 and 5 are positive → 3 of 6 = 50%.
    expect(csatFromScores([5, 4, 3, 2, 1, 5], 5).percent).toMatchObject({ value: 50, n: 6, positive: 3 });
    const percent = csatPercentFromCounts({ positive: 81, n: 263 });
    expect(percent.value).toBeCloseTo(30.79847908745247, 12);
    expect(percent.ci?.[0]).toBeCloseTo(25.53, 2);
    expect(percent.ci?.[1]).toBeCloseTo(36.62, 2);
    expect(percent.lowSample).toBe(false);
  });

  it("is null without answers", () => {
    expect(csatPercentFromCounts({ positive: 0, n: 0 })).toEqual({
      value: null,
      n: 0,
      positive: 0,
      ci: null,
      lowSample: true,
    });
    expect(csatFromScores([], 7).mean.mean).toBeNull();
  });

  it("rejects more positive answers than answers", () => {
    expect(() => csatPercentFromCounts({ positive: 5, n: 4 })).toThrow(RangeError);
  });

  it("stays in 0..100 inside its CI, never NaN, and equals the aggregate version", () => {
    fc.assert(
      fc.property(scaleAndAnswers, ([scale, values]: [CsatScale, number[]]) => {
        const result = csatFromScores(values, scale);
        expect(result).toEqual(csatFromAggregates(csatAggregates(values, scale)));
        const { value, ci } = result.percent;
        if (value === null) {
          expect(values).toHaveLength(0);
          expect(ci).toBeNull();
          return;
        }
        expect(value).toBeGreaterThanOrEqual(0);
        expect(value).toBeLessThanOrEqual(100);
        const [lo, hi] = ci ?? [Number.NaN, Number.NaN];
        expect(lo).toBeGreaterThanOrEqual(0);
        expect(hi).toBeLessThanOrEqual(100);
        expect(lo).toBeLessThanOrEqual(value);
        expect(hi).toBeGreaterThanOrEqual(value);
        expect(Number.isNaN(result.mean.mean)).toBe(false);
      }),
    );
  });
});

describe("compareCsat", () => {
  it("tests two CSAT% with the two-proportion z test, diff in points", () => {
    const a = csatPercentFromCounts({ positive: 45, n: 100 });
    const b = csatPercentFromCounts({ positive: 30, n: 100 });
    expect(compareCsat(a, b).diff).toBeCloseTo(15, 12);
    expect(compareCsat(a, b).z).toBeCloseTo(2.1908902300206647, 12);
    expect(compareCsat(a, b).significant).toBe(true);
  });
});
