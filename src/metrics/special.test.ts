import { describe, expect, it } from "vitest";
import { erfc, gammaQ, lnGamma, lnGammaHalfStep } from "./special.js";

describe("special functions", () => {
  it("lnGamma matches factorials and Γ(½) = √π", () => {
    expect(lnGamma(10)).toBeCloseTo(Math.log(362880), 12);
    expect(lnGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 14);
    expect(lnGamma(1)).toBeCloseTo(0, 14);
  });

  it("lnGammaHalfStep keeps full precision for large a (reference: mpmath)", () => {
    expect(lnGammaHalfStep(50)).toBeCloseTo(1.9535115443757411, 14);
    expect(lnGammaHalfStep(49.5)).toBeCloseTo(lnGamma(50) - lnGamma(49.5), 12);
    expect(lnGammaHalfStep(1000)).toBeCloseTo(3.453752639496277, 14);
    expect(lnGammaHalfStep(1e6)).toBeCloseTo(6.907755153982137, 14);
  });

  it("erfc and the incomplete gamma agree with closed forms", () => {
    expect(erfc(0)).toBe(1);
    expect(erfc(-1) + erfc(1)).toBeCloseTo(2, 15);
    expect(gammaQ(1, 2)).toBeCloseTo(Math.exp(-2), 15);
    expect(gammaQ(3, 0)).toBe(1);
  });
});
