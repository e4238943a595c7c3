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
  if (ticketIds === "all") return refreshAllTicketFacts(db, workspaceId);
  if (!ticketIds.length) return;
  const only = sql`and t.id in (${sql.join([...new Set(ticketIds)].map((id) => sql`${id}::uuid`))})`;
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

/**
 * The same facts for every ticket of the workspace in one set-based statement: the history and the
 * messages are each read once and aggregated per ticket (hash joins), where the per-ticket form above
 * probes the indexes once per ticket — minutes instead of hours at millions of messages.
 */
async function refreshAllTicketFacts(db: Db, workspaceId: string) {
  await sql`
    with h as (
      select s.ticket_id, s.status in ${CLOSED} as closed, s.changed_at, s.seq,
        -- the first closed change (ties in arrival order), repeated on every row of the ticket
        first_value(s.status in ${CLOSED}) over w as any_closed,
        first_value(s.changed_at) over w as fc_at, first_value(s.seq) over w as fc_seq
      from support_ticket_statuses s where s.workspace_id = ${workspaceId}
      window w as (partition by s.ticket_id order by s.status in ${CLOSED} desc, s.changed_at, s.seq)),
    hf as (
      select ticket_id, min(changed_at) filter (where closed) as first_closed_at,
        bool_or(not closed and any_closed and (changed_at, seq) > (fc_at, fc_seq)) as reopened
      from h group by ticket_id),
    mf as (
      select m.ticket_id,
        min(${messageTime}) filter (where ${HUMAN_REPLY}) as first_reply_at,
        min(${messageTime}) filter (where m.author = 'bot') as first_bot_at,
        max(${messageTime}) filter (where ${HUMAN_REPLY}) as last_reply_at,
        max(${messageTime}) filter (where m.author = 'customer') as last_customer_at
      from support_messages m
      join support_tickets t on t.workspace_id = m.workspace_id and t.id = m.ticket_id
      where m.workspace_id = ${workspaceId} group by m.ticket_id),
    f as (
      select t.id, coalesce(hf.first_closed_at, t.solved_at) as first_closed_at,
        coalesce(hf.reopened, false) as reopened, mf.first_reply_at, mf.first_bot_at, mf.last_reply_at,
        mf.last_customer_at
      from support_tickets t
      left join hf on hf.ticket_id = t.id
      left join mf on mf.ticket_id = t.id
      where t.workspace_id = ${workspaceId})
    update support_tickets t set first_closed_at = f.first_closed_at, reopened = f.reopened,
      first_reply_at = f.first_reply_at, first_bot_at = f.first_bot_at, last_reply_at = f.last_reply_at,
      last_customer_at = f.last_customer_at
    from f where t.workspace_id = ${workspaceId} and t.id = f.id`.execute(db);
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
