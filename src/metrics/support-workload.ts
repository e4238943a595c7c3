/** Support workload metrics (spec §3, [000]): open cases, backlog, request volume by channel and hour. */
import { assertTimeZone, instantOf, zonedDateTime } from "./business-hours-zone.js";
import {
  closedAtMs,
  inSupportPeriod,
  isAwaitingReply,
  type SupportPeriod,
  type Ticket,
} from "./support-tickets.js";

/**
 * Open cases [000]: tickets waiting for a reply from support at `instant` — created by then, not closed,
 * and either unanswered by a human or with a customer message after the last human reply. Tickets waiting
 * on the customer or on a third party are not open cases.
 */
export function openCasesAt(tickets: readonly Ticket[], instant: Date): number {
  let count = 0;
  for (const ticket of tickets) if (isAwaitingReply(ticket, instant)) count++;
  return count;
}

/**
 * Backlog [000]: tickets not resolved at the end of a period `[from, to)`: created before `to` and not
 * closed by a change before `to` (a ticket closed exactly at `to` closed in the next period, so it is still
 * in this one's backlog). Pending and on-hold tickets are backlog; tickets closed without resolution are not.
 */
export function backlogAt(tickets: readonly Ticket[], periodEnd: Date): number {
  const end = instantOf("periodEnd", periodEnd);
  let count = 0;
  for (const ticket of tickets) {
    if (instantOf("createdAt", ticket.createdAt) < end && closedAtMs(ticket, end, true) === null) count++;
  }
  return count;
}

/** Anything counted as a request: a ticket, chat, call or social conversation. */
export interface SupportRequest {
  createdAt: Date;
  channel: string;
}

/** Request volume [000]: requests created in the period. */
export function requestVolume(requests: readonly SupportRequest[], period: SupportPeriod): number {
  let count = 0;
  for (const request of requests) if (inSupportPeriod(period, request.createdAt)) count++;
  return count;
}

export interface ChannelVolume {
  channel: string;
  count: number;
  /** Share of the period's requests, 0..100. */
  percent: number;
}

/**
 * Volume by channel [000]: requests created in the period per channel, with each channel's share of the
 * total; largest first, then by channel name. Channels with no requests are absent.
 */
export function volumeByChannel(requests: readonly SupportRequest[], period: SupportPeriod): ChannelVolume[] {
  const counts = new Map<string, number>();
  let total = 0;
  for (const request of requests) {
    if (!inSupportPeriod(period, request.createdAt)) continue;
    counts.set(request.channel, (counts.get(request.channel) ?? 0) + 1);
    total++;
  }
  return [...counts.entries()]
    .map(([channel, count]) => ({ channel, count, percent: (100 * count) / total }))
    .sort((a, b) => b.count - a.count || (a.channel < b.channel ? -1 : a.channel > b.channel ? 1 : 0));
}

/**
 * Requests created in the period by local weekday and hour in `timeZone`: a 7 × 24 matrix, rows Monday
 * (0) … Sunday (6), columns hours 0..23. On a fall-back day the repeated hour collects both occurrences.
 */
export function volumeByHourOfWeek(
  requests: readonly Pick<SupportRequest, "createdAt">[],
  period: SupportPeriod,
  timeZone: string,
): number[][] {
  assertTimeZone(timeZone);
  const matrix = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  for (const request of requests) {
    if (!inSupportPeriod(period, request.createdAt)) continue;
    const local = zonedDateTime(timeZone, request.createdAt);
    const row = matrix[local.weekday - 1];
    if (row !== undefined) row[local.hour] = (row[local.hour] ?? 0) + 1;
  }
  return matrix;
}
