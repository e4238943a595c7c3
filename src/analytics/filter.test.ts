import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatFilter, matchesFilter, parseFilter, type TFilter } from "./filter.js";

describe("parseFilter", () => {
  it("reads conditions joined by AND", () => {
    expect(
      parseFilter(
        `product = Pro AND city = "Nizhny Novgorod" and channel in (email, 'sms') AND plan != trial`,
      ),
    ).toEqual([
      { field: "product", op: "eq", values: ["Pro"] },
      { field: "city", op: "eq", values: ["Nizhny Novgorod"] },
      { field: "channel", op: "in", values: ["email", "sms"] },
      { field: "plan", op: "ne", values: ["trial"] },
    ]);
    expect(parseFilter("country NOT IN (RU, KZ)")).toEqual([
      { field: "country", op: "nin", values: ["RU", "KZ"] },
    ]);
    expect(parseFilter("город = Казань")).toEqual([{ field: "город", op: "eq", values: ["Казань"] }]);
    expect(parseFilter("  ")).toEqual([]);
  });

  it("names the field and the position of a mistake", () => {
    expect(() => parseFilter("product = ")).toThrow(/expected a value at the end/);
    expect(() => parseFilter("product Pro")).toThrow(/position 9/);
    expect(() => parseFilter("a = 1 b = 2")).toThrow(/expected "AND" at position 7/);
    expect(() => parseFilter("a in (1, 2")).toThrow(/expected "\)"/);
    try {
      parseFilter("x =", "query.a");
    } catch (e) {
      expect((e as { field?: string }).field).toBe("query.a");
    }
  });

  it("round-trips through its canonical text", () => {
    const value = fc.string({ minLength: 1, maxLength: 8 });
    const cond = fc.record({
      field: fc.stringMatching(/^[a-z][a-z0-9_.]{0,8}$/).filter((f) => !/^(and|in|not)$/i.test(f)),
      op: fc.constantFrom("eq" as const, "ne" as const, "in" as const, "nin" as const),
      values: fc.array(value, { minLength: 1, maxLength: 3 }),
    });
    fc.assert(
      fc.property(fc.array(cond, { maxLength: 4 }), (filter) => {
        const f: TFilter = filter.map((c) =>
          c.op === "eq" || c.op === "ne" ? { ...c, values: [c.values[0] ?? ""] } : c,
        );
        expect(parseFilter(formatFilter(f))).toEqual(f);
      }),
    );
  });
});

describe("matchesFilter", () => {
  const record = { country: "RU", plan: "Pro" } as Record<string, string>;
  const get = (f: string) => record[f];
  it("requires every condition; a missing field equals nothing", () => {
    expect(matchesFilter(parseFilter("country = RU and plan in (Pro, Max)"), get)).toBe(true);
    expect(matchesFilter(parseFilter("country = RU and plan = Basic"), get)).toBe(false);
    expect(matchesFilter(parseFilter("city != Kazan"), get)).toBe(true);
    expect(matchesFilter(parseFilter("city = Kazan"), get)).toBe(false);
    expect(matchesFilter(parseFilter("city not in (Kazan)"), get)).toBe(true);
    expect(matchesFilter([], get)).toBe(true);
  });
});
