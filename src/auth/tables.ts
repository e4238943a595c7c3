import type { ColumnType, Generated, Selectable } from "kysely";

type CreatedAt = ColumnType<Date, Date | undefined, never>;

export interface WorkspaceTable {
  id: string;
  name: string;
  slug: string;
  time_zone: Generated<string>;
  default_language: Generated<string>;
  /** Attributes that get their own rollup rows, so breakdowns and filters by them stay fast. */
  rollup_dimensions: Generated<string[]>;
  created_at: CreatedAt;
}

export interface UserTable {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  language: Generated<string>;
  created_at: CreatedAt;
}

export interface MembershipTable {
  workspace_id: string;
  user_id: string;
  role: string;
  created_at: CreatedAt;
}

export interface SessionTable {
  token_hash: string;
  workspace_id: string;
  user_id: string;
  csrf_token: string;
  created_at: CreatedAt;
  expires_at: Date;
}

export interface ApiKeyTable {
  workspace_id: string;
  id: string;
  name: string;
  prefix: string;
  key_hash: string;
  scopes: string[];
  created_by: string | null;
  created_at: CreatedAt;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export type WorkspaceRow = Selectable<WorkspaceTable>;
export type UserRow = Selectable<UserTable>;
export type ApiKeyRow = Selectable<ApiKeyTable>;

export interface AuthTables {
  workspaces: WorkspaceTable;
  users: UserTable;
  memberships: MembershipTable;
  sessions: SessionTable;
  api_keys: ApiKeyTable;
}
