/**
 * The queue side of the customer-notification outbox and the case queries the alert jobs need: pending
 * messages are claimed across workspaces with SKIP LOCKED (one sender per message however many servers
 * poll), and outcomes are written back per message.
 */
import { sql } from "kysely";
import type { Db } from "../db/connection.js";
import type { OutboxRow } from "./tables.js";

const OPEN = ["new", "acknowledged", "in_progress"];

/**
 * Claims due messages, oldest first. A case's messages go out in the order they were queued: one waits
 * while an earlier message of its case is still pending or being sent (by any server), so a customer
 * never reads "resolved" before "we received your feedback".
 */
export async function claimOutbox(db: Db, now: Date, limit: number): Promise<OutboxRow[]> {
  const { rows } = await sql<OutboxRow>`
    update notification_outbox o set status = 'sending', claimed_at = ${now}, attempts = o.attempts + 1
    where (o.workspace_id, o.id) in (
      select workspace_id, id from notification_outbox m
      where status = 'pending' and next_attempt_at <= ${now}
        and not exists (select 1 from notification_outbox e
          where e.workspace_id = m.workspace_id and e.case_id = m.case_id
            and e.status in ('pending', 'sending') and e.id < m.id)
      order by next_attempt_at, id limit ${limit} for update skip locked)
    returning o.*`.execute(db);
  // RETURNING keeps no order; ids are time-ordered (UUIDv7).
  return rows.sort((a, b) => a.id.localeCompare(b.id));
}

/**
 * Open cases that became overdue in (from, to]: their due time fell in it, or they changed in it while
 * already past due (a due time moved into the past, a case reopened). The second kind re-reads every
 * open overdue case changed since `from`; the caller's dedupe key (case + due time) drops repeats.
 */
export function casesFallingDue(db: Db, workspaceId: string, from: Date, to: Date, limit: number) {
  return db
    .selectFrom("cases")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("status", "in", OPEN)
    .where("due_at", "<=", to)
    .where((eb) => eb.or([eb("due_at", ">", from), eb("updated_at", ">", from)]))
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
