import { describe, expect, it } from "vitest";
import { parseInstant } from "./instants.js";

const at = (text: string, tz = "Europe/Moscow") => parseInstant(text, tz)?.toISOString() ?? null;

describe("parseInstant", () => {
  it("keeps an explicit zone and reads a bare time in the workspace zone", () => {
    expect(at("2026-03-01T10:15:00Z")).toBe("2026-03-01T10:15:00.000Z");
    expect(at("2026-03-01T10:15:00+05:00")).toBe("2026-03-01T05:15:00.000Z");
    expect(at("2026-03-01 10:15:00-0230")).toBe("2026-03-01T12:45:00.000Z");
    expect(at("2026-03-01 10:15")).toBe("2026-03-01T07:15:00.000Z");
    expect(at("2026-03-01T10:15:30.25")).toBe("2026-03-01T07:15:30.250Z");
    expect(at("2026-03-01")).toBe("2026-02-28T21:00:00.000Z");
  });

  it("follows DST: summer and winter offsets, a skipped hour moves forward, a repeated one takes the first", () => {
    expect(at("2026-07-01 12:00", "Europe/Berlin")).toBe("2026-07-01T10:00:00.000Z");
    expect(at("2026-01-15 12:00", "Europe/Berlin")).toBe("2026-01-15T11:00:00.000Z");
    // 02:30 does not exist on 29 March 2026 in Berlin (02:00 → 03:00).
    expect(at("2026-03-29 02:30", "Europe/Berlin")).toBe("2026-03-29T01:30:00.000Z");
    // 02:30 happens twice on 25 October 2026.
    expect(["2026-10-25T00:30:00.000Z", "2026-10-25T01:30:00.000Z"]).toContain(
      at("2026-10-25 02:30", "Europe/Berlin"),
    );
  });

  it("refuses what is not a date-time", () => {
    for (const bad of ["2026-02-30 10:00", "2026-03-01 24:00", "yesterday", "01.03.2026", "2026-03-01T10:61"])
      expect(at(bad), bad).toBeNull();
  });
});
