/**
 * Maximum-likelihood fit of BG/NBD (Fader, Hardie & Lee 2005) on per-customer (x, t_x, T): Nelder–Mead
 * over the log-parameters from several starting points.
 */
import { type BgNbdParams, lnPochhammer } from "./bg-nbd.js";
import { type FitReport, fromLogSpace, type MinimizeResult, minimizeFromStarts } from "./nelder-mead.js";
import { assertRfm, logAddExp, type RfmCustomer } from "./rfm.js";

/** Starting (r, a, b) for the fit; α is set from each r so that r/α matches the observed purchase rate. */
const STARTS: readonly (readonly [r: number, a: number, b: number])[] = [
  [1, 1, 1],
  [0.25, 0.8, 2.5],
  [2, 3, 10],
  [0.5, 0.2, 0.5],
];

/** Customers with the same (x, t_x, T) merged into one row with a count, grouped by x. */
interface Group {
  x: number;
  ages: number[];
  recencies: number[];
  counts: number[];
}

function groupCustomers(customers: readonly RfmCustomer[]): Group[] {
  const byKey = new Map<string, { customer: RfmCustomer; count: number }>();
  for (const customer of customers) {
    assertRfm(customer);
    const key = `${customer.frequency}|${customer.recency}|${customer.age}`;
    const row = byKey.get(key);
    if (row) row.count++;
    else byKey.set(key, { customer, count: 1 });
  }
  const groups = new Map<number, Group>();
  for (const { customer, count } of byKey.values()) {
    const x = customer.frequency;
    let group = groups.get(x);
    if (!group) {
      group = { x, ages: [], recencies: [], counts: [] };
      groups.set(x, group);
    }
    group.ages.push(customer.age);
    group.recencies.push(customer.recency);
    group.counts.push(count);
  }
  return [...groups.values()];
}

function groupedLogLikelihood({ r, alpha, a, b }: BgNbdParams, groups: readonly Group[]): number {
  let sum = 0;
  const lnAlpha = Math.log(alpha);
  for (const { x, ages, recencies, counts } of groups) {
    const head = lnPochhammer(r, x) + r * lnAlpha + lnPochhammer(b, x) - lnPochhammer(a + b, x);
    const lnA4Head = x > 0 ? Math.log(a) - Math.log(b + x - 1) : 0;
    for (let i = 0; i < ages.length; i++) {
      const lnA3 = -(r + x) * Math.log(alpha + (ages[i] ?? 0));
      const tail = x > 0 ? logAddExp(lnA3, lnA4Head - (r + x) * Math.log(alpha + (recencies[i] ?? 0))) : lnA3;
      sum += (counts[i] ?? 0) * (head + tail);
    }
  }
  return sum;
}

/**
 * Maximum-likelihood BG/NBD: maximizes Σ ln L over ln r, ln α, ln a, ln b (so every parameter stays
 * positive) by Nelder–Mead from several starting points plus restarts. Identical customers are merged
 * first, so the cost grows with distinct (x, t_x, T) rather than customers. Null when no customer has
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
  const objective = (theta: readonly number[]): number => {
    const p = fromLogSpace(theta);
    if (p === null) return Number.POSITIVE_INFINITY;
    const [r = 1, alpha = 1, a = 1, b = 1] = p;
    return -groupedLogLikelihood({ r, alpha, a, b }, groups) / n;
  };
  const result: MinimizeResult = minimizeFromStarts(objective, starts);
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
