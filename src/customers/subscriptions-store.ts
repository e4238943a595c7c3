import { sql } from "kysely";
import type { Db } from "../db/connection.js";
import { latestPerExternalId, type Source, upsertCounts } from "./source.js";

/** Upserts subscription records by external id; their customers must exist (see ensureLinkedCustomers).
 * `unique`: the caller knows no external id repeats in the source, so it is read without sorting. */
export async function applySubscriptions(
  db: Db,
  workspaceId: string,
  source: Source,
  now: Date,
  unique = false,
) {
  const upsert = sql`insert into subscriptions (workspace_id, id, external_id, customer_id, plan, mrr, currency,
      started_at, ended_at, cancelled_at, updated_at)
    select ${workspaceId}, s.id, s.external_id, c.id, s.plan, s.mrr, s.currency, s.started_at, s.ended_at,
      s.cancelled_at, ${now}
    from ${unique ? source : latestPerExternalId(source)} s
    join customers c on c.workspace_id = ${workspaceId} and c.external_id = s.customer_external_id
    on conflict (workspace_id, external_id) do update set
      customer_id = excluded.customer_id, plan = excluded.plan, mrr = excluded.mrr, currency = excluded.currency,
      started_at = excluded.started_at, ended_at = excluded.ended_at, cancelled_at = excluded.cancelled_at,
      updated_at = excluded.updated_at
    returning (xmax = 0) as inserted`;
  const { rows } = await upsertCounts(upsert).execute(db);
  return rows[0] ?? { inserted: 0, updated: 0 };
}

/** A customer's subscriptions, latest start first. */
export function customerSubscriptions(db: Db, workspaceId: string, customerId: string, limit: number) {
  return db
    .selectFrom("subscriptions")
    .select(["external_id", "plan", "mrr", "currency", "started_at", "ended_at", "cancelled_at"])
    .where("workspace_id", "=", workspaceId)
    .where("customer_id", "=", customerId)
    .orderBy("started_at", "desc")
    .limit(limit)
    .execute();
}
