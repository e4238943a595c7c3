/** The alert deliveries queue: written with its cause (unique per dedupe key), claimed with SKIP LOCKED. */
import { sql } from "kysely";
import type { Db } from "../db/connection.js";
import type { DeliveryRow } from "./tables.js";

export interface DeliveryWrite {
  id: string;
  dedupe_key: string;
  kind: string;
  channel: "email" | "webhook";
  target: string;
  rule_id: string | null;
  digest_id: string | null;
  subject: string;
  text: string;
  html: string | null;
  payload: unknown;
}

/** Queues deliveries; those whose dedupe key is already queued are skipped. Returns how many were new. */
export async function insertDeliveries(db: Db, workspaceId: string, rows: DeliveryWrite[], now: Date) {
  if (!rows.length) return 0;
  const r = await db
    .insertInto("alert_deliveries")
    .values(
      rows.map((d) => ({
        ...d,
        workspace_id: workspaceId,
        payload: d.payload === null ? null : JSON.stringify(d.payload),
        next_attempt_at: now,
        created_at: now,
      })),
    )
    .onConflict((oc) => oc.columns(["workspace_id", "dedupe_key"]).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0);
}

export async function claimDeliveries(db: Db, now: Date, limit: number): Promise<DeliveryRow[]> {
  const { rows } = await sql<DeliveryRow>`
    update alert_deliveries d set status = 'sending', claimed_at = ${now}, attempts = d.attempts + 1
    where (d.workspace_id, d.id) in (
      select workspace_id, id from alert_deliveries
      where status = 'pending' and next_attempt_at <= ${now}
      order by next_attempt_at, id limit ${limit} for update skip locked)
    returning d.*`.execute(db);
  return rows;
}

export function listDeliveries(
  db: Db,
  workspaceId: string,
  f: { status?: string; kind?: string; cursor?: { at: Date; id: string }; limit: number },
) {
  const cursor = f.cursor;
  return db
    .selectFrom("alert_deliveries")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .$if(f.status !== undefined, (q) => q.where("status", "=", f.status ?? ""))
    .$if(f.kind !== undefined, (q) => q.where("kind", "=", f.kind ?? ""))
    .$if(cursor !== undefined, (q) =>
      q.where((eb) =>
        eb.or([
          eb("created_at", "<", cursor?.at ?? new Date(0)),
          eb.and([eb("created_at", "=", cursor?.at ?? new Date(0)), eb("id", "<", cursor?.id ?? "")]),
        ]),
      ),
    )
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(f.limit)
    .execute();
}
