import { describe, expect, it } from "vitest";
import { minimizeFromStarts, nelderMead } from "./nelder-mead.js";

const rosenbrock = ([x = 0, y = 0]: readonly number[]) => 100 * (y - x * x) ** 2 + (1 - x) ** 2;

describe("nelderMead", () => {
  it("finds the Rosenbrock minimum (1, 1)", () => {
    const result = nelderMead(rosenbrock, [-1.2, 1]);
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 6);
    expect(result.x[1]).toBeCloseTo(1, 6);
    expect(result.fx).toBeLessThan(1e-12);
    expect(result.evaluations).toBeGreaterThan(result.iterations);
  });

  it("minimizes a 6-dimensional ill-conditioned quadratic and a 1-dimensional function", () => {
    const quadratic = (x: readonly number[]) =>
      x.reduce((sum, v, i) => sum + 10 ** (i / 2) * (v - i) ** 2, 0);
    const result = nelderMead(quadratic, [0, 0, 0, 0, 0, 0], { maxIterations: 20_000 });
    expect(result.converged).toBe(true);
    for (const [i, v] of result.x.entries()) expect(v).toBeCloseTo(i, 4);
    const oneD = nelderMead(([x = 0]) => (x - 3) ** 2 + 1, [10]);
    expect(oneD.x[0]).toBeCloseTo(3, 6);
    expect(oneD.fx).toBeCloseTo(1, 12);
  });

  it("treats non-finite values as +∞ and reports running out of iterations", () => {
    const walled = ([x = 0]: readonly number[]) => (x < 0 ? Number.NaN : (x - 2) ** 2);
    expect(nelderMead(walled, [5]).x[0]).toBeCloseTo(2, 6);
    const capped = nelderMead(rosenbrock, [-1.2, 1], { maxIterations: 10 });
    expect(capped.converged).toBe(false);
    expect(capped.iterations).toBe(10);
    expect(() => nelderMead(rosenbrock, [])).toThrow(RangeError);
    expect(() => nelderMead(rosenbrock, [Number.NaN, 1])).toThrow(RangeError);
  });
});

describe("minimizeFromStarts", () => {
  it("keeps the best of several starts on a function with two basins", () => {
    // Local minimum near x = 1.13 (f ≈ −0.34), global near x = −1.30 (f ≈ −1.51).
    const f = ([x = 0]: readonly number[]) => x ** 4 - 3 * x ** 2 + x;
    const fromOne = minimizeFromStarts(f, [[2]]);
    const fromTwo = minimizeFromStarts(f, [[2], [-2]]);
    expect(fromOne.x[0]).toBeCloseTo(1.1309, 3);
    expect(fromTwo.x[0]).toBeCloseTo(-1.3008, 3);
    expect(fromTwo.converged).toBe(true);
    expect(() => minimizeFromStarts(f, [])).toThrow(RangeError);
  });
});
