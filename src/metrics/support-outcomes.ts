/** Support outcome metrics (spec §3, [000]): FCR, resolution rate, resolution % per agent or team. */
import { instantOf } from "./business-hours-zone.js";
import { type PercentShare, shareFromCounts } from "./stats.js";
import {
  firstClosedAt,
  inSupportPeriod,
  isBotResolved,
  reopenedBetween,
  type SupportPeriod,
  type Ticket,
} from "./support-tickets.js";

export interface FcrOptions {
  /** Tickets whose solvedAt falls in this period are the ones scored. */
  period: SupportPeriod;
  /** W, the workspace's re-contact window in ms after resolution (e.g. 24 h). */
  windowMs: number;
  /** The instant the data is read at; tickets whose window has not closed by then are pending. */
  asOf: Date;
  /** Re-contacts count only on the same topic (default, per spec); false: any topic from the customer. */
  sameTopicOnly?: boolean;
}

export interface FcrResult extends PercentShare {
  /** Resolved tickets in the period whose window is still open at asOf: left out of both counts. */
  pending: number;
}

const topicKey = (ticket: Ticket, sameTopicOnly: boolean) =>
  sameTopicOnly ? `${ticket.customerId}\u0000${ticket.topic ?? ""}` : ticket.customerId;

/** Index of the first element > `value` in an ascending array. */
function upperBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] ?? 0) <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * FCR — first contact resolution [000]: `100 · resolved tickets with no new contact from the same customer
 * on the same topic within W after resolution / resolved tickets`, with a 95% Wilson interval.
 *
 * Scored: tickets marked resolved whose solvedAt is in the period. Resolution starts the window at the
 * ticket's first close (its status history; else solvedAt). A new contact within `(s, s + W]` is another
 * ticket created by the same customer on the same topic (a missing topic matches only a missing topic), or
 * the ticket reopening (its status history); a customer's message that does not reopen the ticket, such as
 * a "thank you", is not a new contact. A re-contact after W does not hurt FCR [000].
 * Tickets whose window has not ended by asOf are pending, excluded from numerator and denominator alike.
 * `tickets` should hold every ticket that could be a re-contact, not only the period's.
 */
export function firstContactResolution(tickets: readonly Ticket[], options: FcrOptions): FcrResult {
  const { period, windowMs, asOf, sameTopicOnly = true } = options;
  if (!Number.isFinite(windowMs) || windowMs < 0)
    throw new RangeError(`windowMs must be ≥ 0, got ${windowMs}`);
  const limit = instantOf("asOf", asOf);
  const createdByKey = new Map<string, number[]>();
  for (const ticket of tickets) {
    const key = topicKey(ticket, sameTopicOnly);
    const list = createdByKey.get(key) ?? [];
    list.push(instantOf("createdAt", ticket.createdAt));
    createdByKey.set(key, list);
  }
  for (const list of createdByKey.values()) list.sort((a, b) => a - b);
  let resolved = 0;
  let firstContact = 0;
  let pending = 0;
  for (const ticket of tickets) {
    if (ticket.resolved !== true || ticket.solvedAt == null || !inSupportPeriod(period, ticket.solvedAt))
      continue;
    const start = firstClosedAt(ticket)?.getTime() ?? instantOf("solvedAt", ticket.solvedAt);
    const end = start + windowMs;
    if (end > limit) {
      pending++;
      continue;
    }
    resolved++;
    const created = createdByKey.get(topicKey(ticket, sameTopicOnly)) ?? [];
    const newTicket = upperBound(created, end) > upperBound(created, start);
    if (!newTicket && !reopenedBetween(ticket, start, end)) firstContact++;
  }
  return { ...shareFromCounts(firstContact, resolved), pending };
}

/**
 * RR — resolution rate [000]: `100 · tickets marked resolved / tickets closed`, over tickets whose solvedAt
 * falls in the period, with a 95% Wilson interval. The sources warn it runs near 100% and is weaker than
 * FCR, because "resolved" often just means the customer stopped writing.
 */
export function resolutionRate(tickets: readonly Ticket[], period: SupportPeriod): PercentShare {
  let closed = 0;
  let resolved = 0;
  for (const ticket of tickets) {
    if (ticket.solvedAt == null || !inSupportPeriod(period, ticket.solvedAt)) continue;
    closed++;
    if (ticket.resolved === true) resolved++;
  }
  return shareFromCounts(resolved, closed);
}

export interface GroupResolution extends PercentShare {
  /** The assignee id or team name. */
  key: string;
}

/**
 * Resolution % per agent (or per team) [000]: `100 · tickets resolved by the agent / tickets assigned to
 * the agent`, where the assigned tickets are those created in the period with that assignee, and resolved
 * ones are those of them marked resolved (by any time). A ticket resolved entirely by a bot counts as
 * resolved by the bot, not the agent. Unassigned tickets are left out. Sorted by key.
 */
export function resolutionByAssignee(
  tickets: readonly Ticket[],
  period: SupportPeriod,
  by: "assignee" | "team" = "assignee",
): GroupResolution[] {
  const groups = new Map<string, { assigned: number; resolved: number }>();
  for (const ticket of tickets) {
    const key = by === "assignee" ? ticket.assigneeId : ticket.team;
    if (key == null || !inSupportPeriod(period, ticket.createdAt)) continue;
    const group = groups.get(key) ?? { assigned: 0, resolved: 0 };
    group.assigned++;
    if (ticket.resolved === true && ticket.solvedAt != null && !isBotResolved(ticket)) group.resolved++;
    groups.set(key, group);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, { assigned, resolved }]) => ({ key, ...shareFromCounts(resolved, assigned) }));
}
