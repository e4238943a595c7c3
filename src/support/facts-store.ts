/**
 * Per-ticket facts of everything known (first close, reopened, latest status change, first and last human
 * reply, first bot message, last customer message), refreshed whenever a ticket, its history or its messages change, in
 * the same transaction, which also drops the ticket's stored SLA deadlines and outcomes (sla-store.ts). The metric queries derive the value at any instant from them exactly
 * (metrics-sql.ts); migrations 0010-support-facts and 0013-support-instant-state explain why each is
 * enough.
 */
import { sql } from "kysely";
import type { Db } from "../db/connection.js";

const CLOSED = sql`('solved', 'closed')`;
const HUMAN_REPLY = sql`m.author = 'agent' and not m.internal`;
const messageTime = sql`greatest(m.sent_at, t.created_at)`;

/**
 * The first ticket of the same customer and topic as `t` created after its first close (itself included,
 * as the FCR query counts it): the re-contact fact, exact for any FCR window.
 */
const nextContact = sql`(select min(o.created_at) from support_tickets o
  where o.workspace_id = t.workspace_id and o.customer_id = t.customer_id
    and o.topic is not distinct from t.topic and o.created_at > t.first_closed_at)`;

/**
 * Recomputes the facts of the given tickets (internal ids), or of every ticket of the workspace. The
 * re-contact fact depends on the customer's other tickets, so it is recomputed for every ticket of the
 * given tickets' customers and of `formerCustomers` (the ones they had before this write).
 */
export async function refreshTicketFacts(
  db: Db,
  workspaceId: string,
  ticketIds: string[] | "all",
  formerCustomers: (string | null)[] = [],
) {
  if (ticketIds === "all") return refreshAllTicketFacts(db, workspaceId);
  if (!ticketIds.length) return;
  const idList = sql.join([...new Set(ticketIds)].map((id) => sql`${id}::uuid`));
  const only = sql`and t.id in (${idList})`;
  await sql`
    update support_tickets t set
      (first_closed_at, reopened, last_change_at) = (
        select coalesce(min(s.changed_at) filter (where s.status in ${CLOSED}), t.solved_at),
          coalesce(bool_or(s.status not in ${CLOSED} and (s.changed_at, s.seq) > (
            select f.changed_at, f.seq from support_ticket_statuses f
            where f.workspace_id = t.workspace_id and f.ticket_id = t.id and f.status in ${CLOSED}
            order by f.changed_at, f.seq limit 1)), false),
          max(s.changed_at)
        from support_ticket_statuses s where s.workspace_id = t.workspace_id and s.ticket_id = t.id),
      (first_reply_at, first_bot_at, last_reply_at, last_customer_at) = (
        select min(${messageTime}) filter (where ${HUMAN_REPLY}),
          min(${messageTime}) filter (where m.author = 'bot'),
          max(${messageTime}) filter (where ${HUMAN_REPLY}),
          max(${messageTime}) filter (where m.author = 'customer')
        from support_messages m where m.workspace_id = t.workspace_id and m.ticket_id = t.id)
    where t.workspace_id = ${workspaceId} ${only}`.execute(db);
  // Stored SLA deadlines and outcomes rest on the ticket's fields and facts: the next read recomputes them.
  await sql`delete from support_sla_deadlines d
    where d.workspace_id = ${workspaceId} and d.ticket_id in (${idList})`.execute(db);
  const former = [...new Set(formerCustomers.filter((c): c is string => c !== null))];
  await sql`
    update support_tickets t set next_contact_at = ${nextContact}
    where t.workspace_id = ${workspaceId} and (t.id in (${idList}) or t.customer_id in (
      select c.customer_id from support_tickets c where c.workspace_id = ${workspaceId} and c.id in (${idList})
      ${former.length ? sql`union all select unnest(${sql`array[${sql.join(former.map((c) => sql`${c}::uuid`))}]`})` : sql``}))`.execute(
    db,
  );
}

/**
 * The same facts for every ticket of the workspace in one set-based statement: the history and the
 * messages are each read once and aggregated per ticket (hash joins), where the per-ticket form above
 * probes the indexes once per ticket — minutes instead of hours at millions of messages.
 */
async function refreshAllTicketFacts(db: Db, workspaceId: string) {
  await sql`delete from support_sla_deadlines where workspace_id = ${workspaceId}`.execute(db);
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
        bool_or(not closed and any_closed and (changed_at, seq) > (fc_at, fc_seq)) as reopened,
        max(changed_at) as last_change_at
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
        coalesce(hf.reopened, false) as reopened, hf.last_change_at, mf.first_reply_at, mf.first_bot_at, mf.last_reply_at,
        mf.last_customer_at
      from support_tickets t
      left join hf on hf.ticket_id = t.id
      left join mf on mf.ticket_id = t.id
      where t.workspace_id = ${workspaceId})
    update support_tickets t set first_closed_at = f.first_closed_at, reopened = f.reopened,
      last_change_at = f.last_change_at,
      first_reply_at = f.first_reply_at, first_bot_at = f.first_bot_at, last_reply_at = f.last_reply_at,
      last_customer_at = f.last_customer_at
    from f where t.workspace_id = ${workspaceId} and t.id = f.id`.execute(db);
  // After the first closes it depends on. One sort instead of a probe per ticket (bulk loads refresh
  // before their indexes exist): creations and first closes of each customer and topic in descending
  // time, a creation at the instant of a close after it, so the running minimum of the creations seen at
  // a close is the first creation strictly after it.
  await sql`
    with e as (
      select customer_id, topic, created_at as at, 0 as kind, null::uuid as id from support_tickets
      where workspace_id = ${workspaceId} and customer_id is not null
      union all
      select customer_id, topic, first_closed_at, 1, id from support_tickets
      where workspace_id = ${workspaceId} and customer_id is not null and first_closed_at is not null),
    n as (
      select id, kind, min(at) filter (where kind = 0) over (partition by customer_id, topic
        order by at desc, kind desc rows between unbounded preceding and current row) as next
      from e)
    update support_tickets t set next_contact_at = f.next
    from (select s.id, n.next from support_tickets s left join n on n.kind = 1 and n.id = s.id
          where s.workspace_id = ${workspaceId}) f
    where t.workspace_id = ${workspaceId} and t.id = f.id and t.next_contact_at is distinct from f.next`.execute(
    db,
  );
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
