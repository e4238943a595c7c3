import type { Db } from "../db/connection.js";

/**
 * The tables that are queues of their own (alert deliveries, customer notifications): rows are claimed
 * with SKIP LOCKED by whichever server polls first (`status` 'pending' → 'sending', `claimed_at` set),
 * then finished with their outcome, or handed back when the claim outlived its lease.
 */
type QueueTable = "alert_deliveries" | "notification_outbox";

/** Claims older than the lease (a server died mid-send) go back to the queue, due now. */
export async function recoverClaims(db: Db, table: QueueTable, before: Date, now: Date): Promise<number> {
  // Both tables share these columns; one of them stands in for the type checker.
  const r = await db
    .updateTable(table as "alert_deliveries")
    .set({ status: "pending", next_attempt_at: now, claimed_at: null })
    .where("status", "=", "sending")
    .where("claimed_at", "<", before)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Writes a claimed row's outcome: sent, failed for good, or pending again at a later attempt time. */
export async function finishClaim(
  db: Db,
  table: QueueTable,
  workspaceId: string,
  id: string,
  w: { status: string; detail: string | null; sent_at?: Date | null; next_attempt_at?: Date },
): Promise<void> {
  await db
    .updateTable(table as "alert_deliveries")
    .set({ ...w, claimed_at: null })
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .execute();
}
