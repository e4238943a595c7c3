/**
 * Retention counts and recurring-revenue movements in SQL: the same definitions as
 * `retentionCounts` and `recurringRevenueMovements` in src/metrics (property-tested against them), run
 * where the data is. Active spans are built per customer with window functions (gaps and islands) from
 * only the rows that can touch the period.
 */
import { type RawBuilder, sql } from "kysely";
import type { Db } from "../db/connection.js";
import type { LostDefinition, RecurringRevenueMovements, RetentionCounts } from "../metrics/business.js";
import { type Grouping, groupKey, joinGroups } from "./groups.js";

export interface Instants {
  from: Date;
  to: Date;
}

/** Purchases are orders with a non-negative amount (free ones included); refunds (negative) are not. */
export const PURCHASE = sql`o.amount >= 0`;

/** A subscription's end: when it ended, else when it was cancelled; null while running. */
const SUBSCRIPTION_END = sql`coalesce(s.ended_at, s.cancelled_at)`;

/**
 * The spans `(customer_id, s, e)` (e = 'infinity' while running) under the lost definition that can
 * matter to [from, to): starting before `to` and not ending before `from`. Dropping spans that end
 * before `from` changes no count: a span merges only with one starting before its end, so the merged
 * span keeps a start before `from`.
 */
function rawSpans(workspaceId: string, { from, to }: Instants, lost: LostDefinition): RawBuilder<unknown> {
  if (lost.kind === "subscriptionEnded") {
    return sql`select s.customer_id, s.started_at as s, coalesce(${SUBSCRIPTION_END}, 'infinity'::timestamptz) as e
      from subscriptions s
      where s.workspace_id = ${workspaceId} and s.started_at < ${to}
        and coalesce(${SUBSCRIPTION_END}, 'infinity'::timestamptz) >= ${from}
        and coalesce(${SUBSCRIPTION_END}, 'infinity'::timestamptz) > s.started_at`;
  }
  const span = sql`make_interval(hours => ${lost.days * 24})`;
  return sql`select o.customer_id, o.ordered_at as s, o.ordered_at + ${span} as e
    from orders o
    where o.workspace_id = ${workspaceId} and ${PURCHASE} and o.ordered_at < ${to}
      and o.ordered_at >= ${from}::timestamptz - ${span}`;
}

/**
 * Per customer: whether they are a customer at `from` and at `to`, lost in between, or joined and lost
 * within; and every customer with a span touching the period (the period's active customers).
 */
export function customerFlags(
  workspaceId: string,
  period: Instants,
  lost: LostDefinition,
): RawBuilder<unknown> {
  const { from, to } = period;
  return sql`(with spans as (${rawSpans(workspaceId, period, lost)}),
    ordered as (
      select customer_id, s, e,
        max(e) over (partition by customer_id order by s, e rows between unbounded preceding and 1 preceding) as prev_e
      from spans),
    islands as (
      select customer_id, s, e,
        sum(case when prev_e is null or s > prev_e then 1 else 0 end)
          over (partition by customer_id order by s, e rows unbounded preceding) as island
      from ordered),
    merged as (select customer_id, min(s) as s, max(e) as e from islands group by customer_id, island)
    select customer_id,
      bool_or(s < ${from} and e >= ${from}) as at_start,
      bool_or(s < ${to} and e >= ${to}) as at_end,
      bool_or(s < ${from} and e >= ${from} and e < ${to}) as was_lost,
      bool_or(s >= ${from} and e < ${to}) as joined_lost
    from merged group by customer_id)`;
}

export interface GroupRetention extends RetentionCounts {
  /** Customers with an active span touching the period: at its start, or starting within it. */
  active: number;
}

/** S, E, N, lost, joined-and-lost and active customers per group. */
export async function retentionCountsSql(
  db: Db,
  workspaceId: string,
  period: Instants,
  lost: LostDefinition,
  grouping?: Grouping,
): Promise<Map<string, GroupRetention>> {
  const { rows } = await sql<{
    grp: string;
    at_start: number;
    at_end: number;
    acquired: number;
    lost: number;
    joined_lost: number;
    active: number;
  }>`select ${groupKey(grouping)} as grp,
      count(*) filter (where f.at_start)::int as at_start,
      count(*) filter (where f.at_end)::int as at_end,
      count(*) filter (where f.at_end and (not f.at_start or f.was_lost))::int as acquired,
      count(*) filter (where f.was_lost)::int as lost,
      count(*) filter (where not f.at_start and f.joined_lost)::int as joined_lost,
      count(*)::int as active
    from ${customerFlags(workspaceId, period, lost)} f ${joinGroups(grouping, sql`f.customer_id`)}
    group by 1`.execute(db);
  return new Map(
    rows.map((r) => [
      r.grp,
      {
        atStart: r.at_start,
        atEnd: r.at_end,
        acquired: r.acquired,
        lost: r.lost,
        joinedAndLost: r.joined_lost,
        active: r.active,
      },
    ]),
  );
}

export interface GroupRecurring extends RecurringRevenueMovements {
  /** Recurring revenue at the period end, new customers included. */
  atEnd: number;
}

/**
 * Recurring revenue (MRR) movements per group. A subscription counts at instant t when it started before
 * t and had not ended before t (start < t ≤ end), the same convention as customers "at" t.
 */
export async function recurringMovementsSql(
  db: Db,
  workspaceId: string,
  { from, to }: Instants,
  grouping?: Grouping,
): Promise<Map<string, GroupRecurring>> {
  const end = sql`coalesce(${SUBSCRIPTION_END}, 'infinity'::timestamptz)`;
  const { rows } = await sql<{
    grp: string;
    at_start: number;
    churned: number;
    contraction: number;
    expansion: number;
    at_end: number;
  }>`with per_customer as (
      select s.customer_id,
        coalesce(sum(s.mrr) filter (where s.started_at < ${from} and ${end} >= ${from}), 0) as at_start,
        coalesce(sum(s.mrr) filter (where s.started_at < ${to} and ${end} >= ${to}), 0) as at_end
      from subscriptions s
      where s.workspace_id = ${workspaceId} and s.started_at < ${to} and ${end} >= ${from}
      group by s.customer_id)
    select ${groupKey(grouping)} as grp,
      coalesce(sum(p.at_start) filter (where p.at_start > 0), 0) as at_start,
      coalesce(sum(p.at_start) filter (where p.at_start > 0 and p.at_end = 0), 0) as churned,
      coalesce(sum(p.at_start - p.at_end) filter (where p.at_end > 0 and p.at_end < p.at_start), 0) as contraction,
      coalesce(sum(p.at_end - p.at_start) filter (where p.at_start > 0 and p.at_end > p.at_start), 0) as expansion,
      coalesce(sum(p.at_end), 0) as at_end
    from per_customer p ${joinGroups(grouping, sql`p.customer_id`)}
    group by 1`.execute(db);
  return new Map(
    rows.map((r) => [
      r.grp,
      {
        atStart: r.at_start,
        churned: r.churned,
        contraction: r.contraction,
        expansion: r.expansion,
        atEnd: r.at_end,
      },
    ]),
  );
}
