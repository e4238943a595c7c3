import { getWorkspace } from "../auth/service.js";
import type { Db } from "../db/connection.js";
import { invalid } from "../http/errors.js";
import type { TQuestion, TSurvey } from "../surveys/schema.js";
import { getSurvey, listSurveys } from "../surveys/service.js";
import { matchesFilter, parseFilter, SURVEY_FIELDS, type TFilter } from "./filter.js";
import type { HistogramRequest } from "./histogram.js";
import type { MetricName } from "./score.js";
import { getSegment } from "./segments-service.js";
import { addDays, dayIfStartOfDay, daysBetween, resolveBound, startOfLocalDay } from "./time.js";

/** The answer kind each metric reads. */
export const KIND: Record<MetricName, TQuestion["type"]> = {
  nps: "nps",
  csat: "csat",
  ces: "ces",
  cli: "cli",
  missus: "missus",
  rating: "rating",
};

/** What narrows a metric: survey, question, period, saved segment, ad-hoc filter and shorthands. */
export interface ScopeQuery {
  surveyId?: string;
  questionId?: string;
  from?: string;
  to?: string;
  filter?: string;
  segmentId?: string;
  channel?: string;
  touchpoint?: string;
}

export interface Period {
  from?: Date;
  to?: Date;
  fromDay?: string;
  toDay?: string;
}

export interface MetricScope {
  metric: MetricName;
  timeZone: string;
  rollupDims: string[];
  surveys: TSurvey[];
  /** Questions by "surveyId/questionId", for per-question scales. */
  questions: Map<string, TQuestion>;
  questionId?: string;
  /** Undefined: every survey. */
  surveyIds?: string[];
  /** Conditions on response fields and attributes (survey fields already applied to surveyIds). */
  filter: TFilter;
  period: Period;
}

const isSurveyField = (f: string) => (SURVEY_FIELDS as readonly string[]).includes(f);

/** The value of a survey field ("survey" is the survey's name). */
export function surveyField(s: TSurvey, field: string): string | null {
  if (field === "survey") return s.name;
  if (field === "touchpoint") return s.touchpoint ?? null;
  if (field === "stage") return s.stage ?? null;
  return null;
}

export function periodOf(from: Date | undefined, to: Date | undefined, timeZone: string): Period {
  const fromDay = from ? dayIfStartOfDay(from, timeZone) : undefined;
  const toDay = to ? dayIfStartOfDay(to, timeZone) : undefined;
  return { from, to, fromDay: fromDay ?? undefined, toDay: toDay ?? undefined };
}

/** The period of equal length just before (in local days when the period is whole days). */
export function previousPeriod(p: Period, timeZone: string): Period | null {
  if (!p.from || !p.to) return null;
  if (p.fromDay && p.toDay) {
    const fromDay = addDays(p.fromDay, -daysBetween(p.fromDay, p.toDay));
    return { from: startOfLocalDay(fromDay, timeZone), to: p.from, fromDay, toDay: p.fromDay };
  }
  return { from: new Date(2 * p.from.getTime() - p.to.getTime()), to: p.from };
}

/**
 * A typed filter and a saved segment as SQL-ready conditions on response fields and attributes, with
 * the survey fields (survey, touchpoint, stage) applied to the given surveys as a list of ids
 * (undefined: every survey when no survey field is used and no survey was chosen).
 */
async function splitFilter(
  db: Db,
  workspaceId: string,
  q: { surveyId?: string; filter?: string; segmentId?: string },
  surveys: () => Promise<TSurvey[]>,
  extra: TFilter = [],
): Promise<{ conditions: TFilter; surveyIds?: string[] }> {
  const filter: TFilter = q.filter ? parseFilter(q.filter) : [];
  if (q.segmentId) filter.push(...(await getSegment(db, workspaceId, q.segmentId)).conditions);
  filter.push(...extra);
  const surveyConditions = filter.filter((c) => isSurveyField(c.field));
  const surveyIds =
    q.surveyId || surveyConditions.length
      ? (await surveys())
          .filter((s) => matchesFilter(surveyConditions, (f) => surveyField(s, f)))
          .map((s) => s.id)
      : undefined;
  return { conditions: filter.filter((c) => !isSurveyField(c.field)), surveyIds };
}

/** The responses a typed filter and/or saved segment select, for listings and exports. */
export async function responseFilter(
  db: Db,
  workspaceId: string,
  q: { surveyId?: string; filter?: string; segmentId?: string },
): Promise<{ conditions: TFilter; surveyIds?: string[] }> {
  if (!q.filter && !q.segmentId) return { conditions: [] };
  // The surveys are read only when a survey field (survey, touchpoint, stage) needs resolving.
  const surveys = async () =>
    q.surveyId ? [await getSurvey(db, workspaceId, q.surveyId)] : listSurveys(db, workspaceId);
  return splitFilter(db, workspaceId, q, surveys);
}

/** Resolves a metric query against the workspace: surveys, question, filter, period in its time zone. */
export async function resolveScope(
  db: Db,
  workspaceId: string,
  metric: MetricName,
  q: ScopeQuery,
): Promise<MetricScope> {
  const workspace = await getWorkspace(db, workspaceId);
  const timeZone = workspace.time_zone;
  const kind = KIND[metric];
  const surveys = q.surveyId
    ? [await getSurvey(db, workspaceId, q.surveyId)]
    : await listSurveys(db, workspaceId);
  const questions = new Map<string, TQuestion>();
  for (const s of surveys) for (const x of s.definition.questions) questions.set(`${s.id}/${x.id}`, x);

  let questionId = q.questionId;
  if (q.surveyId && !questionId) {
    questionId = surveys[0]?.definition.questions.find((x) => x.type === kind)?.id;
    if (!questionId) throw invalid("query.questionId", `the survey has no ${metric} question`);
  }
  if (q.surveyId && questionId && questions.get(`${q.surveyId}/${questionId}`)?.type !== kind) {
    throw invalid("query.questionId", `"${questionId}" is not a ${metric} question of this survey`);
  }

  const extra: TFilter = [];
  if (q.channel) extra.push({ field: "channel", op: "eq", values: [q.channel] });
  if (q.touchpoint) extra.push({ field: "touchpoint", op: "eq", values: [q.touchpoint] });
  const { conditions, surveyIds } = await splitFilter(db, workspaceId, q, async () => surveys, extra);

  const from = q.from ? resolveBound(q.from, timeZone) : undefined;
  const to = q.to ? resolveBound(q.to, timeZone) : undefined;
  if (from && to && from >= to) throw invalid("query.from", "from must be before to");

  return {
    metric,
    timeZone,
    rollupDims: workspace.rollup_dimensions,
    surveys,
    questions,
    questionId,
    surveyIds,
    filter: conditions,
    period: periodOf(from, to, timeZone),
  };
}

/** The histogram request of a scope, for a period and an optional trend unit and segment. */
export function histogramRequest(
  s: MetricScope,
  period: Period,
  extra: { unit?: HistogramRequest["unit"]; segment?: string } = {},
): HistogramRequest {
  return {
    kind: KIND[s.metric],
    surveyIds: s.surveyIds,
    questionId: s.questionId,
    ...period,
    unit: extra.unit,
    timeZone: s.timeZone,
    segment: extra.segment && !isSurveyField(extra.segment) ? extra.segment : undefined,
    filter: s.filter,
    rollupDims: s.rollupDims,
  };
}

/** The scope further narrowed by a filter (e.g. one side of a segment comparison). */
export function narrowScope(s: MetricScope, filter: TFilter): MetricScope {
  const bySurvey = filter.filter((c) => isSurveyField(c.field));
  const surveyIds = bySurvey.length
    ? s.surveys
        .filter((x) => !s.surveyIds || s.surveyIds.includes(x.id))
        .filter((x) => matchesFilter(bySurvey, (f) => surveyField(x, f)))
        .map((x) => x.id)
    : s.surveyIds;
  return { ...s, surveyIds, filter: [...s.filter, ...filter.filter((c) => !isSurveyField(c.field))] };
}

export { isSurveyField };
