import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addDays,
  dayIfStartOfDay,
  localDayOf,
  periodKeys,
  periodStart,
  resolveBound,
  startOfLocalDay,
} from "./time.js";

describe("local days", () => {
  it("finds the instant a local day starts", () => {
    expect(startOfLocalDay("2026-03-01", "Europe/Moscow").toISOString()).toBe("2026-02-28T21:00:00.000Z");
    expect(startOfLocalDay("2026-03-01", "UTC").toISOString()).toBe("2026-03-01T00:00:00.000Z");
    // the days DST starts and ends in New York
    expect(startOfLocalDay("2026-03-08", "America/New_York").toISOString()).toBe("2026-03-08T05:00:00.000Z");
    expect(startOfLocalDay("2026-03-09", "America/New_York").toISOString()).toBe("2026-03-09T04:00:00.000Z");
    expect(startOfLocalDay("2026-11-01", "America/New_York").toISOString()).toBe("2026-11-01T04:00:00.000Z");
    expect(startOfLocalDay("2026-03-01", "Asia/Kolkata").toISOString()).toBe("2026-02-28T18:30:00.000Z");
  });

  it("reads dates as local midnights and date-times as instants", () => {
    expect(resolveBound("2026-03-01", "Europe/Moscow").toISOString()).toBe("2026-02-28T21:00:00.000Z");
    expect(resolveBound("2026-03-01T10:00:00Z", "Europe/Moscow").toISOString()).toBe(
      "2026-03-01T10:00:00.000Z",
    );
    expect(dayIfStartOfDay(new Date("2026-02-28T21:00:00Z"), "Europe/Moscow")).toBe("2026-03-01");
    expect(dayIfStartOfDay(new Date("2026-03-01T00:00:00Z"), "Europe/Moscow")).toBeNull();
  });

  it("the start of a day lies in that day and an instant earlier does not", () => {
    const zones = [
      "UTC",
      "Europe/Moscow",
      "America/New_York",
      "Europe/Berlin",
      "Australia/Lord_Howe",
      "Asia/Kathmandu",
    ];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3000 }), fc.constantFrom(...zones), (offset, zone) => {
        const day = addDays("2024-01-01", offset);
        const start = startOfLocalDay(day, zone);
        expect(localDayOf(start, zone)).toBe(day);
        expect(localDayOf(new Date(start.getTime() - 1000), zone)).toBe(addDays(day, -1));
      }),
    );
  });
});

describe("period keys", () => {
  it("lists the local periods a range overlaps", () => {
    const from = startOfLocalDay("2026-01-15", "Europe/Moscow");
    const to = startOfLocalDay("2026-04-01", "Europe/Moscow");
    expect(periodKeys(from, to, "month", "Europe/Moscow")).toEqual([
      "2026-01-01",
      "2026-02-01",
      "2026-03-01",
    ]);
    expect(periodKeys(from, to, "quarter", "Europe/Moscow")).toEqual(["2026-01-01"]);
    expect(periodKeys(from, to, "week", "Europe/Moscow").slice(0, 2)).toEqual(["2026-01-12", "2026-01-19"]);
    expect(periodKeys(to, from, "day", "UTC")).toEqual([]);
  });

  it("equals the distinct period starts of every local day in the range", () => {
    const zones = ["UTC", "Europe/Moscow", "America/New_York", "Asia/Kolkata", "Pacific/Chatham"];
    const units = ["day", "week", "month", "quarter", "year"] as const;
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }),
        fc.integer({ min: 1, max: 400 * 86_400_000 }),
        fc.constantFrom(...zones),
        fc.constantFrom(...units),
        (start, length, zone, unit) => {
          const from = new Date(start);
          const to = new Date(start + length);
          const expected = new Set<string>();
          const last = localDayOf(new Date(to.getTime() - 1), zone);
          for (let d = localDayOf(from, zone); d <= last; d = addDays(d, 1))
            expected.add(periodStart(d, unit));
          expect(periodKeys(from, to, unit, zone)).toEqual([...expected]);
        },
      ),
      { numRuns: 300 },
    );
  });
});
