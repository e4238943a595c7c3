/**
 * Customers with the same (x, t_x, T) merged into one row with a count, in typed arrays, for the BG/NBD
 * fit: its cost then grows with distinct rows rather than customers.
 */
import { assertRfm, type RfmCustomer } from "./rfm.js";

/**
 * Each row points into tables of the distinct x, t_x and T values, so an evaluation takes ln(α + T) once
 * per distinct T (real data, counted in whole days, has a few hundred) and the per-x terms once per
 * distinct x; `xCount` is the number of customers per distinct x.
 */
export interface BgNbdRows {
  count: Float64Array;
  xIndex: Int32Array;
  recencyIndex: Int32Array;
  ageIndex: Int32Array;
  xs: Float64Array;
  recencies: Float64Array;
  ages: Float64Array;
  xCount: Float64Array;
  /** Customers (Σ count), repeat purchases (Σ x) and observed time (Σ T). */
  customers: number;
  purchases: number;
  time: number;
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

/** Checks every customer and merges identical ones. */
export function groupCustomers(customers: readonly RfmCustomer[]): BgNbdRows {
  const n = customers.length;
  const x = indexer();
  const recency = indexer();
  const age = indexer();
  const xi = new Int32Array(n);
  const ri = new Int32Array(n);
  const ai = new Int32Array(n);
  let purchases = 0;
  let time = 0;
  for (let i = 0; i < n; i++) {
    const customer = customers[i] as RfmCustomer;
    assertRfm(customer);
    xi[i] = x.of(customer.frequency);
    ri[i] = recency.of(customer.recency);
    ai[i] = age.of(customer.age);
    purchases += customer.frequency;
    time += customer.age;
  }
  // A number key (row of the x × t_x × T grid) hashes far faster than a string one; strings only when
  // the grid is too large for exact doubles.
  const nr = recency.values.length;
  const na = age.values.length;
  const numeric = x.values.length * nr * na < Number.MAX_SAFE_INTEGER;
  const byKey = new Map<number | string, number>();
  const rowOf = new Int32Array(n);
  const first: number[] = [];
  for (let i = 0; i < n; i++) {
    const [k, r, a] = [xi[i] ?? 0, ri[i] ?? 0, ai[i] ?? 0];
    const key = numeric ? (k * nr + r) * na + a : `${k}|${r}|${a}`;
    let row = byKey.get(key);
    if (row === undefined) {
      row = first.length;
      byKey.set(key, row);
      first.push(i);
    }
    rowOf[i] = row;
  }
  const rows = first.length;
  const count = new Float64Array(rows);
  for (let i = 0; i < n; i++) count[rowOf[i] ?? 0] = (count[rowOf[i] ?? 0] ?? 0) + 1;
  const xIndex = new Int32Array(rows);
  const recencyIndex = new Int32Array(rows);
  const ageIndex = new Int32Array(rows);
  for (const [row, i] of first.entries()) {
    xIndex[row] = xi[i] ?? 0;
    recencyIndex[row] = ri[i] ?? 0;
    ageIndex[row] = ai[i] ?? 0;
  }
  const xCount = new Float64Array(x.values.length);
  for (let i = 0; i < n; i++) xCount[xi[i] ?? 0] = (xCount[xi[i] ?? 0] ?? 0) + 1;
  return {
    count,
    xIndex,
    recencyIndex,
    ageIndex,
    xs: Float64Array.from(x.values),
    recencies: Float64Array.from(recency.values),
    ages: Float64Array.from(age.values),
    xCount,
    customers: n,
    purchases,
    time,
  };
}

/** Every k-th row (counts kept): a smaller problem whose optimum is close to the full one's. */
export function everyKth(rows: BgNbdRows, k: number): BgNbdRows {
  const keep = (_: number, i: number) => i % k === 0;
  const count = rows.count.filter(keep);
  const xIndex = rows.xIndex.filter(keep);
  const xCount = new Float64Array(rows.xs.length);
  for (let i = 0; i < count.length; i++) {
    const j = xIndex[i] ?? 0;
    xCount[j] = (xCount[j] ?? 0) + (count[i] ?? 0);
  }
  return {
    ...rows,
    count,
    xIndex,
    recencyIndex: rows.recencyIndex.filter(keep),
    ageIndex: rows.ageIndex.filter(keep),
    xCount,
    customers: count.reduce((s, c) => s + c, 0),
  };
}
