import { type RawBuilder, sql } from "kysely";
import type { TCondition } from "./filter.js";

/** One filter condition over a SQL expression; a missing value (null) equals nothing. */
export function conditionSql(expr: RawBuilder<unknown>, c: TCondition): RawBuilder<boolean> {
  const list = sql.join(c.values.map((v) => sql`${v}`));
  switch (c.op) {
    case "eq":
      return sql<boolean>`${expr} = ${c.values[0]}`;
    case "ne":
      return sql<boolean>`${expr} is distinct from ${c.values[0]}`;
    case "in":
      return sql<boolean>`${expr} in (${list})`;
    case "nin":
      return sql<boolean>`not coalesce(${expr} in (${list}), false)`;
  }
}

/** Period start (YYYY-MM-DD) of a local timestamp or date expression. */
export function periodSql(unit: string, local: RawBuilder<unknown>): RawBuilder<string> {
  return sql<string>`to_char(date_trunc(${unit}, ${local}), 'YYYY-MM-DD')`;
}

/**
 * Response fields usable directly; any other name is a response attribute or, failing that, a customer
 * attribute (a response's own attribute wins). Expects `responses as r` and `customers as c` in scope.
 * (Survey fields — survey, touchpoint, stage — are resolved by the caller to survey ids.)
 */
const RESPONSE_COLUMNS: Record<string, RawBuilder<string | null>> = {
  channel: sql`r.channel`,
  language: sql`r.language`,
  status: sql`r.status`,
};

export function responseFieldSql(field: string): RawBuilder<string | null> {
  return RESPONSE_COLUMNS[field] ?? sql`coalesce(r.attributes ->> ${field}, c.attributes ->> ${field})`;
}
