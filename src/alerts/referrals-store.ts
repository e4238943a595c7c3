/** Referral settings, the promoters' personal links, their visits and the signups they brought. */
import { sql } from "kysely";
import type { Db } from "../db/connection.js";

export function findSettings(db: Db, workspaceId: string) {
  return db
    .selectFrom("referral_settings")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .executeTakeFirst();
}

export function upsertSettings(
  db: Db,
  workspaceId: string,
  s: { enabled: boolean; landing_url: string | null },
  now: Date,
) {
  return db
    .insertInto("referral_settings")
    .values({ workspace_id: workspaceId, ...s, updated_at: now })
    .onConflict((oc) => oc.column("workspace_id").doUpdateSet({ ...s, updated_at: now }))
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Creates the customer's link unless they have one; returns it and whether it is new. */
export async function ensureLink(
  db: Db,
  workspaceId: string,
  l: { code: string; customer_id: string; response_id: string | null },
  now: Date,
) {
  const inserted = await db
    .insertInto("referral_links")
    .values({ workspace_id: workspaceId, ...l, created_at: now })
    .onConflict((oc) => oc.columns(["workspace_id", "customer_id"]).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return { link: inserted, created: true };
  const link = await db
    .selectFrom("referral_links")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("customer_id", "=", l.customer_id)
    .executeTakeFirstOrThrow();
  return { link, created: false };
}

export function findLink(db: Db, workspaceId: string, code: string) {
  return db
    .selectFrom("referral_links")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("code", "=", code)
    .executeTakeFirst();
}

export function findLinkOf(db: Db, workspaceId: string, customerId: string) {
  return db
    .selectFrom("referral_links")
    .select("code")
    .where("workspace_id", "=", workspaceId)
    .where("customer_id", "=", customerId)
    .executeTakeFirst();
}

/** A public visit: the code alone names the link (codes are unique installation-wide). */
export async function recordVisit(db: Db, code: string, now: Date) {
  const link = await db
    .updateTable("referral_links")
    .set((eb) => ({ visits: eb("visits", "+", 1), last_visit_at: now }))
    .where("code", "=", code)
    .returning(["workspace_id", "code"])
    .executeTakeFirst();
  if (!link) return undefined;
  const settings = await findSettings(db, link.workspace_id);
  return { ...link, landingUrl: settings?.enabled ? settings.landing_url : null };
}

/** Records a signup once per customer; false when the customer was already counted. */
export async function insertSignup(db: Db, workspaceId: string, code: string, customerId: string, now: Date) {
  const r = await db
    .insertInto("referral_signups")
    .values({ workspace_id: workspaceId, code, customer_id: customerId, created_at: now })
    .onConflict((oc) => oc.columns(["workspace_id", "customer_id"]).doNothing())
    .executeTakeFirst();
  if (Number(r.numInsertedOrUpdatedRows ?? 0) === 0) return false;
  await db
    .updateTable("referral_links")
    .set((eb) => ({ signups: eb("signups", "+", 1) }))
    .where("workspace_id", "=", workspaceId)
    .where("code", "=", code)
    .execute();
  return true;
}

export function listLinks(
  db: Db,
  workspaceId: string,
  f: { cursor?: { at: Date; code: string }; limit: number },
) {
  const c = f.cursor;
  return db
    .selectFrom("referral_links")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .$if(c !== undefined, (q) =>
      q.where(sql<boolean>`(created_at, code) < (${c?.at ?? new Date(0)}, ${c?.code ?? ""})`),
    )
    .orderBy("created_at", "desc")
    .orderBy("code", "desc")
    .limit(f.limit)
    .execute();
}
