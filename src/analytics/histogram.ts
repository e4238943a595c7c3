import type { Db } from "../db/connection.js";
import { RESPONSE_FIELDS, type TFilter } from "./filter.js";
import { rollupHistogram } from "./rollup-store.js";
import { type Granularity, type HistogramSqlRow, scoreHistogram } from "./store.js";

export interface HistogramRequest {
  kind: string;
  surveyIds?: string[];
  questionId?: string;
  from?: Date;
  to?: Date;
  /** Set when `from`/`to` fall on the start of a local day (or are absent): the rollups can serve. */
  fromDay?: string;
  toDay?: string;
  unit?: Granularity;
  timeZone: string;
  /** A response field or attribute (survey fields are resolved by the caller). */
  segment?: string;
  filter: TFilter;
  /** The workspace's attributes that have rollups. */
  rollupDims: string[];
}

export type Source = "rollup" | "raw";

const BASE_FIELDS = new Set<string>(["channel", "language"]);
const RAW_ONLY_FIELDS = new Set<string>(RESPONSE_FIELDS.filter((f) => !BASE_FIELDS.has(f)));

/**
 * Which rollup rows can answer the request, if any: the base rows when only channel and language are
 * used; otherwise the rows of one dimension that holds every attribute used (and nothing but
 * attributes): a single attribute's own dimension, else a pair containing it, or the pair of exactly
 * the two attributes used. Anything else reads the raw answers (indexed by workspace, survey, question
 * and time).
 */
export function rollupPlan(q: HistogramRequest): { dim: string } | null {
  const aligned =
    (q.from === undefined || q.fromDay !== undefined) && (q.to === undefined || q.toDay !== undefined);
  if (!aligned) return null;
  const fields = new Set(q.filter.map((c) => c.field));
  if (q.segment) fields.add(q.segment);
  const attributes = [...fields].filter((f) => !BASE_FIELDS.has(f));
  if (attributes.some((f) => RAW_ONLY_FIELDS.has(f))) return null;
  if (attributes.length === 0) return { dim: "" };
  if (attributes.length !== fields.size || attributes.length > 2) return null;
  const holds = (dim: string) => attributes.every((a) => dim.split("+").includes(a));
  const dim =
    (attributes.length === 1 && q.rollupDims.find((d) => d === attributes[0])) ||
    q.rollupDims.find((d) => d.includes("+") && holds(d));
  return dim ? { dim } : null;
}

/** Answer counts per (period, segment, question, value), from the rollups when they can serve. */
export async function histogram(
  db: Db,
  workspaceId: string,
  q: HistogramRequest,
): Promise<{ rows: HistogramSqlRow[]; source: Source }> {
  const plan = rollupPlan(q);
  if (plan) {
    const rows = await rollupHistogram(db, workspaceId, {
      kind: q.kind,
      surveyIds: q.surveyIds,
      questionId: q.questionId,
      fromDay: q.fromDay,
      toDay: q.toDay,
      unit: q.unit,
      dim: plan.dim,
      segment: q.segment,
      filter: q.filter,
    });
    return { rows, source: "rollup" };
  }
  const rows = await scoreHistogram(db, workspaceId, {
    kind: q.kind,
    surveyIds: q.surveyIds,
    questionId: q.questionId,
    from: q.from,
    to: q.to,
    groupBy: q.unit ? { unit: q.unit, timeZone: q.timeZone } : undefined,
    segment: q.segment,
    filter: q.filter,
  });
  return { rows, source: "raw" };
}
