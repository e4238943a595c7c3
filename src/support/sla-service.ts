/**
 * SLA compliance and its drill-down. Deadlines are business-time arithmetic on the policy's calendar
 * (time zone, weekly schedule, holidays, exact across DST: metrics/business-hours.ts), which SQL cannot
 * express, so the kernel evaluates every ticket itself: tickets created in the period are loaded a page
 * at a time by the (workspace_id, created_at, id) index, each page with its full status histories and
 * messages (by the (workspace_id, ticket_id, …) indexes), and the kernel's `slaCompliance` runs per page;
 * its counts add up across pages and groups.
 */
import type { Db } from "../db/connection.js";
import { invalid } from "../http/errors.js";
import {
  evaluateSla,
  type MessageAuthor,
  type SlaCounts,
  type SupportPeriod,
  slaCompliance,
  slaComplianceFromCounts,
  type Ticket,
  type TicketStatus,
} from "../metrics/support.js";
import type { TicketScope } from "./metrics-sql.js";
import { type PagePosition, ticketPage } from "./metrics-store.js";
import type { EffectivePolicy } from "./settings-service.js";
import * as store from "./store.js";

const PAGE = 500;
const AUTHORS: readonly MessageAuthor[] = ["customer", "agent", "bot", "system"];
const STATUSES: readonly TicketStatus[] = ["new", "open", "pending", "on_hold", "solved", "closed"];
const author = (a: string) => AUTHORS.find((x) => x === a) ?? "system";
const status = (s: string) => STATUSES.find((x) => x === s) ?? "open";

export type PageRow = Awaited<ReturnType<typeof ticketPage>>[number];

/** Stored tickets as the kernel reads them: status history by (time, arrival), messages, flags. */
export async function kernelTickets(db: Db, workspaceId: string, rows: PageRow[]): Promise<Ticket[]> {
  const ids = rows.map((r) => r.id);
  const [histories, messages] = await Promise.all([
    store.historiesOf(db, workspaceId, ids),
    store.messagesOf(db, workspaceId, ids),
  ]);
  const historyOf = new Map<string, { status: TicketStatus; at: Date }[]>();
  for (const h of histories) {
    const list = historyOf.get(h.ticket_id) ?? [];
    list.push({ status: status(h.status), at: h.changed_at });
    historyOf.set(h.ticket_id, list);
  }
  const messagesOf = new Map<string, { author: MessageAuthor; at: Date; internal: boolean }[]>();
  for (const m of messages) {
    const list = messagesOf.get(m.ticket_id) ?? [];
    list.push({ author: author(m.author), at: m.sent_at, internal: m.internal });
    messagesOf.set(m.ticket_id, list);
  }
  return rows.map((r) => ({
    id: r.id,
    customerId: r.customer_id ?? `ticket:${r.id}`,
    channel: r.channel,
    priority: r.priority,
    topic: r.topic,
    team: r.team_id,
    assigneeId: r.assignee_id,
    createdAt: r.created_at,
    messages: messagesOf.get(r.id) ?? [],
    statusHistory: historyOf.get(r.id) ?? [],
    solvedAt: r.solved_at,
    resolved: r.resolved,
  }));
}

/** Pages of the tickets created in the period (and by asOf), with their kernel form. */
async function* pages(
  db: Db,
  scope: TicketScope,
  period: SupportPeriod,
  asOf: Date,
  after: PagePosition | null,
  pageSize = PAGE,
) {
  let position = after;
  for (;;) {
    const rows = await ticketPage(db, scope, period, asOf, position, pageSize);
    if (!rows.length) return;
    yield { rows, tickets: await kernelTickets(db, scope.workspaceId, rows) };
    const last = rows.at(-1);
    if (!last || rows.length < pageSize) return;
    position = { createdAt: last.created_at, id: last.id };
  }
}

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

/**
 * SLA counts per group key (first reply and resolution), with the kernel's `slaCompliance` on each page
 * of tickets. `keyOf` gives a ticket's group ('' for one group).
 */
export async function slaTallies(
  db: Db,
  scope: TicketScope,
  period: SupportPeriod,
  asOf: Date,
  policy: EffectivePolicy,
  keyOf: (row: PageRow) => string,
  pageSize = PAGE,
) {
  const tallies = new Map<string, { firstReply: SlaTally; resolution: SlaTally }>();
  const options = { period, asOf, calendar: policy.calendar };
  for await (const { rows, tickets } of pages(db, scope, period, asOf, null, pageSize)) {
    const parts = new Map<string, Ticket[]>();
    rows.forEach((row, i) => {
      const ticket = tickets[i];
      if (!ticket) return;
      const key = keyOf(row);
      parts.set(key, [...(parts.get(key) ?? []), ticket]);
    });
    for (const [key, part] of parts) {
      const tally = tallies.get(key) ?? { firstReply: emptyTally(), resolution: emptyTally() };
      addTally(tally.firstReply, slaCompliance(part, policy.policy, { ...options, measure: "firstReply" }));
      addTally(tally.resolution, slaCompliance(part, policy.policy, { ...options, measure: "resolution" }));
      tallies.set(key, tally);
    }
  }
  return tallies;
}

export function encodeCursor(p: PagePosition) {
  return Buffer.from(`${p.createdAt.toISOString()}|${p.id}`).toString("base64url");
}

function decodeCursor(cursor: string): PagePosition {
  const [createdAt, id] = Buffer.from(cursor, "base64url").toString().split("|");
  const date = new Date(createdAt ?? "");
  if (!id || !/^[0-9a-f-]{36}$/.test(id) || Number.isNaN(date.getTime()))
    throw invalid("query.cursor", "malformed cursor");
  return { createdAt: date, id };
}

export interface Breach {
  row: PageRow;
  target: string | null;
  deadline: Date;
  achievedAt: Date | null;
}

/**
 * The tickets behind a breached SLA figure, oldest first: those the kernel's `evaluateSla` finds breached
 * for the measure, `limit` at a time, with a cursor to the next page.
 */
export async function slaBreaches(
  db: Db,
  scope: TicketScope,
  period: SupportPeriod,
  asOf: Date,
  policy: EffectivePolicy,
  measure: SlaMeasure,
  opts: { cursor?: string; limit: number; pageSize?: number },
) {
  const items: Breach[] = [];
  let nextCursor: string | null = null;
  const after = opts.cursor ? decodeCursor(opts.cursor) : null;
  scan: for await (const { rows, tickets } of pages(db, scope, period, asOf, after, opts.pageSize)) {
    for (const [i, ticket] of tickets.entries()) {
      const row = rows[i];
      const evaluation = evaluateSla(ticket, policy.policy, { asOf, calendar: policy.calendar });
      const clock = measure === "firstReply" ? evaluation?.firstReply : evaluation?.resolution;
      if (!row || !evaluation || clock?.state !== "breached") continue;
      if (items.length === opts.limit) {
        const last = items.at(-1)?.row;
        if (last) nextCursor = encodeCursor({ createdAt: last.created_at, id: last.id });
        break scan;
      }
      items.push({
        row,
        target: evaluation.target.name ?? null,
        deadline: clock.deadline,
        achievedAt: clock.achievedAt,
      });
    }
  }
  return { items, nextCursor };
}
