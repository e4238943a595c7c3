import type { Db } from "../db/connection.js";
import type { TTriggerConfig } from "./schema.js";

export interface TriggerWrite {
  name: string;
  enabled: boolean;
  survey_id: string;
  channel: string;
  kind: string;
  event_type: string | null;
  config: TTriggerConfig;
  next_run_at: Date | null;
}

export function insertTrigger(db: Db, workspaceId: string, id: string, t: TriggerWrite, now: Date) {
  return db
    .insertInto("survey_triggers")
    .values({
      ...t,
      workspace_id: workspaceId,
      id,
      config: JSON.stringify(t.config),
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Replaces a trigger's settings; a changed schedule restarts the walk over customers. */
export function updateTrigger(
  db: Db,
  workspaceId: string,
  id: string,
  t: TriggerWrite & { run_cursor: string | null },
  now: Date,
) {
  return db
    .updateTable("survey_triggers")
    .set({ ...t, config: JSON.stringify(t.config), updated_at: now })
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirst();
}

export function deleteTrigger(db: Db, workspaceId: string, id: string) {
  return db
    .deleteFrom("survey_triggers")
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();
}

export function findTrigger(db: Db, workspaceId: string, id: string) {
  return db
    .selectFrom("survey_triggers")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();
}

export function listTriggers(db: Db, workspaceId: string, f: { surveyId?: string; kind?: string } = {}) {
  let query = db.selectFrom("survey_triggers").selectAll().where("workspace_id", "=", workspaceId);
  if (f.surveyId) query = query.where("survey_id", "=", f.surveyId);
  if (f.kind) query = query.where("kind", "=", f.kind);
  return query.orderBy("created_at").orderBy("id").execute();
}

/** Enabled event triggers listening to any of these event types. */
export function eventTriggers(db: Db, workspaceId: string, types: string[]) {
  if (!types.length) return Promise.resolve([]);
  return db
    .selectFrom("survey_triggers")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("enabled", "=", true)
    .where("kind", "=", "event")
    .where("event_type", "in", types)
    .execute();
}

/**
 * Locks one schedule whose occurrence is due, skipping those another worker holds; call inside a
 * transaction, which keeps the lock until the page of invitations it creates is committed.
 */
export function lockDueSchedule(db: Db, now: Date) {
  return db
    .selectFrom("survey_triggers")
    .selectAll()
    .where("enabled", "=", true)
    .where("kind", "=", "schedule")
    .where("next_run_at", "<=", now)
    .orderBy("next_run_at")
    .limit(1)
    .forUpdate()
    .skipLocked()
    .executeTakeFirst();
}

export function advanceSchedule(
  db: Db,
  workspaceId: string,
  id: string,
  next: { next_run_at: Date | null; run_cursor: string | null },
) {
  return db
    .updateTable("survey_triggers")
    .set(next)
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .execute();
}
