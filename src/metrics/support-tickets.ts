/**
 * Support tickets (spec §3): the input shape every support metric reads, and the per-ticket facts they rest
 * on: the first human reply, when and how the ticket closed, and its state at an instant.
 */
import { instantOf } from "./business-hours-zone.js";

/** Who wrote a message. Only "agent" messages are human replies; bot and system messages never are. */
export type MessageAuthor = "customer" | "agent" | "bot" | "system";

export interface TicketMessage {
  author: MessageAuthor;
  at: Date;
  /** An internal note, invisible to the customer: never a reply. */
  internal?: boolean;
}

/**
 * Ticket statuses: new/open wait for support, pending waits for the customer, on_hold for a third party;
 * solved and closed are terminal.
 */
export type TicketStatus = "new" | "open" | "pending" | "on_hold" | "solved" | "closed";

export const CLOSED_STATUSES: readonly TicketStatus[] = ["solved", "closed"];

export interface TicketStatusChange {
  status: TicketStatus;
  at: Date;
}

/** A ticket or conversation, as the support metrics read it. */
export interface Ticket {
  id: string;
  customerId: string;
  channel: string;
  priority?: string | null;
  topic?: string | null;
  team?: string | null;
  assigneeId?: string | null;
  createdAt: Date;
  /** In any order. Messages dated before createdAt (clock skew) count as written at createdAt. */
  messages: readonly TicketMessage[];
  /**
   * Status changes in any order; the ticket is "new" before the first. When absent or empty, the ticket is
   * taken as open from createdAt and closed from solvedAt.
   */
  statusHistory?: readonly TicketStatusChange[];
  /** When the ticket was last solved or closed; null or absent while it is open. */
  solvedAt?: Date | null;
  /** Resolution flag: the issue was resolved, rather than closed as spam, duplicate, abandoned … */
  resolved?: boolean;
}

/** A half-open interval of time `[from, to)` (spec, Conventions). */
export interface SupportPeriod {
  from: Date;
  to: Date;
}

/** Whether `instant` lies in `[from, to)`. RangeError for an invalid period. */
export function inSupportPeriod(period: SupportPeriod, instant: Date): boolean {
  const from = instantOf("period.from", period.from);
  const to = instantOf("period.to", period.to);
  if (to < from) throw new RangeError("period.to must not be before period.from");
  const ms = instantOf("instant", instant);
  return ms >= from && ms < to;
}

export function isClosedStatus(status: TicketStatus): boolean {
  return status === "solved" || status === "closed";
}

/** Time of a message, clamped to the ticket's creation. */
function messageTime(ticket: Ticket, message: TicketMessage): number {
  return Math.max(instantOf("message.at", message.at), instantOf("createdAt", ticket.createdAt));
}

/** A public message by an agent: the only kind of reply that counts [000]. */
export function isHumanReply(message: TicketMessage): boolean {
  return message.author === "agent" && message.internal !== true;
}

/**
 * The first human reply written at or before `asOf`, or null. Bot answers and auto-replies ("we got your
 * request") are not replies [000].
 */
export function firstHumanReplyAt(ticket: Ticket, asOf?: Date): Date | null {
  const limit = asOf === undefined ? Number.POSITIVE_INFINITY : instantOf("asOf", asOf);
  let first = Number.POSITIVE_INFINITY;
  for (const message of ticket.messages) {
    if (!isHumanReply(message)) continue;
    const at = messageTime(ticket, message);
    if (at <= limit && at < first) first = at;
  }
  return first === Number.POSITIVE_INFINITY ? null : new Date(first);
}

/** Status changes sorted by time (stable for equal times), validated. */
function sortedHistory(ticket: Ticket): { status: TicketStatus; at: number }[] {
  return (ticket.statusHistory ?? [])
    .map((change) => ({ status: change.status, at: instantOf("statusHistory.at", change.at) }))
    .sort((a, b) => a.at - b.at);
}

/** {@link closedAt} on epoch ms; `limit` may be Infinity ("everything known"). */
export function closedAtMs(ticket: Ticket, limit: number, strict = false): number | null {
  const counts = (at: number) => (strict ? at < limit : at <= limit);
  const history = sortedHistory(ticket);
  if (history.length === 0) {
    const solved = ticket.solvedAt == null ? null : instantOf("solvedAt", ticket.solvedAt);
    return solved !== null && counts(solved) ? solved : null;
  }
  let closedSince: number | null = null;
  for (const change of history) {
    if (!counts(change.at)) break;
    if (!isClosedStatus(change.status)) closedSince = null;
    else if (closedSince === null) closedSince = change.at;
  }
  return closedSince;
}

/**
 * When the ticket became closed, if it is closed at `instant` (changes at `instant` included, or only those
 * strictly before it with `strict`); else null. With a status history: the last entry into solved/closed;
 * without: solvedAt.
 */
export function closedAt(ticket: Ticket, instant: Date, strict = false): Date | null {
  const closed = closedAtMs(ticket, instantOf("instant", instant), strict);
  return closed === null ? null : new Date(closed);
}

/**
 * When the ticket first became solved or closed: the start of the FCR window. With no history, solvedAt.
 * Null if it never closed.
 */
export function firstClosedAt(ticket: Ticket): Date | null {
  const history = sortedHistory(ticket);
  if (history.length === 0)
    return ticket.solvedAt == null ? null : new Date(instantOf("solvedAt", ticket.solvedAt));
  const first = history.find((change) => isClosedStatus(change.status));
  return first === undefined ? null : new Date(first.at);
}

/** Whether the ticket reopened (a change to a non-closed status) in `(after, until]`. */
export function reopenedBetween(ticket: Ticket, after: number, until: number): boolean {
  return sortedHistory(ticket).some(
    (change) => change.at > after && change.at <= until && !isClosedStatus(change.status),
  );
}

/** What the first-reply measures (FRT, first-reply SLA) read of a ticket at one instant. */
export interface ReplyFacts {
  /** The first human reply written before the ticket closed (a reply after the close does not count). */
  replyAt: number | null;
  /** When the ticket closed, if it is closed at the instant. */
  closedAt: number | null;
  /**
   * Resolved entirely by a bot: closed and marked resolved, a bot wrote to the customer, and no human replied
   * before the close. The one case where bot answers count [000]: as "resolved by bot".
   */
  botResolved: boolean;
}

/** {@link ReplyFacts} of the ticket as known at `asOf` (default: everything). */
export function replyFacts(ticket: Ticket, asOf?: Date): ReplyFacts {
  const limit = asOf === undefined ? Number.POSITIVE_INFINITY : instantOf("asOf", asOf);
  const closed = closedAtMs(ticket, limit);
  const until = closed ?? limit;
  let replyAt: number | null = null;
  let botWrote = false;
  for (const message of ticket.messages) {
    const at = messageTime(ticket, message);
    if (at > until) continue;
    if (isHumanReply(message)) replyAt = replyAt === null ? at : Math.min(replyAt, at);
    else if (message.author === "bot") botWrote = true;
  }
  const botResolved = closed !== null && ticket.resolved === true && botWrote && replyAt === null;
  return { replyAt, closedAt: closed, botResolved };
}

/** Whether the ticket was resolved entirely by a bot ({@link ReplyFacts}), as known at `asOf`. */
export function isBotResolved(ticket: Ticket, asOf?: Date): boolean {
  return replyFacts(ticket, asOf).botResolved;
}

/**
 * Whether the ticket is waiting for a reply from support at `instant` (an open case [000]): it exists, is
 * not closed, and either no human has replied yet or the customer wrote after the last human reply.
 */
export function isAwaitingReply(ticket: Ticket, instant: Date): boolean {
  const limit = instantOf("instant", instant);
  if (instantOf("createdAt", ticket.createdAt) > limit) return false;
  if (closedAt(ticket, instant) !== null) return false;
  let lastReply = Number.NEGATIVE_INFINITY;
  let lastCustomer = Number.NEGATIVE_INFINITY;
  for (const message of ticket.messages) {
    const at = messageTime(ticket, message);
    if (at > limit) continue;
    if (isHumanReply(message)) lastReply = Math.max(lastReply, at);
    else if (message.author === "customer") lastCustomer = Math.max(lastCustomer, at);
  }
  return lastReply === Number.NEGATIVE_INFINITY || lastCustomer > lastReply;
}
