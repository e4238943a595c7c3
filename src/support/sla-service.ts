/**
 * SLA compliance and its drill-down. Deadlines are business-time arithmetic on the policy's calendar
 * (time zone, weekly schedule, holidays, exact across DST: metrics/business-hours.ts), which SQL cannot
 * state, so the kernel computes each ticket's target and deadlines once per policy content and they are
 * stored (sla-store.ts); the states at an instant are counted in SQL from them and the per-ticket facts,
 * exactly as the kernel's `evaluateSla` decides them (property-tested against `slaCompliance`).
 */
import { createHash } from "node:crypto";
import type { Db } from "../db/connection.js";
import { invalid } from "../http/errors.js";
import {
  businessMillisBetween,
  matchSlaTarget,
  type SlaCounts,
  type SupportPeriod,
  slaComplianceFromCounts,
  slaDeadline,
} from "../metrics/support.js";
import type { DurationAggregateRow, SupportGroup, TicketScope } from "./metrics-sql.js";
import type { EffectivePolicy } from "./settings-service.js";
import {
  type BreachPosition,
  breachedRows,
  type DeadlineWrite,
  deadlinesComplete,
  insertDeadlines,
  slaStateRows,
  slaSummaryRows,
  slaTrendRows,
  type TrendStep,
  ticketsWithoutDeadlines,
} from "./sla-store.js";

export type SlaMeasure = "firstReply" | "resolution";

export interface SlaTally extends SlaCounts {
  untargeted: number;
}

export const emptyTally = (): SlaTally => ({
  met: 0,
  breached: 0,
  pending: 0,
  notApplicable: 0,
  untargeted: 0,
});

export function addTally(tally: SlaTally, part: SlaTally) {
  tally.met += part.met;
  tally.breached += part.breached;
  tally.pending += part.pending;
  tally.notApplicable += part.notApplicable;
  tally.untargeted += part.untargeted;
}

export const slaFromTally = (t: SlaTally) => ({ ...slaComplianceFromCounts(t), ...t });

/** The policy's content (targets and calendar): deadlines stored under it stay valid while it is unchanged. */
export function policyHash(policy: EffectivePolicy): string {
  return createHash("sha256")
    .update(JSON.stringify({ policy: policy.policy, calendar: policy.calendar ?? null }))
    .digest("base64url");
}

/**
 * Computes and stores the deadlines (with the outcomes already decided) of the workspace's tickets of the
 * period that lack them under the policy: on first use, after a policy or calendar change, and for
 * tickets written since. The check is two counts when nothing is missing.
 */
export async function ensureDeadlines(
  db: Db,
  scope: TicketScope,
  period: SupportPeriod,
  asOf: Date,
  policy: EffectivePolicy,
) {
  const hash = policyHash(policy);
  if (await deadlinesComplete(db, scope.workspaceId, period, asOf, hash)) return hash;
  // The whole workspace's period, not only the scope: a narrower scope would leave the counts unequal.
  const missing = await ticketsWithoutDeadlines(db, scope.workspaceId, period, asOf, hash);
  const rows: DeadlineWrite[] = missing.map((t) => {
    const index = matchSlaTarget(policy.policy, {
      id: t.id,
      customerId: t.id,
      channel: t.channel,
      priority: t.priority,
      topic: t.topic,
      createdAt: t.created_at,
      messages: [],
    });
    const target = policy.policy[index];
    const deadline = (minutes: number | null | undefined) =>
      target && minutes != null
        ? slaDeadline(t.created_at, minutes, target.businessHours, policy.calendar)
        : null;
    return {
      ticket_id: t.id,
      created_at: t.created_at,
      channel: t.channel,
      priority: t.priority,
      topic: t.topic,
      first_reply_at: t.first_reply_at,
      target_index: target ? index : -1,
      target_name: target?.name ?? null,
      reply_deadline: deadline(target?.firstReplyMinutes),
      resolution_deadline: deadline(target?.resolutionMinutes),
      reply_business_ms:
        t.first_reply_at && policy.calendar
          ? businessMillisBetween(policy.calendar, t.created_at, t.first_reply_at)
          : null,
    };
  });
  await insertDeadlines(db, scope.workspaceId, hash, rows);
  return hash;
}

const STATES = ["met", "breached", "pending", "notApplicable", "untargeted"] as const;
const isState = (s: string): s is (typeof STATES)[number] => (STATES as readonly string[]).includes(s);

/** SLA counts (first reply and resolution) of the tickets created in the period, per group key. */
export async function slaTallies(
  db: Db,
  scope: TicketScope,
  period: SupportPeriod,
  asOf: Date,
  policy: EffectivePolicy,
  group: SupportGroup | null,
) {
  const hash = await ensureDeadlines(db, scope, period, asOf, policy);
  const tallies = new Map<string | null, { firstReply: SlaTally; resolution: SlaTally }>();
  for (const r of await slaStateRows(db, scope, period, asOf, hash, group)) {
    const tally = tallies.get(r.key) ?? { firstReply: emptyTally(), resolution: emptyTally() };
    if (isState(r.fr)) tally.firstReply[r.fr] += Number(r.n);
    if (isState(r.res)) tally.resolution[r.res] += Number(r.n);
    tallies.set(r.key, tally);
  }
  return tallies;
}

export function encodeCursor(p: BreachPosition) {
  return Buffer.from(`${p.createdAt.toISOString()}|${p.id}`).toString("base64url");
}

function decodeCursor(cursor: string): BreachPosition {
  const [createdAt, id] = Buffer.from(cursor, "base64url").toString().split("|");
  const date = new Date(createdAt ?? "");
  if (!id || !/^[0-9a-f-]{36}$/.test(id) || Number.isNaN(date.getTime()))
    throw invalid("query.cursor", "malformed cursor");
  return { createdAt: date, id };
}

export type Breach = Awaited<ReturnType<typeof breachedRows>>[number];

/** The tickets behind a breached SLA figure, oldest first, `limit` at a time with a cursor to the next page. */
export async function slaBreaches(
  db: Db,
  scope: TicketScope,
  period: SupportPeriod,
  asOf: Date,
  policy: EffectivePolicy,
  measure: SlaMeasure,
  opts: { cursor?: string; limit: number },
) {
  const hash = await ensureDeadlines(db, scope, period, asOf, policy);
  const after = opts.cursor ? decodeCursor(opts.cursor) : null;
  const rows = await breachedRows(db, scope, period, asOf, hash, measure, after, opts.limit + 1);
  const items = rows.slice(0, opts.limit);
  const last = items.at(-1);
  const nextCursor =
    rows.length > opts.limit && last ? encodeCursor({ createdAt: last.created_at, id: last.id }) : null;
  return { items, nextCursor };
}

/** The trend's step for a period: days up to two months, weeks up to a year, else months. */
export function trendStep(period: SupportPeriod): TrendStep {
  const days = (period.to.getTime() - period.from.getTime()) / 86_400_000;
  return days <= 62 ? "day" : days <= 366 ? "week" : "month";
}

/** First-reply SLA compliance per local day (week, month) of creation, oldest first. */
export async function slaTrend(
  db: Db,
  scope: TicketScope,
  period: SupportPeriod,
  asOf: Date,
  policy: EffectivePolicy,
  timeZone: string,
) {
  const step = trendStep(period);
  const hash = await ensureDeadlines(db, scope, period, asOf, policy);
  const byStart = new Map<string, SlaTally>();
  for (const r of await slaTrendRows(db, scope, period, asOf, hash, step, timeZone)) {
    const tally = byStart.get(r.bucket) ?? emptyTally();
    if (isState(r.fr)) tally[r.fr] += Number(r.n);
    byStart.set(r.bucket, tally);
  }
  return { step, points: trendPoints(byStart) };
}

/**
 * SLA as the dashboard shows it, from one read of the period's states: the tallies per group key, the
 * first-reply trend, and the business-hours first reply time aggregates (null without a calendar).
 */
export async function slaSummary(
  db: Db,
  scope: TicketScope,
  period: SupportPeriod,
  asOf: Date,
  policy: EffectivePolicy,
  group: SupportGroup | null,
  timeZone: string,
) {
  const step = trendStep(period);
  const hash = await ensureDeadlines(db, scope, period, asOf, policy);
  const rows = await slaSummaryRows(db, scope, period, asOf, hash, group, step, timeZone);
  const tallies = new Map<string | null, { firstReply: SlaTally; resolution: SlaTally }>();
  const byStart = new Map<string, SlaTally>();
  let business: DurationAggregateRow | null = null;
  for (const r of rows) {
    if (r.by === "key") {
      const tally = tallies.get(r.key) ?? { firstReply: emptyTally(), resolution: emptyTally() };
      if (r.fr && isState(r.fr)) tally.firstReply[r.fr] += Number(r.n);
      if (r.res && isState(r.res)) tally.resolution[r.res] += Number(r.n);
      tallies.set(r.key, tally);
    } else if (r.by === "bucket" && r.bucket !== null) {
      const tally = byStart.get(r.bucket) ?? emptyTally();
      if (r.fr && isState(r.fr)) tally[r.fr] += Number(r.n);
      byStart.set(r.bucket, tally);
    } else if (r.by === "business" && policy.calendar) {
      business = {
        n: Number(r.b_n ?? 0),
        sum: Number(r.b_sum ?? 0),
        sum_squares: Number(r.b_sum_squares ?? 0),
        median: r.b_median,
        p90: r.b_p90,
      };
    }
  }
  return { tallies, trend: { step, points: trendPoints(byStart) }, business };
}

function trendPoints(byStart: Map<string, SlaTally>) {
  return [...byStart]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([start, t]) => {
      const { untargeted: _, ...counts } = slaFromTally(t);
      return { start, ...counts };
    });
}
