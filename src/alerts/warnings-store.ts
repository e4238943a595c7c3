/** Early-warning rules, the warnings they fired, and the category-share counts they compare. */
import { sql } from "kysely";
import { responseFieldSql } from "../analytics/sql-filter.js";
import type { Db } from "../db/connection.js";
import { deleteRow } from "../db/delete-row.js";
import type { EarlyWarningTable, WarningRuleRow } from "./tables.js";

export interface WarningRuleWrite {
  name: string;
  enabled: boolean;
  metric: string;
  survey_id: string | null;
  category_id: string | null;
  segment_by: string[];
  window_days: number;
  baseline_days: number;
  min_n: number;
}

export function listRules(db: Db, workspaceId: string) {
  return db
    .selectFrom("warning_rules")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}

export function findRule(db: Db, workspaceId: string, id: string) {
  return db
    .selectFrom("warning_rules")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();
}

export function insertRule(db: Db, workspaceId: string, id: string, r: WarningRuleWrite, now: Date) {
  return db
    .insertInto("warning_rules")
    .values({
      ...r,
      workspace_id: workspaceId,
      id,
      segment_by: JSON.stringify(r.segment_by),
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
  r: Partial<WarningRuleWrite> & { last_run_at?: Date },
  now: Date,
): Promise<WarningRuleRow | undefined> {
  const { segment_by, ...rest } = r;
  return db
    .updateTable("warning_rules")
    .set({
      ...rest,
      ...(segment_by !== undefined ? { segment_by: JSON.stringify(segment_by) } : {}),
      updated_at: now,
    })
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirst();
}

export function deleteRule(db: Db, workspaceId: string, id: string): Promise<boolean> {
  return deleteRow(db, "warning_rules", workspaceId, id);
}

/**
 * Claims the enabled rules not checked since `before`, across workspaces: each is stamped `last_run_at`
 * in the claim, so two servers never check one rule in the same hour.
 */
export async function claimDueRules(
  db: Db,
  before: Date,
  now: Date,
  limit: number,
): Promise<WarningRuleRow[]> {
  const { rows } = await sql<WarningRuleRow>`
    update warning_rules r set last_run_at = ${now}
    where (r.workspace_id, r.id) in (
      select workspace_id, id from warning_rules
      where enabled and (last_run_at is null or last_run_at < ${before})
      order by last_run_at nulls first limit ${limit} for update skip locked)
    returning r.*`.execute(db);
  return rows;
}

/** Stores a warning unless its dedupe key exists; the stored row, or undefined when it was a repeat. */
export function insertWarning(db: Db, w: Omit<EarlyWarningTable, never>) {
  return db
    .insertInto("early_warnings")
    .values(w)
    .onConflict((oc) => oc.columns(["workspace_id", "dedupe_key"]).doNothing())
    .returningAll()
    .executeTakeFirst();
}

/** Whether the rule fired for the segment since `since` (the cool-down that stops repeats). */
export async function firedSince(
  db: Db,
  workspaceId: string,
  ruleId: string,
  segment: { name: string; value: string } | null,
  since: Date,
) {
  const row = await db
    .selectFrom("early_warnings")
    .select("id")
    .where("workspace_id", "=", workspaceId)
    .where("rule_id", "=", ruleId)
    .where((eb) =>
      segment
        ? eb.and([eb("segment_name", "=", segment.name), eb("segment_value", "=", segment.value)])
        : eb("segment_name", "is", null),
    )
    .where("created_at", ">", since)
    .executeTakeFirst();
  return row !== undefined;
}

export function listWarnings(
  db: Db,
  workspaceId: string,
  f: { ruleId?: string; cursor?: { at: Date; id: string }; limit: number },
) {
  const c = f.cursor;
  return db
    .selectFrom("early_warnings")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .$if(f.ruleId !== undefined, (q) => q.where("rule_id", "=", f.ruleId ?? ""))
    .$if(c !== undefined, (q) =>
      q.where(sql<boolean>`(created_at, id) < (${c?.at ?? new Date(0)}, ${c?.id ?? ""})`),
    )
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(f.limit)
    .execute();
}

/**
 * Categorized comments in [from, to) and those in the category (or its sub-categories), per value of
 * an attribute (`attribute` null: the whole scope, value ''). The attribute is read as the analytics
 * filters read it — the answer's own, else its customer's (responseFieldSql) — so a segment means the
 * same here as on the dashboard. Read from the feedback tables: no feedback function splits category
 * shares by segment.
 */
export async function categoryShareCounts(
  db: Db,
  workspaceId: string,
  q: { categoryId: string; surveyId: string | null; attribute: string | null; from: Date; to: Date },
) {
  const seg = q.attribute ? sql`coalesce(${responseFieldSql(q.attribute)}, '')` : sql`''`;
  const joins = q.attribute
    ? sql`join responses r on r.workspace_id = fi.workspace_id and r.id = fi.response_id
      left join customers c on c.workspace_id = r.workspace_id and c.id = r.customer_id`
    : sql``;
  const survey = q.surveyId ? sql`and fi.survey_id = ${q.surveyId}` : sql``;
  const { rows } = await sql<{ segment: string; n: number; count: number }>`
    select ${seg} as segment, count(*)::int as n,
      count(*) filter (where exists (
        select 1 from feedback_item_categories ic join feedback_categories k
          on k.workspace_id = ic.workspace_id and k.id = ic.category_id
        where ic.workspace_id = fi.workspace_id and ic.response_id = fi.response_id
          and (k.id = ${q.categoryId} or k.parent_id = ${q.categoryId})))::int as count
    from feedback_items fi ${joins}
    where fi.workspace_id = ${workspaceId} and fi.submitted_at >= ${q.from} and fi.submitted_at < ${q.to} ${survey}
      and exists (select 1 from feedback_item_categories c2
        where c2.workspace_id = fi.workspace_id and c2.response_id = fi.response_id)
    group by 1`.execute(db);
  return rows;
}
