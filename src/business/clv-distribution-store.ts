/** The predicted CLV of a fit's customers as summary statistics and histogram counts, in SQL. */
import { sql } from "kysely";
import type { Db } from "../db/connection.js";
import { type Grouping, joinGroups } from "./groups.js";
import type { BinLayout } from "./histogram.js";

export interface ClvStats {
  n: number;
  missing: number;
  total: number | null;
  mean: number | null;
  median: number | null;
  p90: number | null;
  p99: number | null;
  min: number | null;
  max: number | null;
}

/** Count, sum, mean, percentiles (linear interpolation, as the kernel's `percentile`) and range. */
export async function clvStatsSql(db: Db, workspaceId: string, fitId: string, customers: Grouping) {
  const { rows } = await sql<ClvStats>`
    select count(p.clv)::int as n, (count(*) - count(p.clv))::int as missing, sum(p.clv)::float8 as total,
      avg(p.clv)::float8 as mean,
      percentile_cont(0.5) within group (order by p.clv)::float8 as median,
      percentile_cont(0.9) within group (order by p.clv)::float8 as p90,
      percentile_cont(0.99) within group (order by p.clv)::float8 as p99,
      min(p.clv)::float8 as min, max(p.clv)::float8 as max
    from clv_predictions p ${joinGroups(customers, sql`p.customer_id`)}
    where p.workspace_id = ${workspaceId} and p.fit_id = ${fitId}`.execute(db);
  const row = rows[0];
  if (!row) throw new Error("an aggregate returns a row");
  return row;
}

/** Customers per bin of the layout (index `count` is the open-ended last bin), as `binIndex` assigns them. */
export async function clvBinCountsSql(
  db: Db,
  workspaceId: string,
  fitId: string,
  customers: Grouping,
  layout: BinLayout,
) {
  const { rows } = await sql<{ bin: number; n: number }>`
    select least(greatest(floor((p.clv - ${layout.start}::float8) / ${layout.width}::float8), 0), ${layout.count})::int as bin,
      count(*)::int as n
    from clv_predictions p ${joinGroups(customers, sql`p.customer_id`)}
    where p.workspace_id = ${workspaceId} and p.fit_id = ${fitId} and p.clv is not null
    group by 1 order by 1`.execute(db);
  return new Map(rows.map((r) => [r.bin, r.n]));
}
