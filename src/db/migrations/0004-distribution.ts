import { type Kysely, sql } from "kysely";

/**
 * Distribution: events posted by the company's systems, trigger rules, the invitations they create (each
 * one both the delivery record and the durable job that sends it), suppressions (unsubscribes, hard
 * bounces), the email outbox used while no SMTP server is configured, per-day send counters for the
 * channel caps, and per-workspace channel settings.
 *
 * Two indexes are not led by workspace_id, like `surveys_id` and `recipient_tokens_hash`: the job runner
 * looks for due invitations across all workspaces (a small partial index over queued rows), and public
 * links (email clicks, short links, unsubscribe) find their invitation by token hash alone.
 *
 * Recipient tokens gain the channel they were made for, so an answer saved through a personal link is
 * stored with the channel of the invitation (email, sms) rather than as a plain link.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table recipient_tokens add column channel text not null default 'link';
    create table events (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      id uuid not null,
      external_id text,
      type text not null,
      customer_id uuid not null,
      properties jsonb not null default '{}',
      occurred_at timestamptz not null,
      created_at timestamptz not null default now(),
      primary key (workspace_id, id),
      unique (workspace_id, external_id),
      foreign key (workspace_id, customer_id) references customers(workspace_id, id) on delete cascade
    );
    create index events_time on events (workspace_id, occurred_at desc, id desc);
    create index events_type_time on events (workspace_id, type, occurred_at desc, id desc);
    create index events_customer_time on events (workspace_id, customer_id, occurred_at desc);
    create table survey_triggers (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      id uuid not null,
      name text not null,
      enabled boolean not null default true,
      survey_id uuid not null,
      channel text not null,
      kind text not null,
      event_type text,
      config jsonb not null,
      next_run_at timestamptz,
      run_cursor uuid,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (workspace_id, id),
      foreign key (workspace_id, survey_id) references surveys(workspace_id, id) on delete cascade
    );
    create index survey_triggers_event on survey_triggers (workspace_id, event_type) where enabled;
    create index survey_triggers_due on survey_triggers (next_run_at) where enabled and kind = 'schedule';
    create table invitations (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      id uuid not null,
      dedupe_key text not null,
      trigger_id uuid,
      survey_id uuid not null,
      customer_id uuid not null,
      event_id uuid,
      channel text not null,
      status text not null,
      reason text,
      detail text,
      language text,
      attributes jsonb not null default '{}',
      send_at timestamptz not null,
      attempts integer not null default 0,
      claimed_at timestamptz,
      contacted_at timestamptz,
      sent_at timestamptz,
      opened_at timestamptz,
      answered_at timestamptz,
      token_hash text,
      link_url text,
      last_click_at timestamptz,
      last_click_value double precision,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (workspace_id, id),
      unique (workspace_id, dedupe_key),
      foreign key (workspace_id, survey_id) references surveys(workspace_id, id) on delete cascade,
      foreign key (workspace_id, customer_id) references customers(workspace_id, id) on delete cascade,
      foreign key (workspace_id, trigger_id) references survey_triggers(workspace_id, id) on delete set null (trigger_id)
    );
    create index invitations_time on invitations (workspace_id, created_at desc, id desc);
    create index invitations_customer_contact on invitations (workspace_id, customer_id, contacted_at);
    create index invitations_due on invitations (send_at) where status = 'queued';
    create index invitations_in_flight on invitations (claimed_at) where status = 'sending';
    create unique index invitations_token on invitations (token_hash);
    create table suppressions (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      customer_id uuid not null,
      channel text not null,
      reason text not null,
      detail text,
      created_at timestamptz not null default now(),
      primary key (workspace_id, customer_id, channel),
      foreign key (workspace_id, customer_id) references customers(workspace_id, id) on delete cascade
    );
    create table distribution_outbox (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      id uuid not null,
      invitation_id uuid,
      recipient text not null,
      subject text not null,
      html text not null,
      text text not null,
      headers jsonb not null default '{}',
      created_at timestamptz not null default now(),
      primary key (workspace_id, id)
    );
    create index distribution_outbox_time on distribution_outbox (workspace_id, created_at desc, id desc);
    create table distribution_daily_sends (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      channel text not null,
      day date not null,
      sent integer not null default 0,
      primary key (workspace_id, channel, day)
    );
    create table distribution_settings (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      recontact_days integer not null default 30,
      quiet_hours jsonb,
      daily_caps jsonb not null default '{}',
      smtp jsonb,
      sms jsonb,
      widget_key text not null,
      allowed_origins text[] not null default '{}',
      updated_at timestamptz not null default now(),
      primary key (workspace_id)
    );
    create unique index distribution_settings_widget_key on distribution_settings (widget_key);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table distribution_settings; drop table distribution_daily_sends; drop table distribution_outbox;
    drop table suppressions; drop table invitations; drop table survey_triggers; drop table events;
    alter table recipient_tokens drop column channel;
  `.execute(db);
}
