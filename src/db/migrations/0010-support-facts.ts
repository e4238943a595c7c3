import { type Kysely, sql } from "kysely";

/**
 * Per-ticket facts the support dashboard reads instead of re-deriving them from the status history and
 * messages on every query (at 1M tickets with 10M messages those correlated lookups cost seconds). Each is
 * a fact of everything known, from which the value at any instant follows exactly:
 * - first_closed_at / reopened: a ticket that never reopened is closed at instant L iff first_closed_at ≤ L;
 *   only reopened tickets (few) still read their history;
 * - first_reply_at / first_bot_at: the first human reply (bot message) at or before a bound is the stored
 *   one when it is ≤ the bound, else there is none;
 * - last_reply_at / last_customer_at: the latest ones, exact for any instant at or after both.
 * Ingestion refreshes them in the same transaction (support/store.ts `refreshTicketFacts`).
 *
 * SLA deadlines need business-time arithmetic (calendar, DST, holidays) that SQL cannot state; they are
 * computed once per ticket and policy content (`policy_hash`) and kept with the ticket fields they were
 * computed from, so a changed ticket or policy is simply recomputed. The same goes for the first reply time
 * in the calendar's business hours.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table support_tickets
      add column first_closed_at timestamptz,
      add column reopened boolean not null default false,
      add column first_reply_at timestamptz,
      add column first_bot_at timestamptz,
      add column last_reply_at timestamptz,
      add column last_customer_at timestamptz;
    update support_tickets t set
      (first_closed_at, reopened) = (
        select coalesce(min(s.changed_at) filter (where s.status in ('solved', 'closed')), t.solved_at),
          coalesce(bool_or(s.status not in ('solved', 'closed') and (s.changed_at, s.seq) > (
            select f.changed_at, f.seq from support_ticket_statuses f
            where f.workspace_id = t.workspace_id and f.ticket_id = t.id and f.status in ('solved', 'closed')
            order by f.changed_at, f.seq limit 1)), false)
        from support_ticket_statuses s where s.workspace_id = t.workspace_id and s.ticket_id = t.id),
      (first_reply_at, first_bot_at, last_reply_at, last_customer_at) = (
        select min(greatest(m.sent_at, t.created_at)) filter (where m.author = 'agent' and not m.internal),
          min(greatest(m.sent_at, t.created_at)) filter (where m.author = 'bot'),
          max(greatest(m.sent_at, t.created_at)) filter (where m.author = 'agent' and not m.internal),
          max(greatest(m.sent_at, t.created_at)) filter (where m.author = 'customer')
        from support_messages m where m.workspace_id = t.workspace_id and m.ticket_id = t.id);
    create index support_tickets_first_closed on support_tickets (workspace_id, first_closed_at);
    create index support_tickets_reopened on support_tickets (workspace_id) where reopened;
    create table support_sla_deadlines (
      workspace_id uuid not null,
      policy_hash text not null,
      ticket_id uuid not null,
      created_at timestamptz not null,
      channel text not null,
      priority text,
      topic text,
      target_index integer not null,
      target_name text,
      reply_deadline timestamptz,
      resolution_deadline timestamptz,
      first_reply_at timestamptz,
      reply_business_ms double precision,
      primary key (workspace_id, policy_hash, ticket_id),
      foreign key (workspace_id, ticket_id) references support_tickets(workspace_id, id) on delete cascade
    );
    -- the queries join the deadlines of a period's tickets: a range on both sides, not a scan of every
    -- deadline ever stored under the policy
    create index support_sla_deadlines_created on support_sla_deadlines (workspace_id, policy_hash, created_at);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table support_sla_deadlines;
    drop index support_tickets_reopened; drop index support_tickets_first_closed;
    alter table support_tickets drop column first_closed_at, drop column reopened, drop column first_reply_at,
      drop column first_bot_at, drop column last_reply_at, drop column last_customer_at;
  `.execute(db);
}
