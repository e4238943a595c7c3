/** Cohort retention (spec §2): SQL counts per cohort and offset, assembled by `cohortRetention`. */
import { localDayOf } from "../analytics/time.js";
import type { Db } from "../db/connection.js";
import { type CohortMember, cohortRetention } from "../metrics/business.js";
import { type CohortUnit, cohortCountsSql } from "./cohort-store.js";
import { ALL } from "./groups.js";
import type { TCohortQuery, TCohortResult } from "./schema.js";
import { resolveBusinessScope } from "./scope.js";

const DAY_MS = 86_400_000;
const FIRST_MONDAY = Date.UTC(1970, 0, 5);

/** The integer index of the local period an instant falls in, as the SQL computes it. */
export function periodIndex(unit: CohortUnit, instant: Date, timeZone: string): number {
  const day = localDayOf(instant, timeZone);
  if (unit === "week") return Math.floor((Date.parse(`${day}T00:00:00Z`) - FIRST_MONDAY) / (7 * DAY_MS));
  const [y = 0, m = 1] = day.split("-").map(Number);
  const months = y * 12 + m - 1;
  return unit === "month" ? months : Math.floor(months / 3);
}

/** A period index as a label: 2026-03, 2026-Q1, or a week's Monday 2026-03-02. */
export function periodLabel(unit: CohortUnit, index: number): string {
  if (unit === "week") return new Date(FIRST_MONDAY + index * 7 * DAY_MS).toISOString().slice(0, 10);
  if (unit === "quarter") return `${Math.floor(index / 4)}-Q${(index % 4) + 1}`;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}

/**
 * The retention triangle of the cohorts whose first period falls in [from, to) (default: the last twelve
 * months), with activity up to the period containing `to`'s last instant.
 */
export async function cohorts(
  db: Db,
  workspaceId: string,
  query: TCohortQuery,
  now: Date,
): Promise<TCohortResult> {
  const scope = await resolveBusinessScope(db, workspaceId, query, now);
  const { period, timeZone, settings } = scope;
  const unit = query.unit;
  const firstPeriod = periodIndex(unit, period.from, timeZone);
  const lastPeriod = periodIndex(unit, new Date(period.to.getTime() - 1), timeZone);
  const counts = await cohortCountsSql(
    db,
    workspaceId,
    period,
    { lost: settings.lost, unit, timeZone, firstPeriod, lastPeriod },
    scope.customers,
  );
  // The kernel takes members; counts per (cohort, k) stand for as many members active at offset k.
  const members: CohortMember[] = [];
  const byCohort = new Map<number, Map<number, number>>();
  for (const row of counts) {
    if (row.grp !== ALL) continue;
    const ks = byCohort.get(row.cohort) ?? new Map<number, number>();
    ks.set(row.k, row.active);
    byCohort.set(row.cohort, ks);
  }
  for (const [cohort, ks] of byCohort) {
    const size = ks.get(0) ?? 0;
    // Member j is active at offset k when j < active[k]: the counts are reproduced exactly.
    for (let j = 0; j < size; j++) {
      const periods: number[] = [];
      for (const [k, active] of ks) if (k > 0 && j < active) periods.push(cohort + k);
      members.push({ firstPeriod: cohort, activePeriods: periods });
    }
  }
  const triangle = cohortRetention(members, lastPeriod);
  return {
    unit,
    from: period.from.toISOString(),
    to: period.to.toISOString(),
    basis: settings.lost.kind === "subscriptionEnded" ? "subscription" : "purchase",
    cohorts: triangle.rows.map((row) => ({
      cohort: periodLabel(unit, row.cohort),
      size: row.size,
      active: row.active,
      retention: row.retention,
    })),
    curve: triangle.curve,
  };
}
