/**
 * Cohort retention in SQL: for each cohort (customers whose first period is the same) and each offset k,
 * how many were active k periods later. The counts feed `cohortRetention` in src/metrics, which the
 * query is property-tested against. Periods are local to the workspace's time zone.
 */
import { type RawBuilder, sql } from "kysely";
import type { Db } from "../db/connection.js";
import type { LostDefinition } from "../metrics/business.js";
import { type Grouping, groupKey, joinGroups } from "./groups.js";
import { type Instants, PURCHASE } from "./retention-store.js";

export type CohortUnit = "week" | "month" | "quarter";

/** Integer index of the local period an instant falls in (months: year · 12 + month − 1). */
export function periodIndexSql(unit: CohortUnit, instant: RawBuilder<unknown>, timeZone: string) {
  const local = sql`(${instant} at time zone ${timeZone})`;
  if (unit === "week") return sql<number>`(floor((${local}::date - date '1970-01-05') / 7.0))::int`;
  const months = sql`(extract(year from ${local})::int * 12 + extract(month from ${local})::int - 1)`;
  return unit === "month" ? sql<number>`${months}` : sql<number>`(floor(${months} / 3.0))::int`;
}

/**
 * Activity rows (customer, period index) before `to`: for transactional businesses the periods with a
 * purchase; for subscription businesses (the "subscription ended" lost definition) every period a
 * subscription was running in, up to the last period.
 */
function activity(
  workspaceId: string,
  to: Date,
  lost: LostDefinition,
  unit: CohortUnit,
  timeZone: string,
  lastPeriod: number,
) {
  if (lost.kind === "noPurchaseFor") {
    return sql`select o.customer_id, ${periodIndexSql(unit, sql`o.ordered_at`, timeZone)} as p
      from orders o where o.workspace_id = ${workspaceId} and ${PURCHASE} and o.ordered_at < ${to}`;
  }
  const end = sql`coalesce(s.ended_at, s.cancelled_at)`;
  const last = sql`case when ${end} is null then ${lastPeriod}::int
    else least(${lastPeriod}::int, ${periodIndexSql(unit, sql`(${end} - interval '1 microsecond')`, timeZone)}) end`;
  return sql`select s.customer_id, generate_series(${periodIndexSql(unit, sql`s.started_at`, timeZone)}, ${last}) as p
    from subscriptions s where s.workspace_id = ${workspaceId} and s.started_at < ${to}
      and (${end} is null or ${end} > s.started_at)`;
}

export interface CohortCount {
  grp: string;
  cohort: number;
  k: number;
  active: number;
}

/**
 * Active customers per (group, cohort, offset) for cohorts starting in periods firstPeriod..lastPeriod
 * (those of [from, to)), with activity before `to` up to lastPeriod.
 */
export async function cohortCountsSql(
  db: Db,
  workspaceId: string,
  { to }: Instants,
  options: {
    lost: LostDefinition;
    unit: CohortUnit;
    timeZone: string;
    lastPeriod: number;
    firstPeriod: number;
  },
  grouping?: Grouping,
): Promise<CohortCount[]> {
  const { lost, unit, timeZone, lastPeriod, firstPeriod } = options;
  const { rows } = await sql<CohortCount>`
    with acts as (${activity(workspaceId, to, lost, unit, timeZone, lastPeriod)}),
    firsts as (select customer_id, min(p) as first from acts group by customer_id),
    members as (select customer_id, first from firsts where first >= ${firstPeriod}::int and first <= ${lastPeriod}::int)
    select ${groupKey(grouping)} as grp, m.first as cohort, a.p - m.first as k, count(distinct m.customer_id)::int as active
    from members m join acts a on a.customer_id = m.customer_id ${joinGroups(grouping, sql`m.customer_id`)}
    where a.p <= ${lastPeriod}::int
    group by 1, 2, 3
    order by 1, 2, 3`.execute(db);
  return rows;
}
