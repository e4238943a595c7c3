import { type Kysely, sql } from "kysely";

/**
 * Support: teams, agents, tickets with their status history and messages, calls, business-hours calendars,
 * SLA policies and the workspace's support settings. Every key and index starts with workspace_id.
 * Per-ticket facts that depend on the instant they are read at (closed? first human reply?) are not stored:
 * the metric queries derive them from the history and messages, so they are exact at any instant.
 * Responses that rate a ticket carry its external id in `attributes.ticketId`; an index serves the join.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table support_teams (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      id uuid not null,
      external_id text not null,
      name text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (workspace_id, id),
      unique (workspace_id, external_id)
    );
    create table support_agents (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      id uuid not null,
      external_id text not null,
      name text not null,
      email text,
      team_id uuid,
      active boolean not null default true,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (workspace_id, id),
      unique (workspace_id, external_id),
      foreign key (workspace_id, team_id) references support_teams(workspace_id, id) on delete set null (team_id)
    );
    create table support_tickets (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      id uuid not null,
      external_id text not null,
      customer_id uuid,
      channel text not null,
      priority text,
      topic text,
      subject text,
      team_id uuid,
      assignee_id uuid,
      status text not null,
      created_at timestamptz not null,
      solved_at timestamptz,
      resolved boolean not null default false,
      resolved_flag boolean,
      has_history boolean not null default false,
      attributes jsonb not null default '{}',
      ingested_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (workspace_id, id),
      unique (workspace_id, external_id),
      foreign key (workspace_id, customer_id) references customers(workspace_id, id) on delete set null (customer_id),
      foreign key (workspace_id, team_id) references support_teams(workspace_id, id) on delete set null (team_id),
      foreign key (workspace_id, assignee_id) references support_agents(workspace_id, id) on delete set null (assignee_id)
    );
    create index support_tickets_created on support_tickets (workspace_id, created_at, id);
    create index support_tickets_solved on support_tickets (workspace_id, solved_at) where solved_at is not null;
    create index support_tickets_customer on support_tickets (workspace_id, customer_id, created_at);
    create table support_ticket_statuses (
      workspace_id uuid not null,
      ticket_id uuid not null,
      seq integer not null,
      status text not null check (status in ('new', 'open', 'pending', 'on_hold', 'solved', 'closed')),
      changed_at timestamptz not null,
      primary key (workspace_id, ticket_id, seq),
      unique (workspace_id, ticket_id, changed_at, status),
      foreign key (workspace_id, ticket_id) references support_tickets(workspace_id, id) on delete cascade
    );
    create table support_messages (
      workspace_id uuid not null,
      id uuid not null,
      external_id text not null,
      ticket_id uuid not null,
      author text not null check (author in ('customer', 'agent', 'bot', 'system')),
      agent_id uuid,
      sent_at timestamptz not null,
      internal boolean not null default false,
      ingested_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (workspace_id, id),
      unique (workspace_id, external_id),
      foreign key (workspace_id, ticket_id) references support_tickets(workspace_id, id) on delete cascade,
      foreign key (workspace_id, agent_id) references support_agents(workspace_id, id) on delete set null (agent_id)
    );
    create index support_messages_ticket on support_messages (workspace_id, ticket_id, sent_at) include (author, internal);
    create table support_calls (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      id uuid not null,
      external_id text not null,
      channel text not null,
      customer_id uuid,
      agent_id uuid,
      team_id uuid,
      ticket_id uuid,
      outcome text not null check (outcome in ('answered', 'abandoned', 'blocked')),
      queued_at timestamptz not null,
      answered_at timestamptz,
      ended_at timestamptz,
      talk_ms bigint,
      hold_ms bigint,
      acw_ms bigint,
      ingested_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (workspace_id, id),
      unique (workspace_id, external_id),
      foreign key (workspace_id, customer_id) references customers(workspace_id, id) on delete set null (customer_id),
      foreign key (workspace_id, agent_id) references support_agents(workspace_id, id) on delete set null (agent_id),
      foreign key (workspace_id, team_id) references support_teams(workspace_id, id) on delete set null (team_id),
      foreign key (workspace_id, ticket_id) references support_tickets(workspace_id, id) on delete set null (ticket_id)
    );
    create index support_calls_queued on support_calls (workspace_id, queued_at);
    create table support_calendars (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      id uuid not null,
      name text not null,
      time_zone text not null,
      week jsonb not null,
      holidays jsonb not null default '[]',
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (workspace_id, id)
    );
    create table support_sla_policies (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      id uuid not null,
      name text not null,
      calendar_id uuid,
      targets jsonb not null,
      is_default boolean not null default false,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (workspace_id, id),
      foreign key (workspace_id, calendar_id) references support_calendars(workspace_id, id)
    );
    create unique index support_sla_policies_default on support_sla_policies (workspace_id) where is_default;
    create table support_settings (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      fcr_window_minutes integer not null default 1440,
      service_level_seconds integer not null default 20,
      service_level_target double precision not null default 80,
      updated_at timestamptz not null default now(),
      primary key (workspace_id)
    );
    create index responses_ticket on responses (workspace_id, (attributes->>'ticketId')) where attributes ? 'ticketId';
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index responses_ticket;
    drop table support_settings; drop table support_sla_policies; drop table support_calendars;
    drop table support_calls; drop table support_messages; drop table support_ticket_statuses;
    drop table support_tickets; drop table support_agents; drop table support_teams;
  `.execute(db);
}
