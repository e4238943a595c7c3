import { sql } from "kysely";
import type { Db } from "../db/connection.js";
import { latestPerExternalId, type Source, upsertCounts } from "./source.js";

/** Upserts order records by external id; their customers must exist (see ensureLinkedCustomers).
 * `unique`: the caller knows no external id repeats in the source, so it is read without sorting. */
export async function applyOrders(db: Db, workspaceId: string, source: Source, now: Date, unique = false) {
  const upsert = sql`insert into orders (workspace_id, id, external_id, customer_id, ordered_at, amount, currency,
      product, category, quantity, updated_at)
    select ${workspaceId}, s.id, s.external_id, c.id, s.ordered_at, s.amount, s.currency, s.product, s.category,
      s.quantity, ${now}
    from ${unique ? source : latestPerExternalId(source)} s
    join customers c on c.workspace_id = ${workspaceId} and c.external_id = s.customer_external_id
    on conflict (workspace_id, external_id) do update set
      customer_id = excluded.customer_id, ordered_at = excluded.ordered_at, amount = excluded.amount,
      currency = excluded.currency, product = excluded.product, category = excluded.category,
      quantity = excluded.quantity, updated_at = excluded.updated_at
    returning (xmax = 0) as inserted`;
  const { rows } = await upsertCounts(upsert).execute(db);
  return rows[0] ?? { inserted: 0, updated: 0 };
}

/** A customer's orders, newest first. */
export function customerOrders(db: Db, workspaceId: string, customerId: string, limit: number) {
  return db
    .selectFrom("orders")
    .select(["external_id", "ordered_at", "amount", "currency", "product", "category", "quantity"])
    .where("workspace_id", "=", workspaceId)
    .where("customer_id", "=", customerId)
    .orderBy("ordered_at", "desc")
    .limit(limit)
    .execute();
}
