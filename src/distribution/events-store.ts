import { sql } from "kysely";
import type { Db } from "../db/connection.js";
import type { Attributes } from "../surveys/schema.js";

export interface EventWrite {
  id: string;
  external_id: string | null;
  type: string;
  customer_id: string;
  properties: Attributes;
  occurred_at: Date;
}

/**
 * Inserts events; one whose external id is already stored is skipped (a retry). Returns the rows actually
 * inserted, so only new events start triggers.
 */
export async function insertEvents(db: Db, workspaceId: string, rows: EventWrite[], now: Date) {
  if (!rows.length) return [];
  return db
    .insertInto("events")
    .values(
      rows.map((r) => ({
        ...r,
        workspace_id: workspaceId,
        properties: JSON.stringify(r.properties),
        created_at: now,
      })),
    )
    .onConflict((oc) => oc.columns(["workspace_id", "external_id"]).doNothing())
    .returning(["id", "external_id"])
    .execute();
}

export async function eventIdsByExternalId(db: Db, workspaceId: string, externalIds: string[]) {
  if (!externalIds.length) return new Map<string, string>();
  const rows = await db
    .selectFrom("events")
    .select(["id", "external_id"])
    .where("workspace_id", "=", workspaceId)
    .where("external_id", "in", externalIds)
    .execute();
  return new Map(rows.flatMap((r) => (r.external_id ? [[r.external_id, r.id] as const] : [])));
}

export interface EventFilter {
  type?: string;
  customerId?: string;
  from?: Date;
  to?: Date;
  cursor?: { at: Date; id: string };
  limit: number;
}

export function listEvents(db: Db, workspaceId: string, f: EventFilter) {
  let query = db.selectFrom("events").selectAll().where("workspace_id", "=", workspaceId);
  if (f.type) query = query.where("type", "=", f.type);
  if (f.customerId) query = query.where("customer_id", "=", f.customerId);
  if (f.from) query = query.where("occurred_at", ">=", f.from);
  if (f.to) query = query.where("occurred_at", "<", f.to);
  const cursor = f.cursor;
  if (cursor) {
    query = query.where(sql<boolean>`(occurred_at, id) < (${cursor.at}, ${cursor.id}::uuid)`);
  }
  return query.orderBy("occurred_at", "desc").orderBy("id", "desc").limit(f.limit).execute();
}
