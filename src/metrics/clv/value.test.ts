import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type BgNbdParams, bgNbdConditionalExpectedPurchases } from "./bg-nbd.js";
import type { GammaGammaParams } from "./gamma-gamma.js";
import { customerBaseValue, type DiscountOptions, discountedClv, PERIODS_PER_MONTH } from "./value.js";

const purchases: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const spend: GammaGammaParams = { p: 6.25, q: 3.74, gamma: 15.44 };
const year: DiscountOptions = {
  months: 12,
  monthlyDiscountRate: 0.01,
  periodsPerMonth: PERIODS_PER_MONTH.weeks,
};

/**
 * CDNOW customers (x, t_x, T in weeks, m̄) with P(alive), expected purchases in 12 · 4.345 weeks,
 * expected spend and 12-month CLV at 1% a month, from the published parameters (reference: mpmath with
 * ₂F₁, the lifetimes DCF sum).
 */
const references = [
  [2, 30.43, 38.86, 22.35, 0.726578570080673, 1.56215423152128, 24.6637139107612, 36.2892111255992],
  [1, 1.71, 38.86, 11.77, 0.212100985377379, 0.260410960895585, 18.916852057842, 4.63729465974719],
  [0, 0, 38.86, null, 1, 0.25266957592885, 35.2189781021898, 8.36900435892046],
  [14, 37.86, 38.86, 33.25, 0.933079723276885, 11.7659678233419, 33.3097850177305, 369.663059978122],
  [6, 3.0, 38.86, 40.0, 0.000154236662997003, 0.0008770029193045, 39.6744532803181, 0.0328023387175318],
] as const;

describe("discounted CLV", () => {
  it("matches the reference for CDNOW customers, with totals", () => {
    const customers = references.map(([frequency, recency, age, monetary]) => ({
      frequency,
      recency,
      age,
      monetary,
    }));
    const base = customerBaseValue({ purchases, spend }, customers, year);
    for (const [i, [, , , , alive, expected, perPurchase, clv]] of references.entries()) {
      const value = base.customers[i];
      expect(value?.probabilityAlive).toBeCloseTo(alive, 12);
      expect(value?.expectedPurchases).toBeCloseTo(expected, 11);
      expect(value?.expectedSpend).toBeCloseTo(perPurchase, 11);
      expect(value?.clv).toBeCloseTo(clv, 9);
    }
    expect(base.total.n).toBe(5);
    expect(base.total.clv).toBeCloseTo(
      references.reduce((sum, row) => sum + row[7], 0),
      8,
    );
  });

  it("is the undiscounted expected revenue at a zero rate, and falls as the rate rises", () => {
    const customer = { frequency: 2, recency: 30.43, age: 38.86 };
    const undiscounted = discountedClv(purchases, customer, 24, { ...year, monthlyDiscountRate: 0 });
    const horizon = bgNbdConditionalExpectedPurchases(purchases, customer, 12 * PERIODS_PER_MONTH.weeks);
    expect(undiscounted).toBeCloseTo(24 * horizon, 10);
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 0.2, noNaN: true }),
        fc.double({ min: 0, max: 0.2, noNaN: true }),
        fc.integer({ min: 1, max: 36 }),
        (d1, d2, months) => {
          const [low, high] = [Math.min(d1, d2), Math.max(d1, d2)];
          const at = (monthlyDiscountRate: number, m: number) =>
            discountedClv(purchases, customer, 24, { ...year, months: m, monthlyDiscountRate });
          expect(at(high, months)).toBeLessThanOrEqual(at(low, months) + 1e-12);
          expect(at(low, months + 1)).toBeGreaterThanOrEqual(at(low, months));
          expect(at(high, months)).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: 30 },
    );
  });

  it("is null without a spend mean and rejects bad options", () => {
    const base = customerBaseValue(
      { purchases, spend: { ...spend, q: 0.8 } },
      [{ frequency: 0, recency: 0, age: 10, monetary: null }],
      year,
    );
    expect(base.customers[0]?.clv).toBeNull();
    expect(base.total.clv).toBeNull();
    const customer = { frequency: 0, recency: 0, age: 1 };
    expect(() => discountedClv(purchases, customer, 1, { ...year, months: 0 })).toThrow(RangeError);
    expect(() => discountedClv(purchases, customer, 1, { ...year, monthlyDiscountRate: -1 })).toThrow(
      RangeError,
    );
    expect(() => discountedClv(purchases, customer, 1, { ...year, periodsPerMonth: 0 })).toThrow(RangeError);
    expect(() => discountedClv(purchases, customer, Number.NaN, year)).toThrow(RangeError);
  });
});
