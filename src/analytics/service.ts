import { getWorkspace } from "../auth/service.js";
import type { Db } from "../db/connection.js";
import { invalid } from "../http/errors.js";
import type { TQuestion } from "../surveys/schema.js";
import { getSurvey, listSurveys } from "../surveys/service.js";
import type { TMetricQuery, TMetricResult } from "./schema.js";
import { compareScores, type HistogramRow, type MetricName, type Score, scoreOf } from "./score.js";
import { type HistogramSqlRow, periodKeys, scoreHistogram } from "./store.js";

/** The answer kind each metric reads. */
const KIND: Record<MetricName, TQuestion["type"]> = {
  nps: "nps",
  csat: "csat",
  ces: "ces",
  cli: "cli",
  missus: "missus",
  rating: "rating",
};

const OTHER = "(other)";
const NONE = "(none)";

const point = (s: Score) => ({ value: s.value, n: s.n, ci: s.ci, lowSample: s.lowSample });

function toHistogram(rows: HistogramSqlRow[]): HistogramRow[] {
  return rows.map((r) => ({ questionKey: `${r.survey_id}/${r.question_id}`, value: r.value, n: r.n }));
}

function groupRows<K>(rows: HistogramSqlRow[], key: (r: HistogramSqlRow) => K): Map<K, HistogramSqlRow[]> {
  const out = new Map<K, HistogramSqlRow[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

/** Questions of the workspace's surveys by "surveyId/questionId", for per-question scales. */
async function questionIndex(db: Db, workspaceId: string, surveyId?: string) {
  const surveys = surveyId
    ? [await getSurvey(db, workspaceId, surveyId)]
    : await listSurveys(db, workspaceId);
  const index = new Map<string, TQuestion>();
  for (const s of surveys) for (const q of s.definition.questions) index.set(`${s.id}/${q.id}`, q);
  return index;
}

/**
 * A feedback metric for a survey (or the whole workspace) over [from, to): the score with n and CI,
 * the previous period of equal length with its significance test, the trend by period in the
 * workspace's time zone, and a breakdown by a segment.
 */
export async function computeMetric(
  db: Db,
  workspaceId: string,
  metric: MetricName,
  q: TMetricQuery,
): Promise<TMetricResult> {
  if (q.from && q.to && q.from >= q.to) throw invalid("query.from", "from must be before to");
  const kind = KIND[metric];
  const questions = await questionIndex(db, workspaceId, q.surveyId);
  let questionId = q.questionId;
  if (q.surveyId && !questionId) {
    const first = [...questions.values()].find((x) => x.type === kind);
    if (!first) throw invalid("query.questionId", `the survey has no ${metric} question`);
    questionId = first.id;
  }
  if (q.surveyId && questionId && questions.get(`${q.surveyId}/${questionId}`)?.type !== kind) {
    throw invalid("query.questionId", `"${questionId}" is not a ${metric} question of this survey`);
  }
  const workspace = await getWorkspace(db, workspaceId);
  const timeZone = workspace.time_zone;
  const base = { kind, surveyId: q.surveyId, questionId };

  const rows = await scoreHistogram(db, workspaceId, {
    ...base,
    from: q.from,
    to: q.to,
    groupBy: q.groupBy ? { unit: q.groupBy, timeZone } : undefined,
    segment: q.segment,
  });
  const overall = scoreOf(metric, toHistogram(rows), questions);

  const series = [];
  if (q.groupBy) {
    const byPeriod = groupRows(rows, (r) => r.period ?? "");
    const keys =
      q.from && q.to ? await periodKeys(db, q.from, q.to, q.groupBy, timeZone) : [...byPeriod.keys()].sort();
    for (const period of keys)
      series.push({ period, ...point(scoreOf(metric, toHistogram(byPeriod.get(period) ?? []), questions)) });
  }

  const breakdown = [];
  if (q.segment) {
    const bySegment = [...groupRows(rows, (r) => r.segment ?? NONE).entries()]
      .map(([key, list]) => ({ key, list, n: list.reduce((a, r) => a + r.n, 0) }))
      .sort((a, b) => b.n - a.n || a.key.localeCompare(b.key));
    const top = bySegment.slice(0, q.top);
    const rest = bySegment.slice(q.top).flatMap((s) => s.list);
    if (rest.length) top.push({ key: OTHER, list: rest, n: 0 });
    for (const s of top) {
      const score = scoreOf(metric, toHistogram(s.list), questions);
      breakdown.push({ key: s.key, ...point(score), detail: score.detail });
    }
  }

  let previous: TMetricResult["previous"] = null;
  if (q.from && q.to) {
    const span = q.to.getTime() - q.from.getTime();
    const prevFrom = new Date(q.from.getTime() - span);
    const prevRows = await scoreHistogram(db, workspaceId, { ...base, from: prevFrom, to: q.from });
    const prev = scoreOf(metric, toHistogram(prevRows), questions);
    previous = {
      ...point(prev),
      from: prevFrom.toISOString(),
      to: q.from.toISOString(),
      ...compareScores(overall, prev),
    };
  }

  return {
    metric,
    surveyId: q.surveyId ?? null,
    questionId: questionId ?? null,
    from: q.from?.toISOString() ?? null,
    to: q.to?.toISOString() ?? null,
    lowerIsBetter: metric === "cli",
    ...point(overall),
    detail: overall.detail,
    previous,
    series,
    breakdown,
  };
}

/** The headline metric of a survey: the type of its first score question. */
export function primaryMetric(questions: TQuestion[]): { metric: MetricName; questionId: string } | null {
  for (const q of questions) {
    const metric = (Object.keys(KIND) as MetricName[]).find((m) => KIND[m] === q.type);
    if (metric) return { metric, questionId: q.id };
  }
  return null;
}
