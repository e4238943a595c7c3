import { type Kysely, sql } from "kysely";

/**
 * Alerts, digests, early warnings and referral links. The deliveries table is the alert job queue: a
 * delivery is written in the same transaction as what causes it (the answer, the digest's period claim,
 * the warning), unique per dedupe key so it is queued once, and claimed with SKIP LOCKED. Like the
 * invitation queue, the due indexes are not led by workspace_id: the runner looks across workspaces
 * through small partial indexes over pending rows. Referral codes are looked up by the public link, so
 * `referral_links_code` is global too (codes are random, unique installation-wide).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table alert_rules (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      id uuid not null,
      name text not null,
      enabled boolean not null default true,
      events jsonb not null,
      survey_ids jsonb,
      emails jsonb not null default '[]',
      webhook_url text,
      webhook_secret text,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      primary key (workspace_id, id)
    );
    create table alert_deliveries (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      id uuid not null,
      dedupe_key text not null,
      kind text not null,
      channel text not null,
      target text not null,
      rule_id uuid,
      digest_id uuid,
      subject text not null,
      text text not null,
      html text,
      payload jsonb,
      status text not null default 'pending',
      attempts integer not null default 0,
      next_attempt_at timestamptz not null,
      claimed_at timestamptz,
      sent_at timestamptz,
      detail text,
      created_at timestamptz not null,
      primary key (workspace_id, id),
      unique (workspace_id, dedupe_key)
    );
    create index alert_deliveries_time on alert_deliveries (workspace_id, created_at desc, id desc);
    create index alert_deliveries_due on alert_deliveries (next_attempt_at) where status = 'pending';
    create index alert_deliveries_claimed on alert_deliveries (claimed_at) where status = 'sending';
    create table alert_watermarks (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      name text not null,
      at timestamptz not null,
      primary key (workspace_id, name)
    );
    create table alert_digests (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      id uuid not null,
      name text not null,
      enabled boolean not null default true,
      frequency text not null,
      weekday smallint not null,
      hour smallint not null,
      recipients jsonb not null,
      language text not null,
      survey_ids jsonb,
      last_period_end timestamptz,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      primary key (workspace_id, id)
    );
    create table warning_rules (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      id uuid not null,
      name text not null,
      enabled boolean not null default true,
      metric text not null,
      survey_id uuid,
      category_id uuid,
      segment_by jsonb not null default '[]',
      window_days smallint not null,
      baseline_days smallint not null,
      min_n integer not null,
      last_run_at timestamptz,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      primary key (workspace_id, id)
    );
    create index warning_rules_due on warning_rules (last_run_at) where enabled;
    create table early_warnings (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      id uuid not null,
      rule_id uuid not null,
      dedupe_key text not null,
      metric text not null,
      segment_name text,
      segment_value text,
      window_from timestamptz not null,
      window_to timestamptz not null,
      baseline_from timestamptz not null,
      current_value double precision not null,
      baseline_value double precision not null,
      current_n integer not null,
      baseline_n integer not null,
      diff double precision not null,
      z double precision not null,
      p_value double precision not null,
      created_at timestamptz not null,
      primary key (workspace_id, id),
      unique (workspace_id, dedupe_key)
    );
    create index early_warnings_time on early_warnings (workspace_id, created_at desc, id desc);
    create index early_warnings_segment on early_warnings (workspace_id, rule_id, segment_name, segment_value, created_at desc);
    create table referral_settings (
      workspace_id uuid not null references workspaces(id) on delete cascade primary key,
      enabled boolean not null default false,
      landing_url text,
      updated_at timestamptz not null
    );
    create table referral_links (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      code text not null,
      customer_id uuid not null,
      response_id uuid,
      visits integer not null default 0,
      signups integer not null default 0,
      last_visit_at timestamptz,
      created_at timestamptz not null,
      primary key (workspace_id, code),
      unique (workspace_id, customer_id)
    );
    create unique index referral_links_code on referral_links (code);
    create table referral_signups (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      customer_id uuid not null,
      code text not null,
      created_at timestamptz not null,
      primary key (workspace_id, customer_id)
    );
    alter table notification_outbox
      add column attempts integer not null default 0,
      add column next_attempt_at timestamptz,
      add column claimed_at timestamptz,
      add column detail text;
    update notification_outbox set next_attempt_at = created_at where status = 'pending';
    create index notification_outbox_due on notification_outbox (next_attempt_at) where status = 'pending';
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index notification_outbox_due;
    alter table notification_outbox drop column attempts, drop column next_attempt_at, drop column claimed_at,
      drop column detail;
    drop table referral_signups; drop table referral_links; drop table referral_settings;
    drop table early_warnings; drop table warning_rules; drop table alert_digests; drop table alert_watermarks;
    drop table alert_deliveries; drop table alert_rules;
  `.execute(db);
}
