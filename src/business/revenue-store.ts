/**
 * Revenue, purchase and acquisition counts in SQL, per group: what `buyerCounts`,
 * `productBreadthCounts` and `referralCounts` count in src/metrics, plus revenue and prorated costs.
 */
import { sql } from "kysely";
import type { Db } from "../db/connection.js";
import type { BuyerCounts, ProductBreadthCounts, ReferralCounts } from "../metrics/business.js";
import { type Grouping, groupKey, joinGroups } from "./groups.js";
import { type Instants, PURCHASE } from "./retention-store.js";

function byGroup<R extends { grp: string }, T>(rows: R[], map: (row: R) => T): Map<string, T> {
  return new Map(rows.map((r) => [r.grp, map(r)]));
}

/** Revenue (every order, refunds subtracting) and orders in [from, to), per group. */
export async function revenueSql(db: Db, workspaceId: string, { from, to }: Instants, grouping?: Grouping) {
  const { rows } = await sql<{ grp: string; revenue: number; orders: number; customers: number }>`
    select ${groupKey(grouping)} as grp, coalesce(sum(o.amount), 0) as revenue, count(*)::int as orders,
      count(distinct o.customer_id)::int as customers
    from orders o ${joinGroups(grouping, sql`o.customer_id`)}
    where o.workspace_id = ${workspaceId} and o.ordered_at >= ${from} and o.ordered_at < ${to}
    group by 1`.execute(db);
  return byGroup(rows, (r) => ({ revenue: r.revenue, orders: r.orders, customers: r.customers }));
}

/** The currencies orders in [from, to) were given in (amounts are summed as they are). */
export async function currenciesSql(db: Db, workspaceId: string, { from, to }: Instants): Promise<string[]> {
  const rows = await db
    .selectFrom("orders")
    .select("currency")
    .distinct()
    .where("workspace_id", "=", workspaceId)
    .where("ordered_at", ">=", from)
    .where("ordered_at", "<", to)
    .where("currency", "is not", null)
    .orderBy("currency")
    .execute();
  return rows.map((r) => r.currency ?? "");
}

/** Buyers (≥ 1 purchase) and repeat buyers (≥ 2) in [from, to), per group. */
export async function buyerCountsSql(
  db: Db,
  workspaceId: string,
  { from, to }: Instants,
  grouping?: Grouping,
): Promise<Map<string, BuyerCounts>> {
  const { rows } = await sql<{ grp: string; buyers: number; repeat_buyers: number }>`
    with per_customer as (
      select o.customer_id, count(*) as purchases from orders o
      where o.workspace_id = ${workspaceId} and ${PURCHASE} and o.ordered_at >= ${from} and o.ordered_at < ${to}
      group by o.customer_id)
    select ${groupKey(grouping)} as grp, count(*)::int as buyers,
      count(*) filter (where p.purchases >= 2)::int as repeat_buyers
    from per_customer p ${joinGroups(grouping, sql`p.customer_id`)}
    group by 1`.execute(db);
  return byGroup(rows, (r) => ({ buyers: r.buyers, repeatBuyers: r.repeat_buyers }));
}

/** Buyers of exactly one and of two or more products (or categories) in [from, to), per group. */
export async function breadthCountsSql(
  db: Db,
  workspaceId: string,
  { from, to }: Instants,
  by: "product" | "category",
  grouping?: Grouping,
): Promise<Map<string, ProductBreadthCounts>> {
  const key = by === "product" ? sql`o.product` : sql`o.category`;
  const { rows } = await sql<{ grp: string; single: number; multi: number }>`
    with per_customer as (
      select o.customer_id, count(distinct ${key}) as products from orders o
      where o.workspace_id = ${workspaceId} and ${PURCHASE} and ${key} is not null
        and o.ordered_at >= ${from} and o.ordered_at < ${to}
      group by o.customer_id)
    select ${groupKey(grouping)} as grp, count(*) filter (where p.products = 1)::int as single,
      count(*) filter (where p.products >= 2)::int as multi
    from per_customer p ${joinGroups(grouping, sql`p.customer_id`)}
    group by 1`.execute(db);
  return byGroup(rows, (r) => ({ singleProduct: r.single, multiProduct: r.multi }));
}

/**
 * When each customer was acquired: the signup date given with the profile, else their first order or
 * subscription start (whichever is earlier).
 */
export function acquisitionSql(workspaceId: string) {
  return sql`(select c.id as customer_id, c.referred_by, coalesce(c.acquired_at, least(
      (select min(o.ordered_at) from orders o where o.workspace_id = ${workspaceId} and o.customer_id = c.id),
      (select min(s.started_at) from subscriptions s where s.workspace_id = ${workspaceId} and s.customer_id = c.id)
    )) as acquired_at
    from customers c where c.workspace_id = ${workspaceId})`;
}

/** New customers (acquired in [from, to)) and those who came by referral, per group. */
export async function newCustomersSql(
  db: Db,
  workspaceId: string,
  { from, to }: Instants,
  grouping?: Grouping,
): Promise<Map<string, ReferralCounts>> {
  const { rows } = await sql<{ grp: string; new_customers: number; referred: number }>`
    select ${groupKey(grouping)} as grp, count(*)::int as new_customers,
      count(*) filter (where a.referred_by is not null)::int as referred
    from ${acquisitionSql(workspaceId)} a ${joinGroups(grouping, sql`a.customer_id`)}
    where a.acquired_at >= ${from} and a.acquired_at < ${to}
    group by 1`.execute(db);
  return byGroup(rows, (r) => ({ newCustomers: r.new_customers, referred: r.referred }));
}

export interface CostTotals {
  acquisition: number;
  retention: number;
  support: number;
}

/**
 * Costs falling in [from, to) by kind. A cost line's period is local days of the workspace's time zone;
 * a line only partly inside is counted in proportion to the time inside.
 */
export async function costsSql(db: Db, workspaceId: string, { from, to }: Instants, timeZone: string) {
  const { rows } = await sql<{ kind: keyof CostTotals; amount: number }>`
    with c as (
      select kind, amount, (period_start::timestamp at time zone ${timeZone}) as ps,
        (period_end::timestamp at time zone ${timeZone}) as pe
      from costs where workspace_id = ${workspaceId})
    select kind, coalesce(sum(amount * extract(epoch from least(pe, ${to}::timestamptz) - greatest(ps, ${from}::timestamptz))
      / extract(epoch from pe - ps)), 0)::float8 as amount
    from c where ps < ${to} and pe > ${from}
    group by kind`.execute(db);
  const totals: CostTotals = { acquisition: 0, retention: 0, support: 0 };
  for (const r of rows) totals[r.kind] = r.amount;
  return totals;
}
