import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { csi } from "./csi.js";

describe("CSI", () => {
  it("weights rescaled attribute means equally by default", () => {
    // (4 − 1)/(5 − 1) = .75 and (3 − 1)/(5 − 1) = .5 → (.75 + .5)/2 · 100 = 62.5.
    expect(
      csi([
        { mean: 4, min: 1, max: 5 },
        { mean: 3, min: 1, max: 5 },
      ]),
    ).toBe(62.5);
  });

  it("uses configured importance", () => {
    // (.7 · (4 − 1)/(5 − 1) + .3 · (5.5 − 1)/(10 − 1)) · 100 = (.7 · .75 + .3 · .5) · 100 = 67.5.
    expect(
      csi([
        { mean: 4, min: 1, max: 5, weight: 0.7 },
        { mean: 5.5, min: 1, max: 10, weight: 0.3 },
      ]),
    ).toBeCloseTo(67.5, 12);
  });

  it("is null for no attributes or an attribute without answers", () => {
    expect(csi([])).toBeNull();
    expect(
      csi([
        { mean: null, min: 1, max: 5 },
        { mean: 3, min: 1, max: 5 },
      ]),
    ).toBeNull();
  });

  it("rejects weights not summing to 1, mixed weights, bad bounds and means off the scale", () => {
    const a = { mean: 3, min: 1, max: 5 };
    expect(() =>
      csi([
        { ...a, weight: 0.5 },
        { ...a, weight: 0.4 },
      ]),
    ).toThrow(RangeError);
    expect(() => csi([{ ...a, weight: 1 }, a])).toThrow(RangeError);
    expect(() => csi([{ ...a, min: 5, max: 5, mean: 5 }])).toThrow(RangeError);
    expect(() => csi([{ ...a, mean: 6 }])).toThrow(RangeError);
    expect(
      csi([
        { ...a, weight: 0.1 + 0.2 },
        { ...a, weight: 0.7 },
      ]),
    ).toBe(50);
  });

  it("stays in 0..100", () => {
    const attribute = fc
      .tuple(
        fc.integer({ min: 0, max: 5 }),
        fc.integer({ min: 1, max: 10 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
      )
      .map(([min, span, t]) => ({ min, max: min + span, mean: min + t * span }));
    fc.assert(
      fc.property(fc.array(attribute, { minLength: 1, maxLength: 12 }), (attributes) => {
        const value = csi(attributes);
        expect(value).not.toBeNull();
        expect(value).toBeGreaterThanOrEqual(0);
        expect(value).toBeLessThanOrEqual(100);
      }),
    );
  });
});
