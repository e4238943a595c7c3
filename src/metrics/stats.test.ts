import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  compareMeans,
  compareShares,
  meanSummary,
  normalCdf,
  percentile,
  shareFromCounts,
  studentTCdf,
  studentTQuantile,
  sufficientStats,
  tQuantile975,
  twoProportionZ,
  twoSidedPValue,
  wilsonInterval,
  Z95,
} from "./stats.js";

const relativeError = (got: number, want: number) => Math.abs(got - want) / Math.abs(want);

describe("normal distribution", () => {
  it("Z95 is the 97.5% quantile", () => {
    expect(normalCdf(Z95)).toBeCloseTo(0.975, 15);
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(0.5)).toBeCloseTo(0.6914624612740131, 15);
  });

  it("keeps relative precision far in the tails (reference: scipy.stats.norm)", () => {
    expect(relativeError(twoSidedPValue(1), 0.31731050786291415)).toBeLessThan(1e-13);
    expect(relativeError(twoSidedPValue(-3), 0.0026997960632601866)).toBeLessThan(1e-13);
    expect(relativeError(twoSidedPValue(8), 1.244192114854348e-15)).toBeLessThan(1e-12);
    expect(relativeError(normalCdf(-10), 7.61985302416047e-24)).toBeLessThan(1e-12);
    expect(twoSidedPValue(0)).toBe(1);
  });
});

describe("Student t", () => {
  // scipy.stats.t.ppf(0.975, df) for df = 1..30.
  const table = [
    12.706204736174694, 4.302652729749462, 3.182446305283708, 2.776445105197793, 2.570581835636315,
    2.446911851144979, 2.364624251592784, 2.306004135204166, 2.262157162798205, 2.228138851986274,
    2.200985160091639, 2.178812829667228, 2.160368656462791, 2.144786687917804, 2.131449545559776,
    2.119905299221255, 2.109815577833316, 2.100922040241038, 2.093024054408309, 2.085963447265864,
    2.07961384472768, 2.073873067904025, 2.068657610419049, 2.063898561628025, 2.059538552753297,
    2.055529438642874, 2.051830516480285, 2.048407141795245, 2.045229642132703, 2.042272456301238,
  ];

  it("matches the textbook table", () => {
    expect(tQuantile975(1)).toBeCloseTo(12.706, 3);
    expect(tQuantile975(5)).toBeCloseTo(2.571, 3);
    expect(tQuantile975(29)).toBeCloseTo(2.045, 3);
    for (const [i, want] of table.entries()) {
      expect(relativeError(tQuantile975(i + 1), want)).toBeLessThan(1e-12);
    }
  });

  it("is accurate beyond the table and tends to Z95", () => {
    expect(relativeError(tQuantile975(40), 2.021075390306273)).toBeLessThan(1e-12);
    expect(relativeError(tQuantile975(120), 1.9799304050824402)).toBeLessThan(1e-12);
    expect(relativeError(tQuantile975(1000), 1.9623390808264083)).toBeLessThan(1e-12);
    expect(relativeError(tQuantile975(1e6), 1.959966356814107)).toBeLessThan(1e-10);
    expect(relativeError(tQuantile975(1e9), 1.959963986912325)).toBeLessThan(1e-12);
    expect(tQuantile975(Number.POSITIVE_INFINITY)).toBe(Z95);
  });

  it("accepts fractional df (Welch) and is symmetric", () => {
    expect(relativeError(tQuantile975(0.5), 164.55767348048818)).toBeLessThan(1e-12);
    expect(studentTQuantile(0.025, 7)).toBe(-studentTQuantile(0.975, 7));
    expect(studentTQuantile(0.5, 3)).toBe(0);
    expect(relativeError(studentTCdf(-2, 3), 0.06966298427942152)).toBeLessThan(1e-13);
    expect(studentTCdf(0, 10)).toBe(0.5);
  });

  it("rejects bad arguments", () => {
    expect(() => tQuantile975(0)).toThrow(RangeError);
    expect(() => tQuantile975(0.05)).toThrow(RangeError);
    expect(() => tQuantile975(Number.NaN)).toThrow(RangeError);
    expect(() => studentTQuantile(1, 5)).toThrow(RangeError);
    expect(() => studentTCdf(1, -1)).toThrow(RangeError);
  });

  it("quantile inverts the CDF", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.001, max: 0.999, noNaN: true }),
        fc.double({ min: 0.2, max: 1e6, noNaN: true }),
        (p, df) => {
          expect(studentTCdf(studentTQuantile(p, df), df)).toBeCloseTo(p, 9);
        },
      ),
    );
  });
});

describe("wilsonInterval", () => {
  it("matches the published 81/263 example", () => {
    const [lo, hi] = wilsonInterval(81, 263) ?? [Number.NaN, Number.NaN];
    expect(lo).toBeCloseTo(0.2553, 4);
    expect(hi).toBeCloseTo(0.3662, 4);
    // Full precision, from the closed form evaluated independently in Python.
    expect(lo).toBeCloseTo(0.2552885198782742, 14);
    expect(hi).toBeCloseTo(0.36620957698280004, 14);
  });

  it("pins the bound at p̂ = 0 or 1 and is null for n = 0", () => {
    expect(wilsonInterval(0, 10)?.[0]).toBe(0);
    expect(wilsonInterval(0, 10)?.[1]).toBeCloseTo(0.2775327998628892, 14);
    expect(wilsonInterval(10, 10)?.[1]).toBe(1);
    expect(wilsonInterval(0, 0)).toBeNull();
  });

  it("rejects impossible counts", () => {
    expect(() => wilsonInterval(11, 10)).toThrow(RangeError);
    expect(() => wilsonInterval(-1, 10)).toThrow(RangeError);
    expect(() => wilsonInterval(1.5, 10)).toThrow(RangeError);
    expect(() => wilsonInterval(1, 10, 0)).toThrow(RangeError);
  });

  it("stays in [0, 1] and contains p̂", () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 1e9 })
          .chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n))),
        ([successes, n]) => {
          const interval = wilsonInterval(successes, n);
          expect(interval).not.toBeNull();
          const [lo, hi] = interval ?? [Number.NaN, Number.NaN];
          expect(lo).toBeGreaterThanOrEqual(0);
          expect(hi).toBeLessThanOrEqual(1);
          expect(lo).toBeLessThanOrEqual(successes / n);
          expect(hi).toBeGreaterThanOrEqual(successes / n);
        },
      ),
    );
  });
});

describe("shareFromCounts", () => {
  it("gives percent and Wilson interval in 0..100", () => {
    const share = shareFromCounts(81, 263);
    expect(share.value).toBeCloseTo((100 * 81) / 263, 12);
    expect(share.ci?.[0]).toBeCloseTo(25.52885198782742, 12);
    expect(share.lowSample).toBe(false);
    expect(shareFromCounts(0, 0)).toEqual({ value: null, n: 0, count: 0, ci: null, lowSample: true });
  });
});

describe("meanSummary", () => {
  it("uses the t quantile below 30 answers", () => {
    // 1..5: mean 3, s = √2.5; CI 3 ± t₀.₉₇₅(4) · s/√5 = 3 ± 2.7764 · 0.70711 (scipy).
    const summary = meanSummary(sufficientStats([1, 2, 3, 4, 5]));
    expect(summary.mean).toBe(3);
    expect(summary.sd).toBeCloseTo(1.5811388300841898, 14);
    expect(summary.ci?.[0]).toBeCloseTo(1.0367568385224428, 12);
    expect(summary.ci?.[1]).toBeCloseTo(4.963243161477557, 12);
    expect(summary.lowSample).toBe(true);
  });

  it("uses Z95 from 30 answers", () => {
    const values = Array.from({ length: 30 }, (_, i) => (i % 5) + 1);
    const summary = meanSummary(sufficientStats(values));
    const half = (Z95 * (summary.sd ?? Number.NaN)) / Math.sqrt(30);
    expect(summary.ci?.[1]).toBeCloseTo(3 + half, 14);
    expect(summary.lowSample).toBe(false);
  });

  it("is null where it cannot be computed", () => {
    expect(meanSummary({ n: 0, sum: 0, sumSquares: 0 })).toEqual({
      mean: null,
      sd: null,
      n: 0,
      ci: null,
      lowSample: true,
    });
    expect(meanSummary({ n: 1, sum: 4, sumSquares: 16 })).toMatchObject({ mean: 4, sd: null, ci: null });
    expect(meanSummary(sufficientStats([2, 2, 2]))).toMatchObject({ sd: 0, ci: [2, 2] });
  });

  it("rejects bad aggregates", () => {
    expect(() => meanSummary({ n: -1, sum: 0, sumSquares: 0 })).toThrow(RangeError);
    expect(() => meanSummary({ n: 2, sum: Number.NaN, sumSquares: 0 })).toThrow(RangeError);
    expect(() => meanSummary({ n: 2, sum: 1, sumSquares: -1 })).toThrow(RangeError);
  });

  it("has a CI around the mean and never NaN", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 10 }), { maxLength: 200 }), (values) => {
        const s = meanSummary(sufficientStats(values));
        if (values.length === 0) expect(s.mean).toBeNull();
        for (const x of [s.mean, s.sd, ...(s.ci ?? [])]) expect(Number.isNaN(x)).toBe(false);
        if (s.ci && s.mean !== null) {
          expect(s.ci[0]).toBeLessThanOrEqual(s.mean);
          expect(s.ci[1]).toBeGreaterThanOrEqual(s.mean);
        }
      }),
    );
  });
});

describe("proportion and mean comparisons", () => {
  it("pooled two-proportion z (45/100 vs 30/100: p̂ = .375, z = .15 / √(.375·.625·.02) ≈ 2.191)", () => {
    expect(twoProportionZ({ count: 45, n: 100 }, { count: 30, n: 100 })).toBeCloseTo(2.1908902300206647, 12);
    const comparison = compareShares({ count: 45, n: 100 }, { count: 30, n: 100 });
    expect(comparison.diff).toBeCloseTo(15, 12);
    expect(comparison.pValue).toBeCloseTo(0.02845973691631055, 12);
    expect(comparison.significant).toBe(true);
  });

  it("is null without data or variance", () => {
    expect(twoProportionZ({ count: 0, n: 0 }, { count: 3, n: 10 })).toBeNull();
    expect(twoProportionZ({ count: 10, n: 10 }, { count: 5, n: 5 })).toBeNull();
    expect(compareShares({ count: 0, n: 0 }, { count: 3, n: 10 })).toEqual({
      diff: null,
      z: null,
      pValue: null,
      significant: false,
    });
  });

  it("is antisymmetric", () => {
    const counted = fc
      .integer({ min: 0, max: 500 })
      .chain((n) => fc.record({ count: fc.integer({ min: 0, max: n }), n: fc.constant(n) }));
    fc.assert(
      fc.property(counted, counted, (a, b) => {
        const ab = twoProportionZ(a, b);
        const ba = twoProportionZ(b, a);
        expect(ab === null ? ba === null : ba !== null && ab === -ba).toBe(true);
      }),
    );
  });

  it("Welch t test matches scipy.stats.ttest_ind_from_stats(equal_var=False)", () => {
    const summary = (mean: number, sd: number, n: number) =>
      meanSummary({ n, sum: mean * n, sumSquares: sd * sd * (n - 1) + n * mean * mean });
    const result = compareMeans(summary(4.2, 1.1, 40), summary(3.8, 1.4, 25));
    expect(result.t).toBeCloseTo(1.2135149359484234, 10);
    expect(result.df).toBeCloseTo(42.22495482413572, 9);
    expect(result.pValue).toBeCloseTo(0.23167760333176227, 10);
    expect(result.significant).toBe(false);
    expect(compareMeans(summary(4, 0, 1), summary(3, 1, 10)).t).toBeNull();
  });
});

describe("percentile", () => {
  it("interpolates linearly like percentile_cont (numpy: 2.5, 3.7, 1.75)", () => {
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentile([1, 2, 3, 4], 0.9)).toBeCloseTo(3.7, 14);
    expect(percentile([1, 2, 3, 4], 0.25)).toBe(1.75);
    expect(percentile([7], 0.9)).toBe(7);
    expect(percentile([], 0.5)).toBeNull();
  });

  it("rejects unsorted values and p outside 0..1", () => {
    expect(() => percentile([2, 1], 0.5)).toThrow(RangeError);
    expect(() => percentile([1, 2], 50)).toThrow(RangeError);
  });

  it("runs from min to max, monotonically in p", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 50 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (values, p, q) => {
          const sorted = [...values].sort((x, y) => x - y);
          expect(percentile(sorted, 0)).toBe(sorted[0]);
          expect(percentile(sorted, 1)).toBe(sorted.at(-1));
          const [lo, hi] = p <= q ? [p, q] : [q, p];
          expect(percentile(sorted, lo) ?? 0).toBeLessThanOrEqual(percentile(sorted, hi) ?? 0);
        },
      ),
    );
  });
});
