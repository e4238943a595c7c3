import { sql } from "kysely";
import type { Db } from "../db/connection.js";
import type { TCondition } from "./filter.js";
import { conditionSql, periodSql } from "./sql-filter.js";
import type { Granularity, HistogramSqlRow } from "./store.js";

export interface RollupQuery {
  kind: string;
  surveyIds?: string[];
  questionId?: string;
  /** Local days, `[fromDay, toDay)`. */
  fromDay?: string;
  toDay?: string;
  unit?: Granularity;
  /**
   * '' reads the base rows (channel, language); an attribute name, or a pair `a+b`, reads that
   * dimension's rows.
   */
  dim: string;
  /** Group by channel or language (base rows) or by one of the dimension's attributes. */
  segment?: string;
  /** Conditions on the fields the rows hold (see `dim`). */
  filter: TCondition[];
}

/** The column holding a field in a dimension's rows. */
function column(dim: string, field: string) {
  if (dim === "") return field === "language" ? sql`language` : sql`channel`;
  return dim.split("+").indexOf(field) === 1 ? sql`dim_value2` : sql`dim_value`;
}

/** The same answer counts as `scoreHistogram`, read from the daily rollups. */
export async function rollupHistogram(
  db: Db,
  workspaceId: string,
  q: RollupQuery,
): Promise<HistogramSqlRow[]> {
  // Month rows serve month/quarter/year trends and totals whenever the bounds are whole months.
  const monthly =
    (!q.unit || q.unit === "month" || q.unit === "quarter" || q.unit === "year") &&
    (!q.fromDay || q.fromDay.endsWith("-01")) &&
    (!q.toDay || q.toDay.endsWith("-01"));
  const period = q.unit ? periodSql(q.unit, sql`period::timestamp`) : sql<string | null>`null::text`;
  const segment = q.segment
    ? sql<string | null>`${column(q.dim, q.segment)}`
    : sql<string | null>`null::text`;
  let query = db
    .selectFrom("answer_rollups")
    .where("workspace_id", "=", workspaceId)
    .where("kind", "=", q.kind)
    .where("dim", "=", q.dim)
    .where("grain", "=", monthly ? "month" : "day");
  if (q.surveyIds) query = query.where("survey_id", "in", q.surveyIds.length ? q.surveyIds : [null as never]);
  if (q.questionId) query = query.where("question_id", "=", q.questionId);
  if (q.fromDay) query = query.where("period", ">=", q.fromDay);
  if (q.toDay) query = query.where("period", "<", q.toDay);
  for (const c of q.filter) query = query.where(conditionSql(column(q.dim, c.field), c));
  const rows = await query
    .select([
      period.as("period"),
      segment.as("segment"),
      "survey_id",
      "question_id",
      sql<number>`value`.as("value"),
      sql<number>`sum(n)::int`.as("n"),
    ])
    .groupBy([sql`1`, sql`2`, sql`3`, sql`4`, sql`5`])
    .having(sql`sum(n)`, "<>", 0)
    .execute();
  return rows.map((r) => ({ ...r, value: Number(r.value) }));
}

/** Recomputes a workspace's rollups from its answers. */
export async function rebuildRollups(db: Db, workspaceId: string): Promise<void> {
  await sql`select otklik_rollup_rebuild(${workspaceId}::uuid)`.execute(db);
}
