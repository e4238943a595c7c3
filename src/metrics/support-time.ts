/** Support time metrics (spec §3, [000]): FRT and AFRT, resolution time, and the duration summary they share. */
import { type BusinessCalendar, businessMillisBetween } from "./business-hours.js";
import { instantOf } from "./business-hours-zone.js";
import { type MeanSummary, meanSummary, percentile, sufficientStats } from "./stats.js";
import { inSupportPeriod, replyFacts, type SupportPeriod, type Ticket } from "./support-tickets.js";

/** A sample of durations in ms: mean (with SD and 95% CI), median and 90th percentile. */
export interface DurationSummary extends MeanSummary {
  /** Null when n = 0. */
  median: number | null;
  /** Null when n = 0. */
  p90: number | null;
}

/**
 * Mean (with its CI, {@link meanSummary}), median and p90 of durations in ms. Percentiles interpolate
 * between closest ranks (type 7, as PostgreSQL `percentile_cont`). RangeError for a negative duration.
 */
export function durationSummary(durations: readonly number[]): DurationSummary {
  for (const value of durations) {
    if (!(value >= 0) || !Number.isFinite(value))
      throw new RangeError(`duration must be ≥ 0 ms, got ${value}`);
  }
  const sorted = [...durations].sort((a, b) => a - b);
  return {
    ...meanSummary(sufficientStats(sorted)),
    median: percentile(sorted, 0.5),
    p90: percentile(sorted, 0.9),
  };
}

/** Elapsed ms from `from` to `to`, in business hours when a calendar is given. */
function elapsed(from: Date, to: Date, calendar: BusinessCalendar | undefined): number {
  return calendar === undefined
    ? instantOf("to", to) - instantOf("from", from)
    : businessMillisBetween(calendar, from, to);
}

/**
 * A ticket's first-reply state at `asOf`:
 * - replied — a human replied (before the ticket closed); `ms` is FRT = first human reply − created [000];
 * - open — no human reply yet and the ticket is still open; `waitingMs` so far (counted as open, not 0);
 * - botResolved — resolved entirely by a bot, with no human reply: no FRT;
 * - closedWithoutReply — closed with no human reply (spam, duplicate, customer withdrew …): no FRT.
 */
export type FirstReply =
  | { kind: "replied"; at: Date; ms: number }
  | { kind: "open"; waitingMs: number }
  | { kind: "botResolved"; at: Date }
  | { kind: "closedWithoutReply"; at: Date };

/**
 * First reply time of one ticket as known at `asOf` (messages after asOf are ignored), in calendar time or,
 * with a calendar, business time. RangeError when asOf is before the ticket was created.
 */
export function firstReplyTime(ticket: Ticket, asOf: Date, calendar?: BusinessCalendar): FirstReply {
  const limit = instantOf("asOf", asOf);
  if (limit < instantOf("createdAt", ticket.createdAt)) {
    throw new RangeError(`asOf is before ticket ${ticket.id} was created`);
  }
  const { replyAt, closedAt, botResolved } = replyFacts(ticket, asOf);
  if (replyAt !== null) {
    const at = new Date(replyAt);
    return { kind: "replied", at, ms: elapsed(ticket.createdAt, at, calendar) };
  }
  if (closedAt === null) return { kind: "open", waitingMs: elapsed(ticket.createdAt, asOf, calendar) };
  return { kind: botResolved ? "botResolved" : "closedWithoutReply", at: new Date(closedAt) };
}

export interface AfrtSummary extends DurationSummary {
  /** Tickets still waiting for a first human reply at asOf: reported, never averaged in as 0. */
  open: number;
  /** Longest current wait among the open tickets, ms; null when none is open. */
  longestOpenWaitMs: number | null;
  botResolved: number;
  closedWithoutReply: number;
}

export interface TicketTimeOptions {
  period: SupportPeriod;
  /** The instant the data is read at (usually now); later messages and changes are ignored. */
  asOf: Date;
  /** Measure in business hours of this calendar instead of calendar time. */
  calendar?: BusinessCalendar;
}

/**
 * AFRT — average first response time [000]: mean of FRT (first human reply − created) over tickets created
 * in the period that have a human reply by asOf; also median and p90. Tickets with no reply yet are
 * counted as open (with the longest wait), not as zero and not in the mean; bot-resolved tickets and
 * tickets closed without a reply are counted apart. Tickets created after asOf are ignored.
 */
export function afrt(tickets: readonly Ticket[], { period, asOf, calendar }: TicketTimeOptions): AfrtSummary {
  const limit = instantOf("asOf", asOf);
  const replies: number[] = [];
  let open = 0;
  let longestOpenWaitMs: number | null = null;
  let botResolved = 0;
  let closedWithoutReply = 0;
  for (const ticket of tickets) {
    if (!inSupportPeriod(period, ticket.createdAt) || instantOf("createdAt", ticket.createdAt) > limit)
      continue;
    const reply = firstReplyTime(ticket, asOf, calendar);
    if (reply.kind === "replied") replies.push(reply.ms);
    else if (reply.kind === "open") {
      open++;
      longestOpenWaitMs = Math.max(longestOpenWaitMs ?? 0, reply.waitingMs);
    } else if (reply.kind === "botResolved") botResolved++;
    else closedWithoutReply++;
  }
  return { ...durationSummary(replies), open, longestOpenWaitMs, botResolved, closedWithoutReply };
}

/**
 * Resolution time of one ticket: solvedAt − createdAt (business time with a calendar), for a ticket marked
 * resolved; null if it is open or was closed without resolution.
 */
export function resolutionTime(ticket: Ticket, calendar?: BusinessCalendar): number | null {
  if (ticket.resolved !== true || ticket.solvedAt == null) return null;
  const ms = elapsed(ticket.createdAt, ticket.solvedAt, calendar);
  if (ms < 0) throw new RangeError(`ticket ${ticket.id} is solved before it was created`);
  return ms;
}

/**
 * Average resolution time [000]: mean of solved_at − created_at over tickets marked resolved whose
 * solvedAt falls in the period; also median and p90. Tickets closed without resolution are left out, so
 * closing spam fast does not flatter it.
 */
export function averageResolutionTime(
  tickets: readonly Ticket[],
  period: SupportPeriod,
  calendar?: BusinessCalendar,
): DurationSummary {
  const durations: number[] = [];
  for (const ticket of tickets) {
    if (ticket.solvedAt == null || !inSupportPeriod(period, ticket.solvedAt)) continue;
    const ms = resolutionTime(ticket, calendar);
    if (ms !== null) durations.push(ms);
  }
  return durationSummary(durations);
}
