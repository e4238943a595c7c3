/**
 * The stored per-ticket facts stay right while a ticket arrives piece by piece: a reply arriving later, a
 * message re-sent under another ticket, a reopen. After every step they equal the expected values and
 * what the set-based refresh of the whole workspace (the one bulk loads use) computes from scratch. The
 * one-pass grouped figures (grouping sets) equal the figures queried one grouping at a time.
 */
import fc from "fast-check";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../src/db/connection.js";
import { refreshTicketFacts } from "../../src/support/facts-store.js";
import type { Grouping, SupportGroup } from "../../src/support/metrics-sql.js";
import * as sqlMetrics from "../../src/support/metrics-store.js";
import { ingestMessages } from "../../src/support/service.js";
import { ingestTickets } from "../../src/support/tickets-service.js";
import { testDatabases } from "../helpers/db.js";
import { freshWorkspace, ingestGenerated, periodArb, ticketsArb } from "./generate.js";

const NOW = new Date("2026-03-10T12:00:00Z");
const iso = (s: string) => new Date(s).toISOString();

interface Facts {
  external_id: string;
  first_closed_at: string | null;
  reopened: boolean;
  last_change_at: string | null;
  next_contact_at: string | null;
  first_reply_at: string | null;
  first_bot_at: string | null;
  last_reply_at: string | null;
  last_customer_at: string | null;
}

async function facts(
  db: DbHandle["db"],
  workspaceId: string,
): Promise<Record<string, Omit<Facts, "external_id">>> {
  const { rows } = await sql<Facts>`
    select external_id, first_closed_at, reopened, last_change_at, next_contact_at, first_reply_at, first_bot_at, last_reply_at, last_customer_at
    from support_tickets where workspace_id = ${workspaceId} order by external_id`.execute(db);
  const at = (d: unknown) => (d ? new Date(d as string).toISOString() : null);
  return Object.fromEntries(
    rows.map((r) => [
      r.external_id,
      {
        first_closed_at: at(r.first_closed_at),
        reopened: r.reopened,
        last_change_at: at(r.last_change_at),
        next_contact_at: at(r.next_contact_at),
        first_reply_at: at(r.first_reply_at),
        first_bot_at: at(r.first_bot_at),
        last_reply_at: at(r.last_reply_at),
        last_customer_at: at(r.last_customer_at),
      },
    ]),
  );
}

describe.each(testDatabases())("support ticket facts on $name", (database) => {
  let handle: DbHandle;

  beforeAll(async () => {
    handle = await database.open();
  });

  afterAll(async () => {
    await handle?.close();
  });

  /** The stored facts, checked against a from-scratch set-based refresh of the workspace. */
  async function settled(workspaceId: string) {
    const stored = await facts(handle.db, workspaceId);
    await refreshTicketFacts(handle.db, workspaceId, "all");
    expect(await facts(handle.db, workspaceId)).toEqual(stored);
    return stored;
  }

  it("follow a late reply, a message moved to another ticket and a reopen", async () => {
    const db = handle.db;
    const ws = await freshWorkspace(db, "Europe/Moscow");
    const opts = { now: NOW };
    await ingestTickets(
      db,
      ws,
      [
        {
          externalId: "A",
          createdAt: "2026-03-02T09:00:00Z",
          channel: "chat",
          status: "open",
          messages: [
            { externalId: "a1", author: "customer", at: "2026-03-02T09:00:00Z", internal: false },
            { externalId: "a2", author: "bot", at: "2026-03-02T09:00:05Z", internal: false },
          ],
        },
        { externalId: "B", createdAt: "2026-03-02T10:00:00Z", channel: "email", status: "open" },
      ],
      opts,
    );
    let f = await settled(ws);
    expect(f.A).toMatchObject({
      first_reply_at: null,
      first_bot_at: iso("2026-03-02T09:00:05Z"),
      last_customer_at: iso("2026-03-02T09:00:00Z"),
      first_closed_at: null,
      reopened: false,
    });

    // A reply arrives later (an internal note first: never a reply), then the real one.
    await ingestMessages(
      db,
      ws,
      [
        { ticket: "A", externalId: "a3", author: "agent", at: "2026-03-02T09:20:00Z", internal: true },
        { ticket: "A", externalId: "a4", author: "agent", at: "2026-03-02T09:30:00Z", internal: false },
      ],
      opts,
    );
    f = await settled(ws);
    expect(f.A?.first_reply_at).toBe(iso("2026-03-02T09:30:00Z"));
    expect(f.A?.last_reply_at).toBe(iso("2026-03-02T09:30:00Z"));

    // The help desk re-sends the reply under ticket B: A has no reply any more, B has it — clamped to
    // B's creation, since a message cannot come before its ticket.
    await ingestMessages(
      db,
      ws,
      [{ ticket: "B", externalId: "a4", author: "agent", at: "2026-03-02T09:30:00Z", internal: false }],
      opts,
    );
    f = await settled(ws);
    expect(f.A?.first_reply_at).toBeNull();
    expect(f.A?.last_reply_at).toBeNull();
    expect(f.B?.first_reply_at).toBe(iso("2026-03-02T10:00:00Z"));

    // Solved, reopened, solved again: the first close stays, the ticket is marked reopened.
    await ingestTickets(
      db,
      ws,
      [{ externalId: "A", status: "solved", statusAt: "2026-03-03T09:00:00Z" }],
      opts,
    );
    f = await settled(ws);
    expect(f.A).toMatchObject({
      first_closed_at: iso("2026-03-03T09:00:00Z"),
      reopened: false,
      last_change_at: iso("2026-03-03T09:00:00Z"),
    });
    await ingestTickets(
      db,
      ws,
      [
        {
          externalId: "A",
          statusHistory: [
            { status: "open", at: "2026-03-04T09:00:00Z" },
            { status: "solved", at: "2026-03-05T09:00:00Z" },
          ],
          messages: [{ externalId: "a5", author: "customer", at: "2026-03-04T09:00:00Z", internal: false }],
        },
      ],
      opts,
    );
    f = await settled(ws);
    expect(f.A).toMatchObject({
      first_closed_at: iso("2026-03-03T09:00:00Z"),
      reopened: true,
      last_change_at: iso("2026-03-05T09:00:00Z"),
      last_customer_at: iso("2026-03-04T09:00:00Z"),
    });
    expect(f.B?.reopened).toBe(false);
  });

  it("follow the customer's next contact about the same topic as tickets arrive and move", async () => {
    const db = handle.db;
    const ws = await freshWorkspace(db, "Europe/Moscow");
    const opts = { now: NOW };
    const ticket = (externalId: string, customer: string, createdAt: string, topic = "payment") => ({
      externalId,
      createdAt,
      channel: "email",
      topic,
      customer: { externalId: customer },
      status: "open" as const,
    });
    await ingestTickets(
      db,
      ws,
      [
        { ...ticket("P1", "c1", "2026-03-02T09:00:00Z"), status: "solved", statusAt: "2026-03-02T12:00:00Z" },
        ticket("P0", "c1", "2026-03-02T10:00:00Z"),
        ticket("Q1", "c1", "2026-03-02T13:00:00Z", "delivery"),
      ],
      opts,
    );
    // P0 came before the close, Q1 is about another topic: no re-contact yet.
    let f = await settled(ws);
    expect(f.P1?.next_contact_at).toBeNull();
    await ingestTickets(db, ws, [ticket("P2", "c1", "2026-03-02T20:00:00Z")], opts);
    f = await settled(ws);
    expect(f.P1?.next_contact_at).toBe(iso("2026-03-02T20:00:00Z"));
    // The help desk reassigns P2 to another customer: P1's customer never came back.
    await ingestTickets(db, ws, [{ externalId: "P2", customer: { externalId: "c2" } }], opts);
    f = await settled(ws);
    expect(f.P1?.next_contact_at).toBeNull();
  });

  it("equal a from-scratch refresh after random tickets are re-sent with another customer or topic", async () => {
    const change = fc.record({
      customer: fc.constantFrom(null, "c1", "c2", "c3"),
      topic: fc.constantFrom(null, "payment", "delivery"),
    });
    await fc.assert(
      fc.asyncProperty(
        ticketsArb,
        fc.array(fc.tuple(fc.nat(), change), { maxLength: 6 }),
        async (tickets, moves) => {
          const db = handle.db;
          const ws = await freshWorkspace(db);
          await ingestGenerated(db, ws, tickets);
          await settled(ws);
          if (!tickets.length) return;
          for (const [i, to] of moves) {
            await ingestTickets(
              db,
              ws,
              [
                {
                  externalId: `T${i % tickets.length}`,
                  topic: to.topic,
                  customer: to.customer ? { externalId: to.customer } : null,
                },
              ],
              { now: NOW },
            );
            await settled(ws);
          }
        },
      ),
      { numRuns: 10 },
    );
  });

  it("come out the same from grouping sets as one grouping at a time", async () => {
    const groups: SupportGroup[] = ["agent", "team", "channel"];
    await fc.assert(
      fc.asyncProperty(ticketsArb, periodArb, fc.constantFrom(...groups), async (tickets, period, group) => {
        const db = handle.db;
        const ws = await freshWorkspace(db);
        await ingestGenerated(db, ws, tickets);
        const scope = { workspaceId: ws };
        const asOf = period.to;
        const queries = [
          (g: Grouping) => sqlMetrics.firstReplyRows(db, scope, period, asOf, g),
          (g: Grouping) => sqlMetrics.resolutionRows(db, scope, period, g),
          (g: Grouping) => sqlMetrics.backlogRows(db, scope, period.to, g),
          (g: Grouping) => sqlMetrics.fcrRows(db, scope, period, asOf, 86_400_000, g),
        ];
        const norm = (rows: { key: string | null; by: string | null }[]) =>
          rows
            .map((r) =>
              JSON.stringify(r, (_, v) => (typeof v === "string" && /^\d+(\.\d+)?$/.test(v) ? Number(v) : v)),
            )
            .sort();
        // Over no tickets the empty grouping set still yields its (all-zero) row; the service reads a
        // missing row as zeros, so both forms state the same figures.
        const empty = (r: Record<string, unknown>) =>
          r.by === null && Object.entries(r).every(([k, v]) => k === "key" || v === null || Number(v) === 0);
        for (const query of queries) {
          const together = (await query({ sets: [null, group] })).filter((r) => !empty(r));
          const apart = [...(await query(null)), ...(await query(group))].filter((r) => !empty(r));
          expect(norm(together)).toEqual(norm(apart));
        }
      }),
      { numRuns: 8 },
    );
  });
});
