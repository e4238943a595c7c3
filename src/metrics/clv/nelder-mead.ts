/**
 * Derivative-free minimization, the fits' fallback where the gradient method stops short of its tolerance
 * (a maximum on a boundary): the Nelder–Mead simplex method (Nelder & Mead 1965) as
 * specified by Lagarias, Reeds, Wright & Wright (1998), with the dimension-adaptive coefficients of Gao &
 * Han (2012), and restarts from several starting points. The fits minimize in log-parameter space, where
 * the parameters are unconstrained, so a simplex method needs no bounds and no gradients.
 */

export interface NelderMeadOptions {
  /** Size of the initial simplex: each other vertex moves one coordinate by this much. Default 0.5. */
  step?: number;
  /** Stop after this many iterations (reported as not converged). Default 5000. */
  maxIterations?: number;
  /** Converged when every vertex is within this of the best one in every coordinate … Default 1e-8. */
  xTolerance?: number;
  /** … and every vertex's value is within this of the best value. Default 1e-11. */
  fTolerance?: number;
}

export interface MinimizeResult {
  /** The best point found. */
  x: number[];
  /** The objective at x. */
  fx: number;
  /** Simplex iterations, summed over restarts. */
  iterations: number;
  /** Objective evaluations, summed over restarts. */
  evaluations: number;
  /** The last run met both tolerances (before maxIterations). */
  converged: boolean;
}

interface Vertex {
  x: number[];
  fx: number;
}

/**
 * Minimizes f from x0. Non-finite values of f (overflow, leaving the domain) count as +∞, so the simplex
 * moves away from them. Per iteration, with the vertices sorted by value and centroid c of all but the
 * worst vertex w: reflect r = c + ρ(c − w); expand to c + χ(r − c) when r is the best so far; contract
 * outside (c + γ(r − c)) or inside (c − γ(c − w)) when r is no better than the second worst; shrink towards
 * the best vertex by σ when the contraction fails. ρ = 1, χ = 1 + 2/n, γ = 0.75 − 1/2n, σ = 1 − 1/n.
 */
export function nelderMead(
  f: (x: readonly number[]) => number,
  x0: readonly number[],
  options: NelderMeadOptions = {},
): MinimizeResult {
  const n = x0.length;
  if (n === 0) throw new RangeError("nelderMead needs at least one coordinate");
  for (const value of x0) {
    if (!Number.isFinite(value)) throw new RangeError(`starting point must be finite, got ${value}`);
  }
  const { step = 0.5, maxIterations = 5000, xTolerance = 1e-8, fTolerance = 1e-11 } = options;
  const rho = 1;
  const chi = 1 + 2 / n;
  const gamma = 0.75 - 1 / (2 * n);
  const sigma = n === 1 ? 0.5 : 1 - 1 / n;
  let evaluations = 0;
  const evaluate = (x: number[]): Vertex => {
    evaluations++;
    const fx = f(x);
    return { x, fx: Number.isFinite(fx) ? fx : Number.POSITIVE_INFINITY };
  };
  const simplex: Vertex[] = [evaluate([...x0])];
  for (let i = 0; i < n; i++) {
    const x = [...x0];
    x[i] = (x[i] ?? 0) + step;
    simplex.push(evaluate(x));
  }
  const along = (from: readonly number[], to: readonly number[], t: number): number[] =>
    from.map((value, i) => value + t * ((to[i] ?? 0) - value));

  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    simplex.sort((p, q) => p.fx - q.fx);
    const best = simplex[0] as Vertex;
    const worst = simplex[n] as Vertex;
    const secondWorst = simplex[n - 1] as Vertex;
    if (Number.isFinite(worst.fx) && worst.fx - best.fx <= fTolerance && spread(simplex) <= xTolerance) {
      converged = true;
      break;
    }
    iterations++;
    const centroid = new Array<number>(n).fill(0);
    for (let v = 0; v < n; v++) {
      const { x } = simplex[v] as Vertex;
      for (let i = 0; i < n; i++) centroid[i] = (centroid[i] ?? 0) + (x[i] ?? 0) / n;
    }
    const reflected = evaluate(along(centroid, worst.x, -rho));
    if (reflected.fx < best.fx) {
      const expanded = evaluate(along(centroid, reflected.x, chi));
      simplex[n] = expanded.fx < reflected.fx ? expanded : reflected;
      continue;
    }
    if (reflected.fx < secondWorst.fx) {
      simplex[n] = reflected;
      continue;
    }
    const outside = reflected.fx < worst.fx;
    const contracted = outside
      ? evaluate(along(centroid, reflected.x, gamma))
      : evaluate(along(centroid, worst.x, gamma));
    if (outside ? contracted.fx <= reflected.fx : contracted.fx < worst.fx) {
      simplex[n] = contracted;
      continue;
    }
    for (let v = 1; v <= n; v++) simplex[v] = evaluate(along(best.x, (simplex[v] as Vertex).x, sigma));
  }
  simplex.sort((p, q) => p.fx - q.fx);
  const best = simplex[0] as Vertex;
  return { x: best.x, fx: best.fx, iterations, evaluations, converged };
}

/** Largest coordinate distance of any vertex from the best (first) one. */
function spread(simplex: readonly Vertex[]): number {
  const [best, ...others] = simplex;
  let largest = 0;
  for (const vertex of others) {
    for (const [i, value] of vertex.x.entries()) {
      largest = Math.max(largest, Math.abs(value - (best?.x[i] ?? 0)));
    }
  }
  return largest;
}

/**
 * Nelder–Mead from each starting point, then restarted from the best point found until a restart no
 * longer improves it by more than fTolerance (at most `maxRestarts` times): a fresh simplex undoes the
 * premature collapse a simplex can suffer on a curved valley. Iterations and evaluations are totals.
 */
export function minimizeFromStarts(
  f: (x: readonly number[]) => number,
  starts: readonly (readonly number[])[],
  options: NelderMeadOptions & { maxRestarts?: number } = {},
): MinimizeResult {
  const { maxRestarts = 5, ...simplexOptions } = options;
  const fTolerance = simplexOptions.fTolerance ?? 1e-11;
  let best: MinimizeResult | null = null;
  let iterations = 0;
  let evaluations = 0;
  for (const start of starts) {
    const result = nelderMead(f, start, simplexOptions);
    iterations += result.iterations;
    evaluations += result.evaluations;
    if (best === null || result.fx < best.fx) best = result;
  }
  if (best === null) throw new RangeError("minimizeFromStarts needs at least one starting point");
  for (let restart = 0; restart < maxRestarts; restart++) {
    const result = nelderMead(f, best.x, { ...simplexOptions, step: (simplexOptions.step ?? 0.5) / 5 });
    iterations += result.iterations;
    evaluations += result.evaluations;
    const improvement = best.fx - result.fx;
    if (result.fx <= best.fx) best = result;
    if (!(improvement > fTolerance)) break;
  }
  return { ...best, iterations, evaluations };
}

/** Outcome of a maximum-likelihood fit. */
export interface FitReport<P> {
  params: P;
  /** Σ ln L at params. */
  logLikelihood: number;
  /** Customers the fit rests on. */
  n: number;
  /** The optimizer met its tolerances (in log-parameter space) on the final run. */
  converged: boolean;
  /** Optimizer iterations and objective evaluations over all starts and restarts. */
  iterations: number;
  evaluations: number;
}

/** |ln θ| beyond this is outside any sensible model (θ > 5·10²¹ or < 2·10⁻²²). */
export const MAX_LOG_PARAM = 50;

/** Turns a log-parameter point into finite positive parameters, or null outside ±MAX_LOG_PARAM. */
export function fromLogSpace(theta: readonly number[]): number[] | null {
  if (theta.some((v) => !(Math.abs(v) <= MAX_LOG_PARAM))) return null;
  return theta.map(Math.exp);
}
