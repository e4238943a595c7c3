/**
 * The support dashboard's figures. Aggregates over many tickets and calls run in SQL (metrics-store.ts,
 * each query property-tested against its kernel function); SLA compliance counts in SQL against deadlines
 * the kernel computed once per ticket and policy (sla-service.ts). Both end in the kernel's summaries (mean with CI, Wilson share,
 * CSAT), so every figure is stated the same way as everywhere else.
 */
import { addDays, localDayOf, resolveBound, startOfLocalDay } from "../analytics/time.js";
import type { Db } from "../db/connection.js";
import { invalid } from "../http/errors.js";
import {
  type CsatScale,
  csatFromAggregates,
  csatIsPositive,
  csatMappedValue,
  isCsatScale,
} from "../metrics/feedback.js";
import { meanSummary, shareFromCounts } from "../metrics/stats.js";
import type { SupportPeriod } from "../metrics/support.js";
import { loadSurveyDefinitions } from "../surveys/service.js";
import type {
  TBreaches,
  TBreachesQuery,
  TSupportMetrics,
  TSupportMetricsQuery,
  TSupportScopeQuery,
} from "./metrics-schema.js";
import type { SupportGroup, TicketScope } from "./metrics-sql.js";
import type { CallAggregateRow } from "./metrics-store.js";
import * as sqlMetrics from "./metrics-store.js";
import type { FirstReplyRow } from "./one-pass-store.js";
import * as onePass from "./one-pass-store.js";
import { effectivePolicy, getSettings } from "./settings-service.js";
import { addTally, emptyTally, slaBreaches, slaFromTally, slaSummary } from "./sla-service.js";
import * as store from "./store.js";

const NONE = "(none)";

interface Names {
  teams: Map<string, { externalId: string; name: string }>;
  agents: Map<string, { externalId: string; name: string }>;
}

export interface ResolvedScope {
  scope: TicketScope;
  period: SupportPeriod;
  timeZone: string;
  names: Names;
}

/** Period (default: the last 30 local days up to today), filters with team and agent ids resolved. */
export async function resolveScope(
  db: Db,
  workspaceId: string,
  q: TSupportScopeQuery,
  now: Date,
): Promise<ResolvedScope> {
  const timeZone = await store.workspaceTimeZone(db, workspaceId);
  const to = q.to
    ? resolveBound(q.to, timeZone)
    : startOfLocalDay(addDays(localDayOf(now, timeZone), 1), timeZone);
  const from = q.from
    ? resolveBound(q.from, timeZone)
    : startOfLocalDay(addDays(localDayOf(new Date(to.getTime() - 1), timeZone), -29), timeZone);
  if (from.getTime() > to.getTime()) throw invalid("query.from", "must not be after to");
  const [teams, agents] = await Promise.all([
    store.listTeams(db, workspaceId),
    store.listAgents(db, workspaceId),
  ]);
  const names: Names = {
    teams: new Map(teams.map((t) => [t.id, { externalId: t.external_id, name: t.name }])),
    agents: new Map(agents.map((a) => [a.id, { externalId: a.external_id, name: a.name }])),
  };
  const idsOf = (list: string[] | undefined, rows: { id: string; external_id: string }[]) =>
    list && rows.filter((r) => list.includes(r.external_id)).map((r) => r.id);
  return {
    timeZone,
    period: { from, to },
    names,
    scope: {
      workspaceId,
      channel: q.channel,
      priority: q.priority,
      topic: q.topic,
      teamIds: idsOf(q.team, teams),
      agentIds: idsOf(q.agent, agents),
    },
  };
}

/** The API key and label of a group key: external id and name for teams and agents. */
function keyLabel(group: SupportGroup | null, key: string | null, names: Names) {
  if (key === null) return { key: NONE, label: NONE };
  const named =
    group === "team" ? names.teams.get(key) : group === "agent" ? names.agents.get(key) : undefined;
  return named ? { key: named.externalId, label: named.name } : { key, label: key };
}

export function durationOf(row: sqlMetrics.CallAggregateRow["asa"] | undefined) {
  const r = row ?? { n: 0, sum: 0, sum_squares: 0, median: null, p90: null };
  return { ...meanSummary({ n: r.n, sum: r.sum, sumSquares: r.sum_squares }), median: r.median, p90: r.p90 };
}

export function firstReplyOf(row: FirstReplyRow | undefined) {
  return {
    ...durationOf(row),
    open: row?.open ?? 0,
    longestOpenWaitMs: row?.longest_open_ms ?? null,
    botResolved: row?.bot_resolved ?? 0,
    closedWithoutReply: row?.closed_without_reply ?? 0,
  };
}

export function callsOf(
  row: CallAggregateRow | undefined,
  targetPercent: number,
  thresholdSeconds: number,
  abandoned: TSupportMetricsQuery["abandoned"],
) {
  const r = row ?? {
    offered: 0,
    answered: 0,
    abandoned: 0,
    blocked: 0,
    abandoned_within_t: 0,
    answered_within_t: 0,
  };
  const abandonedOffered =
    abandoned === "exclude"
      ? 0
      : abandoned === "excludeShort"
        ? r.abandoned - r.abandoned_within_t
        : r.abandoned;
  return {
    offered: r.offered,
    answered: r.answered,
    abandoned: r.abandoned,
    blocked: r.blocked,
    asa: durationOf(row?.asa),
    aht: durationOf(row?.aht),
    serviceLevel: {
      ...shareFromCounts(r.answered_within_t, r.answered + abandonedOffered + r.blocked),
      targetPercent,
      thresholdSeconds,
    },
    blockage: shareFromCounts(r.blocked, r.offered),
  };
}

type CsatRow = Awaited<ReturnType<typeof sqlMetrics.csatRows>>[number];
type CsatQuestions = Map<string, { scale: CsatScale; threshold?: number }>;

/** CSAT of answer counts with the kernel's mapping and threshold per question (any scale mix). */
function csatOf(rows: CsatRow[], questions: CsatQuestions) {
  let n = 0;
  let positive = 0;
  let sum = 0;
  let sumSquares = 0;
  const scales = new Set<number>();
  for (const r of rows) {
    const q = questions.get(`${r.survey_id}/${r.question_id}`);
    if (!q || !Number.isInteger(r.value) || r.value < 1 || r.value > q.scale) continue;
    const mapped = csatMappedValue(r.value, q.scale);
    n += r.n;
    if (csatIsPositive(r.value, q.scale, q.threshold)) positive += r.n;
    sum += r.n * mapped;
    sumSquares += r.n * mapped * mapped;
    scales.add(q.scale);
  }
  const { percent, mean } = csatFromAggregates({ n, positive, sum, sumSquares });
  return { ...percent, mean: scales.size === 1 ? mean.mean : null };
}

async function csatQuestions(db: Db, workspaceId: string, rows: CsatRow[]): Promise<CsatQuestions> {
  const surveys = await loadSurveyDefinitions(db, workspaceId, [...new Set(rows.map((r) => r.survey_id))]);
  const out: CsatQuestions = new Map();
  for (const [surveyId, { definition }] of surveys) {
    for (const q of definition.questions) {
      if (q.type === "csat" && isCsatScale(q.scale))
        out.set(`${surveyId}/${q.id}`, { scale: q.scale, threshold: q.positiveThreshold });
    }
  }
  return out;
}

function groupCsat(rows: CsatRow[], questions: CsatQuestions, keyOf: (r: CsatRow) => string | null) {
  const parts = new Map<string | null, CsatRow[]>();
  for (const r of rows) {
    const k = keyOf(r);
    parts.set(k, [...(parts.get(k) ?? []), r]);
  }
  return new Map([...parts].map(([k, list]) => [k, csatOf(list, questions)]));
}

const csatKey: Record<SupportGroup, (r: CsatRow) => string | null> = {
  channel: (r) => r.channel,
  priority: (r) => r.priority,
  topic: (r) => r.topic,
  team: (r) => r.team,
  agent: (r) => r.agent,
};

/** The rows of one grouping (null: the overall row, key '') by key. */
const keyed = <T extends { key: string | null; by: string | null }>(rows: T[], by: SupportGroup | null) =>
  new Map(rows.filter((r) => r.by === by).map((r) => [r.key, r]));

/** Everything the support dashboard shows for a period and filter, optionally per group. */
export async function supportMetrics(
  db: Db,
  workspaceId: string,
  q: TSupportMetricsQuery,
  now: Date,
): Promise<TSupportMetrics> {
  const { scope, period, timeZone, names } = await resolveScope(db, workspaceId, q, now);
  const settings = await getSettings(db, workspaceId);
  const [targetPercent, thresholdSeconds] = q.serviceLevel
    ? q.serviceLevel.split("/").map(Number)
    : [settings.serviceLevel.targetPercent, settings.serviceLevel.thresholdSeconds];
  const slTarget = targetPercent ?? 80;
  const slSeconds = thresholdSeconds ?? 20;
  const windowMs = Math.round(settings.fcrWindowHours * 3_600_000);
  const policy = await effectivePolicy(db, workspaceId, q.policyId);
  const group = q.groupBy ?? null;

  // The overall row and the rows of the grouping (and the per-agent and per-team resolution lists) come
  // from grouping sets of the same query; the figures over the tickets created in the period share one
  // read of them, as do those over the tickets solved in it (one-pass-store.ts); SLA is one read of the
  // stored outcomes. The statements run side by side on the pool.
  const sets = { sets: [null, group] };
  const callSets = {
    sets: [null, group === "channel" || group === "team" || group === "agent" ? group : null],
  };
  const resolutionSets = { sets: [null, "agent", "team", group] satisfies (SupportGroup | null)[] };
  const [created, { solved, fcr }, open, backlog, calls, slaPart, csatRows] = await Promise.all([
    onePass.createdFigures(db, scope, period, now, timeZone, {
      firstReply: sets,
      resolution: resolutionSets,
    }),
    onePass.solvedFigures(db, scope, period, now, windowMs, sets),
    sqlMetrics.openCaseRows(db, scope, now, sets),
    sqlMetrics.backlogRows(db, scope, period.to, sets),
    sqlMetrics.callRows(db, scope, period, slSeconds * 1000, callSets),
    policy ? slaSummary(db, scope, period, now, policy, group, timeZone) : null,
    sqlMetrics.csatRows(db, scope, period),
  ]);
  const { firstReply, resolution, histogram, volume } = created;
  const figures = (g: SupportGroup | null) => ({
    firstReply: keyed(firstReply, g),
    solved: keyed(solved, g),
    fcr: keyed(fcr, g),
    resolution: keyed(resolution, g),
    open: keyed(open, g),
    backlog: keyed(backlog, g),
    // tickets created in the period per group: the resolution rows count them as assigned
    created: new Map([...keyed(resolution, g)].map(([k, r]) => [k, { n: r.assigned }])),
    calls: keyed(calls, g),
  });
  const all = figures(null);
  const grouped = group ? figures(group) : null;
  const byAgent = resolution.filter((r) => r.by === "agent");
  const byTeam = resolution.filter((r) => r.by === "team");

  const sla = slaPart?.tallies ?? null;
  const slaTotal = { firstReply: emptyTally(), resolution: emptyTally() };
  for (const t of sla?.values() ?? []) {
    addTally(slaTotal.firstReply, t.firstReply);
    addTally(slaTotal.resolution, t.resolution);
  }
  const trend = slaPart?.trend ?? null;
  const businessReply = slaPart?.business ? durationOf(slaPart.business) : null;
  const hasResolutionTargets = policy?.policy.some((t) => t.resolutionMinutes != null) ?? false;

  const questions = await csatQuestions(db, workspaceId, csatRows);
  const csatBreakdown = (g: SupportGroup) =>
    [...groupCsat(csatRows, questions, csatKey[g])].map(([key, value]) => ({
      ...keyLabel(g, key, names),
      ...value,
    }));

  const channelCounts = new Map<string, number>();
  const hourOfWeek = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  for (const r of volume) {
    channelCounts.set(r.channel, (channelCounts.get(r.channel) ?? 0) + r.n);
    const row = hourOfWeek[r.weekday - 1];
    if (row) row[r.hour] = (row[r.hour] ?? 0) + r.n;
  }
  const total = [...channelCounts.values()].reduce((s, n) => s + n, 0);

  const ticketFigures = (f: ReturnType<typeof figures>, key: string | null) => {
    const solved = f.solved.get(key);
    const fcr = f.fcr.get(key);
    return {
      firstReply: firstReplyOf(f.firstReply.get(key)),
      resolutionTime: durationOf(solved),
      fcr: { ...shareFromCounts(fcr?.first_contact ?? 0, fcr?.resolved ?? 0), pending: fcr?.pending ?? 0 },
      resolutionRate: shareFromCounts(solved?.resolved ?? 0, solved?.closed ?? 0),
      openNow: f.open.get(key)?.n ?? 0,
      backlog: f.backlog.get(key)?.n ?? 0,
    };
  };
  const overall = ticketFigures(all, "");

  return {
    from: period.from.toISOString(),
    to: period.to.toISOString(),
    asOf: now.toISOString(),
    timeZone,
    tickets: {
      volume: total,
      byChannel: [...channelCounts]
        .map(([channel, count]) => ({ channel, count, percent: (100 * count) / total }))
        .sort((a, b) => b.count - a.count || (a.channel < b.channel ? -1 : a.channel > b.channel ? 1 : 0)),
      byHourOfWeek: hourOfWeek,
      ...overall,
      fcr: { ...overall.fcr, windowHours: settings.fcrWindowHours },
      firstReplyDistribution: [...sqlMetrics.FIRST_REPLY_BUCKETS_MS, null].map((upToMs, bucket) => ({
        upToMs,
        count: histogram.find((h) => h.bucket === bucket)?.n ?? 0,
      })),
      firstReplyBusiness: businessReply,
    },
    resolutionByAgent: resolutionList("agent", byAgent, names),
    resolutionByTeam: resolutionList("team", byTeam, names),
    sla: {
      policy: policy ? { id: policy.id, name: policy.name } : null,
      firstReply: policy ? slaFromTally(slaTotal.firstReply) : null,
      resolution: policy && hasResolutionTargets ? slaFromTally(slaTotal.resolution) : null,
      trend,
    },
    calls: callsOf(all.calls.get(""), slTarget, slSeconds, q.abandoned),
    csat: {
      overall: csatOf(csatRows, questions),
      byAgent: csatBreakdown("agent"),
      byTeam: csatBreakdown("team"),
      byTopic: csatBreakdown("topic"),
    },
    groups:
      group && grouped
        ? {
            by: group,
            rows: groupKeys(grouped).map((key) => {
              const csat = groupCsat(csatRows, questions, csatKey[group]).get(key);
              const slaPart = sla?.get(key);
              const resolution = grouped.resolution.get(key);
              const callsApply = group === "channel" || group === "team" || group === "agent";
              return {
                ...keyLabel(group, key, names),
                volume: grouped.created.get(key)?.n ?? 0,
                ...ticketFigures(grouped, key),
                resolution: shareFromCounts(resolution?.resolved ?? 0, resolution?.assigned ?? 0),
                sla: slaPart ? slaFromTally(slaPart.firstReply) : null,
                csat: csat ?? null,
                calls: callsApply ? callsOf(grouped.calls.get(key), slTarget, slSeconds, q.abandoned) : null,
              };
            }),
          }
        : null,
  };
}

function resolutionList(
  group: "agent" | "team",
  rows: { key: string | null; assigned: number; resolved: number }[],
  names: Names,
) {
  return rows
    .filter((r) => r.key !== null)
    .map((r) => ({ ...keyLabel(group, r.key, names), ...shareFromCounts(r.resolved, r.assigned) }))
    .sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}

/** Every key any per-group figure has, largest volume first, "(none)" last. */
function groupKeys(
  f: { created: Map<string | null, { n: number }> } & Record<string, Map<string | null, unknown>>,
) {
  const keys = new Set<string | null>();
  for (const map of Object.values(f)) for (const k of map.keys()) keys.add(k);
  const volumeOf = (k: string | null) => f.created.get(k)?.n ?? 0;
  return [...keys].sort((a, b) =>
    a === null ? 1 : b === null ? -1 : volumeOf(b) - volumeOf(a) || (a < b ? -1 : a > b ? 1 : 0),
  );
}

/** The tickets behind a breached SLA figure (drill-down), oldest first, with a cursor. */
export async function supportSlaBreaches(
  db: Db,
  workspaceId: string,
  q: TBreachesQuery,
  now: Date,
): Promise<TBreaches> {
  const { scope, period, names } = await resolveScope(db, workspaceId, q, now);
  const policy = await effectivePolicy(db, workspaceId, q.policyId);
  if (!policy) return { measure: q.measure, policy: null, items: [], nextCursor: null };
  const { items, nextCursor } = await slaBreaches(db, scope, period, now, policy, q.measure, q);
  return {
    measure: q.measure,
    policy: { id: policy.id, name: policy.name },
    nextCursor,
    items: items.map((row) => ({
      id: row.id,
      externalId: row.external_id,
      createdAt: row.created_at.toISOString(),
      channel: row.channel,
      priority: row.priority,
      topic: row.topic,
      team: row.team_id ? (names.teams.get(row.team_id)?.externalId ?? null) : null,
      agent: row.assignee_id ? (names.agents.get(row.assignee_id)?.externalId ?? null) : null,
      status: row.status,
      target: row.target_name,
      deadline: row.deadline.toISOString(),
      achievedAt: row.achieved_at?.toISOString() ?? null,
      overdueMs: (row.achieved_at ?? now).getTime() - row.deadline.getTime(),
    })),
  };
}
