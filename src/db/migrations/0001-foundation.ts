import { type Kysely, sql } from "kysely";

/**
 * Workspaces, people and access. Every tenant table leads its primary key and indexes with
 * workspace_id (the Citus distribution column). Users are installation-wide identities (one login,
 * several workspaces); memberships carry the role per workspace.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table workspaces (
      id uuid primary key,
      name text not null,
      slug text not null unique,
      time_zone text not null default 'UTC',
      default_language text not null default 'en',
      created_at timestamptz not null default now()
    );
    create table users (
      id uuid primary key,
      email text not null,
      name text not null,
      password_hash text not null,
      language text not null default 'en',
      created_at timestamptz not null default now()
    );
    create unique index users_email on users (lower(email));
    create table memberships (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      user_id uuid not null references users(id) on delete cascade,
      role text not null check (role in ('owner','admin','analyst','agent','viewer')),
      created_at timestamptz not null default now(),
      primary key (workspace_id, user_id)
    );
    create index memberships_user on memberships (user_id);
    create table sessions (
      token_hash text primary key,
      workspace_id uuid not null references workspaces(id) on delete cascade,
      user_id uuid not null references users(id) on delete cascade,
      csrf_token text not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null
    );
    create table api_keys (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      id uuid not null,
      name text not null,
      prefix text not null,
      key_hash text not null unique,
      scopes text[] not null,
      created_by uuid,
      created_at timestamptz not null default now(),
      last_used_at timestamptz,
      revoked_at timestamptz,
      primary key (workspace_id, id)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table api_keys; drop table sessions; drop table memberships; drop table users; drop table workspaces;`.execute(
    db,
  );
}
