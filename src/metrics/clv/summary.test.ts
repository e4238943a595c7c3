import { describe, expect, it } from "vitest";
import { dayNumber, repeatBuyers, summarizeTransactions, type Transaction } from "./summary.js";

const tx = (customerId: string, date: string, amount: number): Transaction => ({ customerId, date, amount });

describe("summarizeTransactions", () => {
  it("merges same-day purchases and measures x, t_x, T and m̄ in weeks", () => {
    const summaries = summarizeTransactions(
      [
        tx("a", "1997-08-02", 14.96),
        tx("a", "1997-01-01", 29.33),
        tx("b", "1997-03-10", 5),
        tx("a", "1997-01-18", 20),
        tx("a", "1997-01-18", 9.73), // same day: one purchase of 29.73
        tx("a", "1997-10-15", 100), // after calibration
        tx("c", "1997-11-01", 50), // first purchase after calibration: not summarized
      ],
      { calibrationEnd: "1997-09-30" },
    );
    expect(summaries).toHaveLength(2);
    const [a, b] = summaries;
    expect(a).toMatchObject({ customerId: "a", frequency: 2, firstPurchase: "1997-01-01" });
    expect(a?.recency).toBeCloseTo(213 / 7, 12); // 30.43 weeks
    expect(a?.age).toBeCloseTo(272 / 7, 12); // 38.86 weeks
    expect(a?.monetary).toBeCloseTo((29.73 + 14.96) / 2, 12);
    expect(a?.holdoutFrequency).toBeUndefined();
    expect(b).toMatchObject({ customerId: "b", frequency: 0, recency: 0, monetary: null });
    expect(b?.age).toBeCloseTo(204 / 7, 12);
  });

  it("counts in days and reports holdout purchase days", () => {
    const [a] = summarizeTransactions(
      [
        tx("a", "2024-01-01", 10),
        tx("a", "2024-01-11", 10),
        tx("a", "2024-02-01", 10), // holdout
        tx("a", "2024-02-01", 5), // same holdout day
        tx("a", "2024-02-20", 10), // holdout
        tx("a", "2024-03-05", 10), // after the holdout
      ],
      { calibrationEnd: "2024-01-31", holdoutEnd: "2024-02-29", unit: "days" },
    );
    expect(a).toEqual({
      customerId: "a",
      frequency: 1,
      recency: 10,
      age: 30,
      monetary: 10,
      firstPurchase: "2024-01-01",
      holdoutFrequency: 2,
    });
  });

  it("rejects bad dates, amounts and a holdout before calibration", () => {
    expect(() => summarizeTransactions([tx("a", "2023-02-30", 1)], { calibrationEnd: "2023-12-31" })).toThrow(
      RangeError,
    );
    expect(() =>
      summarizeTransactions([tx("a", "2023-02-03", Number.NaN)], { calibrationEnd: "2023-12-31" }),
    ).toThrow(RangeError);
    expect(() =>
      summarizeTransactions([], { calibrationEnd: "2023-12-31", holdoutEnd: "2023-01-01" }),
    ).toThrow(RangeError);
    expect(() => dayNumber("2023-1-5")).toThrow(RangeError);
    expect(dayNumber("1970-01-02")).toBe(1);
  });

  it("keeps repeat buyers with a positive mean for the spend model", () => {
    expect(
      repeatBuyers([
        { frequency: 0, monetary: null },
        { frequency: 2, monetary: 10 },
        { frequency: 1, monetary: 0 },
      ]),
    ).toEqual([{ frequency: 2, monetary: 10 }]);
  });
});
