import { describe, expect, it } from "vitest";
import { responseRate } from "./response-rate.js";

describe("response rate", () => {
  it("is 100 · responses / delivered with a Wilson interval", () => {
    const rate = responseRate({ responses: 81, delivered: 263 });
    expect(rate.value).toBeCloseTo((100 * 81) / 263, 12);
    expect(rate.ci?.[0]).toBeCloseTo(25.53, 2);
    expect(rate.n).toBe(263);
  });

  it("is null with nothing delivered and rejects more responses than deliveries", () => {
    expect(responseRate({ responses: 0, delivered: 0 }).value).toBeNull();
    expect(() => responseRate({ responses: 3, delivered: 2 })).toThrow(RangeError);
  });
});
