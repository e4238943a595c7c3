import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type CohortMember, cohortRetention } from "./business-cohort.js";

describe("cohortRetention", () => {
  it("builds the triangle and the pooled curve by hand", () => {
    // Months 0 (January), 1, 2; the last period shown is 2.
    const members: CohortMember[] = [
      { firstPeriod: 0, activePeriods: [0, 1, 2] },
      { firstPeriod: 0, activePeriods: [0, 2] },
      { firstPeriod: 0, activePeriods: [] }, // the first period counts as active anyway
      { firstPeriod: 0, activePeriods: [1, 1, 5] }, // duplicates count once; period 5 is past the triangle
      { firstPeriod: 1, activePeriods: [1, 2] },
      { firstPeriod: 1, activePeriods: [1] },
      { firstPeriod: 3, activePeriods: [3] }, // after the last period: left out
    ];
    const { rows, curve } = cohortRetention(members, 2);
    expect(rows).toEqual([
      { cohort: 0, size: 4, active: [4, 2, 2], retention: [100, 50, 50] },
      { cohort: 1, size: 2, active: [2, 1], retention: [100, 50] },
    ]);
    // k = 1 pools both cohorts: (2 + 1) / (4 + 2); k = 2 only the January cohort has reached.
    expect(curve.map((point) => [point.value, point.n])).toEqual([
      [100, 6],
      [50, 6],
      [50, 4],
    ]);
  });

  it("is empty without members and rejects activity before the first period", () => {
    expect(cohortRetention([], 10)).toEqual({ rows: [], curve: [] });
    expect(() => cohortRetention([{ firstPeriod: 3, activePeriods: [2] }], 5)).toThrow(RangeError);
    expect(() => cohortRetention([{ firstPeriod: 1.5, activePeriods: [] }], 5)).toThrow(RangeError);
  });

  const member = fc
    .tuple(fc.integer({ min: 0, max: 12 }), fc.array(fc.integer({ min: 0, max: 15 }), { maxLength: 8 }))
    .map(
      ([firstPeriod, offsets]): CohortMember => ({
        firstPeriod,
        activePeriods: offsets.map((offset) => firstPeriod + offset),
      }),
    );

  it("keeps every cell in 0..100 with 100 at k = 0, and pools the curve from the cells", () => {
    fc.assert(
      fc.property(fc.array(member, { maxLength: 40 }), fc.integer({ min: 0, max: 14 }), (members, last) => {
        const { rows, curve } = cohortRetention(members, last);
        const included = members.filter((m) => m.firstPeriod <= last).length;
        expect(rows.reduce((sum, row) => sum + row.size, 0)).toBe(included);
        for (const row of rows) {
          expect(row.active.length).toBe(last - row.cohort + 1);
          expect(row.retention[0]).toBe(100);
          for (const share of row.retention) {
            expect(share).toBeGreaterThanOrEqual(0);
            expect(share).toBeLessThanOrEqual(100);
          }
        }
        for (const [k, point] of curve.entries()) {
          const reached = rows.filter((row) => row.active.length > k);
          expect(point.n).toBe(reached.reduce((sum, row) => sum + row.size, 0));
          expect(point.count).toBe(reached.reduce((sum, row) => sum + (row.active[k] ?? 0), 0));
          if (k > 0) expect(point.n).toBeLessThanOrEqual(curve[k - 1]?.n ?? 0);
        }
      }),
    );
  });
});
