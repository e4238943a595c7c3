import { sql } from "kysely";
import type { Db } from "../db/connection.js";
import type { TCondition } from "./filter.js";
import { conditionSql, periodSql, responseFieldSql } from "./sql-filter.js";

export type Granularity = "day" | "week" | "month" | "quarter" | "year";

export interface HistogramQuery {
  kind: string;
  /** Restricts to these surveys (an empty list matches nothing). */
  surveyIds?: string[];
  questionId?: string;
  from?: Date;
  to?: Date;
  /** Group into periods of the workspace time zone. */
  groupBy?: { unit: Granularity; timeZone: string };
  segment?: string;
  /** Conditions on response fields and response/customer attributes, all of which must hold. */
  filter?: TCondition[];
}

export interface HistogramSqlRow {
  period: string | null;
  segment: string | null;
  survey_id: string;
  question_id: string;
  value: number;
  n: number;
}

/**
 * Answer counts per (period, segment, question, value) — the sufficient statistics of every score
 * metric. Served by the (workspace_id, survey_id, question_id, submitted_at) and (workspace_id, kind,
 * submitted_at) indexes; joins responses/customers/surveys only when the segment needs them.
 */
export async function scoreHistogram(
  db: Db,
  workspaceId: string,
  q: HistogramQuery,
): Promise<HistogramSqlRow[]> {
  const period = q.groupBy
    ? periodSql(q.groupBy.unit, sql`a.submitted_at at time zone ${q.groupBy.timeZone}`)
    : sql<string | null>`null::text`;
  const segment = q.segment
    ? sql<string | null>`${responseFieldSql(q.segment)}::text`
    : sql<string | null>`null::text`;
  let query = db
    .selectFrom("answers as a")
    .where("a.workspace_id", "=", workspaceId)
    .where("a.kind", "=", q.kind)
    .where("a.value", "is not", null);
  if (q.surveyIds)
    query = query.where("a.survey_id", "in", q.surveyIds.length ? q.surveyIds : [null as never]);
  if (q.questionId) query = query.where("a.question_id", "=", q.questionId);
  if (q.from) query = query.where("a.submitted_at", ">=", q.from);
  if (q.to) query = query.where("a.submitted_at", "<", q.to);
  const filter = q.filter ?? [];
  if (q.segment || filter.length) {
    query = query
      .innerJoin("responses as r", (j) =>
        j.onRef("r.workspace_id", "=", "a.workspace_id").onRef("r.id", "=", "a.response_id"),
      )
      .leftJoin("customers as c", (j) =>
        j.onRef("c.workspace_id", "=", "r.workspace_id").onRef("c.id", "=", "r.customer_id"),
      );
    for (const c of filter) query = query.where(conditionSql(responseFieldSql(c.field), c));
  }
  const rows = await query
    .select([
      period.as("period"),
      segment.as("segment"),
      "a.survey_id",
      "a.question_id",
      sql<number>`a.value`.as("value"),
      sql<number>`count(*)::int`.as("n"),
    ])
    .groupBy([sql`1`, sql`2`, sql`3`, sql`4`, sql`5`])
    .execute();
  return rows.map((r) => ({ ...r, value: Number(r.value) }));
}

/**
 * Attribute names on the latest responses (of a survey, or the workspace) and on their customers'
 * profiles, with how many of those responses carry each: what a breakdown or a filter can use. Reads
 * at most `sample` responses, newest first, so it stays quick on large workspaces.
 */
export async function attributeNames(
  db: Db,
  workspaceId: string,
  surveyId: string | undefined,
  sample = 5000,
): Promise<{ key: string; n: number }[]> {
  const { rows } = await sql<{ key: string; n: number }>`
    with recent as (
      select r.attributes, r.customer_id
      from responses r
      where r.workspace_id = ${workspaceId} ${surveyId ? sql`and r.survey_id = ${surveyId}` : sql``}
      order by r.submitted_at desc
      limit ${sample}
    )
    select k.key, count(*)::int as n
    from recent r
    left join customers c on c.workspace_id = ${workspaceId} and c.id = r.customer_id
    cross join lateral (
      select jsonb_object_keys(r.attributes) as key
      union
      select jsonb_object_keys(coalesce(c.attributes, '{}'::jsonb))
    ) k
    group by k.key
    order by n desc, k.key
    limit 100`.execute(db);
  return rows;
}
