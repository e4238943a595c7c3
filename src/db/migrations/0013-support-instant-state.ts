import { type Kysely, sql } from "kysely";

/**
 * The support figures at an instant ("open cases now", "backlog at period end") must find the tickets not
 * closed at that instant without reading every ticket. The ticket's latest status change (`last_change_at`)
 * makes its state at any later instant the current one (solved_at null = open now), so only tickets open
 * now, tickets first closed after the instant, and reopened tickets changed after it are candidates, each
 * an index range. Before, every reopened ticket (3% of all, tens of thousands at a million) read its
 * history on every query.
 *
 * FCR asks, per resolved ticket, whether the customer came back about the same topic within W of the first
 * close: an index probe per ticket, tens of thousands per period. `next_contact_at`, the creation of the
 * first ticket of the same customer and topic after the first close, answers it for any W: re-contact iff
 * next_contact_at ≤ first close + W. Ingestion keeps it for every ticket of the customers a write touches.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table support_tickets add column last_change_at timestamptz;
    update support_tickets t set last_change_at = h.last_change_at
    from (select workspace_id, ticket_id, max(changed_at) as last_change_at
          from support_ticket_statuses group by workspace_id, ticket_id) h
    where t.workspace_id = h.workspace_id and t.id = h.ticket_id;
    alter table support_tickets add column next_contact_at timestamptz;
    update support_tickets t set next_contact_at = (
      select min(o.created_at) from support_tickets o
      where o.workspace_id = t.workspace_id and o.customer_id = t.customer_id
        and o.topic is not distinct from t.topic and o.created_at > t.first_closed_at)
    where t.customer_id is not null and t.first_closed_at is not null;
    -- created_at in the keys: the queries bound it too, and a bitmap scan checks it in the index
    create index support_tickets_open_now on support_tickets (workspace_id, created_at) where solved_at is null;
    drop index support_tickets_reopened;
    create index support_tickets_reopened on support_tickets (workspace_id, last_change_at, created_at) where reopened;
    drop index support_tickets_first_closed;
    create index support_tickets_first_closed on support_tickets (workspace_id, first_closed_at, created_at);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index support_tickets_first_closed;
    create index support_tickets_first_closed on support_tickets (workspace_id, first_closed_at);
    drop index support_tickets_reopened;
    create index support_tickets_reopened on support_tickets (workspace_id) where reopened;
    drop index support_tickets_open_now;
    alter table support_tickets drop column last_change_at, drop column next_contact_at;
  `.execute(db);
}
