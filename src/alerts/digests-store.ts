/** Digest settings, the once-per-period claim, and the answer counts a digest reports. */
import { sql } from "kysely";
import type { Db } from "../db/connection.js";
import { deleteRow } from "../db/delete-row.js";
import type { DigestRow } from "./tables.js";

export interface DigestWrite {
  name: string;
  enabled: boolean;
  frequency: string;
  weekday: number;
  hour: number;
  recipients: string[];
  language: string;
  survey_ids: string[] | null;
}

const json = (v: unknown) => (v === null ? null : JSON.stringify(v));

export function listDigests(db: Db, workspaceId: string) {
  return db
    .selectFrom("alert_digests")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}

export function findDigest(db: Db, workspaceId: string, id: string) {
  return db
    .selectFrom("alert_digests")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();
}

export function insertDigest(
  db: Db,
  workspaceId: string,
  id: string,
  d: DigestWrite,
  lastPeriodEnd: Date,
  now: Date,
) {
  return db
    .insertInto("alert_digests")
    .values({
      ...d,
      workspace_id: workspaceId,
      id,
      recipients: JSON.stringify(d.recipients),
      survey_ids: json(d.survey_ids),
      last_period_end: lastPeriodEnd,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function updateDigest(
  db: Db,
  workspaceId: string,
  id: string,
  d: Partial<DigestWrite> & { last_period_end?: Date },
  now: Date,
): Promise<DigestRow | undefined> {
  const { recipients, survey_ids, ...rest } = d;
  return db
    .updateTable("alert_digests")
    .set({
      ...rest,
      ...(recipients !== undefined ? { recipients: JSON.stringify(recipients) } : {}),
      ...(survey_ids !== undefined ? { survey_ids: json(survey_ids) } : {}),
      updated_at: now,
    })
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirst();
}

export function deleteDigest(db: Db, workspaceId: string, id: string): Promise<boolean> {
  return deleteRow(db, "alert_digests", workspaceId, id);
}

/** Every enabled digest across workspaces (few rows; the runner decides which are due). */
export function enabledDigests(db: Db) {
  return db.selectFrom("alert_digests").selectAll().where("enabled", "=", true).execute();
}

/**
 * Claims a digest's period: moves `last_period_end` to `periodEnd` only if it is behind. Exactly one
 * caller (process) wins; it queues the emails in the same transaction.
 */
export async function claimPeriod(db: Db, workspaceId: string, id: string, periodEnd: Date) {
  const r = await db
    .updateTable("alert_digests")
    .set({ last_period_end: periodEnd })
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .where("enabled", "=", true)
    .where((eb) => eb.or([eb("last_period_end", "is", null), eb("last_period_end", "<", periodEnd)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/**
 * Answers submitted in [from, to), and the surveys with NPS answers in it. Read from the survey module's
 * answer tables: the digest needs counts no other module's function gives.
 */
export async function answerFacts(
  db: Db,
  workspaceId: string,
  from: Date,
  to: Date,
  surveyIds: string[] | null,
) {
  const filter = surveyIds ? sql`and survey_id = any(${surveyIds}::uuid[])` : sql``;
  const { rows: counted } = await sql<{ n: number }>`
    select count(*)::int as n from responses
    where workspace_id = ${workspaceId} and submitted_at >= ${from} and submitted_at < ${to} ${filter}`.execute(
    db,
  );
  const { rows: nps } = await sql<{ survey_id: string }>`
    select distinct survey_id from answers
    where workspace_id = ${workspaceId} and kind = 'nps' and value is not null
      and submitted_at >= ${from} and submitted_at < ${to} ${filter}`.execute(db);
  return { answers: Number(counted[0]?.n ?? 0), npsSurveys: nps.map((r) => r.survey_id) };
}
