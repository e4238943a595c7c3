/**
 * Maximum-likelihood fit of BG/NBD (Fader, Hardie & Lee 2005) on per-customer (x, t_x, T): Nelder–Mead
 * over the log-parameters from several starting points.
 */
import { type BgNbdParams, lnPochhammer } from "./bg-nbd.js";
import { type FitReport, fromLogSpace, type MinimizeResult, minimizeFromStarts } from "./nelder-mead.js";
import { assertRfm, type RfmCustomer } from "./rfm.js";

/** Starting (r, a, b) for the fit; α is set from each r so that r/α matches the observed purchase rate. */
const STARTS: readonly (readonly [r: number, a: number, b: number])[] = [
  [1, 1, 1],
  [0.25, 0.8, 2.5],
  [2, 3, 10],
  [0.5, 0.2, 0.5],
];

/**
 * Customers with the same (x, t_x, T) merged into one row with a count, in typed arrays. Each row points
 * into tables of the distinct x, t_x and T values, so an evaluation takes ln(α + T) once per distinct T
 * (real data, counted in whole days, has a few hundred) and the per-x terms once per distinct x.
 */
interface Rows {
  count: Float64Array;
  xIndex: Int32Array;
  recencyIndex: Int32Array;
  ageIndex: Int32Array;
  xs: Float64Array;
  recencies: Float64Array;
  ages: Float64Array;
}

function indexer() {
  const index = new Map<number, number>();
  const values: number[] = [];
  return {
    values,
    of(v: number): number {
      let i = index.get(v);
      if (i === undefined) {
        i = values.length;
        index.set(v, i);
        values.push(v);
      }
      return i;
    },
  };
}

function groupCustomers(customers: readonly RfmCustomer[]): Rows {
  const x = indexer();
  const recency = indexer();
  const age = indexer();
  const byKey = new Map<string, number>();
  const counts: number[] = [];
  const xi: number[] = [];
  const ri: number[] = [];
  const ai: number[] = [];
  for (const customer of customers) {
    assertRfm(customer);
    const key = `${customer.frequency}|${customer.recency}|${customer.age}`;
    const row = byKey.get(key);
    if (row !== undefined) {
      counts[row] = (counts[row] ?? 0) + 1;
      continue;
    }
    byKey.set(key, counts.length);
    counts.push(1);
    xi.push(x.of(customer.frequency));
    ri.push(recency.of(customer.recency));
    ai.push(age.of(customer.age));
  }
  return {
    count: Float64Array.from(counts),
    xIndex: Int32Array.from(xi),
    recencyIndex: Int32Array.from(ri),
    ageIndex: Int32Array.from(ai),
    xs: Float64Array.from(x.values),
    recencies: Float64Array.from(recency.values),
    ages: Float64Array.from(age.values),
  };
}

/** Every k-th row (counts kept): a smaller problem whose optimum is close to the full one's. */
function everyKth(rows: Rows, k: number): Rows {
  const keep = (_: number, i: number) => i % k === 0;
  return {
    ...rows,
    count: rows.count.filter(keep),
    xIndex: rows.xIndex.filter(keep),
    recencyIndex: rows.recencyIndex.filter(keep),
    ageIndex: rows.ageIndex.filter(keep),
  };
}

function groupedLogLikelihood({ r, alpha, a, b }: BgNbdParams, rows: Rows): number {
  const { xs, recencies, ages } = rows;
  const lnAlphaAge = new Float64Array(ages.length);
  for (let i = 0; i < ages.length; i++) lnAlphaAge[i] = Math.log(alpha + (ages[i] ?? 0));
  const lnAlphaRecency = new Float64Array(recencies.length);
  for (let i = 0; i < recencies.length; i++) lnAlphaRecency[i] = Math.log(alpha + (recencies[i] ?? 0));
  const head = new Float64Array(xs.length);
  const lnA4Head = new Float64Array(xs.length);
  const lnAlpha = Math.log(alpha);
  const lnA = Math.log(a);
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i] ?? 0;
    head[i] = lnPochhammer(r, x) + r * lnAlpha + lnPochhammer(b, x) - lnPochhammer(a + b, x);
    lnA4Head[i] = x > 0 ? lnA - Math.log(b + x - 1) : Number.NEGATIVE_INFINITY;
  }
  const { count, xIndex, recencyIndex, ageIndex } = rows;
  let sum = 0;
  for (let i = 0; i < count.length; i++) {
    const k = xIndex[i] ?? 0;
    const rx = r + (xs[k] ?? 0);
    const lnA3 = -rx * (lnAlphaAge[ageIndex[i] ?? 0] ?? 0);
    const h4 = lnA4Head[k] ?? Number.NEGATIVE_INFINITY;
    let tail = lnA3;
    if (h4 !== Number.NEGATIVE_INFINITY) {
      const lnA4 = h4 - rx * (lnAlphaRecency[recencyIndex[i] ?? 0] ?? 0);
      tail =
        lnA3 > lnA4 ? lnA3 + Math.log1p(Math.exp(lnA4 - lnA3)) : lnA4 + Math.log1p(Math.exp(lnA3 - lnA4));
    }
    sum += (count[i] ?? 0) * ((head[k] ?? 0) + tail);
  }
  return sum;
}

/** Above this many distinct rows the starting points are tried on a subsample first. */
const SUBSAMPLE_ABOVE = 20_000;

/**
 * Maximum-likelihood BG/NBD: maximizes Σ ln L over ln r, ln α, ln a, ln b (so every parameter stays
 * positive) by Nelder–Mead from several starting points plus restarts. Identical customers are merged
 * first, so the cost grows with distinct (x, t_x, T) rather than customers; past {@link SUBSAMPLE_ABOVE}
 * distinct rows the starting points are explored on a subsample and the best refined on all rows. Null when no customer has
 * a repeat purchase (the rate cannot be told from zero) or the total observed time is 0.
 */
export function fitBgNbd(
  customers: readonly RfmCustomer[],
  options: { starts?: readonly BgNbdParams[] } = {},
): FitReport<BgNbdParams> | null {
  const groups = groupCustomers(customers);
  let purchases = 0;
  let time = 0;
  for (const { frequency, age } of customers) {
    purchases += frequency;
    time += age;
  }
  if (purchases === 0 || time === 0) return null;
  const n = customers.length;
  const rate = purchases / time;
  const starts = (options.starts ?? STARTS.map(([r, a, b]) => ({ r, alpha: r / rate, a, b }))).map(
    ({ r, alpha, a, b }) => [r, alpha, a, b].map(Math.log),
  );
  const objective =
    (rows: Rows, total: number) =>
    (theta: readonly number[]): number => {
      const p = fromLogSpace(theta);
      if (p === null) return Number.POSITIVE_INFINITY;
      const [r = 1, alpha = 1, a = 1, b = 1] = p;
      return -groupedLogLikelihood({ r, alpha, a, b }, rows) / total;
    };
  // Many distinct rows (large bases with times in fractions of days): the starts and their simplex walks
  // run on a subsample, and only the best point found is refined on every row.
  let warm: readonly (readonly number[])[] = starts;
  let warmIterations = 0;
  let warmEvaluations = 0;
  if (groups.count.length > SUBSAMPLE_ABOVE) {
    const sample = everyKth(groups, Math.ceil(groups.count.length / SUBSAMPLE_ABOVE));
    const sampleN = sample.count.reduce((s, c) => s + c, 0);
    const coarse = minimizeFromStarts(objective(sample, sampleN), starts);
    warm = [coarse.x];
    warmIterations = coarse.iterations;
    warmEvaluations = coarse.evaluations;
  }
  const found: MinimizeResult = minimizeFromStarts(objective(groups, n), warm);
  const result = {
    ...found,
    iterations: found.iterations + warmIterations,
    evaluations: found.evaluations + warmEvaluations,
  };
  const [r = 1, alpha = 1, a = 1, b = 1] = result.x.map(Math.exp);
  return {
    params: { r, alpha, a, b },
    logLikelihood: -result.fx * n,
    n,
    converged: result.converged,
    iterations: result.iterations,
    evaluations: result.evaluations,
  };
}
