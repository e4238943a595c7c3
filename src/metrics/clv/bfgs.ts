/**
 * Quasi-Newton minimization for the model fits: BFGS with a strong-Wolfe line search (Nocedal & Wright,
 * "Numerical Optimization", 2nd ed., algorithms 3.5, 3.6 and 6.1). The fits have 3–4 parameters, so the
 * dense inverse-Hessian update costs nothing next to one pass over the data, and with the analytic
 * gradient a fit takes tens of passes where a simplex method takes thousands.
 */
import type { MinimizeResult } from "./nelder-mead.js";

/** f(x), writing ∇f(x) into `gradient`. A non-finite value means "outside the domain". */
export type GradientObjective = (x: readonly number[], gradient: number[]) => number;

export interface BfgsOptions {
  /** Stop after this many iterations (reported as not converged). Default 200. */
  maxIterations?: number;
  /** Converged when every gradient component is within this of 0. Default 1e-8. */
  gradientTolerance?: number;
  /** Starting inverse Hessian (e.g. from a fit of a subsample); default a scaled identity. */
  inverseHessian?: readonly (readonly number[])[];
}

export interface BfgsResult extends MinimizeResult {
  gradient: number[];
  /** The final inverse-Hessian approximation, to warm-start a related problem. */
  inverseHessian: number[][];
}

/** Sufficient-decrease and curvature constants of the strong Wolfe conditions (N&W §3.1). */
const C1 = 1e-4;
const C2 = 0.9;
const LINE_SEARCH_STEPS = 40;
/**
 * Near the minimum the decrease f(x + αp) − f(x) drowns in the rounding of f, and the Armijo test fails
 * at every step; there the approximate Wolfe conditions of Hager & Zhang (2005) take over: f may rise by
 * this share of |f| when the slope has fallen to (1 − 2·C1) of its size.
 */
const ROUNDING_RISE = 1e-10;
/**
 * Where no strong-Wolfe step exists any more, the objective's rounding error dominates its decrease:
 * a gradient this small there counts as converged.
 */
const ROUNDING_GRADIENT = 1e-6;

interface Point {
  x: number[];
  f: number;
  g: number[];
}

const dot = (u: readonly number[], v: readonly number[]) => u.reduce((s, ui, i) => s + ui * (v[i] ?? 0), 0);
const maxAbs = (v: readonly number[]) => v.reduce((m, vi) => Math.max(m, Math.abs(vi)), 0);
const identity = (n: number, scale: number) =>
  Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? scale : 0)));

/** Minimizes f from x0 by BFGS; iterations count line searches, evaluations count calls of f. */
export function bfgs(f: GradientObjective, x0: readonly number[], options: BfgsOptions = {}): BfgsResult {
  const n = x0.length;
  if (n === 0) throw new RangeError("bfgs needs at least one coordinate");
  for (const value of x0) {
    if (!Number.isFinite(value)) throw new RangeError(`starting point must be finite, got ${value}`);
  }
  const { maxIterations = 200, gradientTolerance = 1e-8 } = options;
  let evaluations = 0;
  const evaluate = (x: number[]): Point => {
    evaluations++;
    const g = new Array<number>(n).fill(0);
    const fx = f(x, g);
    return Number.isFinite(fx) && g.every(Number.isFinite)
      ? { x, f: fx, g }
      : { x, f: Number.POSITIVE_INFINITY, g };
  };
  let point = evaluate([...x0]);
  let h: number[][] | null = options.inverseHessian?.map((row) => [...row]) ?? null;
  const result = (converged: boolean, iterations: number): BfgsResult => ({
    x: point.x,
    fx: point.f,
    gradient: point.g,
    iterations,
    evaluations,
    converged,
    inverseHessian: h ?? identity(n, 1),
  });
  if (!Number.isFinite(point.f)) return result(false, 0);

  for (let iteration = 0; iteration < maxIterations; iteration++) {
    const gradientSize = maxAbs(point.g);
    if (gradientSize <= gradientTolerance) return result(true, iteration);
    const fresh = h === null;
    let direction = h === null ? point.g.map((gi) => -gi) : multiply(h, point.g).map((v) => -v);
    if (!(dot(direction, point.g) < 0)) {
      // Lost positive definiteness to rounding: start the curvature model again.
      h = null;
      direction = point.g.map((gi) => -gi);
    }
    // Without a curvature model the first step is kept to unit length in the largest coordinate.
    const step = lineSearch(evaluate, point, direction, h === null ? Math.min(1, 1 / gradientSize) : 1);
    if (step === null) {
      if (!fresh) {
        h = null;
        continue;
      }
      return result(gradientSize <= ROUNDING_GRADIENT, iteration);
    }
    const s = step.x.map((xi, i) => xi - (point.x[i] ?? 0));
    const y = step.g.map((gi, i) => gi - (point.g[i] ?? 0));
    const sy = dot(s, y);
    // The first inverse Hessian is the identity scaled to the curvature seen along the step (N&W 6.20).
    if (h === null) h = identity(n, sy > 0 ? sy / dot(y, y) : 1);
    if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) h = update(h, s, y, 1 / sy);
    point = step;
  }
  return result(maxAbs(point.g) <= gradientTolerance, maxIterations);
}

function multiply(m: readonly (readonly number[])[], v: readonly number[]): number[] {
  return m.map((row) => dot(row, v));
}

/** H ← (I − ρsyᵀ) H (I − ρysᵀ) + ρssᵀ (N&W 6.17). */
function update(h: number[][], s: number[], y: number[], rho: number): number[][] {
  const hy = multiply(h, y);
  const yhy = dot(y, hy);
  return h.map((row, i) =>
    row.map((hij, j) => {
      const si = s[i] ?? 0;
      const sj = s[j] ?? 0;
      return hij - rho * ((hy[i] ?? 0) * sj + si * (hy[j] ?? 0)) + (rho * rho * yhy + rho) * si * sj;
    }),
  );
}

/**
 * A step length satisfying the strong Wolfe conditions along `direction` (N&W algorithms 3.5 and 3.6):
 * doubling until the minimum is bracketed, then safeguarded cubic interpolation. Non-finite values bracket
 * from above. Null when no step decreases f (its decrease is lost in rounding); when the search runs out
 * of steps, the best decreasing point found.
 */
function lineSearch(
  evaluate: (x: number[]) => Point,
  start: Point,
  direction: readonly number[],
  initial: number,
): Point | null {
  const slope0 = dot(start.g, direction);
  const at = (alpha: number) => {
    const p = evaluate(start.x.map((xi, i) => xi + alpha * (direction[i] ?? 0)));
    return { alpha, p, slope: dot(p.g, direction) };
  };
  type Trial = ReturnType<typeof at>;
  const origin: Trial = { alpha: 0, p: start, slope: slope0 };
  let best: Trial | null = null;
  const remember = (t: Trial) => {
    if (t.p.f < start.f && (best === null || t.p.f < best.p.f)) best = t;
  };
  const armijo = (t: Trial) =>
    t.p.f <= start.f + C1 * t.alpha * slope0 ||
    (t.p.f <= start.f + ROUNDING_RISE * Math.abs(start.f) && t.slope <= -(1 - 2 * C1) * slope0);
  const curvature = (t: Trial) => Math.abs(t.slope) <= -C2 * slope0;

  const zoom = (lo: Trial, hi: Trial, budget: number): Point | null => {
    for (let k = 0; k < budget; k++) {
      const t = at(interpolate(lo, hi));
      remember(t);
      if (!armijo(t) || t.p.f >= lo.p.f) hi = t;
      else {
        if (curvature(t)) return t.p;
        if (t.slope * (hi.alpha - lo.alpha) >= 0) hi = lo;
        lo = t;
      }
      if (Math.abs(hi.alpha - lo.alpha) <= 1e-16 * Math.max(1, Math.abs(lo.alpha))) break;
    }
    return (best as Trial | null)?.p ?? null;
  };

  let previous = origin;
  let alpha = initial;
  for (let k = 0; k < LINE_SEARCH_STEPS; k++) {
    const t = at(alpha);
    remember(t);
    if (!armijo(t) || (k > 0 && t.p.f >= previous.p.f)) return zoom(previous, t, LINE_SEARCH_STEPS - k);
    if (curvature(t)) return t.p;
    if (t.slope >= 0) return zoom(t, previous, LINE_SEARCH_STEPS - k);
    previous = t;
    alpha *= 2;
  }
  return (best as Trial | null)?.p ?? null;
}

interface Bracket {
  alpha: number;
  p: Point;
  slope: number;
}

/**
 * The minimizer of the cubic through both ends' values and slopes, kept in the middle 80% of the
 * bracket; bisection when an end is non-finite or the cubic has no minimum there.
 */
function interpolate(lo: Bracket, hi: Bracket): number {
  const [a, b] = [lo.alpha, hi.alpha];
  const middle = (a + b) / 2;
  if (!Number.isFinite(hi.p.f) || !Number.isFinite(lo.p.f)) return middle;
  const d1 = lo.slope + hi.slope - (3 * (lo.p.f - hi.p.f)) / (a - b);
  const root = d1 * d1 - lo.slope * hi.slope;
  if (!(root >= 0)) return middle;
  const d2 = Math.sign(b - a) * Math.sqrt(root);
  const c = b - (b - a) * ((hi.slope + d2 - d1) / (hi.slope - lo.slope + 2 * d2));
  const [left, right] = [Math.min(a, b), Math.max(a, b)];
  const margin = 0.1 * (right - left);
  return Number.isFinite(c) ? Math.min(right - margin, Math.max(left + margin, c)) : middle;
}
