import { type Kysely, sql } from "kysely";

/**
 * Feedback management and close-the-loop: the category taxonomy, the categorized open text of each
 * response (with sentiment and a copy of its score, so category statistics read one table), manual
 * corrections (the training data of the workspace's classifier), routing rules, cases with their
 * history, the customer-notification outbox and promo-code pools. Every key starts with workspace_id.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table feedback_categories (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      id uuid not null,
      parent_id uuid,
      key text not null,
      name jsonb not null,
      keywords jsonb not null default '{}',
      position integer not null default 0,
      archived boolean not null default false,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (workspace_id, id),
      unique (workspace_id, key),
      foreign key (workspace_id, parent_id) references feedback_categories(workspace_id, id) on delete cascade
    );
    create table feedback_items (
      workspace_id uuid not null,
      response_id uuid not null,
      survey_id uuid not null,
      customer_id uuid,
      text text not null,
      language text not null,
      sentiment text not null,
      sentiment_score real not null,
      score_kind text,
      score_value double precision,
      score_group text,
      nps_score smallint,
      csat_positive boolean,
      attributes jsonb not null default '{}',
      manual boolean not null default false,
      submitted_at timestamptz not null,
      categorized_at timestamptz not null,
      primary key (workspace_id, response_id),
      foreign key (workspace_id, response_id) references responses(workspace_id, id) on delete cascade
    );
    create index feedback_items_time on feedback_items (workspace_id, submitted_at desc, response_id desc);
    create index feedback_items_survey_time on feedback_items (workspace_id, survey_id, submitted_at);
    create table feedback_item_categories (
      workspace_id uuid not null,
      response_id uuid not null,
      category_id uuid not null,
      source text not null,
      confidence real not null,
      explanation jsonb not null default '[]',
      primary key (workspace_id, response_id, category_id),
      foreign key (workspace_id, response_id) references feedback_items(workspace_id, response_id) on delete cascade,
      foreign key (workspace_id, category_id) references feedback_categories(workspace_id, id) on delete cascade
    );
    create index feedback_item_categories_category on feedback_item_categories (workspace_id, category_id, response_id);
    create table feedback_corrections (
      workspace_id uuid not null,
      id uuid not null,
      response_id uuid,
      text text not null,
      language text not null,
      category_ids uuid[] not null,
      sentiment text,
      user_id uuid,
      created_at timestamptz not null default now(),
      primary key (workspace_id, id)
    );
    create index feedback_corrections_response on feedback_corrections (workspace_id, response_id, created_at desc);

    create table routing_rules (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      id uuid not null,
      name text not null,
      position integer not null default 0,
      enabled boolean not null default true,
      conditions jsonb not null,
      team text,
      owner_id uuid,
      due_hours integer not null,
      promo_pool_id uuid,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (workspace_id, id)
    );
    create table cases (
      workspace_id uuid not null,
      id uuid not null,
      response_id uuid not null,
      survey_id uuid not null,
      customer_id uuid,
      rule_id uuid,
      status text not null,
      team text,
      owner_id uuid,
      score_group text,
      language text not null,
      summary text not null,
      promo_code text,
      due_at timestamptz not null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      acknowledged_at timestamptz,
      resolved_at timestamptz,
      closed_at timestamptz,
      primary key (workspace_id, id),
      unique (workspace_id, response_id),
      foreign key (workspace_id, response_id) references responses(workspace_id, id) on delete cascade
    );
    create index cases_status_due on cases (workspace_id, status, due_at);
    create index cases_owner on cases (workspace_id, owner_id, status);
    create table case_events (
      workspace_id uuid not null,
      id uuid not null,
      case_id uuid not null,
      kind text not null,
      from_status text,
      to_status text,
      note text,
      user_id uuid,
      created_at timestamptz not null,
      primary key (workspace_id, id),
      foreign key (workspace_id, case_id) references cases(workspace_id, id) on delete cascade
    );
    create index case_events_case on case_events (workspace_id, case_id, created_at);
    create table notification_outbox (
      workspace_id uuid not null,
      id uuid not null,
      case_id uuid,
      customer_id uuid,
      channel text not null,
      recipient text,
      language text not null,
      template text not null,
      subject text not null,
      body text not null,
      status text not null default 'pending',
      created_at timestamptz not null,
      sent_at timestamptz,
      primary key (workspace_id, id)
    );
    create index notification_outbox_pending on notification_outbox (workspace_id, status, created_at);
    create table promo_pools (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      id uuid not null,
      name text not null,
      created_at timestamptz not null default now(),
      primary key (workspace_id, id)
    );
    create table promo_codes (
      workspace_id uuid not null,
      pool_id uuid not null,
      code text not null,
      case_id uuid,
      assigned_at timestamptz,
      primary key (workspace_id, pool_id, code),
      foreign key (workspace_id, pool_id) references promo_pools(workspace_id, id) on delete cascade
    );
    create index promo_codes_free on promo_codes (workspace_id, pool_id, code) where case_id is null;
    create unique index promo_codes_case on promo_codes (workspace_id, case_id) where case_id is not null;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table promo_codes; drop table promo_pools; drop table notification_outbox; drop table case_events;
    drop table cases; drop table routing_rules; drop table feedback_corrections;
    drop table feedback_item_categories; drop table feedback_items; drop table feedback_categories;
  `.execute(db);
}
