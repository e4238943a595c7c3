import type { Db } from "../db/connection.js";

export function findWorkspace(db: Db, workspaceId: string) {
  return db.selectFrom("workspaces").selectAll().where("id", "=", workspaceId).executeTakeFirst();
}

export function findUserByEmail(db: Db, email: string) {
  return db
    .selectFrom("users")
    .selectAll()
    .where((eb) => eb(eb.fn("lower", ["email"]), "=", email.toLowerCase()))
    .executeTakeFirst();
}

export function findUser(db: Db, userId: string) {
  return db.selectFrom("users").selectAll().where("id", "=", userId).executeTakeFirst();
}

export function listMemberships(db: Db, userId: string) {
  return db
    .selectFrom("memberships")
    .innerJoin("workspaces", "workspaces.id", "memberships.workspace_id")
    .select([
      "workspaces.id",
      "workspaces.name",
      "workspaces.slug",
      "workspaces.time_zone",
      "workspaces.default_language",
      "workspaces.rollup_dimensions",
      "memberships.role",
    ])
    .where("memberships.user_id", "=", userId)
    .orderBy("workspaces.created_at")
    .execute();
}

export function findMembership(db: Db, workspaceId: string, userId: string) {
  return db
    .selectFrom("memberships")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
}

export async function insertSession(
  db: Db,
  row: { token_hash: string; workspace_id: string; user_id: string; csrf_token: string; expires_at: Date },
) {
  await db.insertInto("sessions").values(row).execute();
}

export function findSession(db: Db, tokenHash: string, now: Date) {
  return db
    .selectFrom("sessions")
    .selectAll()
    .where("token_hash", "=", tokenHash)
    .where("expires_at", ">", now)
    .executeTakeFirst();
}

export async function deleteSession(db: Db, tokenHash: string) {
  await db.deleteFrom("sessions").where("token_hash", "=", tokenHash).execute();
}

export function findApiKeyByHash(db: Db, keyHash: string) {
  return db
    .selectFrom("api_keys")
    .selectAll()
    .where("key_hash", "=", keyHash)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
}

export async function touchApiKey(db: Db, workspaceId: string, id: string, now: Date) {
  await db
    .updateTable("api_keys")
    .set({ last_used_at: now })
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .execute();
}

export function listApiKeys(db: Db, workspaceId: string) {
  return db
    .selectFrom("api_keys")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .orderBy("created_at", "desc")
    .execute();
}

export async function insertApiKey(
  db: Db,
  row: {
    workspace_id: string;
    id: string;
    name: string;
    prefix: string;
    key_hash: string;
    scopes: string[];
    created_by: string | null;
  },
) {
  return db.insertInto("api_keys").values(row).returningAll().executeTakeFirstOrThrow();
}

export async function revokeApiKey(db: Db, workspaceId: string, id: string, now: Date) {
  const r = await db
    .updateTable("api_keys")
    .set({ revoked_at: now })
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function insertWorkspace(
  db: Db,
  row: { id: string; name: string; slug: string; time_zone: string; default_language: string },
) {
  return db.insertInto("workspaces").values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateWorkspace(
  db: Db,
  workspaceId: string,
  patch: { name?: string; time_zone?: string; default_language?: string; rollup_dimensions?: string[] },
) {
  return db
    .updateTable("workspaces")
    .set(patch)
    .where("id", "=", workspaceId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function insertUser(
  db: Db,
  row: { id: string; email: string; name: string; password_hash: string; language: string },
) {
  await db.insertInto("users").values(row).execute();
}

export async function insertMembership(db: Db, row: { workspace_id: string; user_id: string; role: string }) {
  await db
    .insertInto("memberships")
    .values(row)
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** One page of a workspace's members, by email (unique per installation, so a stable cursor). */
export function listMembers(db: Db, workspaceId: string, page: { afterEmail?: string; limit?: number } = {}) {
  let q = db
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .select(["users.id", "users.email", "users.name", "memberships.role"])
    .where("memberships.workspace_id", "=", workspaceId);
  if (page.afterEmail !== undefined) {
    const after = page.afterEmail;
    q = q.where((eb) => eb(eb.fn("lower", ["users.email"]), ">", after));
  }
  q = q.orderBy((eb) => eb.fn("lower", ["users.email"]));
  return (page.limit === undefined ? q : q.limit(page.limit)).execute();
}

export function findMember(db: Db, workspaceId: string, userId: string) {
  return db
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .select(["users.id", "users.email", "users.name", "memberships.role"])
    .where("memberships.workspace_id", "=", workspaceId)
    .where("memberships.user_id", "=", userId)
    .executeTakeFirst();
}

/**
 * The workspace's owners, locked until the transaction ends: two owners demoting each other at the
 * same moment then queue up, and the second sees the first's change instead of leaving no owner.
 */
export async function lockOwners(db: Db, workspaceId: string) {
  const rows = await db
    .selectFrom("memberships")
    .select("user_id")
    .where("workspace_id", "=", workspaceId)
    .where("role", "=", "owner")
    .forUpdate()
    .execute();
  return rows.map((r) => r.user_id);
}

export async function updateMembershipRole(db: Db, workspaceId: string, userId: string, role: string) {
  await db
    .updateTable("memberships")
    .set({ role })
    .where("workspace_id", "=", workspaceId)
    .where("user_id", "=", userId)
    .execute();
}

export async function deleteMembership(db: Db, workspaceId: string, userId: string) {
  await db
    .deleteFrom("memberships")
    .where("workspace_id", "=", workspaceId)
    .where("user_id", "=", userId)
    .execute();
}

/** Signs a user out of one workspace; their sessions in other workspaces stay. */
export async function deleteSessionsOf(db: Db, workspaceId: string, userId: string) {
  await db
    .deleteFrom("sessions")
    .where("workspace_id", "=", workspaceId)
    .where("user_id", "=", userId)
    .execute();
}

export async function moveSession(db: Db, tokenHash: string, userId: string, workspaceId: string) {
  const r = await db
    .updateTable("sessions")
    .set({ workspace_id: workspaceId })
    .where("token_hash", "=", tokenHash)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
