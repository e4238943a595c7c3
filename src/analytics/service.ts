import type { Db } from "../db/connection.js";
import { AppError, invalid } from "../http/errors.js";
import type { TQuestion } from "../surveys/schema.js";
import { parseFilter, type TFilter } from "./filter.js";
import { histogram, type Source } from "./histogram.js";
import type {
  TCompareQuery,
  TCompareResult,
  TMetricQuery,
  TMetricResult,
  TPortfolioQuery,
  TPortfolioResult,
} from "./schema.js";
import {
  histogramRequest,
  isSurveyField,
  KIND,
  type MetricScope,
  narrowScope,
  type Period,
  periodOf,
  previousPeriod,
  resolveScope,
  surveyField,
} from "./scope.js";
import { compareScores, type HistogramRow, type MetricName, type Score, scoreOf } from "./score.js";
import { getSegment } from "./segments-service.js";
import { attributeNames, type HistogramSqlRow } from "./store.js";
import { periodKeys, resolveBound } from "./time.js";

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

/** The segment key of a histogram row: SQL computed it, or it is a field of the row's survey. */
function segmentKey(scope: MetricScope, segment: string): (r: HistogramSqlRow) => string {
  if (!isSurveyField(segment)) return (r) => r.segment ?? NONE;
  const surveys = new Map(scope.surveys.map((s) => [s.id, s]));
  return (r) => {
    const s = surveys.get(r.survey_id);
    return (s && surveyField(s, segment)) ?? NONE;
  };
}

async function scoreFor(db: Db, workspaceId: string, scope: MetricScope, period: Period) {
  const { rows, source } = await histogram(db, workspaceId, histogramRequest(scope, period));
  return { score: scoreOf(scope.metric, toHistogram(rows), scope.questions), source };
}

/**
 * A feedback metric for a survey (or the whole workspace) over [from, to): the score with n and CI,
 * the previous period of equal length with its significance test, the trend by period in the
 * workspace's time zone, and a breakdown by a segment (the largest `top`, the rest as "(other)").
 */
export async function computeMetric(
  db: Db,
  workspaceId: string,
  metric: MetricName,
  q: TMetricQuery,
): Promise<TMetricResult> {
  const scope = await resolveScope(db, workspaceId, metric, q);
  const { period } = scope;
  const sources = new Set<Source>();
  const prevPeriod = previousPeriod(period, scope.timeZone);
  // The two reads are independent: on a server pool they run side by side.
  const [main, prev] = await Promise.all([
    histogram(db, workspaceId, histogramRequest(scope, period, { unit: q.groupBy, segment: q.segment })),
    prevPeriod?.from && prevPeriod.to ? scoreFor(db, workspaceId, scope, prevPeriod) : null,
  ]);
  sources.add(main.source);
  const rows = main.rows;
  const overall = scoreOf(metric, toHistogram(rows), scope.questions);

  const series = [];
  if (q.groupBy) {
    const byPeriod = groupRows(rows, (r) => r.period ?? "");
    const keys =
      period.from && period.to
        ? periodKeys(period.from, period.to, q.groupBy, scope.timeZone)
        : [...byPeriod.keys()].sort();
    for (const key of keys)
      series.push({
        period: key,
        ...point(scoreOf(metric, toHistogram(byPeriod.get(key) ?? []), scope.questions)),
      });
  }

  const breakdown = [];
  if (q.segment) {
    const bySegment = [...groupRows(rows, segmentKey(scope, q.segment)).entries()]
      .map(([key, list]) => ({ key, list, n: list.reduce((a, r) => a + r.n, 0) }))
      .sort((a, b) => b.n - a.n || a.key.localeCompare(b.key));
    const top = bySegment.slice(0, q.top);
    const rest = bySegment.slice(q.top).flatMap((s) => s.list);
    if (rest.length) top.push({ key: OTHER, list: rest, n: 0 });
    for (const s of top) {
      const score = scoreOf(metric, toHistogram(s.list), scope.questions);
      breakdown.push({ key: s.key, ...point(score), detail: score.detail });
    }
  }

  let previous: TMetricResult["previous"] = null;
  if (prev && prevPeriod?.from && prevPeriod.to) {
    sources.add(prev.source);
    previous = {
      ...point(prev.score),
      from: prevPeriod.from.toISOString(),
      to: prevPeriod.to.toISOString(),
      ...compareScores(overall, prev.score),
    };
  }

  return {
    metric,
    surveyId: q.surveyId ?? null,
    questionId: scope.questionId ?? null,
    from: period.from?.toISOString() ?? null,
    to: period.to?.toISOString() ?? null,
    lowerIsBetter: metric === "cli",
    source: sources.has("raw") ? "raw" : "rollup",
    ...point(overall),
    detail: overall.detail,
    previous,
    series,
    breakdown,
  };
}

async function sideFilter(db: Db, workspaceId: string, text?: string, segmentId?: string, field = "a") {
  const filter: TFilter = text ? parseFilter(text, `query.${field}`) : [];
  if (segmentId) filter.push(...(await getSegment(db, workspaceId, segmentId)).conditions);
  return filter;
}

/**
 * Two scores side by side with the significance of their difference (`b − a`): before/after a date
 * (`splitAt`: a = [from, splitAt), b = [splitAt, to)), or two segments over the same period.
 */
export async function compareMetric(
  db: Db,
  workspaceId: string,
  metric: MetricName,
  q: TCompareQuery,
): Promise<TCompareResult> {
  const scope = await resolveScope(db, workspaceId, metric, q);
  let a: { scope: MetricScope; period: Period; label: string };
  let b: typeof a;
  if (q.splitAt) {
    const { from, to } = scope.period;
    if (!from || !to) throw invalid("query.from", "a before/after comparison needs from and to");
    const split = resolveBound(q.splitAt, scope.timeZone);
    if (split <= from || split >= to) throw invalid("query.splitAt", "splitAt must fall between from and to");
    a = { scope, period: periodOf(from, split, scope.timeZone), label: "before" };
    b = { scope, period: periodOf(split, to, scope.timeZone), label: "after" };
  } else {
    const fa = await sideFilter(db, workspaceId, q.a, q.aSegmentId, "a");
    const fb = await sideFilter(db, workspaceId, q.b, q.bSegmentId, "b");
    if (!fa.length && !fb.length) throw invalid("query.a", "give splitAt, or segments a and b");
    a = { scope: narrowScope(scope, fa), period: scope.period, label: q.a ?? "a" };
    b = { scope: narrowScope(scope, fb), period: scope.period, label: q.b ?? "b" };
  }
  const [ra, rb] = [
    await scoreFor(db, workspaceId, a.scope, a.period),
    await scoreFor(db, workspaceId, b.scope, b.period),
  ];
  const side = (x: typeof a, r: typeof ra) => ({
    label: x.label,
    from: x.period.from?.toISOString() ?? null,
    to: x.period.to?.toISOString() ?? null,
    ...point(r.score),
    detail: r.score.detail,
  });
  return {
    metric,
    lowerIsBetter: metric === "cli",
    a: side(a, ra),
    b: side(b, rb),
    ...compareScores(rb.score, ra.score),
  };
}

/**
 * A metric portfolio per customer type: for each value of `by` (e.g. the customer's segment), every
 * requested metric's score, for the score-card dashboard.
 */
export async function metricPortfolio(
  db: Db,
  workspaceId: string,
  q: TPortfolioQuery,
): Promise<TPortfolioResult> {
  const rows = new Map<string, TPortfolioResult["rows"][number]>();
  const columns: MetricName[] = [];
  for (const metric of q.metrics) {
    let result: TMetricResult;
    try {
      result = await computeMetric(db, workspaceId, metric, { ...q, segment: q.by });
    } catch (e) {
      // A survey without a question of this metric simply has no column for it.
      if (e instanceof AppError && e.field === "query.questionId") continue;
      throw e;
    }
    if (result.n === 0) continue;
    columns.push(metric);
    for (const b of result.breakdown) {
      const row = rows.get(b.key) ?? { key: b.key, cells: {} };
      row.cells[metric] = { value: b.value, n: b.n, ci: b.ci, lowSample: b.lowSample };
      rows.set(b.key, row);
    }
  }
  return { by: q.by, metrics: columns, rows: [...rows.values()] };
}

/** The headline metric of a survey: the type of its first score question. */
export function primaryMetric(questions: TQuestion[]): { metric: MetricName; questionId: string } | null {
  for (const q of questions) {
    const metric = (Object.keys(KIND) as MetricName[]).find((m) => KIND[m] === q.type);
    if (metric) return { metric, questionId: q.id };
  }
  return null;
}

/** Attribute names seen on recent answers and their customers (most common first), for breakdown choices. */
export function listAttributeNames(db: Db, workspaceId: string, surveyId?: string) {
  return attributeNames(db, workspaceId, surveyId);
}
