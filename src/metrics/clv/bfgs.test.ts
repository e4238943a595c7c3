import { describe, expect, it } from "vitest";
import { lnGamma } from "../special.js";
import { bfgs, type GradientObjective } from "./bfgs.js";
import { digamma, digammaDifference } from "./digamma.js";

const rosenbrock: GradientObjective = ([x = 0, y = 0], g) => {
  g[0] = -400 * x * (y - x * x) - 2 * (1 - x);
  g[1] = 200 * (y - x * x);
  return 100 * (y - x * x) ** 2 + (1 - x) ** 2;
};

describe("bfgs", () => {
  it("finds the Rosenbrock minimum (1, 1) in few evaluations", () => {
    const result = bfgs(rosenbrock, [-1.2, 1]);
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 7);
    expect(result.x[1]).toBeCloseTo(1, 7);
    expect(result.fx).toBeLessThan(1e-14);
    // A simplex method needs hundreds of evaluations here.
    expect(result.evaluations).toBeLessThan(80);
  });

  it("minimizes an ill-conditioned quadratic and keeps its curvature for a warm start", () => {
    const weights = [1, 10, 100, 1000, 1e4, 1e5];
    const quadratic: GradientObjective = (x, g) => {
      let sum = 0;
      for (const [i, v] of x.entries()) {
        const w = weights[i] ?? 1;
        g[i] = 2 * w * (v - i);
        sum += w * (v - i) ** 2;
      }
      return sum;
    };
    const result = bfgs(quadratic, [0, 0, 0, 0, 0, 0]);
    expect(result.converged).toBe(true);
    for (const [i, v] of result.x.entries()) expect(v).toBeCloseTo(i, 6);
    // The inverse Hessian approximates diag(1/(2w)); from it a nearby start converges at once.
    expect(result.inverseHessian[5]?.[5]).toBeCloseTo(1 / 2e5, 6);
    const warm = bfgs(quadratic, [0.01, 1, 2, 3, 4, 5], { inverseHessian: result.inverseHessian });
    expect(warm.converged).toBe(true);
    expect(warm.iterations).toBeLessThan(result.iterations);
  });

  it("steps back from non-finite values and reports running out of iterations", () => {
    const walled: GradientObjective = ([x = 0], g) => {
      g[0] = 2 * (x - 2);
      return x < 0 ? Number.NaN : (x - 2) ** 2;
    };
    expect(bfgs(walled, [50]).x[0]).toBeCloseTo(2, 8);
    const capped = bfgs(rosenbrock, [-1.2, 1], { maxIterations: 3 });
    expect(capped.converged).toBe(false);
    expect(capped.iterations).toBe(3);
    expect(bfgs(walled, [-1]).converged).toBe(false);
    expect(() => bfgs(rosenbrock, [])).toThrow(RangeError);
    expect(() => bfgs(rosenbrock, [Number.NaN, 1])).toThrow(RangeError);
  });
});

describe("digamma", () => {
  it("is the derivative of ln Γ and meets known values", () => {
    expect(digamma(1)).toBeCloseTo(-0.5772156649015329, 14);
    expect(digamma(0.5)).toBeCloseTo(-1.9635100260214235, 13);
    for (const v of [0.01, 0.3, 2.5, 7, 40, 1e4]) {
      const h = 1e-5 * v;
      expect(digamma(v)).toBeCloseTo((lnGamma(v + h) - lnGamma(v - h)) / (2 * h), 5);
    }
    expect(digammaDifference(0.7, 100)).toBeCloseTo(digamma(100.7) - digamma(0.7), 12);
    expect(digammaDifference(0.7, 3)).toBeCloseTo(1 / 0.7 + 1 / 1.7 + 1 / 2.7, 14);
    expect(() => digamma(0)).toThrow(RangeError);
  });
});
