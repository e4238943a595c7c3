/**
 * Engagement aggregates in SQL per local period: sufficient statistics of each active user's session
 * time and session count (what `activityTime` and `visitFrequency` in src/metrics compute from raw
 * sessions), active users, and users per core action. A session is a usage event with a duration.
 */
import { sql } from "kysely";
import { periodSql } from "../analytics/sql-filter.js";
import type { Db } from "../db/connection.js";
import type { SufficientStats } from "../metrics/stats.js";
import { type Grouping, joinGroups } from "./groups.js";
import type { Instants } from "./retention-store.js";

export type EngagementUnit = "day" | "week" | "month";

export interface EngagementPeriod {
  /** Local start day of the period, or "all" for the whole range. */
  period: string;
  activeUsers: number;
  /** Over users with a session: their total duration. */
  time: SufficientStats;
  /** Over users with a session: their number of sessions. */
  visits: SufficientStats;
  /** Users who performed each core action. */
  actions: Map<string, number>;
}

/** Engagement per period of `unit` in [from, to), or over the whole range when unit is undefined. */
export async function engagementSql(
  db: Db,
  workspaceId: string,
  { from, to }: Instants,
  options: { unit?: EngagementUnit; timeZone: string; coreActions: readonly string[] },
  grouping?: Grouping,
): Promise<EngagementPeriod[]> {
  const key = options.unit
    ? periodSql(options.unit, sql`(u.occurred_at at time zone ${options.timeZone})`)
    : sql<string>`'all'::text`;
  const events = sql`select ${key} as period, u.customer_id, u.name, u.duration
    from usage_events u ${joinGroups(grouping, sql`u.customer_id`)}
    where u.workspace_id = ${workspaceId} and u.occurred_at >= ${from} and u.occurred_at < ${to}`;
  const { rows } = await sql<{
    period: string;
    active: number;
    n: number;
    time_sum: number;
    time_sq: number;
    visits_sum: number;
    visits_sq: number;
  }>`with e as (${events}),
    per_user as (
      select period, customer_id, sum(duration) as time, count(duration) as visits from e group by 1, 2)
    select period, count(*)::int as active, count(*) filter (where visits > 0)::int as n,
      coalesce(sum(time), 0)::float8 as time_sum, coalesce(sum(time * time), 0)::float8 as time_sq,
      coalesce(sum(visits) filter (where visits > 0), 0)::float8 as visits_sum,
      coalesce(sum(visits * visits) filter (where visits > 0), 0)::float8 as visits_sq
    from per_user group by 1 order by 1`.execute(db);
  const actions = options.coreActions.length
    ? (
        await sql<{ period: string; name: string; users: number }>`
          select ${key} as period, u.name, count(distinct u.customer_id)::int as users
          from usage_events u ${joinGroups(grouping, sql`u.customer_id`)}
          where u.workspace_id = ${workspaceId} and u.occurred_at >= ${from} and u.occurred_at < ${to}
            and u.name in (${sql.join(options.coreActions.map((a) => sql`${a}`))})
          group by 1, 2`.execute(db)
      ).rows
    : [];
  return rows.map((r) => ({
    period: r.period,
    activeUsers: r.active,
    time: { n: r.n, sum: r.time_sum, sumSquares: r.time_sq },
    visits: { n: r.n, sum: r.visits_sum, sumSquares: r.visits_sq },
    actions: new Map(actions.filter((a) => a.period === r.period).map((a) => [a.name, a.users])),
  }));
}
