/**
 * Cohort retention (spec §2): customers grouped by the period of their first purchase (or signup), and the
 * share of each cohort active k periods later, as a triangle table and a curve.
 */
import { type PercentShare, shareFromCounts } from "./stats.js";

/**
 * One customer: integer period indexes (e.g. months counted in the workspace's time zone, year · 12 +
 * month) of their first purchase and of every period they were active in.
 */
export interface CohortMember {
  firstPeriod: number;
  activePeriods: readonly number[];
}

export interface CohortRow {
  /** The cohort's first period. */
  cohort: number;
  /** Customers in the cohort. */
  size: number;
  /** active[k]: customers active in period cohort + k, for k = 0 … lastPeriod − cohort. active[0] = size. */
  active: number[];
  /** retention[k] = 100 · active[k] / size. */
  retention: number[];
}

export interface CohortTriangle {
  /** Cohorts with at least one customer, oldest first. */
  rows: CohortRow[];
  /**
   * curve[k]: share of customers active k periods after their first, pooled over the cohorts that have
   * reached k (Σ active[k] / Σ size, weighting cohorts by size), with a 95% Wilson interval.
   */
  curve: PercentShare[];
}

function assertPeriodIndex(name: string, value: number): void {
  if (!Number.isSafeInteger(value))
    throw new RangeError(`${name} must be an integer period index, got ${value}`);
}

/**
 * Builds the triangle up to `lastPeriod` (the latest period to show, usually the current one). Customers
 * whose first period is after it are left out, and activity after it is ignored. The first period always
 * counts as active; activity before it is a data error (RangeError).
 */
export function cohortRetention(members: readonly CohortMember[], lastPeriod: number): CohortTriangle {
  assertPeriodIndex("lastPeriod", lastPeriod);
  const cohorts = new Map<number, number[]>();
  for (const { firstPeriod, activePeriods } of members) {
    assertPeriodIndex("firstPeriod", firstPeriod);
    if (firstPeriod > lastPeriod) continue;
    let active = cohorts.get(firstPeriod);
    if (!active) {
      active = new Array<number>(lastPeriod - firstPeriod + 1).fill(0);
      cohorts.set(firstPeriod, active);
    }
    const offsets = new Set<number>([0]);
    for (const period of activePeriods) {
      assertPeriodIndex("active period", period);
      if (period < firstPeriod) {
        throw new RangeError(`active period ${period} is before the first period ${firstPeriod}`);
      }
      if (period <= lastPeriod) offsets.add(period - firstPeriod);
    }
    for (const k of offsets) active[k] = (active[k] ?? 0) + 1;
  }
  const rows = [...cohorts.entries()]
    .sort(([p], [q]) => p - q)
    .map(([cohort, active]): CohortRow => {
      const size = active[0] ?? 0;
      return { cohort, size, active, retention: active.map((count) => (100 * count) / size) };
    });
  const depth = rows.reduce((longest, row) => Math.max(longest, row.active.length), 0);
  const curve: PercentShare[] = [];
  for (let k = 0; k < depth; k++) {
    let active = 0;
    let size = 0;
    for (const row of rows) {
      const count = row.active[k];
      if (count === undefined) continue;
      active += count;
      size += row.size;
    }
    curve.push(shareFromCounts(active, size));
  }
  return { rows, curve };
}
