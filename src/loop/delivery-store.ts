/**
 * The queue side of the customer-notification outbox and the case queries the alert jobs need: pending
 * messages are claimed across workspaces with SKIP LOCKED (one sender per message however many servers
 * poll), and outcomes are written back per message.
 */
import { sql } from "kysely";
import type { Db } from "../db/connection.js";
import type { OutboxRow } from "./tables.js";

const OPEN = ["new", "acknowledged", "in_progress"];

export async function claimOutbox(db: Db, now: Date, limit: number): Promise<OutboxRow[]> {
  const { rows } = await sql<OutboxRow>`
    update notification_outbox o set status = 'sending', claimed_at = ${now}, attempts = o.attempts + 1
    where (o.workspace_id, o.id) in (
      select workspace_id, id from notification_outbox
      where status = 'pending' and next_attempt_at <= ${now}
      order by next_attempt_at, id limit ${limit} for update skip locked)
    returning o.*`.execute(db);
  return rows;
}

/** Claims a dead server left unfinished go back to the queue (the message was not handed over yet or may be resent). */
export async function recoverOutbox(db: Db, before: Date, now: Date) {
  const r = await db
    .updateTable("notification_outbox")
    .set({ status: "pending", next_attempt_at: now, claimed_at: null })
    .where("status", "=", "sending")
    .where("claimed_at", "<", before)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export function finishOutbox(
  db: Db,
  workspaceId: string,
  id: string,
  w: { status: string; detail: string | null; sent_at?: Date | null; next_attempt_at?: Date | null },
) {
  return db
    .updateTable("notification_outbox")
    .set({ ...w, claimed_at: null })
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .execute();
}

/** Open cases whose due time fell in (from, to]. */
export function casesFallingDue(db: Db, workspaceId: string, from: Date, to: Date, limit: number) {
  return db
    .selectFrom("cases")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("status", "in", OPEN)
    .where("due_at", ">", from)
    .where("due_at", "<=", to)
    .orderBy("due_at")
    .limit(limit)
    .execute();
}

export async function openCaseCounts(db: Db, workspaceId: string, now: Date, surveyIds: string[] | null) {
  const row = await db
    .selectFrom("cases")
    .select((eb) => [
      eb.fn.countAll<number>().as("open"),
      sql<number>`count(*) filter (where due_at < ${now})`.as("overdue"),
    ])
    .where("workspace_id", "=", workspaceId)
    .where("status", "in", OPEN)
    .$if(surveyIds !== null, (q) => q.where("survey_id", "in", surveyIds ?? []))
    .executeTakeFirst();
  return { open: Number(row?.open ?? 0), overdue: Number(row?.overdue ?? 0) };
}
