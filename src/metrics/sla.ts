/**
 * SLA policies (spec §3, [000]): first-reply and resolution targets per priority, topic or channel, in
 * business or calendar hours; deadlines, met/breached/pending per ticket, and % achieved.
 */
import { addBusinessMillis, type BusinessCalendar } from "./business-hours.js";
import { instantOf, MINUTE_MS } from "./business-hours-zone.js";
import { type PercentShare, shareFromCounts } from "./stats.js";
import { inSupportPeriod, replyFacts, type SupportPeriod, type Ticket } from "./support-tickets.js";

/** A ticket field condition: one value or any of several. Absent: any value. */
export type SlaCondition = string | readonly string[];

export interface SlaMatch {
  priority?: SlaCondition;
  topic?: SlaCondition;
  channel?: SlaCondition;
}

export interface SlaTarget {
  name?: string;
  /** Every given condition must hold; an empty match takes every ticket (a catch-all). */
  match: SlaMatch;
  /** First human reply within this many minutes of creation. */
  firstReplyMinutes: number;
  /** Optional: resolved within this many minutes of creation. */
  resolutionMinutes?: number | null;
  /** Count only the calendar's business hours (the clock stops outside them), or all hours. */
  businessHours: boolean;
}

/** Targets in order; the first whose match fits a ticket applies. */
export type SlaPolicy = readonly SlaTarget[];

function fits(condition: SlaCondition | undefined, value: string | null | undefined): boolean {
  if (condition === undefined) return true;
  if (value == null) return false;
  return typeof condition === "string" ? condition === value : condition.includes(value);
}

/** Index of the first target matching the ticket (first match wins), or -1 when none does. */
export function matchSlaTarget(policy: SlaPolicy, ticket: Ticket): number {
  return policy.findIndex(
    ({ match }) =>
      fits(match.priority, ticket.priority) &&
      fits(match.topic, ticket.topic) &&
      fits(match.channel, ticket.channel),
  );
}

/**
 * The instant a target of `minutes` falls due for a clock started at `start`: start + minutes of calendar
 * time, or of business time of the calendar (so a ticket arriving at night starts its clock at opening).
 */
export function slaDeadline(
  start: Date,
  minutes: number,
  businessHours: boolean,
  calendar: BusinessCalendar | undefined,
): Date {
  if (!(minutes >= 0) || !Number.isFinite(minutes))
    throw new RangeError(`SLA minutes must be ≥ 0, got ${minutes}`);
  const ms = Math.round(minutes * MINUTE_MS);
  if (!businessHours) return new Date(instantOf("start", start) + ms);
  if (calendar === undefined) throw new RangeError("a business-hours SLA target needs a calendar");
  return addBusinessMillis(calendar, start, ms);
}

/**
 * - met — achieved by the deadline;
 * - breached — achieved after it, or not achieved and the deadline has passed (open past the deadline);
 * - pending — not achieved and the deadline is still ahead: neither met nor breached yet;
 * - notApplicable — nothing was due: the ticket closed by its deadline without the goal, e.g. resolved
 *   entirely by a bot before a human reply was due, or closed as spam.
 */
export type SlaState = "met" | "breached" | "pending" | "notApplicable";

export interface SlaClock {
  deadline: Date;
  state: SlaState;
  /** When the target was achieved (first human reply, resolution), if it was. */
  achievedAt: Date | null;
}

export interface SlaEvaluation {
  targetIndex: number;
  target: SlaTarget;
  firstReply: SlaClock;
  /** Null when the target has no resolution goal. */
  resolution: SlaClock | null;
}

export interface SlaOptions {
  /** The instant the data is read at (usually now); later messages and changes are ignored. */
  asOf: Date;
  /** Needed when a matching target counts business hours. */
  calendar?: BusinessCalendar;
}

function clock(
  deadline: Date,
  achieved: number | null,
  closedUnachieved: number | null,
  asOf: number,
): SlaClock {
  const due = deadline.getTime();
  if (achieved !== null) {
    return { deadline, state: achieved <= due ? "met" : "breached", achievedAt: new Date(achieved) };
  }
  if (closedUnachieved !== null) {
    return { deadline, state: closedUnachieved <= due ? "notApplicable" : "breached", achievedAt: null };
  }
  return { deadline, state: asOf > due ? "breached" : "pending", achievedAt: null };
}

/**
 * Evaluates a ticket against the policy at `asOf`; null when no target matches.
 *
 * First reply: only a human (agent, public) reply written before the ticket closed counts; bot and
 * auto-replies never do [000]. A ticket closed with no human reply — resolved entirely by a bot (the
 * spec's "resolved by bot"), or closed as spam, duplicate … — needed no reply if it closed by the deadline
 * (notApplicable); if it sat past the deadline with no human reply it is breached, whoever closed it.
 * Resolution: achieved when the ticket is closed and marked resolved; closed unresolved is treated like
 * a close without reply above. Open tickets are pending until the deadline passes, then breached.
 */
export function evaluateSla(
  ticket: Ticket,
  policy: SlaPolicy,
  { asOf, calendar }: SlaOptions,
): SlaEvaluation | null {
  const targetIndex = matchSlaTarget(policy, ticket);
  const target = policy[targetIndex];
  if (target === undefined) return null;
  const now = instantOf("asOf", asOf);
  const { replyAt, closedAt: closed } = replyFacts(ticket, asOf);
  const replyDeadline = slaDeadline(
    ticket.createdAt,
    target.firstReplyMinutes,
    target.businessHours,
    calendar,
  );
  const firstReply = clock(replyDeadline, replyAt, closed, now);
  let resolution: SlaClock | null = null;
  if (target.resolutionMinutes != null) {
    const deadline = slaDeadline(ticket.createdAt, target.resolutionMinutes, target.businessHours, calendar);
    const resolved = closed !== null && ticket.resolved === true ? closed : null;
    resolution = clock(deadline, resolved, resolved === null ? closed : null, now);
  }
  return { targetIndex, target, firstReply, resolution };
}

/** Tickets per SLA state: the sufficient statistics of SLA compliance. */
export interface SlaCounts {
  met: number;
  breached: number;
  pending: number;
  notApplicable: number;
}

export interface SlaCompliance extends PercentShare, SlaCounts {
  /** Tickets in the period that no target matched (no SLA applies). */
  untargeted: number;
}

/**
 * SLA % achieved from counts: `100 · met / (met + breached)`, with a 95% Wilson interval. Pending and
 * not-applicable tickets are not under a target yet, so they are out of both counts.
 */
export function slaComplianceFromCounts(counts: SlaCounts): PercentShare {
  return shareFromCounts(counts.met, counts.met + counts.breached);
}

export interface SlaComplianceOptions extends SlaOptions {
  /** Tickets created in this period are scored. */
  period: SupportPeriod;
  /** Which goal to score; default the first reply. */
  measure?: "firstReply" | "resolution";
}

/**
 * SLA compliance [000]: `% achieved = tickets whose first human reply (or resolution) met the target /
 * tickets under a target`, over tickets created in the period (and by asOf). Tickets open past their
 * deadline count as breached; open within it are pending and left out; see {@link evaluateSla}. For
 * "resolution", tickets whose target has no resolution goal are untargeted.
 */
export function slaCompliance(
  tickets: readonly Ticket[],
  policy: SlaPolicy,
  options: SlaComplianceOptions,
): SlaCompliance {
  const { period, measure = "firstReply" } = options;
  const now = instantOf("asOf", options.asOf);
  const counts: SlaCounts = { met: 0, breached: 0, pending: 0, notApplicable: 0 };
  let untargeted = 0;
  for (const ticket of tickets) {
    if (!inSupportPeriod(period, ticket.createdAt) || instantOf("createdAt", ticket.createdAt) > now)
      continue;
    const evaluation = evaluateSla(ticket, policy, options);
    const result =
      evaluation === null ? null : measure === "firstReply" ? evaluation.firstReply : evaluation.resolution;
    if (result === null) untargeted++;
    else counts[result.state]++;
  }
  return { ...slaComplianceFromCounts(counts), ...counts, untargeted };
}
