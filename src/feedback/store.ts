import { type Expression, type SqlBool, sql } from "kysely";
import type { Db } from "../db/connection.js";
import { deleteRow } from "../db/delete-row.js";
import type { CategoryExplanation, CategoryKeywords, LocalizedName } from "./tables.js";

export function listCategories(db: Db, workspaceId: string, opts: { includeArchived?: boolean } = {}) {
  return db
    .selectFrom("feedback_categories")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .$if(!opts.includeArchived, (q) => q.where("archived", "=", false))
    .orderBy("parent_id", "desc")
    .orderBy("position")
    .orderBy("key")
    .execute();
}

export function findCategory(db: Db, workspaceId: string, id: string) {
  return db
    .selectFrom("feedback_categories")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();
}

export async function countCategories(db: Db, workspaceId: string): Promise<number> {
  const row = await db
    .selectFrom("feedback_categories")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("workspace_id", "=", workspaceId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface CategoryWrite {
  id: string;
  parent_id: string | null;
  key: string;
  name: LocalizedName;
  keywords: CategoryKeywords;
  position: number;
  archived: boolean;
}

/** Inserts categories; ones whose key exists already are skipped (concurrent default seeding). */
export async function insertCategories(db: Db, workspaceId: string, rows: CategoryWrite[], now: Date) {
  if (!rows.length) return [];
  return db
    .insertInto("feedback_categories")
    .values(
      rows.map((r) => ({
        ...r,
        workspace_id: workspaceId,
        name: JSON.stringify(r.name),
        keywords: JSON.stringify(r.keywords),
        created_at: now,
        updated_at: now,
      })),
    )
    .onConflict((oc) => oc.columns(["workspace_id", "key"]).doNothing())
    .returningAll()
    .execute();
}

export function updateCategory(
  db: Db,
  workspaceId: string,
  id: string,
  patch: Partial<Omit<CategoryWrite, "id">> & { updated_at: Date },
) {
  const { name, keywords, ...rest } = patch;
  return db
    .updateTable("feedback_categories")
    .set({
      ...rest,
      ...(name ? { name: JSON.stringify(name) } : {}),
      ...(keywords ? { keywords: JSON.stringify(keywords) } : {}),
    })
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirst();
}

export function deleteCategory(db: Db, workspaceId: string, id: string): Promise<boolean> {
  return deleteRow(db, "feedback_categories", workspaceId, id);
}

/** What identifies the current training data: changes whenever a correction is added. */
export async function correctionsVersion(db: Db, workspaceId: string) {
  const row = await db
    .selectFrom("feedback_corrections")
    .select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.max("created_at").as("latest")])
    .where("workspace_id", "=", workspaceId)
    .executeTakeFirstOrThrow();
  return `${Number(row.n)}:${row.latest ? new Date(row.latest).getTime() : 0}`;
}

/** The newest correction of each response (older ones were superseded), newest first. */
export function latestCorrections(db: Db, workspaceId: string, limit: number) {
  return db
    .selectFrom("feedback_corrections")
    .select(["id", "response_id", "text", "category_ids", "sentiment", "created_at"])
    .distinctOn(sql`coalesce(response_id, id)`)
    .where("workspace_id", "=", workspaceId)
    .orderBy(sql`coalesce(response_id, id)`)
    .orderBy("created_at", "desc")
    .limit(limit)
    .execute();
}

export function insertCorrection(
  db: Db,
  row: {
    workspace_id: string;
    id: string;
    response_id: string;
    text: string;
    language: string;
    category_ids: string[];
    sentiment: string | null;
    user_id: string | null;
    created_at: Date;
  },
) {
  return db.insertInto("feedback_corrections").values(row).execute();
}

export interface ItemWrite {
  response_id: string;
  survey_id: string;
  customer_id: string | null;
  text: string;
  language: string;
  sentiment: string;
  sentiment_score: number;
  score_kind: string | null;
  score_value: number | null;
  score_group: string | null;
  nps_score: number | null;
  csat_positive: boolean | null;
  attributes: Record<string, unknown>;
  manual: boolean;
  submitted_at: Date;
  categorized_at: Date;
}

export function findItems(db: Db, workspaceId: string, responseIds: string[]) {
  if (!responseIds.length) return Promise.resolve([]);
  return db
    .selectFrom("feedback_items")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("response_id", "in", responseIds)
    .execute();
}

export async function upsertItems(db: Db, workspaceId: string, rows: ItemWrite[]) {
  if (!rows.length) return;
  await db
    .insertInto("feedback_items")
    .values(rows.map((r) => ({ ...r, workspace_id: workspaceId, attributes: JSON.stringify(r.attributes) })))
    .onConflict((oc) =>
      oc.columns(["workspace_id", "response_id"]).doUpdateSet({
        text: sql`excluded.text`,
        language: sql`excluded.language`,
        sentiment: sql`excluded.sentiment`,
        sentiment_score: sql`excluded.sentiment_score`,
        score_kind: sql`excluded.score_kind`,
        score_value: sql`excluded.score_value`,
        score_group: sql`excluded.score_group`,
        nps_score: sql`excluded.nps_score`,
        csat_positive: sql`excluded.csat_positive`,
        attributes: sql`excluded.attributes`,
        customer_id: sql`excluded.customer_id`,
        manual: sql`excluded.manual`,
        categorized_at: sql`excluded.categorized_at`,
      }),
    )
    .execute();
}

export async function deleteItems(db: Db, workspaceId: string, responseIds: string[]) {
  if (!responseIds.length) return;
  await db
    .deleteFrom("feedback_items")
    .where("workspace_id", "=", workspaceId)
    .where("response_id", "in", responseIds)
    .execute();
}

export interface ItemCategoryWrite {
  response_id: string;
  category_id: string;
  source: string;
  confidence: number;
  explanation: CategoryExplanation[];
}

/** Replaces the categories of these responses with the given ones. */
export async function replaceItemCategories(
  db: Db,
  workspaceId: string,
  responseIds: string[],
  rows: ItemCategoryWrite[],
) {
  if (!responseIds.length) return;
  await db
    .deleteFrom("feedback_item_categories")
    .where("workspace_id", "=", workspaceId)
    .where("response_id", "in", responseIds)
    .execute();
  if (!rows.length) return;
  await db
    .insertInto("feedback_item_categories")
    .values(
      rows.map((r) => ({ ...r, workspace_id: workspaceId, explanation: JSON.stringify(r.explanation) })),
    )
    .execute();
}

export function itemCategories(db: Db, workspaceId: string, responseIds: string[]) {
  if (!responseIds.length) return Promise.resolve([]);
  return db
    .selectFrom("feedback_item_categories")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("response_id", "in", responseIds)
    .orderBy("confidence", "desc")
    .execute();
}

export interface ItemFilter {
  surveyId?: string;
  categoryIds?: string[];
  uncategorized?: boolean;
  sentiment?: string;
  group?: string;
  from?: Date;
  to?: Date;
  q?: string;
  cursor?: { submittedAt: Date; id: string };
  limit: number;
}

export function listItems(db: Db, workspaceId: string, f: ItemFilter) {
  let query = db.selectFrom("feedback_items as i").selectAll("i").where("i.workspace_id", "=", workspaceId);
  if (f.surveyId) query = query.where("i.survey_id", "=", f.surveyId);
  if (f.sentiment) query = query.where("i.sentiment", "=", f.sentiment);
  if (f.group) query = query.where("i.score_group", "=", f.group);
  if (f.from) query = query.where("i.submitted_at", ">=", f.from);
  if (f.to) query = query.where("i.submitted_at", "<", f.to);
  if (f.q) query = query.where("i.text", "ilike", `%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`);
  const { categoryIds, cursor } = f;
  if (categoryIds) {
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom("feedback_item_categories as c")
          .select("c.category_id")
          .where("c.workspace_id", "=", workspaceId)
          .whereRef("c.response_id", "=", "i.response_id")
          .where("c.category_id", "in", categoryIds),
      ),
    );
  }
  if (f.uncategorized) {
    query = query.where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("feedback_item_categories as c")
            .select("c.category_id")
            .where("c.workspace_id", "=", workspaceId)
            .whereRef("c.response_id", "=", "i.response_id"),
        ),
      ),
    );
  }
  if (cursor) {
    query = query.where(
      (eb): Expression<SqlBool> =>
        eb.or([
          eb("i.submitted_at", "<", cursor.submittedAt),
          eb.and([eb("i.submitted_at", "=", cursor.submittedAt), eb("i.response_id", "<", cursor.id)]),
        ]),
    );
  }
  return query.orderBy("i.submitted_at", "desc").orderBy("i.response_id", "desc").limit(f.limit).execute();
}

export interface StatsScope {
  surveyId?: string;
  from?: Date;
  to?: Date;
}

/**
 * Counts per category (optionally per period too): answers, sentiment, NPS groups and CSAT. Each
 * assignment counts for its category and for every ancestor given in `ancestors` (pairs of category
 * and ancestor), and an answer counts once per category, so a parent's volume is the distinct answers
 * of all its sub-categories.
 */
export function categoryCounts(
  db: Db,
  workspaceId: string,
  scope: StatsScope,
  ancestors: { categoryId: string; ancestorId: string }[],
  byPeriod: { interval: "day" | "week" | "month"; timeZone: string } | null,
) {
  const period = byPeriod
    ? sql<string>`to_char(date_trunc(${byPeriod.interval}, i.submitted_at at time zone ${byPeriod.timeZone}), 'YYYY-MM-DD')`
    : sql<string>`''`;
  const map = sql<{
    category_id: string;
    ancestor_id: string;
  }>`(select * from unnest(${ancestors.map((a) => a.categoryId)}::uuid[], ${ancestors.map((a) => a.ancestorId)}::uuid[]) as m(category_id, ancestor_id))`;
  return (
    db
      .selectFrom("feedback_items as i")
      .innerJoin("feedback_item_categories as c", (j) =>
        j.onRef("c.workspace_id", "=", "i.workspace_id").onRef("c.response_id", "=", "i.response_id"),
      )
      .innerJoin(map.as("m"), (j) => j.onRef("m.category_id", "=", "c.category_id"))
      .select([
        "m.ancestor_id as category_id",
        period.as("period"),
        sql<number>`count(distinct i.response_id)`.as("n"),
        sql<number>`count(distinct i.response_id) filter (where i.sentiment = 'positive')`.as("positive"),
        sql<number>`count(distinct i.response_id) filter (where i.sentiment = 'negative')`.as("negative"),
        sql<number>`count(distinct i.response_id) filter (where i.nps_score >= 9)`.as("promoters"),
        sql<number>`count(distinct i.response_id) filter (where i.nps_score between 7 and 8)`.as("passives"),
        sql<number>`count(distinct i.response_id) filter (where i.nps_score <= 6)`.as("detractors"),
        sql<number>`count(distinct i.response_id) filter (where i.csat_positive)`.as("csat_positive"),
        sql<number>`count(distinct i.response_id) filter (where i.csat_positive is not null)`.as("csat_n"),
      ])
      .where("i.workspace_id", "=", workspaceId)
      .$if(scope.surveyId !== undefined, (q) => q.where("i.survey_id", "=", scope.surveyId ?? ""))
      .$if(scope.from !== undefined, (q) => q.where("i.submitted_at", ">=", scope.from ?? new Date(0)))
      .$if(scope.to !== undefined, (q) => q.where("i.submitted_at", "<", scope.to ?? new Date(0)))
      .groupBy("m.ancestor_id")
      // By position: the period expression's parameters would not compare equal to the select's.
      .$if(byPeriod !== null, (q) => q.groupBy(sql`2`))
      .execute()
  );
}

/** Answers with text per period, and how many of them have a category. */
export function periodTotals(
  db: Db,
  workspaceId: string,
  scope: StatsScope,
  interval: "day" | "week" | "month",
  timeZone: string,
) {
  const period = sql<string>`to_char(date_trunc(${interval}, i.submitted_at at time zone ${timeZone}), 'YYYY-MM-DD')`;
  return db
    .selectFrom("feedback_items as i")
    .select([
      period.as("period"),
      (eb) => eb.fn.countAll<number>().as("n"),
      sql<number>`count(*) filter (where exists (select 1 from feedback_item_categories c where c.workspace_id = i.workspace_id and c.response_id = i.response_id))`.as(
        "categorized",
      ),
    ])
    .where("i.workspace_id", "=", workspaceId)
    .$if(scope.surveyId !== undefined, (q) => q.where("i.survey_id", "=", scope.surveyId ?? ""))
    .$if(scope.from !== undefined, (q) => q.where("i.submitted_at", ">=", scope.from ?? new Date(0)))
    .$if(scope.to !== undefined, (q) => q.where("i.submitted_at", "<", scope.to ?? new Date(0)))
    .groupBy(sql`1`)
    .orderBy(sql`1`)
    .execute();
}

/** NPS group and CSAT counts of all answers with text in the scope (the base of driver impact). */
export function scopeTotals(db: Db, workspaceId: string, scope: StatsScope) {
  return db
    .selectFrom("feedback_items as i")
    .select([
      (eb) => eb.fn.countAll<number>().as("n"),
      sql<number>`count(*) filter (where i.nps_score >= 9)`.as("promoters"),
      sql<number>`count(*) filter (where i.nps_score between 7 and 8)`.as("passives"),
      sql<number>`count(*) filter (where i.nps_score <= 6)`.as("detractors"),
      sql<number>`count(*) filter (where i.csat_positive)`.as("csat_positive"),
      sql<number>`count(*) filter (where i.csat_positive is not null)`.as("csat_n"),
    ])
    .where("i.workspace_id", "=", workspaceId)
    .$if(scope.surveyId !== undefined, (q) => q.where("i.survey_id", "=", scope.surveyId ?? ""))
    .$if(scope.from !== undefined, (q) => q.where("i.submitted_at", ">=", scope.from ?? new Date(0)))
    .$if(scope.to !== undefined, (q) => q.where("i.submitted_at", "<", scope.to ?? new Date(0)))
    .executeTakeFirstOrThrow();
}
