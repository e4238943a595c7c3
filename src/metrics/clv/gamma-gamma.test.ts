import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type GammaGammaParams,
  gammaGammaCustomerLogLikelihood,
  gammaGammaExpectedSpend,
  gammaGammaLogLikelihood,
} from "./gamma-gamma.js";
import { fitGammaGamma, gammaGammaGroupsLogLikelihood } from "./gamma-gamma-fit.js";
import { seededRandom } from "./random.js";

/** The published CDNOW estimates (Fader, Hardie & Lee 2005, "RFM and CLV"). */
const cdnow: GammaGammaParams = { p: 6.25, q: 3.74, gamma: 15.44 };

describe("Gamma-Gamma", () => {
  it("log-density matches the closed form (reference: mpmath)", () => {
    expect(gammaGammaCustomerLogLikelihood(cdnow, { frequency: 2, monetary: 22.35 })).toBeCloseTo(
      -3.5513167597317,
      12,
    );
    expect(gammaGammaCustomerLogLikelihood(cdnow, { frequency: 1, monetary: 11.77 })).toBeCloseTo(
      -3.73770967874084,
      12,
    );
    expect(
      gammaGammaLogLikelihood(cdnow, [
        { frequency: 14, monetary: 33.25 },
        { frequency: 2, monetary: 22.35 },
      ]),
    ).toBeCloseTo(-3.91348651971487 - 3.5513167597317, 12);
  });

  it("expected spend matches the published spreadsheet for the first CDNOW customers", () => {
    // (x, m̄) of CDNOW customers 1–10 and the spreadsheet's E[M]; x = 0 gets the population mean.
    const customers: [number, number | null, number][] = [
      [2, 22.35, 24.65],
      [1, 11.77, 18.91],
      [0, null, 35.17],
      [0, null, 35.17],
      [0, null, 35.17],
      [7, 73.74, 71.46],
      [1, 11.77, 18.91],
      [0, null, 35.17],
      [2, 25.55, 27.28],
      [0, null, 35.17],
    ];
    for (const [frequency, monetary, expected] of customers) {
      expect(
        Math.abs((gammaGammaExpectedSpend(cdnow, { frequency, monetary }) ?? 0) - expected),
      ).toBeLessThan(0.06);
    }
    // The population mean pγ/(q − 1) exactly.
    expect(gammaGammaExpectedSpend(cdnow, { frequency: 0, monetary: null })).toBeCloseTo(
      (6.25 * 15.44) / 2.74,
      12,
    );
  });

  it("has no mean when q ≤ 1 and rejects bad customers", () => {
    expect(gammaGammaExpectedSpend({ ...cdnow, q: 0.9 }, { frequency: 0, monetary: null })).toBeNull();
    expect(gammaGammaExpectedSpend({ p: 0.01, q: 0.5, gamma: 1 }, { frequency: 2, monetary: 3 })).toBeNull();
    expect(() => gammaGammaExpectedSpend(cdnow, { frequency: 2, monetary: null })).toThrow(RangeError);
    expect(() => gammaGammaCustomerLogLikelihood(cdnow, { frequency: 0, monetary: 5 })).toThrow(RangeError);
    expect(() => gammaGammaCustomerLogLikelihood(cdnow, { frequency: 1, monetary: 0 })).toThrow(RangeError);
    expect(fitGammaGamma([])).toBeNull();
  });

  it("shrinks a customer's mean towards the population mean, less so the more they bought", () => {
    fc.assert(
      fc.property(
        fc.record({
          p: fc.double({ min: 0.1, max: 20, noNaN: true }),
          q: fc.double({ min: 1.1, max: 20, noNaN: true }),
          gamma: fc.double({ min: 0.1, max: 100, noNaN: true }),
        }),
        fc.integer({ min: 1, max: 50 }),
        fc.double({ min: 0.01, max: 1000, noNaN: true }),
        (params, frequency, monetary) => {
          const population = gammaGammaExpectedSpend(params, { frequency: 0, monetary: null }) ?? Number.NaN;
          const spend = gammaGammaExpectedSpend(params, { frequency, monetary }) ?? Number.NaN;
          const more = gammaGammaExpectedSpend(params, { frequency: frequency + 1, monetary }) ?? Number.NaN;
          const [lo, hi] = [Math.min(population, monetary), Math.max(population, monetary)];
          expect(spend).toBeGreaterThanOrEqual(lo * (1 - 1e-12));
          expect(spend).toBeLessThanOrEqual(hi * (1 + 1e-12));
          expect(Math.abs(more - monetary)).toBeLessThanOrEqual(Math.abs(spend - monetary) * (1 + 1e-12));
        },
      ),
    );
  });

  it("recovers known parameters from simulated spend", () => {
    // Each customer's mean over x purchases: ν ~ Gamma(q, γ), then m̄ ~ Gamma(p·x, rate ν·x).
    const truth: GammaGammaParams = { p: 4, q: 5, gamma: 80 };
    const random = seededRandom(11);
    const customers = Array.from({ length: 4000 }, () => {
      const frequency = 1 + Math.floor(6 * random.uniform());
      const nu = random.gamma(truth.q, truth.gamma);
      return { frequency, monetary: random.gamma(truth.p * frequency, nu * frequency) };
    });
    const fit = fitGammaGamma(customers);
    expect(fit?.converged).toBe(true);
    const { p, q, gamma } = fit?.params ?? { p: 0, q: 0, gamma: 0 };
    expect(Math.abs(p / truth.p - 1)).toBeLessThan(0.1);
    expect(Math.abs(q / truth.q - 1)).toBeLessThan(0.15);
    expect(Math.abs(gamma / truth.gamma - 1)).toBeLessThan(0.2);
    // The population mean spend pγ/(q − 1) (80) is pinned down much better than p, q, γ one by one.
    expect(Math.abs((p * gamma) / (q - 1) / 80 - 1)).toBeLessThan(0.03);
    expect(fit?.logLikelihood).toBeGreaterThanOrEqual(gammaGammaLogLikelihood(truth, customers));
  });

  it("has the gradient of finite differences at random points", () => {
    const random = seededRandom(5);
    const groups = [1, 2, 7, 40].map((x) => {
      const values = Float64Array.from({ length: 30 }, () => 1 + 200 * random.uniform());
      return { x, values, sumLog: values.reduce((s, m) => s + Math.log(m), 0) };
    });
    const f = ([lp = 0, lq = 0, lg = 0]: number[]) =>
      gammaGammaGroupsLogLikelihood(Math.exp(lp), Math.exp(lq), Math.exp(lg), groups, [0, 0, 0]);
    for (let trial = 0; trial < 25; trial++) {
      const theta = [6 * random.uniform() - 3, 6 * random.uniform() - 3, 8 * random.uniform() - 2];
      const gradient = [0, 0, 0];
      const [p = 1, q = 1, gamma = 1] = theta.map(Math.exp);
      gammaGammaGroupsLogLikelihood(p, q, gamma, groups, gradient);
      for (const [i, g] of gradient.entries()) {
        const h = 1e-5;
        const up = theta.map((v, j) => (i === j ? v + h : v));
        const down = theta.map((v, j) => (i === j ? v - h : v));
        const expected = (f(up) - f(down)) / (2 * h);
        expect(Math.abs(g - expected), `θ = ${theta}, component ${i}`).toBeLessThan(
          1e-6 * Math.max(1, Math.abs(expected)),
        );
      }
    }
  });
});
