import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  buyerCounts,
  productBreadthCounts,
  referralCounts,
  referralRate,
  repeatPurchaseRate,
  repurchaseRatio,
  upsellingRatio,
} from "./business-purchases.js";

const orders = fc.array(
  fc.record({
    customerId: fc.constantFrom("a", "b", "c", "d", "e", "f"),
    product: fc.constantFrom("x", "y", "z"),
  }),
  { maxLength: 40 },
);

describe("repeat purchase rate", () => {
  it("is 100 · customers with ≥ 2 purchases / customers with ≥ 1", () => {
    const counts = buyerCounts([
      { customerId: "a" },
      { customerId: "b" },
      { customerId: "a" },
      { customerId: "c" },
    ]);
    expect(counts).toEqual({ buyers: 3, repeatBuyers: 1 });
    const rpr = repeatPurchaseRate(counts);
    expect(rpr.value).toBeCloseTo(100 / 3, 12);
    expect(rpr.n).toBe(3);
    expect(rpr.lowSample).toBe(true);
    expect(repeatPurchaseRate({ buyers: 400, repeatBuyers: 100 }).value).toBe(25);
  });

  it("is null without buyers and rejects more repeat buyers than buyers", () => {
    expect(repeatPurchaseRate(buyerCounts([])).value).toBeNull();
    expect(() => repeatPurchaseRate({ buyers: 1, repeatBuyers: 2 })).toThrow(RangeError);
  });

  it("stays in 0..100 and agrees with the repurchase ratio", () => {
    fc.assert(
      fc.property(orders, (rows) => {
        const counts = buyerCounts(rows);
        expect(counts.repeatBuyers).toBeLessThanOrEqual(counts.buyers);
        expect(counts.buyers).toBeLessThanOrEqual(rows.length);
        const rpr = repeatPurchaseRate(counts).value;
        const ratio = repurchaseRatio({
          repeat: counts.repeatBuyers,
          oneTime: counts.buyers - counts.repeatBuyers,
        });
        if (rpr === null) {
          expect(counts.buyers).toBe(0);
          return;
        }
        expect(rpr).toBeGreaterThanOrEqual(0);
        expect(rpr).toBeLessThanOrEqual(100);
        // ratio = RPR / (100 − RPR) whenever there is a one-time buyer.
        if (ratio.value === null) expect(rpr).toBe(100);
        else expect(ratio.value).toBeCloseTo(rpr / (100 - rpr), 10);
      }),
    );
  });
});

describe("repurchase ratio", () => {
  it("is repeat / one-time customers (or renewed / stopped after the first cycle)", () => {
    expect(repurchaseRatio({ repeat: 30, oneTime: 60 })).toEqual({
      value: 0.5,
      numerator: 30,
      denominator: 60,
      n: 90,
    });
    expect(repurchaseRatio({ repeat: 5, oneTime: 0 }).value).toBeNull();
    expect(() => repurchaseRatio({ repeat: -1, oneTime: 3 })).toThrow(RangeError);
  });
});

describe("upselling ratio", () => {
  it("is customers with ≥ 2 products / customers with exactly one", () => {
    const counts = productBreadthCounts([
      { customerId: "a", product: "x" },
      { customerId: "a", product: "x" },
      { customerId: "b", product: "x" },
      { customerId: "b", product: "y" },
      { customerId: "c", product: "z" },
      { customerId: "d", product: "x" },
      { customerId: "d", product: "y" },
      { customerId: "d", product: "z" },
    ]);
    expect(counts).toEqual({ singleProduct: 2, multiProduct: 2 });
    expect(upsellingRatio(counts).value).toBe(1);
    expect(upsellingRatio({ singleProduct: 0, multiProduct: 3 }).value).toBeNull();
  });

  it("splits the buyers into single and multi-product customers", () => {
    fc.assert(
      fc.property(orders, (rows) => {
        const counts = productBreadthCounts(rows);
        expect(counts.singleProduct + counts.multiProduct).toBe(buyerCounts(rows).buyers);
        const ratio = upsellingRatio(counts);
        expect(ratio.n).toBe(counts.singleProduct + counts.multiProduct);
        if (ratio.value !== null) expect(ratio.value).toBeGreaterThanOrEqual(0);
        else expect(counts.singleProduct).toBe(0);
      }),
    );
  });
});

describe("referral rate", () => {
  it("is 100 · referred new customers / new customers", () => {
    const counts = referralCounts([
      { referredBy: "a" },
      { referredBy: null },
      { referredBy: null },
      { referredBy: "b" },
    ]);
    expect(counts).toEqual({ newCustomers: 4, referred: 2 });
    expect(referralRate(counts).value).toBe(50);
    expect(referralRate({ newCustomers: 0, referred: 0 }).value).toBeNull();
    expect(() => referralRate({ newCustomers: 1, referred: 2 })).toThrow(RangeError);
  });

  it("stays in 0..100 with its interval around it", () => {
    fc.assert(
      fc.property(fc.nat(10_000), fc.nat(10_000), (a, b) => {
        const rate = referralRate({ newCustomers: a + b, referred: a });
        if (rate.value === null) {
          expect(a + b).toBe(0);
          return;
        }
        const [lo = Number.NaN, hi = Number.NaN] = rate.ci ?? [];
        expect(lo).toBeLessThanOrEqual(rate.value);
        expect(hi).toBeGreaterThanOrEqual(rate.value);
        expect(lo).toBeGreaterThanOrEqual(0);
        expect(hi).toBeLessThanOrEqual(100);
      }),
    );
  });
});
