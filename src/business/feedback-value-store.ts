/**
 * Customers by their latest NPS group, as a grouping relation for the business queries. Like the
 * feedback metrics in analytics/, it reads the answers as they are stored (one row per answer, with its
 * kind and time), joined to their responses for the customer.
 */
import { type RawBuilder, sql } from "kysely";
import type { TCondition } from "../analytics/filter.js";
import { conditionSql } from "../analytics/sql-filter.js";
import { customerField, type Grouping } from "./groups.js";

/**
 * Every customer of the workspace with the group of their latest NPS answer submitted before `before`:
 * promoter (9–10), passive (7–8), detractor (0–6), or none; only customers meeting the conditions.
 */
export function npsGrouping(
  workspaceId: string,
  before: Date,
  conditions: readonly TCondition[] = [],
): Grouping {
  const where = conditions.map(
    (c) => sql`and ${conditionSql(customerField(c.field) as RawBuilder<unknown>, c)}`,
  );
  return sql`(with latest as materialized (
      select distinct on (r.customer_id) r.customer_id, a.value
      from answers a
      join responses r on r.workspace_id = a.workspace_id and r.id = a.response_id
      where a.workspace_id = ${workspaceId} and a.kind = 'nps' and a.value is not null
        and a.submitted_at < ${before} and r.customer_id is not null
      order by r.customer_id, a.submitted_at desc, r.id desc)
    select c.id as customer_id, case when l.value is null then 'none' when l.value >= 9 then 'promoter'
      when l.value >= 7 then 'passive' else 'detractor' end as grp
    from customers c left join latest l on l.customer_id = c.id
    where c.workspace_id = ${workspaceId} ${where.length ? sql.join(where, sql` `) : sql``})`;
}

/** Customers per group of a grouping. */
export function groupSizes(grouping: NonNullable<Grouping>) {
  return sql<{ grp: string; n: number }>`select grp, count(*)::int as n from ${grouping} g group by grp`;
}
