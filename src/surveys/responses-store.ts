import { type Expression, type SqlBool, sql } from "kysely";
import type { TCondition } from "../analytics/filter.js";
import { conditionSql, responseFieldSql } from "../analytics/sql-filter.js";
import type { Db } from "../db/connection.js";
import type { Attributes } from "./schema.js";

export interface ResponseWrite {
  id: string;
  survey_id: string;
  customer_id: string | null;
  external_id: string | null;
  channel: string;
  language: string;
  status: "partial" | "complete";
  attributes: Attributes;
  submitted_at: Date;
}

export interface AnswerWrite {
  response_id: string;
  question_id: string;
  survey_id: string;
  kind: string;
  value: number | null;
  choices: string[] | null;
  text: string | null;
  detail: Record<string, number> | null;
  submitted_at: Date;
}

/**
 * Inserts responses, or updates the one with the same external id (a retry or a follow-up): attributes
 * merge, a complete response never goes back to partial, and the first submission time stays.
 * Returns the stored id and time for each external id, so answers attach to the right row.
 */
export async function upsertResponses(db: Db, workspaceId: string, rows: ResponseWrite[], now: Date) {
  if (!rows.length) return [];
  return db
    .insertInto("responses")
    .values(
      rows.map((r) => ({
        ...r,
        workspace_id: workspaceId,
        attributes: JSON.stringify(r.attributes),
        created_at: now,
        updated_at: now,
      })),
    )
    .onConflict((oc) =>
      oc.columns(["workspace_id", "external_id"]).doUpdateSet({
        customer_id: sql`coalesce(excluded.customer_id, responses.customer_id)`,
        language: sql`excluded.language`,
        status: sql`case when responses.status = 'complete' then 'complete' else excluded.status end`,
        attributes: sql`responses.attributes || excluded.attributes`,
        updated_at: sql`excluded.updated_at`,
      }),
    )
    .returning(["id", "external_id", "submitted_at", "survey_id"])
    .execute();
}

/** The survey of each already stored response among these external ids. */
export async function surveysOfExternalIds(db: Db, workspaceId: string, externalIds: string[]) {
  if (!externalIds.length) return new Map<string, string>();
  const rows = await db
    .selectFrom("responses")
    .select(["external_id", "survey_id"])
    .where("workspace_id", "=", workspaceId)
    .where("external_id", "in", externalIds)
    .execute();
  return new Map(rows.flatMap((r) => (r.external_id ? [[r.external_id, r.survey_id] as const] : [])));
}

/**
 * Replaces the given answers (by response and question) and removes cleared ones. The pairs travel as
 * two arrays, so the statement has two parameters however large the batch.
 */
export async function replaceAnswers(
  db: Db,
  workspaceId: string,
  answers: AnswerWrite[],
  cleared: { response_id: string; question_id: string }[],
) {
  const remove = [...answers, ...cleared];
  if (remove.length) {
    await db
      .deleteFrom("answers")
      .where("workspace_id", "=", workspaceId)
      .where(
        sql`(response_id, question_id)`,
        "in",
        sql`(select * from unnest(${remove.map((a) => a.response_id)}::uuid[], ${remove.map((a) => a.question_id)}::text[]))`,
      )
      .execute();
  }
  for (let i = 0; i < answers.length; i += 2000) {
    await db
      .insertInto("answers")
      .values(
        answers.slice(i, i + 2000).map((a) => ({
          ...a,
          workspace_id: workspaceId,
          detail: a.detail ? JSON.stringify(a.detail) : null,
        })),
      )
      .execute();
  }
}

export interface ResponseFilter {
  surveyId?: string;
  customerId?: string;
  channel?: string;
  status?: string;
  from?: Date;
  to?: Date;
  /** Only responses whose answer to this question lies in [min, max]. */
  score?: { questionId?: string; kind?: string; min: number; max: number };
  /** Case-insensitive search in open-text answers. */
  q?: string;
  /** Conditions on response fields and response/customer attributes (a typed filter or saved segment). */
  conditions?: TCondition[];
  /** Only these surveys (from survey fields of a filter); an empty list matches nothing. */
  surveyIds?: string[];
  cursor?: { submittedAt: Date; id: string };
  limit: number;
}

export async function listResponses(db: Db, workspaceId: string, f: ResponseFilter) {
  let query = db
    .selectFrom("responses as r")
    .leftJoin("customers as c", (j) =>
      j.onRef("c.workspace_id", "=", "r.workspace_id").onRef("c.id", "=", "r.customer_id"),
    )
    .selectAll("r")
    .select("c.external_id as customer_external_id")
    .where("r.workspace_id", "=", workspaceId);
  if (f.surveyId) query = query.where("r.survey_id", "=", f.surveyId);
  if (f.customerId) query = query.where("r.customer_id", "=", f.customerId);
  if (f.channel) query = query.where("r.channel", "=", f.channel);
  if (f.status) query = query.where("r.status", "=", f.status);
  if (f.from) query = query.where("r.submitted_at", ">=", f.from);
  if (f.to) query = query.where("r.submitted_at", "<", f.to);
  if (f.surveyIds)
    query = query.where("r.survey_id", "in", f.surveyIds.length ? f.surveyIds : [null as never]);
  for (const c of f.conditions ?? []) query = query.where(conditionSql(responseFieldSql(c.field), c));
  const { score, q, cursor } = f;
  if (score) {
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom("answers as a")
          .select("a.question_id")
          .where("a.workspace_id", "=", workspaceId)
          .whereRef("a.response_id", "=", "r.id")
          .$if(score.questionId !== undefined, (s) => s.where("a.question_id", "=", score.questionId ?? ""))
          .$if(score.kind !== undefined, (s) => s.where("a.kind", "=", score.kind ?? ""))
          .where("a.value", ">=", score.min)
          .where("a.value", "<=", score.max),
      ),
    );
  }
  if (q) {
    const pattern = `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom("answers as a")
          .select("a.question_id")
          .where("a.workspace_id", "=", workspaceId)
          .whereRef("a.response_id", "=", "r.id")
          .where("a.text", "ilike", pattern),
      ),
    );
  }
  if (cursor) {
    query = query.where(
      (eb): Expression<SqlBool> =>
        eb.or([
          eb("r.submitted_at", "<", cursor.submittedAt),
          eb.and([eb("r.submitted_at", "=", cursor.submittedAt), eb("r.id", "<", cursor.id)]),
        ]),
    );
  }
  return query.orderBy("r.submitted_at", "desc").orderBy("r.id", "desc").limit(f.limit).execute();
}

export function answersOf(db: Db, workspaceId: string, responseIds: string[]) {
  if (!responseIds.length) return Promise.resolve([]);
  return db
    .selectFrom("answers")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("response_id", "in", responseIds)
    .execute();
}

export function findResponse(db: Db, workspaceId: string, id: string) {
  return db
    .selectFrom("responses as r")
    .leftJoin("customers as c", (j) =>
      j.onRef("c.workspace_id", "=", "r.workspace_id").onRef("c.id", "=", "r.customer_id"),
    )
    .selectAll("r")
    .select("c.external_id as customer_external_id")
    .where("r.workspace_id", "=", workspaceId)
    .where("r.id", "=", id)
    .executeTakeFirst();
}

/** Responses by id (for the digests other modules read: feedback, cases). */
export function responsesByIds(db: Db, workspaceId: string, ids: string[]) {
  if (!ids.length) return Promise.resolve([]);
  return db
    .selectFrom("responses")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "in", ids)
    .execute();
}

/** Ids of responses with an open-text answer, oldest first from `after` (re-categorization in pages). */
export async function textResponseIds(
  db: Db,
  workspaceId: string,
  f: { surveyId?: string; from?: Date; to?: Date; after?: string; limit: number },
) {
  let query = db
    .selectFrom("answers")
    .select("response_id")
    .distinct()
    .where("workspace_id", "=", workspaceId)
    .where("kind", "=", "text")
    .where("text", "is not", null);
  if (f.surveyId) query = query.where("survey_id", "=", f.surveyId);
  if (f.from) query = query.where("submitted_at", ">=", f.from);
  if (f.to) query = query.where("submitted_at", "<", f.to);
  if (f.after) query = query.where("response_id", ">", f.after);
  const rows = await query.orderBy("response_id").limit(f.limit).execute();
  return rows.map((r) => r.response_id);
}

/** The response stored under an external id (e.g. the one a personal link collects), if any. */
export function findResponseByExternalId(db: Db, workspaceId: string, externalId: string) {
  return db
    .selectFrom("responses")
    .select(["id", "survey_id", "status"])
    .where("workspace_id", "=", workspaceId)
    .where("external_id", "=", externalId)
    .executeTakeFirst();
}

/** More attribute columns than this would make a sheet nobody can read; the most used ones are kept. */
export const MAX_ATTRIBUTE_COLUMNS = 200;

export interface AttributeScope {
  surveyId?: string;
  channel?: string;
  status?: string;
  from?: Date;
  to?: Date;
}

/**
 * The response attribute names used in a survey's responses (over the period, channel and status of
 * the export), most used first, for the export's attribute columns. Filters on answers are left out:
 * the columns are then a superset, and one cheap pass over the responses index serves them.
 */
export async function attributeKeys(db: Db, workspaceId: string, f: AttributeScope): Promise<string[]> {
  let query = db
    .selectFrom(["responses as r", sql<{ k: string }>`jsonb_object_keys(r.attributes)`.as("k")])
    .select(["k.k as key", (eb) => eb.fn.countAll<number>().as("uses")])
    .where("r.workspace_id", "=", workspaceId)
    .$if(f.surveyId !== undefined, (q) => q.where("r.survey_id", "=", f.surveyId ?? ""));
  if (f.channel) query = query.where("r.channel", "=", f.channel);
  if (f.status) query = query.where("r.status", "=", f.status);
  if (f.from) query = query.where("r.submitted_at", ">=", f.from);
  if (f.to) query = query.where("r.submitted_at", "<", f.to);
  const rows = await query
    .groupBy("k.k")
    .orderBy("uses", "desc")
    .orderBy("k.k")
    .limit(MAX_ATTRIBUTE_COLUMNS)
    .execute();
  return rows.map((r) => r.key);
}
