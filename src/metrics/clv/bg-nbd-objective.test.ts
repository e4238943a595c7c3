import { describe, expect, it } from "vitest";
import { bgNbdLogLikelihood } from "./bg-nbd.js";
import { bgNbdRowsLogLikelihood } from "./bg-nbd-objective.js";
import { everyKth, groupCustomers } from "./bg-nbd-rows.js";
import { seededRandom } from "./random.js";
import { simulateBgNbd } from "./simulate.js";

/** Central differences in θ = ln(r, α, a, b), the coordinates the fit moves in. */
function finiteDifference(f: (theta: number[]) => number, theta: number[], h = 1e-5): number[] {
  return theta.map((_, i) => {
    const up = theta.map((v, j) => (i === j ? v + h : v));
    const down = theta.map((v, j) => (i === j ? v - h : v));
    return (f(up) - f(down)) / (2 * h);
  });
}

describe("BG/NBD log-likelihood over merged rows", () => {
  const random = seededRandom(3);
  // Purchase times on whole days (many repeated rows) and a few heavy buyers (x > 64, where the
  // Pochhammer terms switch from sums to ln Γ and ψ).
  const ages = Array.from({ length: 3000 }, () => Math.floor(7 * (20 + 60 * random.uniform())) / 7);
  const customers = [
    ...simulateBgNbd({ r: 0.6, alpha: 5, a: 0.9, b: 3 }, ages, random).map((c) => ({
      frequency: c.frequency,
      recency: Math.floor(c.recency * 7) / 7,
      age: c.age,
    })),
    { frequency: 80, recency: 70, age: 75 },
    { frequency: 150, recency: 40.5, age: 41 },
  ];
  const rows = groupCustomers(customers);

  it("merges identical customers and equals the per-customer sum", () => {
    expect(rows.customers).toBe(customers.length);
    expect(rows.count.length).toBeLessThan(customers.length);
    expect(rows.count.reduce((s, c) => s + c, 0)).toBe(customers.length);
    const params = { r: 0.4, alpha: 3.2, a: 1.3, b: 2.1 };
    const merged = bgNbdRowsLogLikelihood(params.r, params.alpha, params.a, params.b, rows, [0, 0, 0, 0]);
    expect(merged).toBeCloseTo(bgNbdLogLikelihood(params, customers), 6);
    // A subsample keeps its own per-x counts.
    const half = everyKth(rows, 2);
    expect(half.xCount.reduce((s, c) => s + c, 0)).toBe(half.customers);
  });

  it("has the gradient of finite differences at random points", () => {
    const points = seededRandom(17);
    for (let trial = 0; trial < 25; trial++) {
      // ln r, ln α, ln a, ln b anywhere in e^±2.5 (r, a, b) and e^(−1…4) (α).
      const theta = [
        5 * points.uniform() - 2.5,
        5 * points.uniform() - 1,
        5 * points.uniform() - 2.5,
        5 * points.uniform() - 2.5,
      ];
      const f = (t: number[]) => {
        const [r = 1, alpha = 1, a = 1, b = 1] = t.map(Math.exp);
        return bgNbdRowsLogLikelihood(r, alpha, a, b, rows, [0, 0, 0, 0]);
      };
      const gradient = [0, 0, 0, 0];
      const [r = 1, alpha = 1, a = 1, b = 1] = theta.map(Math.exp);
      bgNbdRowsLogLikelihood(r, alpha, a, b, rows, gradient);
      const numeric = finiteDifference(f, theta);
      for (const [i, g] of gradient.entries()) {
        const expected = numeric[i] ?? Number.NaN;
        expect(Math.abs(g - expected), `θ = ${theta}, component ${i}`).toBeLessThan(
          1e-6 * Math.max(1, Math.abs(expected)),
        );
      }
    }
  });
});
