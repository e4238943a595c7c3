/**
 * Per-ticket facts of everything known (first close, reopened, first and last human reply, first bot
 * message, last customer message), refreshed whenever a ticket, its history or its messages change, in
 * the same transaction. The metric queries derive the value at any instant from them exactly
 * (metrics-sql.ts); migration 0010-support-facts explains why each is enough.
 */
import { sql } from "kysely";
import type { Db } from "../db/connection.js";

const CLOSED = sql`('solved', 'closed')`;
const HUMAN_REPLY = sql`m.author = 'agent' and not m.internal`;
const messageTime = sql`greatest(m.sent_at, t.created_at)`;

/** Recomputes the facts of the given tickets (internal ids), or of every ticket of the workspace. */
export async function refreshTicketFacts(db: Db, workspaceId: string, ticketIds: string[] | "all") {
  if (ticketIds !== "all" && !ticketIds.length) return;
  const only =
    ticketIds === "all"
      ? sql``
      : sql`and t.id in (${sql.join([...new Set(ticketIds)].map((id) => sql`${id}::uuid`))})`;
  await sql`
    update support_tickets t set
      (first_closed_at, reopened) = (
        select coalesce(min(s.changed_at) filter (where s.status in ${CLOSED}), t.solved_at),
          coalesce(bool_or(s.status not in ${CLOSED} and (s.changed_at, s.seq) > (
            select f.changed_at, f.seq from support_ticket_statuses f
            where f.workspace_id = t.workspace_id and f.ticket_id = t.id and f.status in ${CLOSED}
            order by f.changed_at, f.seq limit 1)), false)
        from support_ticket_statuses s where s.workspace_id = t.workspace_id and s.ticket_id = t.id),
      (first_reply_at, first_bot_at, last_reply_at, last_customer_at) = (
        select min(${messageTime}) filter (where ${HUMAN_REPLY}),
          min(${messageTime}) filter (where m.author = 'bot'),
          max(${messageTime}) filter (where ${HUMAN_REPLY}),
          max(${messageTime}) filter (where m.author = 'customer')
        from support_messages m where m.workspace_id = t.workspace_id and m.ticket_id = t.id)
    where t.workspace_id = ${workspaceId} ${only}`.execute(db);
}

/** The tickets the given messages (external ids) belong to now: a re-sent message may move to another. */
export async function ticketsOfMessages(db: Db, workspaceId: string, externalIds: string[]) {
  if (!externalIds.length) return [];
  const rows = await db
    .selectFrom("support_messages")
    .select("ticket_id")
    .distinct()
    .where("workspace_id", "=", workspaceId)
    .where("external_id", "in", [...new Set(externalIds)])
    .execute();
  return rows.map((r) => r.ticket_id);
}
