import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lnGamma } from "../special.js";
import {
  type BgNbdParams,
  bgNbdConditionalExpectedPurchases,
  bgNbdCustomerLogLikelihood,
  bgNbdExpectedPurchases,
  bgNbdLogLikelihood,
  bgNbdProbabilityAlive,
  bgNbdPurchaseProbability,
  lnPochhammer,
} from "./bg-nbd.js";

/** The published CDNOW estimates (Fader, Hardie & Lee 2005). Reference values below: mpmath, 40 digits. */
const cdnow: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const relative = (actual: number, expected: number) => Math.abs(actual / expected - 1);

const params = fc.record({
  r: fc.double({ min: 0.05, max: 5, noNaN: true }),
  alpha: fc.double({ min: 0.1, max: 50, noNaN: true }),
  a: fc.double({ min: 0.05, max: 5, noNaN: true }),
  b: fc.double({ min: 0.05, max: 10, noNaN: true }),
});
const customer = fc
  .tuple(fc.nat(40), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true }))
  .map(([frequency, share, age]) => ({ frequency, recency: frequency === 0 ? 0 : share * age, age }));

describe("BG/NBD log-likelihood", () => {
  it("matches the closed form per customer", () => {
    const cases: [number, number, number, number][] = [
      [2, 30.43, 38.86, -9.45860630706627],
      [0, 0, 38.86, -0.554713276438158],
      [14, 37.86, 38.86, -32.906467359437],
      [1, 1.71, 38.86, -4.46909327503259],
    ];
    for (const [frequency, recency, age, expected] of cases) {
      expect(bgNbdCustomerLogLikelihood(cdnow, { frequency, recency, age })).toBeCloseTo(expected, 12);
    }
    expect(
      bgNbdLogLikelihood(cdnow, [
        { frequency: 2, recency: 30.43, age: 38.86 },
        { frequency: 0, recency: 0, age: 38.86 },
      ]),
    ).toBeCloseTo(-9.45860630706627 - 0.554713276438158, 12);
  });

  it("rejects bad parameters and summaries", () => {
    const ok = { frequency: 1, recency: 1, age: 2 };
    expect(() => bgNbdCustomerLogLikelihood({ ...cdnow, r: 0 }, ok)).toThrow(RangeError);
    expect(() => bgNbdCustomerLogLikelihood({ ...cdnow, b: Number.NaN }, ok)).toThrow(RangeError);
    expect(() => bgNbdCustomerLogLikelihood(cdnow, { frequency: 1, recency: 3, age: 2 })).toThrow(RangeError);
    expect(() => bgNbdCustomerLogLikelihood(cdnow, { frequency: 0, recency: 1, age: 2 })).toThrow(RangeError);
    expect(() => bgNbdCustomerLogLikelihood(cdnow, { frequency: 1.5, recency: 1, age: 2 })).toThrow(
      RangeError,
    );
  });

  it("lnPochhammer agrees with ln Γ differences", () => {
    for (const [v, k] of [
      [0.243, 0],
      [0.243, 7],
      [2.5, 64],
      [2.5, 65],
      [0.3, 1.5],
    ] as const) {
      expect(lnPochhammer(v, k)).toBeCloseTo(lnGamma(v + k) - lnGamma(v), 10);
    }
  });
});

describe("BG/NBD predictions", () => {
  it("P(alive) matches the closed form and is 1 without repeat purchases", () => {
    expect(bgNbdProbabilityAlive(cdnow, { frequency: 2, recency: 30.43, age: 38.86 })).toBeCloseTo(
      0.726578570080673,
      14,
    );
    expect(bgNbdProbabilityAlive(cdnow, { frequency: 1, recency: 1.71, age: 38.86 })).toBeCloseTo(
      0.212100985377379,
      14,
    );
    expect(bgNbdProbabilityAlive(cdnow, { frequency: 0, recency: 0, age: 38.86 })).toBe(1);
  });

  it("E[X(t)] matches eq. 9 with ₂F₁", () => {
    const cases: [number, number][] = [
      [0.1429, 0.00782834751607216],
      [1, 0.0532678911716583],
      [3, 0.150865230893047],
      [31.8571, 1.04199606085221],
      [32, 1.04524332837444],
      [78, 1.86051905794277],
    ];
    for (const [t, expected] of cases)
      expect(relative(bgNbdExpectedPurchases(cdnow, t), expected)).toBeLessThan(1e-12);
    expect(bgNbdExpectedPurchases(cdnow, 0)).toBe(0);
  });

  it("the conditional expectation matches eq. 10 with ₂F₁ over a wide range, a = 1 included", () => {
    // [r, α, a, b, x, t_x, T, t, expected]; the last six have z = t/(α+T+t) > 0.999 (quadrature).
    const cases = [
      [0.243, 4.414, 0.793, 2.426, 2, 30.43, 38.86, 39, 1.22602817476714],
      [0.243, 4.414, 0.793, 2.426, 0, 0, 38.86, 39, 0.195098052011263],
      [0.243, 4.414, 1.0, 2.426, 3, 20, 38.86, 52, 1.17943361535527],
      [2.5, 0.3, 3.7, 0.4, 40, 300, 310, 520, 10.7529359577505],
      [0.5, 10, 0.1, 0.2, 0, 0, 0, 1000, 23.2183136382621],
      [1.3, 2.0, 0.6, 0.3, 0, 0, 1, 30, 2.41371728737941],
      [0.8, 50, 1.5, 6, 150, 700, 720, 365, 35.4940828945676],
      [0.05, 0.01, 0.4, 0.9, 0, 0, 0, 5000, 261.208939387819],
      [0.243, 4.414, 0.793, 2.426, 0, 0, 0, 10000, 15.0679133150552],
      [0.243, 4.414, 0.793, 2.426, 5, 1, 2, 5000, 72.4045296341529],
      [3, 0.5, 0.02, 0.05, 0, 0, 0.1, 800, 2438.91247538636],
      [0.7, 1, 5, 0.3, 0, 0, 0, 2000, 1.06940157369245],
      [1.5, 0.2, 2.5, 8, 12, 3, 4, 9000, 2.32285494368962],
    ] as const;
    for (const [r, alpha, a, b, frequency, recency, age, t, expected] of cases) {
      const actual = bgNbdConditionalExpectedPurchases({ r, alpha, a, b }, { frequency, recency, age }, t);
      expect(relative(actual, expected), `${[r, alpha, a, b, frequency, recency, age, t]}`).toBeLessThan(
        1e-11,
      );
    }
  });

  it("is continuous where the series hands over to the quadrature and across a = 1", () => {
    const customer = { frequency: 3, recency: 10, age: 20 };
    const t = (0.999 * (cdnow.alpha + customer.age)) / (1 - 0.999);
    const below = bgNbdConditionalExpectedPurchases(cdnow, customer, t * (1 - 1e-12));
    const above = bgNbdConditionalExpectedPurchases(cdnow, customer, t * (1 + 1e-12));
    expect(relative(above, below)).toBeLessThan(1e-11);
    const at = (a: number) => bgNbdConditionalExpectedPurchases({ ...cdnow, a }, customer, 39);
    expect(relative(at(1 - 1e-9), at(1))).toBeLessThan(1e-8);
    expect(relative(at(1 + 1e-9), at(1))).toBeLessThan(1e-8);
  });

  it("P(X(t) = n) matches the BTYD package", () => {
    expect(bgNbdPurchaseProbability(cdnow, 2, 10)).toBeCloseTo(1.07869e-7, 11);
    expect(bgNbdPurchaseProbability(cdnow, 39, 0)).toBeCloseTo(0.5737864, 7);
    const pmf = [
      0.0019995214, 0.0015170236, 0.001163315, 0.0009003148, 0.0007023638, 0.0005517902, 0.0004361913,
      0.0003467171, 0.0002769613, 0.000222226,
    ];
    for (const [i, expected] of pmf.entries()) {
      expect(bgNbdPurchaseProbability(cdnow, 30, 11 + i)).toBeCloseTo(expected, 10);
    }
    expect(bgNbdPurchaseProbability(cdnow, 0, 0)).toBe(1);
    expect(bgNbdPurchaseProbability(cdnow, 0, 3)).toBe(0);
  });

  it("P(X(t) = n) sums to 1 and its mean is E[X(t)]", () => {
    fc.assert(
      // t up to 5α keeps t/(α+t) ≤ 5/6, so a few hundred terms carry all the mass.
      fc.property(params, fc.double({ min: 0.01, max: 5, noNaN: true }), (p, u) => {
        const t = u * p.alpha;
        let total = 0;
        let mean = 0;
        for (let n = 0; n < 2000; n++) {
          const probability = bgNbdPurchaseProbability(p, t, n);
          expect(probability).toBeGreaterThanOrEqual(0);
          total += probability;
          mean += n * probability;
          if (n > 20 && probability < 1e-17) break;
        }
        expect(total).toBeCloseTo(1, 9);
        const expected = bgNbdExpectedPurchases(p, t);
        expect(Math.abs(mean - expected)).toBeLessThan(1e-8 * Math.max(1, expected));
      }),
    );
  });

  it("keeps P(alive) in 0..1, lower the longer a buyer has been silent", () => {
    fc.assert(
      fc.property(params, customer, fc.double({ min: 0, max: 50, noNaN: true }), (p, c, wait) => {
        const alive = bgNbdProbabilityAlive(p, c);
        expect(alive).toBeGreaterThanOrEqual(0);
        expect(alive).toBeLessThanOrEqual(1);
        const later = bgNbdProbabilityAlive(p, { ...c, age: c.age + wait });
        expect(later).toBeLessThanOrEqual(alive);
        if (c.frequency === 0) expect(alive).toBe(1);
      }),
    );
  });

  it("keeps expected purchases finite, ≥ 0 and growing with the horizon", () => {
    fc.assert(
      fc.property(
        params,
        customer,
        fc.double({ min: 0, max: 200, noNaN: true }),
        fc.double({ min: 0, max: 200, noNaN: true }),
        (p, c, t1, t2) => {
          const [short, long] = [Math.min(t1, t2), Math.max(t1, t2)];
          const first = bgNbdConditionalExpectedPurchases(p, c, short);
          const second = bgNbdConditionalExpectedPurchases(p, c, long);
          expect(Number.isFinite(first)).toBe(true);
          expect(first).toBeGreaterThanOrEqual(0);
          expect(second).toBeGreaterThanOrEqual(first * (1 - 1e-12));
          // While alive a customer buys at most at the posterior mean rate (r + x)/(α + T).
          expect(second).toBeLessThanOrEqual(
            ((p.r + c.frequency) / (p.alpha + c.age)) * long * (1 + 1e-9) + 1e-12,
          );
        },
      ),
    );
  });

  it("stays finite and continuous for the extreme a, b a fit on a handful of customers can reach", () => {
    const extreme: BgNbdParams = { r: 0.197, alpha: 0.114, a: 9134.6, b: 5.08e-7 };
    for (const c of [
      { frequency: 0, recency: 0, age: 30 / 7 },
      { frequency: 1, recency: 3 / 7, age: 6 },
    ]) {
      const values = [1, 13, 52, 104].map((t) => bgNbdConditionalExpectedPurchases(extreme, c, t));
      for (const v of values) expect(Number.isFinite(v) && v >= 0).toBe(true);
      for (let i = 1; i < values.length; i++) expect(values[i]).toBeGreaterThanOrEqual(values[i - 1] ?? 0);
      const near = bgNbdConditionalExpectedPurchases({ ...extreme, a: extreme.a * (1 + 1e-9) }, c, 52);
      expect(relative(near, values[2] ?? 0)).toBeLessThan(1e-6);
      // Either side of the switch from the series to the quadrature, as a grows.
      const side = (a: number) => bgNbdConditionalExpectedPurchases({ ...extreme, a }, c, 52);
      const grid = [20, 50, 100, 200, 400, 800].map(side);
      for (let i = 1; i < grid.length; i++)
        expect(grid[i]).toBeLessThanOrEqual((grid[i - 1] ?? 0) * (1 + 1e-9));
    }
  });

  it("rejects a negative horizon", () => {
    expect(() => bgNbdExpectedPurchases(cdnow, -1)).toThrow(RangeError);
    expect(() => bgNbdPurchaseProbability(cdnow, 1, -1)).toThrow(RangeError);
  });
});
