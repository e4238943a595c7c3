/**
 * Customer retention and churn (spec §2, CRR and churn rate [000]). Who is a customer at a moment is
 * decided by a workspace setting, the "lost" definition; from it each customer gets active spans, and
 * the counts of a period follow from where the spans start and end.
 */
import { type PercentShare, shareFromCounts } from "./stats.js";
import { assertCount, assertPartOf } from "./validate.js";

/** A period `[from, to)` as epoch milliseconds (UTC instants; the caller resolves the time zone). */
export interface Period {
  from: number;
  to: number;
}

/**
 * When a customer counts as lost: when their subscription ends or is cancelled, or (transactional
 * businesses) after `days` × 24 hours without a purchase.
 */
export type LostDefinition = { kind: "subscriptionEnded" } | { kind: "noPurchaseFor"; days: number };

/** What the lost definitions need of one customer; instants are epoch milliseconds. */
export interface CustomerActivity {
  customerId: string;
  /** Subscriptions as `[start, end)`; end null while running. Used by "subscriptionEnded". */
  subscriptions?: readonly { start: number; end: number | null }[];
  /** Purchase instants. Used by "noPurchaseFor". */
  purchases?: readonly number[];
}

/** A stretch `[start, end)` during which a customer is a customer; end null = still is. */
export interface ActiveSpan {
  start: number;
  end: number | null;
}

const DAY_MS = 86_400_000;

function assertInstant(name: string, value: number): void {
  if (!Number.isFinite(value)) throw new RangeError(`${name} must be a finite instant, got ${value}`);
}

/**
 * The customer's active spans under the lost definition, sorted and merged where they overlap or touch:
 * each subscription is active on `[start, end)`; each purchase at p makes the customer active on
 * `[p, p + days)`, so they are lost `days` after their last purchase unless they buy again before then.
 * Empty spans (a subscription ending when it starts) are dropped.
 */
export function activeSpans(activity: CustomerActivity, lost: LostDefinition): ActiveSpan[] {
  const spans: ActiveSpan[] = [];
  if (lost.kind === "subscriptionEnded") {
    for (const { start, end } of activity.subscriptions ?? []) {
      assertInstant("subscription start", start);
      if (end !== null) {
        assertInstant("subscription end", end);
        if (end < start) throw new RangeError(`subscription ends (${end}) before it starts (${start})`);
        if (end === start) continue;
      }
      spans.push({ start, end });
    }
  } else {
    if (!(lost.days > 0) || !Number.isFinite(lost.days)) {
      throw new RangeError(`days must be a positive finite number, got ${lost.days}`);
    }
    for (const at of activity.purchases ?? []) {
      assertInstant("purchase", at);
      spans.push({ start: at, end: at + lost.days * DAY_MS });
    }
  }
  spans.sort((p, q) => p.start - q.start);
  const merged: ActiveSpan[] = [];
  for (const span of spans) {
    const last = merged.at(-1);
    if (last && (last.end === null || span.start <= last.end)) {
      if (last.end !== null && (span.end === null || span.end > last.end)) last.end = span.end;
    } else {
      merged.push({ ...span });
    }
  }
  return merged;
}

/**
 * A period's customer counts. A customer "at" an instant t is active just before it (a span with
 * start < t ≤ end), so the count at one period's end is the count at the next one's start, and every start
 * and end of a span falls in exactly one period.
 */
export interface RetentionCounts {
  /** S: customers at the period start. */
  atStart: number;
  /** E: customers at the period end. */
  atEnd: number;
  /** N: customers at the end who were not continuously customers since the start (new or returning). */
  acquired: number;
  /** Customers of S whose span ended in the period (even if they came back later in it). */
  lost: number;
  /** Customers not in S who joined and were lost within the period (reported apart, not in the churn). */
  joinedAndLost: number;
}

function assertPeriod({ from, to }: Period): void {
  assertInstant("period from", from);
  assertInstant("period to", to);
  if (!(from < to)) throw new RangeError(`period must have from < to, got [${from}, ${to})`);
}

/** Counts S, E, N, lost and joined-and-lost over customers; always E − N = S − lost. */
export function retentionCounts(
  customers: readonly CustomerActivity[],
  period: Period,
  lost: LostDefinition,
): RetentionCounts {
  assertPeriod(period);
  const { from, to } = period;
  const counts: RetentionCounts = { atStart: 0, atEnd: 0, acquired: 0, lost: 0, joinedAndLost: 0 };
  for (const customer of customers) {
    const spans = activeSpans(customer, lost);
    const atStart = spans.find((s) => s.start < from && (s.end === null || s.end >= from));
    const atEnd = spans.some((s) => s.start < to && (s.end === null || s.end >= to));
    const wasLost = atStart !== undefined && atStart.end !== null && atStart.end < to;
    if (atStart) counts.atStart++;
    if (atEnd) counts.atEnd++;
    if (wasLost) counts.lost++;
    if (atEnd && (atStart === undefined || wasLost)) counts.acquired++;
    if (!atStart && spans.some((s) => s.start >= from && s.end !== null && s.end < to)) {
      counts.joinedAndLost++;
    }
  }
  return counts;
}

/**
 * CRR — customer retention rate [000] = 100 · (E − N) / S, with a 95% Wilson interval: E − N are the
 * customers of S still customers at the end. S = 200, N = 40, E = 210 → 85. Null when S = 0; RangeError
 * unless 0 ≤ E − N ≤ S.
 */
export function customerRetentionRate({
  atStart,
  atEnd,
  acquired,
}: Pick<RetentionCounts, "atStart" | "atEnd" | "acquired">): PercentShare {
  assertCount("atEnd", atEnd);
  assertPartOf("acquired", acquired, "atEnd", atEnd);
  assertPartOf("retained (atEnd − acquired)", atEnd - acquired, "atStart", atStart);
  return shareFromCounts(atEnd - acquired, atStart);
}

/**
 * Customer churn rate [000] = 100 · customers lost during the period / customers at the period start, with
 * a 95% Wilson interval. Customers who join and leave within the period are not in S and are reported
 * apart ({@link RetentionCounts.joinedAndLost}). Null when S = 0. With counts from
 * {@link retentionCounts}, churn + CRR = 100.
 */
export function customerChurnRate({
  lost,
  atStart,
}: Pick<RetentionCounts, "lost" | "atStart">): PercentShare {
  assertPartOf("lost", lost, "atStart", atStart);
  return shareFromCounts(lost, atStart);
}
