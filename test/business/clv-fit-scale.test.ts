import { describe, expect, it } from "vitest";
import {
  type BgNbdParams,
  bgNbdLogLikelihood,
  fitBgNbd,
  seededRandom,
  simulateBgNbd,
} from "../../src/metrics/clv/index.js";

describe("BG/NBD fit on many distinct customers", () => {
  it("explores on a subsample and still lands on the full data's maximum", () => {
    const truth: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    const random = seededRandom(7);
    // Continuous times: every customer is a distinct (x, t_x, T), past the subsample threshold.
    const ages = Array.from({ length: 30_000 }, () => 52 + 52 * random.uniform());
    const customers = simulateBgNbd(truth, ages, random);
    const fit = fitBgNbd(customers);
    expect(fit?.converged).toBe(true);
    if (!fit) return;
    expect(fit.logLikelihood).toBeCloseTo(bgNbdLogLikelihood(fit.params, customers), 6);
    // Started at the truth on every row, the fit finds no better point than the subsample route.
    const fromTruth = fitBgNbd(customers, { starts: [truth] });
    expect(fit.logLikelihood).toBeGreaterThan((fromTruth?.logLikelihood ?? 0) - 0.01);
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(bgNbdLogLikelihood(truth, customers));
    expect(Math.abs(fit.params.r / truth.r - 1)).toBeLessThan(0.1);
    expect(Math.abs(fit.params.alpha / truth.alpha - 1)).toBeLessThan(0.1);
  });
});
