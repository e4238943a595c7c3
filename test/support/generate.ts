/** Random ticket histories and calls for the SQL-vs-kernel properties, and how to load them back. */
import fc from "fast-check";
import { createWorkspace } from "../../src/auth/service.js";
import type { Db } from "../../src/db/connection.js";
import { newId } from "../../src/ids.js";
import type { Ticket } from "../../src/metrics/support.js";
import { kernelTickets, type PageRow } from "../../src/support/kernel-tickets.js";
import { ticketPage } from "../../src/support/metrics-store.js";
import type { TCallInput, TTicketInput } from "../../src/support/schema.js";
import { ingestCalls, ingestTickets } from "../../src/support/service.js";

export const BASE = Date.parse("2026-01-05T00:00:00Z");
const QUARTER_HOUR = 15 * 60_000;
/** Far enough ahead that no generated instant counts as "in the future" at ingestion. */
export const INGEST_NOW = new Date(BASE + 90 * 86_400_000);

const iso = (ms: number) => new Date(ms).toISOString();
/** Offsets on a 15-minute grid (ties are common), sometimes off it by seconds. */
const offset = (maxQuarters: number, min = 0) =>
  fc
    .tuple(fc.integer({ min, max: maxQuarters }), fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 899 })))
    .map(([q, s]) => q * QUARTER_HOUR + s * 1000);

const ticketArb = fc.record({
  created: offset(14 * 96),
  channel: fc.constantFrom("email", "chat", "phone"),
  priority: fc.constantFrom(null, "high", "low"),
  topic: fc.constantFrom(null, "payment", "delivery"),
  team: fc.constantFrom(null, "t1", "t2"),
  assignee: fc.constantFrom(null, "a1", "a2", "a3"),
  customer: fc.constantFrom(null, "c1", "c2", "c3"),
  resolved: fc.constantFrom(undefined, true, false),
  messages: fc.array(
    fc.record({
      at: offset(3 * 96, -4),
      author: fc.constantFrom("customer", "agent", "agent", "bot", "system"),
      internal: fc.boolean(),
    }),
    { maxLength: 5 },
  ),
  history: fc.array(
    fc.record({
      // Mostly within the first two hours, so changes at the same instant (ties) are common.
      at: fc.oneof(offset(8), offset(4 * 96)),
      status: fc.constantFrom("open", "pending", "on_hold", "solved", "solved", "closed"),
    }),
    { maxLength: 4 },
  ),
});

export type GeneratedTicket = typeof ticketArb extends fc.Arbitrary<infer T> ? T : never;
export const ticketsArb = fc.array(ticketArb, { minLength: 1, maxLength: 25 });

export function ticketInputs(tickets: GeneratedTicket[]): TTicketInput[] {
  return tickets.map((t, i) => ({
    externalId: `T${i}`,
    createdAt: iso(BASE + t.created),
    channel: t.channel,
    priority: t.priority,
    topic: t.topic,
    team: t.team,
    assignee: t.assignee,
    customer: t.customer ? { externalId: t.customer } : null,
    resolved: t.resolved,
    statusHistory: t.history.map((h) => ({ status: h.status, at: iso(BASE + t.created + h.at) })),
    messages: t.messages.map((m, k) => ({
      externalId: `T${i}-m${k}`,
      author: m.author,
      at: iso(BASE + t.created + m.at),
      internal: m.internal,
    })),
  }));
}

const callArb = fc
  .record({
    queued: offset(14 * 96),
    outcome: fc.constantFrom("answered", "answered", "abandoned", "blocked"),
    wait: fc.integer({ min: 0, max: 120_000 }),
    talk: fc.integer({ min: 0, max: 900_000 }),
    hold: fc.integer({ min: 0, max: 60_000 }),
    acw: fc.option(fc.integer({ min: 0, max: 120_000 })),
    talkGiven: fc.boolean(),
    channel: fc.constantFrom("phone", "chat"),
    agent: fc.constantFrom(null, "a1", "a2"),
  })
  .map((c): Omit<TCallInput, "externalId"> => {
    const queuedAt = BASE + c.queued;
    const seconds = (ms: number) => ms / 1000;
    if (c.outcome === "blocked") return { outcome: "blocked", channel: c.channel, queuedAt: iso(queuedAt) };
    if (c.outcome === "abandoned")
      return {
        outcome: "abandoned",
        channel: c.channel,
        queuedAt: iso(queuedAt),
        endedAt: iso(queuedAt + c.wait),
      };
    const answeredAt = queuedAt + c.wait;
    return {
      outcome: "answered",
      channel: c.channel,
      agent: c.agent,
      queuedAt: iso(queuedAt),
      answeredAt: iso(answeredAt),
      endedAt: iso(answeredAt + c.talk + c.hold),
      talkSeconds: c.talkGiven ? seconds(c.talk) : null,
      holdSeconds: c.hold ? seconds(c.hold) : null,
      acwSeconds: c.acw === null ? null : seconds(c.acw),
    };
  });
export const callsArb = fc.array(callArb, { maxLength: 30 });

/** An instant within the generated data's span (and a little beyond). */
export const instantArb = offset(20 * 96).map((ms) => new Date(BASE - 86_400_000 + ms));
export const periodArb = fc.tuple(offset(20 * 96), offset(20 * 96)).map(([a, b]) => ({
  from: new Date(BASE - 86_400_000 + Math.min(a, b)),
  to: new Date(BASE - 86_400_000 + Math.max(a, b)),
}));

/** An instant: free, or (half the time) exactly one of the data's own event times, where ties bite. */
export const instantPickArb = fc.tuple(fc.boolean(), fc.nat(), instantArb).map(
  ([onEvent, index, free]) =>
    (events: number[]) =>
      onEvent && events.length ? new Date(events[index % events.length] ?? free.getTime()) : free,
);

/** Every instant the generated tickets mention: creations, status changes and messages. */
export function eventTimes(tickets: GeneratedTicket[]): number[] {
  return tickets.flatMap((t) => [
    BASE + t.created,
    ...t.history.map((h) => BASE + t.created + h.at),
    ...t.messages.map((m) => BASE + t.created + m.at),
  ]);
}

export async function freshWorkspace(db: Db, timeZone = "UTC") {
  const ws = await createWorkspace(db, { name: "Property", slug: `p-${newId()}`, timeZone });
  return ws.id;
}

export async function ingestGenerated(db: Db, workspaceId: string, tickets: GeneratedTicket[]) {
  await ingestTickets(db, workspaceId, ticketInputs(tickets), { now: INGEST_NOW });
}

export async function ingestGeneratedCalls(
  db: Db,
  workspaceId: string,
  calls: Omit<TCallInput, "externalId">[],
) {
  if (calls.length)
    await ingestCalls(
      db,
      workspaceId,
      calls.map((c, i) => ({ ...c, externalId: `K${i}` })),
      { now: INGEST_NOW },
    );
}

const ALL_TIME = { from: new Date("2000-01-01T00:00:00Z"), to: new Date("2100-01-01T00:00:00Z") };

/** Every stored ticket of the workspace as the kernel reads it, with its row. */
export async function loadAll(db: Db, workspaceId: string): Promise<{ rows: PageRow[]; tickets: Ticket[] }> {
  const rows = await ticketPage(db, { workspaceId }, ALL_TIME, ALL_TIME.to, null, 100_000);
  return { rows, tickets: await kernelTickets(db, workspaceId, rows) };
}

/** |a − b| within a relative 1e-9 (SQL sums are exact numerics, the kernel's are doubles). */
export function close(a: number | null | undefined, b: number | null | undefined): boolean {
  if (a == null || b == null) return a == null && b == null;
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}
