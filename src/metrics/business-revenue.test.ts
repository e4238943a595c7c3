import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  annualRevenuePerCustomer,
  arpu,
  clvFromFormula,
  customerAcquisitionCost,
  customerRetentionCost,
  meanLifespanYears,
  recurringRevenueMovements,
  relationshipYearsFromChurn,
  revenueChurn,
} from "./business-revenue.js";

describe("CLV, formula form", () => {
  it("1 200 a year × 4 years (25% churn) − CAC 300 → 4 500, with derived inputs", () => {
    const revenue = annualRevenuePerCustomer({ trailingYearRevenue: 1_200_000, activeCustomers: 1000 });
    const cac = customerAcquisitionCost({ acquisitionCosts: 30_000, newCustomers: 100 });
    expect(revenue).toEqual({ value: 1200, n: 1000 });
    expect(cac).toEqual({ value: 300, n: 100 });
    expect(relationshipYearsFromChurn(25)).toBe(4);
    expect(
      clvFromFormula({
        annualRevenuePerCustomer: revenue.value,
        relationshipYears: relationshipYearsFromChurn(25),
        cac: cac.value,
      }),
    ).toBe(4500);
  });

  it("takes the relationship length from observed lifespans too", () => {
    expect(meanLifespanYears([1, 2, 3.5, 5.5])).toBe(3);
    expect(clvFromFormula({ annualRevenuePerCustomer: 100, relationshipYears: 3, cac: 50 })).toBe(250);
  });

  it("is null when an input cannot be derived (division by zero)", () => {
    expect(relationshipYearsFromChurn(0)).toBeNull();
    expect(meanLifespanYears([])).toBeNull();
    expect(customerAcquisitionCost({ acquisitionCosts: 500, newCustomers: 0 }).value).toBeNull();
    expect(annualRevenuePerCustomer({ trailingYearRevenue: 0, activeCustomers: 0 }).value).toBeNull();
    expect(clvFromFormula({ annualRevenuePerCustomer: 100, relationshipYears: null, cac: 1 })).toBeNull();
    expect(clvFromFormula({ annualRevenuePerCustomer: null, relationshipYears: 2, cac: 1 })).toBeNull();
    expect(clvFromFormula({ annualRevenuePerCustomer: 100, relationshipYears: 2, cac: null })).toBeNull();
  });

  it("rejects impossible inputs", () => {
    expect(() => relationshipYearsFromChurn(120)).toThrow(RangeError);
    expect(() => relationshipYearsFromChurn(-1)).toThrow(RangeError);
    expect(() => meanLifespanYears([1, -2])).toThrow(RangeError);
    expect(() => clvFromFormula({ annualRevenuePerCustomer: 1, relationshipYears: 1, cac: -5 })).toThrow(
      RangeError,
    );
  });

  it("relationship length × churn = 100 and CLV grows with revenue and length", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 1e5, noNaN: true }),
        fc.double({ min: 0, max: 1e4, noNaN: true }),
        (churn, revenue, cac) => {
          const years = relationshipYearsFromChurn(churn) ?? Number.NaN;
          expect(years * churn).toBeCloseTo(100, 8);
          const clv =
            clvFromFormula({ annualRevenuePerCustomer: revenue, relationshipYears: years, cac }) ?? 0;
          const more =
            clvFromFormula({ annualRevenuePerCustomer: revenue + 1, relationshipYears: years, cac }) ?? 0;
          const longer =
            clvFromFormula({ annualRevenuePerCustomer: revenue, relationshipYears: years + 1, cac }) ?? 0;
          expect(more).toBeGreaterThan(clv);
          expect(longer).toBeGreaterThanOrEqual(clv);
        },
      ),
    );
  });
});

describe("ARPU and CRC", () => {
  it("divide by active customers, null without any", () => {
    expect(arpu({ revenue: 50_000, activeCustomers: 400 })).toEqual({ value: 125, n: 400 });
    expect(arpu({ revenue: -10, activeCustomers: 5 }).value).toBe(-2);
    expect(arpu({ revenue: 10, activeCustomers: 0 })).toEqual({ value: null, n: 0 });
    expect(customerRetentionCost({ annualRetentionCost: 240_000, activeCustomers: 1200 })).toEqual({
      value: 200,
      n: 1200,
    });
    expect(customerRetentionCost({ annualRetentionCost: 1, activeCustomers: 0 }).value).toBeNull();
    expect(() => customerRetentionCost({ annualRetentionCost: -1, activeCustomers: 3 })).toThrow(RangeError);
    expect(() => arpu({ revenue: Number.NaN, activeCustomers: 3 })).toThrow(RangeError);
    expect(() => arpu({ revenue: 1, activeCustomers: 2.5 })).toThrow(RangeError);
  });
});

describe("revenue churn", () => {
  it("gross counts churned and downgraded revenue; net subtracts expansion; new business is left out", () => {
    const movements = recurringRevenueMovements([
      { atStart: 100, atEnd: 0 }, // churned 100
      { atStart: 200, atEnd: 150 }, // contraction 50
      { atStart: 300, atEnd: 400 }, // expansion 100
      { atStart: 400, atEnd: 400 },
      { atStart: 0, atEnd: 500 }, // new: not expansion
    ]);
    expect(movements).toEqual({ atStart: 1000, churned: 100, contraction: 50, expansion: 100 });
    expect(revenueChurn(movements)).toEqual({ gross: 15, net: 5, atStart: 1000 });
    expect(revenueChurn({ atStart: 1000, churned: 0, contraction: 20, expansion: 120 }).net).toBe(-10);
  });

  it("is null without recurring revenue at the start and rejects losses above it", () => {
    expect(revenueChurn({ atStart: 0, churned: 0, contraction: 0, expansion: 0 })).toEqual({
      gross: null,
      net: null,
      atStart: 0,
    });
    expect(() => revenueChurn({ atStart: 10, churned: 8, contraction: 5, expansion: 0 })).toThrow(RangeError);
  });

  it("keeps gross in 0..100 and net ≤ gross", () => {
    // Amounts in cents, up to a million.
    const amount = fc.oneof(
      fc.constant(0),
      fc.integer({ min: 0, max: 100_000_000 }).map((cents) => cents / 100),
    );
    fc.assert(
      fc.property(fc.array(fc.record({ atStart: amount, atEnd: amount }), { maxLength: 30 }), (customers) => {
        const churn = revenueChurn(recurringRevenueMovements(customers));
        if (churn.gross === null || churn.net === null) {
          expect(churn.atStart).toBe(0);
          return;
        }
        expect(churn.gross).toBeGreaterThanOrEqual(0);
        expect(churn.gross).toBeLessThanOrEqual(100);
        expect(churn.net).toBeLessThanOrEqual(churn.gross);
        expect(Number.isFinite(churn.net)).toBe(true);
      }),
    );
  });
});
