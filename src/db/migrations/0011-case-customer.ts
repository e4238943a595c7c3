import { type Kysely, sql } from "kysely";

/**
 * A customer's cases, newest first: the inbox's customer timeline and the case list filtered by
 * customer read them by `(workspace_id, customer_id)` and order by `created_at`; without this index
 * each lookup scanned all of the workspace's cases.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index cases_customer on cases (workspace_id, customer_id, created_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index cases_customer`.execute(db);
}
