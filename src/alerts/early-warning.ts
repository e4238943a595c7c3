/**
 * Early warning: the recent window of a score (or a category's share) against its trailing baseline,
 * for the whole scope and per value of each configured attribute, with the metrics kernel's z tests.
 * A warning fires on a significant drop (a rise for a category share) with at least `minN` answers per
 * side, once per rule + segment + window, and not again for that segment until a window has passed.
 */

import { computeMetric } from "../analytics/service.js";
import { addDays, localDayOf, startOfLocalDay } from "../analytics/time.js";
import { getWorkspace } from "../auth/service.js";
import type { Db } from "../db/connection.js";
import { listCategories } from "../feedback/service.js";
import { invalid, notFound } from "../http/errors.js";
import { newId } from "../ids.js";
import {
  type Comparison,
  compareCsat,
  compareNps,
  compareShares,
  csatPercentFromCounts,
  npsFromCounts,
} from "../metrics/index.js";
import { getSurvey } from "../surveys/service.js";
import { queueAlert } from "./queue.js";
import type { TEarlyWarning, TWarningRule, TWarningRuleInput, TWarningRulePatch } from "./schema.js";
import type { EarlyWarningRow, WarningRuleRow } from "./tables.js";
import * as store from "./warnings-store.js";

const DAY = 86_400_000;
/** How often each rule is checked. */
export const CHECK_EVERY_MS = 3_600_000;

const metricOf = (m: string): TWarningRule["metric"] => (m === "csat" || m === "category_share" ? m : "nps");

const toRule = (r: WarningRuleRow): TWarningRule => ({
  id: r.id,
  name: r.name,
  enabled: r.enabled,
  metric: metricOf(r.metric),
  surveyId: r.survey_id,
  categoryId: r.category_id,
  segmentBy: r.segment_by,
  windowDays: r.window_days,
  baselineDays: r.baseline_days,
  minN: r.min_n,
  lastRunAt: r.last_run_at?.toISOString() ?? null,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

export const toWarning = (w: EarlyWarningRow): TEarlyWarning => ({
  id: w.id,
  ruleId: w.rule_id,
  metric: metricOf(w.metric),
  segment: w.segment_name !== null ? { name: w.segment_name, value: w.segment_value ?? "" } : null,
  window: { from: w.window_from.toISOString(), to: w.window_to.toISOString() },
  baseline: { from: w.baseline_from.toISOString(), to: w.window_from.toISOString() },
  current: { value: w.current_value, n: w.current_n },
  previous: { value: w.baseline_value, n: w.baseline_n },
  diff: w.diff,
  z: w.z,
  pValue: w.p_value,
  createdAt: w.created_at.toISOString(),
});

async function checkRefs(
  db: Db,
  workspaceId: string,
  r: { surveyId?: string | null; categoryId?: string | null; metric: string },
) {
  if (r.surveyId) {
    const survey = await getSurvey(db, workspaceId, r.surveyId).catch(() => {
      throw invalid("surveyId", "survey not found");
    });
    // Checked here, or the runner would fail on the rule every hour.
    const kind = r.metric === "category_share" ? null : r.metric;
    if (kind && !survey.definition.questions.some((q) => q.type === kind))
      throw invalid("surveyId", `the survey has no ${kind} question`);
  }
  if (r.categoryId) {
    const known = (await listCategories(db, workspaceId, { includeArchived: true })).some(
      (c) => c.id === r.categoryId,
    );
    if (!known) throw invalid("categoryId", "category not found");
  }
}

export async function listWarningRules(db: Db, workspaceId: string) {
  return (await store.listRules(db, workspaceId)).map(toRule);
}

export async function getWarningRule(db: Db, workspaceId: string, id: string) {
  const r = await store.findRule(db, workspaceId, id);
  if (!r) throw notFound("warning rule");
  return toRule(r);
}

export async function createWarningRule(db: Db, workspaceId: string, input: TWarningRuleInput, now: Date) {
  await checkRefs(db, workspaceId, input);
  const row = await store.insertRule(
    db,
    workspaceId,
    newId(),
    {
      name: input.name,
      enabled: input.enabled,
      metric: input.metric,
      survey_id: input.surveyId,
      category_id: input.categoryId,
      segment_by: [...new Set(input.segmentBy)],
      window_days: input.windowDays,
      baseline_days: input.baselineDays,
      min_n: input.minN,
    },
    now,
  );
  return toRule(row);
}

export async function updateWarningRule(
  db: Db,
  workspaceId: string,
  id: string,
  p: TWarningRulePatch,
  now: Date,
) {
  const before = await store.findRule(db, workspaceId, id);
  if (!before) throw notFound("warning rule");
  await checkRefs(db, workspaceId, {
    surveyId: p.surveyId === undefined ? before.survey_id : p.surveyId,
    categoryId: p.categoryId,
    metric: p.metric ?? before.metric,
  });
  if ((p.metric ?? before.metric) === "category_share" && !(p.categoryId ?? before.category_id))
    throw invalid("categoryId", "required for category_share");
  const row = await store.updateRule(
    db,
    workspaceId,
    id,
    {
      ...(p.name !== undefined ? { name: p.name } : {}),
      ...(p.enabled !== undefined ? { enabled: p.enabled } : {}),
      ...(p.metric !== undefined ? { metric: p.metric } : {}),
      ...(p.surveyId !== undefined ? { survey_id: p.surveyId } : {}),
      ...(p.categoryId !== undefined ? { category_id: p.categoryId } : {}),
      ...(p.segmentBy !== undefined ? { segment_by: [...new Set(p.segmentBy)] } : {}),
      ...(p.windowDays !== undefined ? { window_days: p.windowDays } : {}),
      ...(p.baselineDays !== undefined ? { baseline_days: p.baselineDays } : {}),
      ...(p.minN !== undefined ? { min_n: p.minN } : {}),
    },
    now,
  );
  if (!row) throw notFound("warning rule");
  return toRule(row);
}

export async function deleteWarningRule(db: Db, workspaceId: string, id: string) {
  if (!(await store.deleteRule(db, workspaceId, id))) throw notFound("warning rule");
}

interface Side {
  value: number | null;
  n: number;
}
interface SegmentResult {
  segment: { name: string; value: string } | null;
  current: Side;
  previous: Side;
  comparison: Comparison;
}

type Detail = Record<string, unknown>;
const num = (d: Detail, k: string) => (typeof d[k] === "number" ? (d[k] as number) : 0);

/** NPS or CSAT sample of a metric point, as the kernel's tests want it. */
function compareDetails(
  metric: "nps" | "csat",
  a: { n: number; detail: Detail },
  b: { n: number; detail: Detail },
) {
  if (metric === "nps") {
    const x = npsFromCounts({
      promoters: num(a.detail, "promoters"),
      passives: num(a.detail, "passives"),
      detractors: num(a.detail, "detractors"),
    });
    const y = npsFromCounts({
      promoters: num(b.detail, "promoters"),
      passives: num(b.detail, "passives"),
      detractors: num(b.detail, "detractors"),
    });
    return {
      current: { value: x.value, n: x.n },
      previous: { value: y.value, n: y.n },
      comparison: compareNps(x, y),
    };
  }
  const x = csatPercentFromCounts({ positive: num(a.detail, "positive"), n: a.n });
  const y = csatPercentFromCounts({ positive: num(b.detail, "positive"), n: b.n });
  return {
    current: { value: x.value, n: x.n },
    previous: { value: y.value, n: y.n },
    comparison: compareCsat(x, y),
  };
}

async function scoreSegments(db: Db, ws: string, rule: WarningRuleRow, w: Windows): Promise<SegmentResult[]> {
  const metric = rule.metric === "csat" ? "csat" : "nps";
  const base = { ...(rule.survey_id ? { surveyId: rule.survey_id } : {}), top: 200 };
  const cur = { ...base, from: w.from.toISOString(), to: w.to.toISOString() };
  const prev = { ...base, from: w.baselineFrom.toISOString(), to: w.from.toISOString() };
  const out: SegmentResult[] = [];
  const [a, b] = await Promise.all([computeMetric(db, ws, metric, cur), computeMetric(db, ws, metric, prev)]);
  out.push({ segment: null, ...compareDetails(metric, a, b) });
  for (const attribute of rule.segment_by) {
    const [x, y] = [
      await computeMetric(db, ws, metric, { ...cur, segment: attribute }),
      await computeMetric(db, ws, metric, { ...prev, segment: attribute }),
    ];
    const baseline = new Map(y.breakdown.map((s) => [s.key, s]));
    for (const s of x.breakdown) {
      const p = baseline.get(s.key);
      if (!p || s.key === "(other)" || s.key === "(none)") continue;
      out.push({ segment: { name: attribute, value: s.key }, ...compareDetails(metric, s, p) });
    }
  }
  return out;
}

async function shareSegments(db: Db, ws: string, rule: WarningRuleRow, w: Windows): Promise<SegmentResult[]> {
  const categoryId = rule.category_id;
  if (!categoryId) return [];
  const out: SegmentResult[] = [];
  for (const attribute of [null, ...rule.segment_by]) {
    const q = { categoryId, surveyId: rule.survey_id, attribute };
    const cur = await store.categoryShareCounts(db, ws, { ...q, from: w.from, to: w.to });
    const prev = new Map(
      (await store.categoryShareCounts(db, ws, { ...q, from: w.baselineFrom, to: w.from })).map((r) => [
        r.segment,
        r,
      ]),
    );
    for (const c of cur) {
      const p = prev.get(c.segment);
      if (!p || (attribute && c.segment === "")) continue;
      const share = (x: { count: number; n: number }) => (x.n ? (100 * x.count) / x.n : null);
      out.push({
        segment: attribute ? { name: attribute, value: c.segment } : null,
        current: { value: share(c), n: c.n },
        previous: { value: share(p), n: p.n },
        comparison: compareShares(c, p),
      });
    }
  }
  return out;
}

interface Windows {
  from: Date;
  to: Date;
  baselineFrom: Date;
}

/** Whole local days: the last `windowDays` complete days, and the `baselineDays` before them. */
export function windowsOf(
  rule: Pick<WarningRuleRow, "window_days" | "baseline_days">,
  now: Date,
  tz: string,
): Windows {
  const today = localDayOf(now, tz);
  const fromDay = addDays(today, -rule.window_days);
  return {
    to: startOfLocalDay(today, tz),
    from: startOfLocalDay(fromDay, tz),
    baselineFrom: startOfLocalDay(addDays(fromDay, -rule.baseline_days), tz),
  };
}

/** Checks one rule now; stores and queues the warnings that fire. */
export async function checkRule(db: Db, rule: WarningRuleRow, now: Date): Promise<TEarlyWarning[]> {
  const ws = rule.workspace_id;
  const tz = (await getWorkspace(db, ws)).time_zone;
  const w = windowsOf(rule, now, tz);
  const results =
    rule.metric === "category_share"
      ? await shareSegments(db, ws, rule, w)
      : await scoreSegments(db, ws, rule, w);
  const fired: TEarlyWarning[] = [];
  for (const r of results) {
    const c = r.comparison;
    if (r.current.n < rule.min_n || r.previous.n < rule.min_n) continue;
    if (!c.significant || c.diff === null || c.z === null || c.pValue === null) continue;
    if (r.current.value === null || r.previous.value === null) continue;
    const worse = rule.metric === "category_share" ? c.diff > 0 : c.diff < 0;
    if (!worse) continue;
    if (await store.firedSince(db, ws, rule.id, r.segment, new Date(now.getTime() - rule.window_days * DAY)))
      continue;
    const segmentKey = r.segment ? `${r.segment.name}=${r.segment.value}` : "*";
    const id = newId();
    const row = await db.transaction().execute(async (trx) => {
      const stored = await store.insertWarning(trx, {
        workspace_id: ws,
        id,
        rule_id: rule.id,
        dedupe_key: `${rule.id}:${rule.metric}:${segmentKey}:${w.from.toISOString()}`,
        metric: rule.metric,
        segment_name: r.segment?.name ?? null,
        segment_value: r.segment?.value ?? null,
        window_from: w.from,
        window_to: w.to,
        baseline_from: w.baselineFrom,
        current_value: r.current.value ?? 0,
        baseline_value: r.previous.value ?? 0,
        current_n: r.current.n,
        baseline_n: r.previous.n,
        diff: c.diff ?? 0,
        z: c.z ?? 0,
        p_value: c.pValue ?? 1,
        created_at: now,
      });
      if (!stored) return undefined;
      const warning = toWarning(stored);
      await queueAlert(
        trx,
        ws,
        { event: "early_warning", data: { ...warning, ruleName: rule.name } },
        `early_warning:${id}`,
        rule.survey_id,
        now,
      );
      return warning;
    });
    if (row) fired.push(row);
  }
  return fired;
}

export async function runRuleNow(db: Db, workspaceId: string, id: string, now: Date) {
  const rule = await store.findRule(db, workspaceId, id);
  if (!rule) throw notFound("warning rule");
  await store.updateRule(db, workspaceId, id, { last_run_at: now }, now);
  return checkRule(db, rule, now);
}

/**
 * Checks the rules not checked in the last hour. A rule that fails (its survey was deleted, say) is
 * reported to `onError` and tried again in an hour; it does not stop the other workspaces' rules.
 */
export async function runWarnings(db: Db, now: Date, onError: (what: string, err: unknown) => void) {
  let fired = 0;
  for (let round = 0; round < 20; round++) {
    const rules = await store.claimDueRules(db, new Date(now.getTime() - CHECK_EVERY_MS), now, 20);
    for (const rule of rules) {
      try {
        fired += (await checkRule(db, rule, now)).length;
      } catch (err) {
        onError(`warning rule ${rule.id} of workspace ${rule.workspace_id}`, err);
      }
    }
    if (rules.length < 20) break;
  }
  return fired;
}

const encodeCursor = (w: EarlyWarningRow) =>
  Buffer.from(`${w.created_at.toISOString()}|${w.id}`).toString("base64url");

export async function listWarnings(
  db: Db,
  workspaceId: string,
  q: { ruleId?: string; cursor?: string; limit: number },
) {
  let cursor: { at: Date; id: string } | undefined;
  if (q.cursor) {
    const [at, id] = Buffer.from(q.cursor, "base64url").toString().split("|");
    const d = new Date(at ?? "");
    if (!id || Number.isNaN(d.getTime())) throw invalid("query.cursor", "malformed cursor");
    cursor = { at: d, id };
  }
  const rows = await store.listWarnings(db, workspaceId, { ruleId: q.ruleId, cursor, limit: q.limit + 1 });
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    items: page.map(toWarning),
    nextCursor: rows.length > q.limit && last ? encodeCursor(last) : null,
  };
}
