import { sql } from "kysely";
import type { Db } from "../db/connection.js";
import { latestPerExternalId, type Source, upsertCounts } from "./source.js";

/** Upserts usage events by external id; their customers must exist (see ensureLinkedCustomers).
 * `unique`: the caller knows no external id repeats in the source, so it is read without sorting. */
export async function applyUsage(db: Db, workspaceId: string, source: Source, unique = false) {
  const upsert = sql`insert into usage_events (workspace_id, id, external_id, customer_id, occurred_at, name, duration)
    select ${workspaceId}, s.id, s.external_id, c.id, s.occurred_at, s.name, s.duration
    from ${unique ? source : latestPerExternalId(source)} s
    join customers c on c.workspace_id = ${workspaceId} and c.external_id = s.customer_external_id
    on conflict (workspace_id, external_id) do update set
      customer_id = excluded.customer_id, occurred_at = excluded.occurred_at, name = excluded.name,
      duration = excluded.duration
    returning (xmax = 0) as inserted`;
  const { rows } = await upsertCounts(upsert).execute(db);
  return rows[0] ?? { inserted: 0, updated: 0 };
}
