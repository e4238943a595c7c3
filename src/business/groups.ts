/**
 * Which customers an aggregation covers and how it splits them. A grouping is a relation
 * `(customer_id, grp)`: every query joins it on the customer and groups by `grp`, so one query answers
 * the whole workspace, a filtered segment, a breakdown by an attribute, or the NPS groups alike.
 * Without a grouping, every customer counts, in the one group "".
 */
import { type RawBuilder, sql } from "kysely";
import type { TCondition } from "../analytics/filter.js";
import { conditionSql } from "../analytics/sql-filter.js";

export type Grouping = RawBuilder<unknown> | undefined;

/** The key of the single group when nothing splits the customers. */
export const ALL = "";

/** `join <grouping> g on g.customer_id = <column>`, or nothing. */
export function joinGroups(grouping: Grouping, customerColumn: RawBuilder<unknown>) {
  return grouping ? sql`join ${grouping} g on g.customer_id = ${customerColumn}` : sql``;
}

/** The group key expression of a query joined with {@link joinGroups}. */
export function groupKey(grouping: Grouping): RawBuilder<string> {
  return grouping ? sql<string>`g.grp` : sql<string>`${ALL}::text`;
}

/** Customer fields a filter or breakdown may name besides attributes. */
const FIELDS: Record<string, string> = {
  acquisitionChannel: "c.acquisition_channel",
  acquisition_channel: "c.acquisition_channel",
  language: "c.language",
  referred: "case when c.referred_by is null then 'no' else 'yes' end",
};

/** A customer field or attribute as SQL text (null when missing). */
export function customerField(name: string): RawBuilder<unknown> {
  const field = FIELDS[name];
  return field ? sql.raw(field) : sql`c.attributes->>${name}`;
}

const NONE = "(none)";

/**
 * Customers of the workspace matching every condition (on attributes or the fields above), split by
 * `by` when given (missing values as "(none)"); undefined when there is nothing to filter or split.
 */
export function customerGrouping(
  workspaceId: string,
  conditions: readonly TCondition[],
  by?: string,
): Grouping {
  if (!conditions.length && !by) return undefined;
  const where = conditions.map((c) => conditionSql(customerField(c.field) as RawBuilder<unknown>, c));
  const key = by ? sql`coalesce(${customerField(by)}, ${NONE})` : sql`${ALL}::text`;
  return sql`(select c.id as customer_id, ${key} as grp from customers c where c.workspace_id = ${workspaceId}
    ${where.length ? sql`and ${sql.join(where, sql` and `)}` : sql``})`;
}
