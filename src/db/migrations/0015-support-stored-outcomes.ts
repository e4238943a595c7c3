import { type Kysely, sql } from "kysely";

/**
 * SLA compliance at a million tickets spent its time joining each of a period's tens of thousands of
 * tickets to its stored deadlines and evaluating both clocks per ticket, after an anti-join that looked
 * for tickets still lacking deadlines. Most clock outcomes can no longer change: a first reply that came,
 * a ticket closed without one, a resolution reached — from `facts_at` (the latest fact they rest on) on,
 * the state at any instant is the stored one. Only tickets still open without the outcome (`facts_at`
 * 'infinity') are evaluated when read.
 *
 * Deadline rows are deleted whenever their ticket is written (its fields, history or messages: the facts
 * refresh, support/facts-store.ts), so a row that exists is current, and "every ticket of the period has
 * its row" is two index counts instead of an anti-join. The ticket's team and assignee are copied so the
 * stored outcomes are counted per group without reading the tickets; the foreign keys clear them as they
 * clear the ticket's. A changed policy or calendar has another content hash and so other rows.
 *
 * Calls: the wait (answered − queued) and handle time (talk + hold + after-call work) of every call were
 * computed per call and query; they are stored as generated columns, exact by construction.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- computed without outcomes and checked against the ticket on every read: recomputed on first use
    delete from support_sla_deadlines;
    alter table support_sla_deadlines
      add column team_id uuid,
      add column assignee_id uuid,
      add column facts_at timestamptz,
      add column fr_state text,
      add column fr_achieved_at timestamptz,
      add column res_state text,
      add column res_achieved_at timestamptz,
      add foreign key (workspace_id, team_id) references support_teams(workspace_id, id) on delete set null (team_id),
      add foreign key (workspace_id, assignee_id) references support_agents(workspace_id, id) on delete set null (assignee_id);
    -- a written ticket drops its rows under every policy
    create index support_sla_deadlines_ticket on support_sla_deadlines (workspace_id, ticket_id);
    -- the breaches list pages in (created_at, ticket_id) order
    drop index if exists support_sla_deadlines_created;
    create index support_sla_deadlines_created on support_sla_deadlines (workspace_id, policy_hash, created_at, ticket_id);
    -- the rows evaluated when read: facts after the instant read at ('infinity' while a clock is undecided)
    create index support_sla_deadlines_facts on support_sla_deadlines (workspace_id, policy_hash, facts_at);
    alter table support_calls
      add column wait_ms float8 generated always as (round(date_part('epoch', answered_at - queued_at) * 1000)) stored,
      add column handle_ms float8 generated always as (
        coalesce(talk_ms, round(date_part('epoch', ended_at - answered_at) * 1000) - coalesce(hold_ms, 0))
          + coalesce(hold_ms, 0) + coalesce(acw_ms, 0)) stored;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table support_calls drop column wait_ms, drop column handle_ms;
    drop index support_sla_deadlines_facts;
    drop index if exists support_sla_deadlines_created;
    create index support_sla_deadlines_created on support_sla_deadlines (workspace_id, policy_hash, created_at);
    drop index support_sla_deadlines_ticket;
    alter table support_sla_deadlines drop column team_id, drop column assignee_id, drop column facts_at,
      drop column fr_state, drop column fr_achieved_at, drop column res_state, drop column res_achieved_at;
  `.execute(db);
}
