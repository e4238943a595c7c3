import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  inQuietHours,
  localDay,
  localParts,
  nextAllowedTime,
  nextOccurrence,
  occurrence,
  startOfNextLocalDay,
  zonedTime,
} from "./timing.js";

const ZONES = [
  "UTC",
  "Europe/Moscow",
  "Asia/Vladivostok",
  "America/New_York",
  "Europe/London",
  "Asia/Kolkata",
];
const instant = fc.date({
  min: new Date("2020-01-01T00:00:00Z"),
  max: new Date("2035-01-01T00:00:00Z"),
  noInvalidDate: true,
});
const hhmm = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
  .map(([h, m]) => `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`);

describe("quiet hours", () => {
  it("defers 23:00 in Moscow to 09:00 the next morning", () => {
    const at = new Date("2026-03-20T20:00:00Z");
    expect(nextAllowedTime(at, { from: "22:00", to: "09:00" }, "Europe/Moscow").toISOString()).toBe(
      "2026-03-21T06:00:00.000Z",
    );
  });

  it("defers 03:00 to 09:00 the same morning, and leaves 12:00 alone", () => {
    const quiet = { from: "22:00", to: "09:00" };
    expect(nextAllowedTime(new Date("2026-03-21T00:00:00Z"), quiet, "Europe/Moscow").toISOString()).toBe(
      "2026-03-21T06:00:00.000Z",
    );
    const noon = new Date("2026-03-21T09:00:00Z");
    expect(nextAllowedTime(noon, quiet, "Europe/Moscow")).toBe(noon);
  });

  it("handles a window that does not wrap midnight", () => {
    const quiet = { from: "13:00", to: "14:30" };
    expect(nextAllowedTime(new Date("2026-05-05T13:10:00Z"), quiet, "UTC").toISOString()).toBe(
      "2026-05-05T14:30:00.000Z",
    );
  });

  it("always lands outside the window, not before the time asked, within a day", () => {
    fc.assert(
      fc.property(instant, hhmm, hhmm, fc.constantFrom(...ZONES), (at, from, to, zone) => {
        fc.pre(from !== to);
        const quiet = { from, to };
        const next = nextAllowedTime(at, quiet, zone);
        expect(next.getTime()).toBeGreaterThanOrEqual(at.getTime());
        expect(next.getTime() - at.getTime()).toBeLessThanOrEqual(25 * 3_600_000);
        const p = localParts(next, zone);
        expect(inQuietHours(p.hour * 60 + p.minute, quiet)).toBe(false);
      }),
    );
  });
});

describe("local days", () => {
  it("round-trips local wall time in any zone (outside DST jumps)", () => {
    fc.assert(
      fc.property(instant, fc.constantFrom(...ZONES), (at, zone) => {
        const p = localParts(at, zone);
        const back = zonedTime(p.year, p.month, p.day, p.hour, p.minute, zone);
        expect(Math.abs(back.getTime() - Math.floor(at.getTime() / 60_000) * 60_000)).toBeLessThanOrEqual(
          3_600_000,
        );
      }),
    );
  });

  it("starts the next local day at local midnight", () => {
    fc.assert(
      fc.property(instant, fc.constantFrom(...ZONES), (at, zone) => {
        const next = startOfNextLocalDay(at, zone);
        expect(next.getTime()).toBeGreaterThan(at.getTime());
        expect(localDay(next, zone)).not.toBe(localDay(at, zone));
        expect(localParts(next, zone)).toMatchObject({ hour: 0, minute: 0 });
      }),
    );
    expect(localDay(new Date("2026-03-20T21:30:00Z"), "Europe/Moscow")).toBe("2026-03-21");
  });
});

describe("recurring campaigns", () => {
  it("steps quarterly and clamps the day of month", () => {
    const r = { startAt: new Date("2026-01-31T09:00:00Z"), every: 1, unit: "month" as const };
    expect(occurrence(r, 1).toISOString()).toBe("2026-02-28T09:00:00.000Z");
    expect(occurrence(r, 2).toISOString()).toBe("2026-03-31T09:00:00.000Z");
    const q = { startAt: new Date("2026-01-01T09:00:00Z"), every: 3, unit: "month" as const };
    expect(nextOccurrence(q, new Date("2026-03-15T00:00:00Z")).toISOString()).toBe(
      "2026-04-01T09:00:00.000Z",
    );
    expect(nextOccurrence(q, new Date("2026-04-01T09:00:00Z")).toISOString()).toBe(
      "2026-07-01T09:00:00.000Z",
    );
  });

  it("finds the first occurrence after any time", () => {
    fc.assert(
      fc.property(
        instant,
        instant,
        fc.integer({ min: 1, max: 12 }),
        fc.constantFrom("day" as const, "week" as const, "month" as const),
        (startAt, after, every, unit) => {
          const r = { startAt, every, unit };
          const next = nextOccurrence(r, after);
          expect(next.getTime()).toBeGreaterThan(Math.min(after.getTime(), startAt.getTime() - 1));
          if (after.getTime() >= startAt.getTime()) {
            expect(next.getTime()).toBeGreaterThan(after.getTime());
            // No occurrence is skipped: the one before is not after `after`.
            const k = Array.from({ length: 6000 }, (_, i) => i).find(
              (i) => occurrence(r, i).getTime() === next.getTime(),
            );
            expect(k).toBeDefined();
            if (k) expect(occurrence(r, k - 1).getTime()).toBeLessThanOrEqual(after.getTime());
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
