/**
 * Maximum-likelihood fit of BG/NBD (Fader, Hardie & Lee 2005) on per-customer (x, t_x, T): BFGS with the
 * analytic gradient over the log-parameters, on customers merged into distinct rows.
 */
import { bfgs } from "./bfgs.js";
import type { BgNbdParams } from "./bg-nbd.js";
import { bgNbdObjective } from "./bg-nbd-objective.js";
import { everyKth, groupCustomers } from "./bg-nbd-rows.js";
import { type FitReport, minimizeFromStarts } from "./nelder-mead.js";
import type { RfmCustomer } from "./rfm.js";

/** Starting (r, a, b) for the fit; α is set from each r so that r/α matches the observed purchase rate. */
const STARTS: readonly (readonly [r: number, a: number, b: number])[] = [
  [1, 1, 1],
  [0.25, 0.8, 2.5],
  [2, 3, 10],
  [0.5, 0.2, 0.5],
];

/** Relative difference of the objective under which two converged starts found the same maximum. */
const AGREE = 1e-9;

/** Above this many distinct rows the starting points are tried on a subsample first. */
const SUBSAMPLE_ABOVE = 20_000;

/**
 * Maximum-likelihood BG/NBD: maximizes Σ ln L over ln r, ln α, ln a, ln b (so every parameter stays
 * positive) by BFGS with the analytic gradient from starting points tried in turn until two converge to
 * the same maximum. Identical customers are merged first, so the cost grows with distinct (x, t_x, T)
 * rather than customers. The starts run on at most {@link SUBSAMPLE_ABOVE} rows, where they are cheap (a
 * start that lands in another basin or on a boundary costs little there); past that the best point is refined on every row, warm-started with the
 * subsample's curvature, which takes a few passes. Where the gradient method does not converge (a
 * maximum at a boundary, such as b → ∞ when nobody drops out), a simplex search polishes the best point.
 * Null when no customer has a repeat purchase (the rate cannot be told from zero) or the total observed
 * time is 0.
 */
export function fitBgNbd(
  customers: readonly RfmCustomer[],
  options: { starts?: readonly BgNbdParams[] } = {},
): FitReport<BgNbdParams> | null {
  const rows = groupCustomers(customers);
  if (rows.purchases === 0 || rows.time === 0) return null;
  const rate = rows.purchases / rows.time;
  const starts = (options.starts ?? STARTS.map(([r, a, b]) => ({ r, alpha: r / rate, a, b }))).map(
    ({ r, alpha, a, b }) => [r, alpha, a, b].map(Math.log),
  );
  const subsampled = rows.count.length > SUBSAMPLE_ABOVE;
  const explored = subsampled ? everyKth(rows, Math.ceil(rows.count.length / SUBSAMPLE_ABOVE)) : rows;
  const exploreObjective = bgNbdObjective(explored);
  let iterations = 0;
  let evaluations = 0;
  let best: ReturnType<typeof bfgs> | null = null;
  for (const start of starts) {
    const found = bfgs(exploreObjective, start);
    iterations += found.iterations;
    evaluations += found.evaluations;
    // Two starts that converge to the same maximum settle it: the others would only repeat it.
    const agrees =
      best?.converged && found.converged && Math.abs(found.fx - best.fx) <= AGREE * Math.abs(best.fx);
    if (best === null || found.fx < best.fx || (!best.converged && found.converged && found.fx <= best.fx)) {
      best = found;
    }
    if (agrees) break;
  }
  if (best === null) throw new RangeError("fitBgNbd needs at least one starting point");
  const objective = bgNbdObjective(rows);
  if (subsampled) {
    const refined = bfgs(objective, best.x, { inverseHessian: best.inverseHessian });
    iterations += refined.iterations;
    evaluations += refined.evaluations;
    best = refined;
  }
  let { x, fx, converged } = best;
  if (!converged) {
    const gradient = [0, 0, 0, 0];
    const polished = minimizeFromStarts((theta) => objective(theta, gradient), [x]);
    iterations += polished.iterations;
    evaluations += polished.evaluations;
    if (polished.fx <= fx) ({ x, fx, converged } = polished);
  }
  const [r = 1, alpha = 1, a = 1, b = 1] = x.map(Math.exp);
  return {
    params: { r, alpha, a, b },
    logLikelihood: -fx * rows.customers,
    n: rows.customers,
    converged,
    iterations,
    evaluations,
  };
}
