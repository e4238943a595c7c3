import { createHash } from "node:crypto";
import type { Db } from "../db/connection.js";
import { AppError, invalid, notFound } from "../http/errors.js";
import { newId, secretToken } from "../ids.js";
import { hashPassword, verifyPassword } from "./passwords.js";
import {
  type Principal,
  ROLE_SCOPES,
  type TMember,
  type TRole,
  type TScope,
  ZRole,
  ZScope,
} from "./schema.js";
import * as store from "./store.js";
import type { ApiKeyRow, WorkspaceRow } from "./tables.js";

const SESSION_DAYS = 14;
let dummyHash: Promise<string> | undefined;
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

export const toWorkspace = (
  w: Pick<WorkspaceRow, "id" | "name" | "slug" | "time_zone" | "default_language" | "rollup_dimensions">,
) => ({
  id: w.id,
  name: w.name,
  slug: w.slug,
  timeZone: w.time_zone,
  defaultLanguage: w.default_language,
  rollupDimensions: w.rollup_dimensions,
});

export async function createWorkspace(
  db: Db,
  input: { name: string; slug: string; timeZone?: string; defaultLanguage?: string },
) {
  return store.insertWorkspace(db, {
    id: newId(),
    name: input.name,
    slug: input.slug,
    time_zone: input.timeZone ?? "UTC",
    default_language: input.defaultLanguage ?? "en",
  });
}

/** Adds a user to a workspace, creating the login if the email is new. */
export async function addUser(
  db: Db,
  workspaceId: string,
  input: { email: string; name: string; password: string; role: TRole; language?: string },
) {
  const existing = await store.findUserByEmail(db, input.email);
  const userId = existing?.id ?? newId();
  if (!existing) {
    await store.insertUser(db, {
      id: userId,
      email: input.email,
      name: input.name,
      password_hash: await hashPassword(input.password),
      language: input.language ?? "en",
    });
  }
  await store.insertMembership(db, { workspace_id: workspaceId, user_id: userId, role: input.role });
  return userId;
}

export async function login(
  db: Db,
  input: { email: string; password: string; workspaceId?: string },
  now = new Date(),
) {
  const user = await store.findUserByEmail(db, input.email);
  // Verify against a dummy hash when the user is unknown so timing does not reveal which emails exist.
  dummyHash ??= hashPassword(secretToken());
  const ok = await verifyPassword(user?.password_hash ?? (await dummyHash), input.password);
  if (!user || !ok) throw new AppError("unauthorized", "wrong email or password");
  const memberships = await store.listMemberships(db, user.id);
  const chosen = input.workspaceId ? memberships.find((m) => m.id === input.workspaceId) : memberships[0];
  if (!chosen) throw new AppError("forbidden", "this user has no access to the workspace");
  const token = secretToken();
  await store.insertSession(db, {
    token_hash: sha256(token),
    workspace_id: chosen.id,
    user_id: user.id,
    csrf_token: secretToken(16),
    expires_at: new Date(now.getTime() + SESSION_DAYS * 86_400_000),
  });
  return { token, maxAgeSeconds: SESSION_DAYS * 86_400 };
}

export const logout = (db: Db, token: string) => store.deleteSession(db, sha256(token));

/**
 * Moves a dashboard session to another of the user's workspaces. A workspace the user is not a member
 * of answers 404, the same as one that does not exist.
 */
export async function switchWorkspace(db: Db, p: Principal, token: string | undefined, workspaceId: string) {
  if (p.via !== "session" || !p.userId || !token) {
    throw new AppError(
      "forbidden",
      "an API key belongs to one workspace; only dashboard sessions switch",
      "workspaceId",
    );
  }
  if (!(await store.findMembership(db, workspaceId, p.userId))) throw notFound("workspace");
  if (!(await store.moveSession(db, sha256(token), p.userId, workspaceId))) {
    throw new AppError("unauthorized", "the session has ended; sign in again");
  }
}

export async function principalFromSession(
  db: Db,
  token: string,
  now = new Date(),
): Promise<Principal | null> {
  const session = await store.findSession(db, sha256(token), now);
  if (!session) return null;
  const membership = await store.findMembership(db, session.workspace_id, session.user_id);
  if (!membership) return null;
  const role = ZRole.parse(membership.role);
  return {
    workspaceId: session.workspace_id,
    userId: session.user_id,
    role,
    scopes: ROLE_SCOPES[role],
    via: "session",
    csrfToken: session.csrf_token,
  };
}

/** API keys look like `otk_<prefix>_<secret>`; only a SHA-256 of the whole key is stored. */
export async function principalFromApiKey(db: Db, key: string, now = new Date()): Promise<Principal | null> {
  if (!key.startsWith("otk_")) return null;
  const row = await store.findApiKeyByHash(db, sha256(key));
  if (!row) return null;
  // Last use is shown to the minute; skipping the write otherwise keeps reads free of a commit each.
  if (!row.last_used_at || now.getTime() - new Date(row.last_used_at).getTime() >= 60_000) {
    await store.touchApiKey(db, row.workspace_id, row.id, now);
  }
  return {
    workspaceId: row.workspace_id,
    userId: null,
    role: null,
    scopes: row.scopes.map((s) => ZScope.parse(s)),
    via: "apiKey",
    csrfToken: null,
  };
}

export async function createApiKey(
  db: Db,
  workspaceId: string,
  input: { name: string; scopes: TScope[] },
  createdBy: string | null,
) {
  const prefix = secretToken(6);
  const key = `otk_${prefix}_${secretToken(24)}`;
  const row = await store.insertApiKey(db, {
    workspace_id: workspaceId,
    id: newId(),
    name: input.name,
    prefix,
    key_hash: sha256(key),
    scopes: input.scopes,
    created_by: createdBy,
  });
  return { key, apiKey: toApiKey(row) };
}

export const toApiKey = (row: ApiKeyRow) => ({
  id: row.id,
  name: row.name,
  prefix: row.prefix,
  scopes: row.scopes.map((s) => ZScope.parse(s)),
  createdAt: row.created_at.toISOString(),
  lastUsedAt: row.last_used_at?.toISOString() ?? null,
  revokedAt: row.revoked_at?.toISOString() ?? null,
});

export async function listApiKeys(db: Db, workspaceId: string) {
  return (await store.listApiKeys(db, workspaceId)).map(toApiKey);
}

export async function revokeApiKey(db: Db, workspaceId: string, id: string) {
  if (!(await store.revokeApiKey(db, workspaceId, id, new Date()))) throw notFound("API key");
}

export async function describePrincipal(db: Db, p: Principal) {
  const workspace = await store.findWorkspace(db, p.workspaceId);
  if (!workspace) throw notFound("workspace");
  const user = p.userId ? await store.findUser(db, p.userId) : undefined;
  const memberships = p.userId ? await store.listMemberships(db, p.userId) : [];
  return {
    user: user ? { id: user.id, email: user.email, name: user.name, language: user.language } : null,
    workspace: toWorkspace(workspace),
    role: p.role,
    scopes: p.scopes,
    workspaces: memberships.map((m) => ({ ...toWorkspace(m), role: ZRole.parse(m.role) })),
    csrfToken: p.csrfToken,
  };
}

export async function getWorkspace(db: Db, workspaceId: string) {
  const w = await store.findWorkspace(db, workspaceId);
  if (!w) throw notFound("workspace");
  return w;
}

export async function updateWorkspace(
  db: Db,
  workspaceId: string,
  patch: { name?: string; timeZone?: string; defaultLanguage?: string; rollupDimensions?: string[] },
) {
  return toWorkspace(
    await store.updateWorkspace(db, workspaceId, {
      name: patch.name,
      time_zone: patch.timeZone,
      default_language: patch.defaultLanguage,
      rollup_dimensions: patch.rollupDimensions,
    }),
  );
}

/** Every member of the workspace (see members.ts for the paged list the API serves). */
export async function listMembers(db: Db, workspaceId: string) {
  return (await store.listMembers(db, workspaceId)).map(toMember);
}

export const toMember = (m: { id: string; email: string; name: string; role: string }): TMember => ({
  id: m.id,
  email: m.email,
  name: m.name,
  role: ZRole.parse(m.role),
});

export async function inviteUser(
  db: Db,
  workspaceId: string,
  input: { email: string; name: string; password: string; role: TRole },
) {
  const existing = await store.findUserByEmail(db, input.email);
  if (existing && (await store.findMembership(db, workspaceId, existing.id))) {
    throw invalid("email", "this user is already a member of the workspace");
  }
  return addUser(db, workspaceId, input);
}
