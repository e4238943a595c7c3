/**
 * Stored SLA outcomes against a fresh evaluation: after random writes to stored tickets (status changes,
 * reopenings, late replies, bot messages, re-prioritised or reassigned tickets) and after a policy or
 * calendar edit, the counts read with the stored outcomes equal the kernel run on the tickets as they are
 * now, and every stored outcome is the kernel's state from everything known.
 */
import fc from "fast-check";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db, DbHandle } from "../../src/db/connection.js";
import {
  type BusinessCalendar,
  evaluateSla,
  type SlaPolicy,
  slaCompliance,
} from "../../src/metrics/support.js";
import { ingestMessages } from "../../src/support/service.js";
import type { EffectivePolicy } from "../../src/support/settings-service.js";
import { policyHash, slaBreaches, slaSummary, slaTallies, slaTrend } from "../../src/support/sla-service.js";
import { ingestTickets } from "../../src/support/tickets-service.js";
import { testDatabases } from "../helpers/db.js";
import {
  BASE,
  eventTimes,
  freshWorkspace,
  INGEST_NOW,
  ingestGenerated,
  instantPickArb,
  loadAll,
  ticketsArb,
} from "./generate.js";

const RUNS = Number(process.env.SUPPORT_PROPERTY_RUNS ?? 25);
const DAY = 86_400_000;
/** After every generated event: the outcomes read at it are all decided unless a ticket is still open. */
const LATE = new Date(BASE + 30 * DAY);
const PERIOD = { from: new Date(BASE - DAY), to: new Date(BASE + 40 * DAY) };

const CALENDAR: BusinessCalendar = {
  timeZone: "Europe/Moscow",
  week: Object.fromEntries(
    ["mon", "tue", "wed", "thu", "fri"].map((d) => [d, [{ start: "09:00", end: "18:00" }]]),
  ),
  holidays: ["2026-01-07"],
};

const POLICY: SlaPolicy = [
  {
    name: "payment",
    match: { topic: "payment" },
    firstReplyMinutes: 10,
    resolutionMinutes: 240,
    businessHours: true,
  },
  { name: "high", match: { priority: "high" }, firstReplyMinutes: 30, businessHours: false },
  { name: "default", match: {}, firstReplyMinutes: 60, resolutionMinutes: 1440, businessHours: true },
];

const first: EffectivePolicy = { id: "p", name: "Standard", policy: POLICY, calendar: CALENDAR };
/** The same policy after an edit of its calendar (a new holiday, a shorter day) and of one target. */
const edited: EffectivePolicy = {
  ...first,
  policy: POLICY.map((t) => (t.name === "high" ? { ...t, firstReplyMinutes: 120 } : t)),
  calendar: {
    ...CALENDAR,
    week: { ...CALENDAR.week, mon: [{ start: "10:00", end: "16:00" }] },
    holidays: ["2026-01-07", "2026-01-06", "2026-01-12"],
  },
};

const iso = (ms: number) => new Date(ms).toISOString();

/** A write to a stored ticket, at a time after its generated events. */
const writeArb = fc.record({
  ticket: fc.nat(),
  at: fc.integer({ min: 15 * 96, max: 25 * 96 }).map((q) => BASE + q * 15 * 60_000),
  kind: fc.constantFrom(
    "reopen",
    "close",
    "solve",
    "reply",
    "bot",
    "priority",
    "topic",
    "assignee",
    "unresolve",
  ),
  value: fc.constantFrom(null, "high", "low", "payment", "delivery", "a1", "a2"),
});
type Write = typeof writeArb extends fc.Arbitrary<infer T> ? T : never;

async function apply(db: Db, ws: string, w: Write, n: number, k: number) {
  const externalId = `T${w.ticket % n}`;
  const opts = { now: INGEST_NOW };
  const status = (s: "open" | "solved" | "closed") =>
    ingestTickets(db, ws, [{ externalId, status: s, statusAt: iso(w.at) }], opts);
  if (w.kind === "reopen") return status("open");
  if (w.kind === "close") return status("closed");
  if (w.kind === "solve") return status("solved");
  if (w.kind === "reply" || w.kind === "bot")
    return ingestMessages(
      db,
      ws,
      [
        {
          externalId: `W${k}`,
          ticket: externalId,
          author: w.kind === "reply" ? "agent" : "bot",
          at: iso(w.at),
          internal: false,
        },
      ],
      opts,
    );
  if (w.kind === "unresolve")
    return ingestTickets(db, ws, [{ externalId, resolved: w.value === null }], opts);
  const field = w.kind === "assignee" ? { assignee: w.value } : { [w.kind]: w.value };
  return ingestTickets(db, ws, [{ externalId, ...field }], opts);
}

describe.each(testDatabases())("stored SLA outcomes on $name", (database) => {
  let handle: DbHandle;

  beforeAll(async () => {
    handle = await database.open();
  });
  afterAll(async () => {
    await handle?.close();
  });

  /** slaTallies (summed over agents) and the drill-down equal the kernel on the tickets as stored now. */
  async function expectKernel(ws: string, policy: EffectivePolicy, asOf: Date) {
    const db = handle.db;
    const { rows, tickets } = await loadAll(db, ws);
    const tallies = await slaTallies(db, { workspaceId: ws }, PERIOD, asOf, policy, "agent");
    // The dashboard's one read gives the same tallies and trend as the separate queries.
    const summary = await slaSummary(db, { workspaceId: ws }, PERIOD, asOf, policy, "agent", "Europe/Moscow");
    expect(summary.tallies).toEqual(tallies);
    expect(summary.trend).toEqual(
      await slaTrend(db, { workspaceId: ws }, PERIOD, asOf, policy, "Europe/Moscow"),
    );
    for (const measure of ["firstReply", "resolution"] as const) {
      const kernel = slaCompliance(tickets, policy.policy, {
        period: PERIOD,
        asOf,
        calendar: policy.calendar,
        measure,
      });
      const sum = { met: 0, breached: 0, pending: 0, notApplicable: 0, untargeted: 0 };
      for (const t of tallies.values())
        for (const k of Object.keys(sum) as (keyof typeof sum)[]) sum[k] += t[measure][k];
      expect(sum, `${measure} at ${asOf.toISOString()}`).toEqual({
        met: kernel.met,
        breached: kernel.breached,
        pending: kernel.pending,
        notApplicable: kernel.notApplicable,
        untargeted: kernel.untargeted,
      });
      const page = await slaBreaches(db, { workspaceId: ws }, PERIOD, asOf, policy, measure, { limit: 1000 });
      const expected = tickets
        .map((t, i) => ({ t, row: rows[i] }))
        .filter(({ t }) => t.createdAt <= asOf)
        .filter(({ t }) => {
          const e = evaluateSla(t, policy.policy, { asOf, calendar: policy.calendar });
          return (measure === "firstReply" ? e?.firstReply : e?.resolution)?.state === "breached";
        })
        .map(({ row }) => row?.external_id);
      expect(page.items.map((i) => i.external_id)).toEqual(expected);
    }
  }

  /** Every stored outcome is the kernel's state from everything known (read after all facts). */
  async function expectStoredOutcomes(ws: string, policy: EffectivePolicy) {
    const db = handle.db;
    const { rows, tickets } = await loadAll(db, ws);
    const { rows: stored } = await sql<{
      ticket_id: string;
      fr_state: string | null;
      res_state: string | null;
    }>`
      select ticket_id, fr_state, res_state from support_sla_deadlines
      where workspace_id = ${ws} and policy_hash = ${policyHash(policy)}`.execute(db);
    const asOf = new Date(BASE + 60 * DAY);
    for (const s of stored) {
      const i = rows.findIndex((r) => r.id === s.ticket_id);
      const ticket = tickets[i];
      if (!ticket) throw new Error(`deadline row of a ticket not stored: ${s.ticket_id}`);
      const e = evaluateSla(ticket, policy.policy, { asOf, calendar: policy.calendar });
      if (s.fr_state !== null) expect(s.fr_state).toBe(e ? e.firstReply.state : "untargeted");
      if (s.res_state !== null) expect(s.res_state).toBe(e?.resolution ? e.resolution.state : "untargeted");
    }
  }

  it("equal a fresh evaluation after random writes and policy or calendar edits", async () => {
    await fc.assert(
      fc.asyncProperty(
        ticketsArb,
        fc.array(writeArb, { minLength: 1, maxLength: 8 }),
        instantPickArb,
        async (generated, writes, pick) => {
          const db = handle.db;
          const ws = await freshWorkspace(db, "Europe/Moscow");
          await ingestGenerated(db, ws, generated);
          const early = pick(eventTimes(generated));
          await expectKernel(ws, first, LATE);
          await expectKernel(ws, first, early);
          await expectStoredOutcomes(ws, first);

          for (const [k, w] of writes.entries()) await apply(db, ws, w, generated.length, k);
          await expectKernel(ws, first, LATE);
          await expectKernel(ws, first, early);
          await expectStoredOutcomes(ws, first);

          await expectKernel(ws, edited, LATE);
          await expectStoredOutcomes(ws, edited);
          // Back to the first content: its rows of the written tickets were dropped and are recomputed.
          await expectKernel(ws, first, LATE);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
