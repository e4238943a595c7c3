/**
 * Stored tickets in the kernel's form (status history by time and arrival, messages, flags): what the
 * property tests compare the SQL of every support figure against.
 */
import type { Db } from "../db/connection.js";
import type { MessageAuthor, Ticket, TicketStatus } from "../metrics/support.js";
import type { ticketPage } from "./metrics-store.js";
import * as store from "./store.js";

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
