/**
 * SLA compliance over pages of stored tickets, and its drill-down, against the kernel run on all tickets at
 * once: random histories, a business-hours policy on a Moscow calendar with a holiday, small pages so
 * every run crosses page boundaries.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../src/db/connection.js";
import {
  type BusinessCalendar,
  evaluateSla,
  type SlaPolicy,
  slaCompliance,
} from "../../src/metrics/support.js";
import type { EffectivePolicy } from "../../src/support/settings-service.js";
import { slaBreaches, slaTallies } from "../../src/support/sla-service.js";
import { testDatabases } from "../helpers/db.js";
import {
  eventTimes,
  freshWorkspace,
  ingestGenerated,
  instantPickArb,
  loadAll,
  ticketsArb,
} from "./generate.js";

const RUNS = Number(process.env.SUPPORT_PROPERTY_RUNS ?? 25);

const CALENDAR: BusinessCalendar = {
  timeZone: "Europe/Moscow",
  week: Object.fromEntries(
    ["mon", "tue", "wed", "thu", "fri"].map((d) => [d, [{ start: "09:00", end: "18:00" }]]),
  ),
  holidays: ["2026-01-07", "2026-01-13"],
};

const POLICY: SlaPolicy = [
  {
    name: "payment",
    match: { topic: "payment" },
    firstReplyMinutes: 10,
    resolutionMinutes: 240,
    businessHours: true,
  },
  {
    name: "urgent chat",
    match: { priority: "high", channel: ["chat", "phone"] },
    firstReplyMinutes: 5,
    businessHours: false,
  },
  {
    name: "low",
    match: { priority: "low" },
    firstReplyMinutes: 120,
    resolutionMinutes: 2880,
    businessHours: false,
  },
  { name: "default", match: {}, firstReplyMinutes: 60, businessHours: true },
];

const effective: EffectivePolicy = { id: "p", name: "Standard", policy: POLICY, calendar: CALENDAR };

describe.each(testDatabases())("SLA pages and drill-down on $name", (database) => {
  let handle: DbHandle;

  beforeAll(async () => {
    handle = await database.open();
  });
  afterAll(async () => {
    await handle?.close();
  });

  it("paged, grouped counts add up to the kernel's compliance; the drill-down lists exactly the breached tickets", async () => {
    await fc.assert(
      fc.asyncProperty(
        ticketsArb,
        fc.tuple(instantPickArb, instantPickArb, instantPickArb),
        async (generated, [a, b, c]) => {
          const ws = await freshWorkspace(handle.db, "Europe/Moscow");
          await ingestGenerated(handle.db, ws, generated);
          const { rows, tickets } = await loadAll(handle.db, ws);
          const events = eventTimes(generated);
          const [x, y] = [a(events), b(events)];
          const period = x <= y ? { from: x, to: y } : { from: y, to: x };
          const asOf = c(events);
          const scope = { workspaceId: ws };

          const tallies = await slaTallies(handle.db, scope, period, asOf, effective, "channel");
          for (const measure of ["firstReply", "resolution"] as const) {
            const kernel = slaCompliance(tickets, POLICY, { period, asOf, calendar: CALENDAR, measure });
            const sum = { met: 0, breached: 0, pending: 0, notApplicable: 0, untargeted: 0 };
            for (const t of tallies.values())
              for (const k of Object.keys(sum) as (keyof typeof sum)[]) sum[k] += t[measure][k];
            expect(sum).toEqual({
              met: kernel.met,
              breached: kernel.breached,
              pending: kernel.pending,
              notApplicable: kernel.notApplicable,
              untargeted: kernel.untargeted,
            });
            for (const [channel, t] of tallies) {
              const part = tickets.filter((tk) => tk.channel === channel);
              expect(t[measure].breached).toBe(
                slaCompliance(part, POLICY, { period, asOf, calendar: CALENDAR, measure }).breached,
              );
            }

            // Walk the drill-down two at a time.
            const listed: string[] = [];
            let cursor: string | undefined;
            do {
              const page = await slaBreaches(handle.db, scope, period, asOf, effective, measure, {
                cursor,
                limit: 2,
              });
              listed.push(...page.items.map((i) => i.external_id));
              cursor = page.nextCursor ?? undefined;
            } while (cursor);
            const expected = tickets
              .map((t, i) => ({ t, row: rows[i] }))
              .filter(({ t }) => t.createdAt >= period.from && t.createdAt < period.to && t.createdAt <= asOf)
              .filter(({ t }) => {
                const e = evaluateSla(t, POLICY, { asOf, calendar: CALENDAR });
                return (measure === "firstReply" ? e?.firstReply : e?.resolution)?.state === "breached";
              })
              .map(({ row }) => row?.external_id);
            expect(listed).toEqual(expected);
            expect(listed).toHaveLength(kernel.breached);
          }
        },
      ),
      { numRuns: RUNS },
    );
  });
});
