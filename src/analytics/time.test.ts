import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, dayIfStartOfDay, localDayOf, resolveBound, startOfLocalDay } from "./time.js";

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
