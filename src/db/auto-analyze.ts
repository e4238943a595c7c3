import { sql } from "kysely";
import type { Db } from "./connection.js";

/**
 * Refreshes the planner statistics of the tables that grew by a fifth (or from nothing) since they were
 * last analyzed. The embedded database has no autovacuum: statistics taken on empty tables stay, and
 * the planner then treats a table of a million rows as empty — a foreign-key check or a join becomes a
 * scan of everything, and every batch of an import gets slower than the last. Growth is read from the
 * table's size on disk against the page count of its last analysis, which costs nothing to check.
 */
export async function analyzeGrownTables(db: Db): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select c.relname as name
    from pg_class c
    where c.relkind = 'r' and c.relnamespace = 'public'::regnamespace
      and pg_relation_size(c.oid) / current_setting('block_size')::int > c.relpages * 1.2 + 8`.execute(db);
  for (const r of rows) await sql`analyze ${sql.id(r.name)}`.execute(db);
  return rows.map((r) => r.name);
}
