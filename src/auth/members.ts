import type { Db } from "../db/connection.js";
import { AppError, conflict, notFound } from "../http/errors.js";
import type { Principal, TRole } from "./schema.js";
import { inviteUser, toMember } from "./service.js";
import * as store from "./store.js";

/**
 * Members of a workspace: the paged list, role changes and removal. Owners are guarded twice: only an
 * owner may make or unmake one (an admin or an API key cannot promote itself past the owners), and the
 * last owner stays, so a workspace never ends up without someone who can manage it.
 */

const encodeCursor = (email: string) => Buffer.from(email.toLowerCase()).toString("base64url");
const decodeCursor = (cursor: string) => Buffer.from(cursor, "base64url").toString();

export async function listMembersPage(db: Db, workspaceId: string, q: { cursor?: string; limit: number }) {
  const rows = await store.listMembers(db, workspaceId, {
    afterEmail: q.cursor === undefined ? undefined : decodeCursor(q.cursor),
    limit: q.limit + 1,
  });
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    items: page.map(toMember),
    nextCursor: rows.length > q.limit && last ? encodeCursor(last.email) : null,
  };
}

const ownerOnly = (field: string, what: string) =>
  new AppError("forbidden", `only an owner may ${what}`, field);

/** Adds a user (new or from another workspace); an owner is added only by an owner. */
export async function invite(
  db: Db,
  actor: Principal,
  input: { email: string; name: string; password: string; role: TRole },
) {
  if (input.role === "owner" && actor.role !== "owner") throw ownerOnly("role", "grant the owner role");
  return inviteUser(db, actor.workspaceId, input);
}

export async function changeRole(db: Db, actor: Principal, userId: string, role: TRole) {
  return db.transaction().execute(async (trx) => {
    const owners = await store.lockOwners(trx, actor.workspaceId);
    const target = await store.findMember(trx, actor.workspaceId, userId);
    if (!target) throw notFound("user");
    if (target.role === role) return toMember(target);
    if (role === "owner" && actor.role !== "owner") throw ownerOnly("role", "grant the owner role");
    if (target.role === "owner") {
      if (actor.role !== "owner") throw ownerOnly("role", "take away the owner role");
      if (owners.length <= 1) {
        throw conflict("role", "the last owner cannot be demoted: make another member owner first");
      }
    }
    await store.updateMembershipRole(trx, actor.workspaceId, userId, role);
    return toMember({ ...target, role });
  });
}

/** Takes the user out of this workspace and ends their sessions here; other memberships stay. */
export async function removeMember(db: Db, actor: Principal, userId: string) {
  await db.transaction().execute(async (trx) => {
    const owners = await store.lockOwners(trx, actor.workspaceId);
    const target = await store.findMember(trx, actor.workspaceId, userId);
    if (!target) throw notFound("user");
    if (target.role === "owner") {
      if (actor.role !== "owner") throw ownerOnly("id", "remove an owner");
      if (owners.length <= 1) {
        throw conflict("id", "the last owner cannot be removed: make another member owner first");
      }
    }
    await store.deleteMembership(trx, actor.workspaceId, userId);
    await store.deleteSessionsOf(trx, actor.workspaceId, userId);
  });
}
