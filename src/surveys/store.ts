import type { Db } from "../db/connection.js";
import type { SurveyDefinition } from "./schema.js";

export interface SurveyWrite {
  name: string;
  kind: string;
  status: string;
  touchpoint: string | null;
  stage: string | null;
  definition: SurveyDefinition;
}

export async function insertSurvey(db: Db, workspaceId: string, id: string, s: SurveyWrite, now: Date) {
  return db
    .insertInto("surveys")
    .values({
      ...s,
      definition: JSON.stringify(s.definition),
      workspace_id: workspaceId,
      id,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateSurvey(db: Db, workspaceId: string, id: string, s: SurveyWrite, now: Date) {
  return db
    .updateTable("surveys")
    .set({ ...s, definition: JSON.stringify(s.definition), updated_at: now })
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirst();
}

export function findSurvey(db: Db, workspaceId: string, id: string) {
  return db
    .selectFrom("surveys")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();
}

/** Public survey page: the survey id alone identifies the survey (and so the workspace). */
export function findSurveyForPublic(db: Db, id: string) {
  return db.selectFrom("surveys").selectAll().where("id", "=", id).executeTakeFirst();
}

export function listSurveys(db: Db, workspaceId: string, opts: { status?: string }) {
  let q = db.selectFrom("surveys").selectAll().where("workspace_id", "=", workspaceId);
  if (opts.status) q = q.where("status", "=", opts.status);
  return q.orderBy("created_at", "desc").execute();
}

export async function insertRecipientToken(
  db: Db,
  row: {
    workspace_id: string;
    token_hash: string;
    survey_id: string;
    customer_id: string;
    attributes: string;
    expires_at: Date;
    channel?: string;
  },
) {
  await db.insertInto("recipient_tokens").values(row).execute();
}

export async function insertRecipientTokens(db: Db, rows: Parameters<typeof insertRecipientToken>[1][]) {
  if (rows.length) await db.insertInto("recipient_tokens").values(rows).execute();
}

export function findRecipientToken(db: Db, workspaceId: string, tokenHash: string, now: Date) {
  return db
    .selectFrom("recipient_tokens")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("token_hash", "=", tokenHash)
    .where("expires_at", ">", now)
    .executeTakeFirst();
}
