import { type Kysely, sql } from "kysely";

/**
 * Customers, surveys, responses and answers. One answer row per (response, question) keeps the
 * metric queries to a single indexed table; `kind` and `submitted_at` are copied onto it so a
 * workspace-wide NPS needs no join.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table customers (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      id uuid not null,
      external_id text not null,
      email text,
      phone text,
      name text,
      language text,
      time_zone text,
      attributes jsonb not null default '{}',
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (workspace_id, id),
      unique (workspace_id, external_id)
    );
    create table surveys (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      id uuid not null,
      name text not null,
      kind text not null,
      status text not null,
      touchpoint text,
      stage text,
      definition jsonb not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (workspace_id, id)
    );
    create unique index surveys_id on surveys (id);
    create table recipient_tokens (
      workspace_id uuid not null,
      token_hash text not null,
      survey_id uuid not null,
      customer_id uuid not null,
      attributes jsonb not null default '{}',
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      primary key (workspace_id, token_hash),
      foreign key (workspace_id, survey_id) references surveys(workspace_id, id) on delete cascade,
      foreign key (workspace_id, customer_id) references customers(workspace_id, id) on delete cascade
    );
    create index recipient_tokens_hash on recipient_tokens (token_hash);
    create table responses (
      workspace_id uuid not null,
      id uuid not null,
      survey_id uuid not null,
      customer_id uuid,
      external_id text,
      channel text not null,
      language text not null,
      status text not null,
      attributes jsonb not null default '{}',
      submitted_at timestamptz not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (workspace_id, id),
      unique (workspace_id, external_id),
      foreign key (workspace_id, survey_id) references surveys(workspace_id, id) on delete cascade,
      foreign key (workspace_id, customer_id) references customers(workspace_id, id) on delete set null (customer_id)
    );
    create index responses_survey_time on responses (workspace_id, survey_id, submitted_at desc, id desc);
    create index responses_time on responses (workspace_id, submitted_at desc, id desc);
    create table answers (
      workspace_id uuid not null,
      response_id uuid not null,
      question_id text not null,
      survey_id uuid not null,
      kind text not null,
      value double precision,
      choices text[],
      text text,
      detail jsonb,
      submitted_at timestamptz not null,
      primary key (workspace_id, response_id, question_id),
      foreign key (workspace_id, response_id) references responses(workspace_id, id) on delete cascade
    );
    create index answers_metric on answers (workspace_id, survey_id, question_id, submitted_at) include (value);
    create index answers_kind on answers (workspace_id, kind, submitted_at) include (value);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table answers; drop table responses; drop table recipient_tokens; drop table surveys; drop table customers;`.execute(
    db,
  );
}
