import { describe, expect, it } from "vitest";
import { type BgNbdParams, bgNbdLogLikelihood, bgNbdProbabilityAlive } from "./bg-nbd.js";
import { fitBgNbd } from "./bg-nbd-fit.js";
import { seededRandom } from "./random.js";
import { simulateBgNbd } from "./simulate.js";

/** χ²₄ quantile at 0.999: a likelihood-ratio bound for four parameters. */
const CHI2_4_999 = 18.467;

describe("BG/NBD parameter recovery", () => {
  it("recovers known parameters from 5,000 simulated customers", () => {
    const truth: BgNbdParams = { r: 1, alpha: 8, a: 1.2, b: 4 };
    const random = seededRandom(1);
    // Customers acquired over a year and observed for one to two years (weeks).
    const ages = Array.from({ length: 5000 }, () => 52 + 52 * random.uniform());
    const customers = simulateBgNbd(truth, ages, random);
    const fit = fitBgNbd(customers);
    expect(fit?.converged).toBe(true);
    if (!fit) return;
    // The purchase-rate gamma is pinned down well; the dropout beta much less (each customer reveals
    // little about their p), as in the paper's CDNOW standard errors, so its tolerance is wider.
    expect(Math.abs(fit.params.r / truth.r - 1)).toBeLessThan(0.1);
    expect(Math.abs(fit.params.alpha / truth.alpha - 1)).toBeLessThan(0.1);
    expect(Math.abs(fit.params.a / truth.a - 1)).toBeLessThan(0.2);
    expect(Math.abs(fit.params.b / truth.b - 1)).toBeLessThan(0.2);
    // The maximum is at least as likely as the truth, and the truth lies in the 99.9% likelihood region.
    const atTruth = bgNbdLogLikelihood(truth, customers);
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(atTruth);
    expect(2 * (fit.logLikelihood - atTruth)).toBeLessThan(CHI2_4_999);
    // P(alive) is calibrated: its mean matches the share of simulated customers still alive.
    const predicted =
      customers.reduce((sum, c) => sum + bgNbdProbabilityAlive(fit.params, c), 0) / customers.length;
    const actual = customers.filter((c) => c.alive).length / customers.length;
    expect(Math.abs(predicted - actual)).toBeLessThan(0.02);
  });
});
