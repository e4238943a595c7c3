/**
 * Keeps the planner's statistics of the customer-data tables current after large writes. PostgreSQL's
 * autovacuum does this in the background, but the embedded PGlite has no autovacuum: a table analyzed
 * when nearly empty (or never) looks tiny, and the metric queries then pick nested loops that take
 * minutes instead of hash joins that take milliseconds. Writes are counted per table in this process;
 * past autovacuum's own threshold (20% of the table, at least 1,000 rows) the table is analyzed.
 */
import { sql } from "kysely";
import type { Db } from "../db/connection.js";

type Table = "customers" | "orders" | "subscriptions" | "costs" | "usage_events";

const written = new Map<Table, number>();
const MIN_ROWS = 1000;
const SHARE = 0.2;

/** Counts `rows` written to `table`, and analyzes it when enough have been since the last time. */
export async function noteWrites(db: Db, table: Table, rows: number): Promise<void> {
  const count = (written.get(table) ?? 0) + rows;
  written.set(table, count);
  if (count < MIN_ROWS) return;
  const { rows: found } = await sql<{ tuples: number }>`
    select greatest(reltuples, 0)::float8 as tuples from pg_class where oid = ${table}::regclass`.execute(db);
  if (count < SHARE * (found[0]?.tuples ?? 0)) return;
  written.set(table, 0);
  await sql`analyze ${sql.table(table)}`.execute(db);
}
