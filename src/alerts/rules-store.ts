/** Alert rules and the watermarks of the scans that feed them. */
import { sql } from "kysely";
import type { Db } from "../db/connection.js";
import { deleteRow } from "../db/delete-row.js";
import type { AlertRuleRow } from "./tables.js";

export interface RuleWrite {
  name: string;
  enabled: boolean;
  events: string[];
  survey_ids: string[] | null;
  emails: string[];
  webhook_url: string | null;
  webhook_secret: string | null;
}

const jsonOrNull = (v: unknown) => (v === null ? null : JSON.stringify(v));

export function listRules(db: Db, workspaceId: string, opts: { event?: string } = {}) {
  return db
    .selectFrom("alert_rules")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .$if(opts.event !== undefined, (q) =>
      q.where("enabled", "=", true).where(sql<boolean>`events ? ${opts.event ?? ""}`),
    )
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}

export function findRule(db: Db, workspaceId: string, id: string) {
  return db
    .selectFrom("alert_rules")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();
}

export function insertRule(db: Db, workspaceId: string, id: string, r: RuleWrite, now: Date) {
  return db
    .insertInto("alert_rules")
    .values({
      ...r,
      workspace_id: workspaceId,
      id,
      events: JSON.stringify(r.events),
      survey_ids: jsonOrNull(r.survey_ids),
      emails: JSON.stringify(r.emails),
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function updateRule(
  db: Db,
  workspaceId: string,
  id: string,
  r: Partial<RuleWrite>,
  now: Date,
): Promise<AlertRuleRow | undefined> {
  const { events, survey_ids, emails, ...rest } = r;
  return db
    .updateTable("alert_rules")
    .set({
      ...rest,
      ...(events !== undefined ? { events: JSON.stringify(events) } : {}),
      ...(survey_ids !== undefined ? { survey_ids: jsonOrNull(survey_ids) } : {}),
      ...(emails !== undefined ? { emails: JSON.stringify(emails) } : {}),
      updated_at: now,
    })
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirst();
}

export function deleteRule(db: Db, workspaceId: string, id: string): Promise<boolean> {
  return deleteRow(db, "alert_rules", workspaceId, id);
}

/** Workspaces with an enabled rule for the event (the scans visit only these). */
export async function workspacesWithEvent(db: Db, event: string) {
  const rows = await db
    .selectFrom("alert_rules")
    .select("workspace_id")
    .distinct()
    .where("enabled", "=", true)
    .where(sql<boolean>`events ? ${event}`)
    .execute();
  return rows.map((r) => r.workspace_id);
}

export async function getWatermark(db: Db, workspaceId: string, name: string) {
  const row = await db
    .selectFrom("alert_watermarks")
    .select("at")
    .where("workspace_id", "=", workspaceId)
    .where("name", "=", name)
    .executeTakeFirst();
  return row?.at ?? null;
}

/**
 * Moves a watermark forward from `from` to `to`, only if nobody moved it meanwhile: the caller that wins
 * owns the interval (from, to]; a concurrent runner gets false and leaves it alone.
 */
export async function advanceWatermark(
  db: Db,
  workspaceId: string,
  name: string,
  from: Date | null,
  to: Date,
) {
  if (from === null) {
    const r = await db
      .insertInto("alert_watermarks")
      .values({ workspace_id: workspaceId, name, at: to })
      .onConflict((oc) => oc.columns(["workspace_id", "name"]).doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  }
  const r = await db
    .updateTable("alert_watermarks")
    .set({ at: to })
    .where("workspace_id", "=", workspaceId)
    .where("name", "=", name)
    .where("at", "=", from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
