/**
 * The one-pass statements the metrics answer runs (one-pass-store.ts) against the separate queries they
 * replace (metrics-store.ts, each property-tested against the kernel in properties.test.ts), on random
 * ticket histories, periods, instants, groupings and time zones, on each test database.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../src/db/connection.js";
import type { Grouping, SupportGroup, TicketScope } from "../../src/support/metrics-sql.js";
import * as sqlMetrics from "../../src/support/metrics-store.js";
import { createdFigures, solvedFigures } from "../../src/support/one-pass-store.js";
import { ingestTickets } from "../../src/support/service.js";
import { testDatabases } from "../helpers/db.js";
import {
  close,
  eventTimes,
  freshWorkspace,
  ingestGenerated,
  instantPickArb,
  ticketsArb,
} from "./generate.js";

const RUNS = Number(process.env.SUPPORT_PROPERTY_RUNS ?? 25);

type Row = { key: string | null; by: string | null };

/**
 * Rows by grouping and key, numbers compared to 1e-9 (sums may add in another order). The merged rows may
 * have extra all-zero rows: an empty grouping set gives a row of zeros over no tickets where a plain
 * `group by` (or a narrower where clause) gives none, and the answer reads both as 0.
 */
function expectSameRows(merged: readonly Row[], separate: readonly Row[], label: string) {
  const id = (r: Row) => `${r.by}/${r.key}`;
  const byId = new Map(merged.map((r) => [id(r), Object.fromEntries(Object.entries(r))]));
  const wanted = new Set(separate.map(id));
  for (const [k, r] of byId) {
    if (wanted.has(k)) continue;
    for (const [field, v] of Object.entries(r))
      if (typeof v === "number") expect(v, `${label} ${k} ${field}: extra row not zero`).toBe(0);
  }
  for (const s of separate) {
    const m = byId.get(id(s));
    expect(m, `${label}: group ${id(s)}`).toBeDefined();
    for (const [k, v] of Object.entries(s)) {
      const w = m?.[k];
      if (typeof v === "number" || typeof w === "number")
        expect(close(Number(w), Number(v)), `${label} ${id(s)} ${k}: ${w} vs ${v}`).toBe(true);
      else expect(w, `${label} ${id(s)} ${k}`).toEqual(v);
    }
  }
}

const volumeKey = (r: { channel: string; weekday: number; hour: number; n: number }) =>
  `${r.channel}/${r.weekday}/${r.hour}=${r.n}`;

describe.each(testDatabases())("one-pass support statements on $name", (database) => {
  let handle: DbHandle;

  beforeAll(async () => {
    handle = await database.open();
  });
  afterAll(async () => {
    await handle?.close();
  });

  it("equal the separate queries on random ticket histories", async () => {
    await fc.assert(
      fc.asyncProperty(
        ticketsArb,
        fc.tuple(instantPickArb, instantPickArb, instantPickArb),
        fc.constantFrom<SupportGroup | null>(null, "channel", "priority", "topic", "team", "agent"),
        fc.integer({ min: 0, max: 3 * 96 }).map((q) => q * 15 * 60_000),
        fc.constantFrom("UTC", "Europe/Moscow", "America/New_York", "Asia/Kathmandu", "America/St_Johns"),
        fc.boolean(),
        async (generated, [a, b, c], group, windowMs, timeZone, filtered) => {
          const events = eventTimes(generated);
          const [x, y] = [a(events), b(events)];
          const period = x <= y ? { from: x, to: y } : { from: y, to: x };
          const asOf = c(events);
          const ws = await freshWorkspace(handle.db, timeZone);
          await ingestGenerated(handle.db, ws, generated);
          const scope: TicketScope = filtered
            ? { workspaceId: ws, channel: ["chat", "phone"] }
            : { workspaceId: ws };
          const sets: Grouping = { sets: [null, group] };
          const resolutionSets: Grouping = { sets: [null, "agent", "team", group] };

          const created = await createdFigures(handle.db, scope, period, asOf, timeZone, {
            firstReply: sets,
            resolution: resolutionSets,
          });
          expectSameRows(
            created.firstReply,
            await sqlMetrics.firstReplyRows(handle.db, scope, period, asOf, sets),
            "first reply",
          );
          const resolution = await sqlMetrics.resolutionRows(handle.db, scope, period, resolutionSets);
          expectSameRows(created.resolution, resolution, "resolution");
          // the groups' volume is the resolution rows' assigned count
          const volumes = await sqlMetrics.createdRows(handle.db, scope, period, sets);
          expectSameRows(
            created.resolution
              .filter((r) => r.by === null || r.by === group)
              .map((r) => ({ key: r.key, by: r.by, n: r.assigned })),
            volumes,
            "created",
          );
          expect(created.histogram.map((h) => `${h.bucket}=${h.n}`).sort()).toEqual(
            (await sqlMetrics.firstReplyHistogramRows(handle.db, scope, period, asOf))
              .map((h) => `${h.bucket}=${h.n}`)
              .sort(),
          );
          expect(created.volume.map(volumeKey).sort()).toEqual(
            (await sqlMetrics.volumeRows(handle.db, scope, period, timeZone)).map(volumeKey).sort(),
          );

          const solved = await solvedFigures(handle.db, scope, period, asOf, windowMs, sets);
          expectSameRows(
            solved.solved,
            await sqlMetrics.solvedRows(handle.db, scope, period, sets),
            "solved",
          );
          expectSameRows(
            solved.fcr,
            await sqlMetrics.fcrRows(handle.db, scope, period, asOf, windowMs, sets),
            "fcr",
          );
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("counts volume per local hour in zones whose offset is not whole quarter hours", async () => {
    // Monrovia kept −0:44:30 until 1972; Goose Bay changed clocks at 00:01 local until 2011.
    for (const [timeZone, around] of [
      ["Africa/Monrovia", "1971-03-10T12:00:00Z"],
      ["America/Goose_Bay", "2010-11-07T03:00:00Z"],
      ["America/Goose_Bay", "2010-03-14T04:00:00Z"],
      ["Asia/Kathmandu", "2026-03-01T00:00:00Z"],
    ] as const) {
      const ws = await freshWorkspace(handle.db, timeZone);
      const base = Date.parse(around);
      // every 97 seconds for four hours: every minute of an odd offset or transition is hit
      const tickets = Array.from({ length: 150 }, (_, i) => ({
        externalId: `V${i}`,
        createdAt: new Date(base - 2 * 3_600_000 + i * 97_000).toISOString(),
        channel: i % 3 ? "email" : "chat",
      }));
      await ingestTickets(handle.db, ws, tickets, { now: new Date("2026-06-01T00:00:00Z") });
      const period = { from: new Date(base - 3 * 3_600_000), to: new Date(base + 3 * 3_600_000) };
      const scope = { workspaceId: ws };
      const none: Grouping = { sets: [null] };
      const { volume } = await createdFigures(handle.db, scope, period, period.to, timeZone, {
        firstReply: none,
        resolution: none,
      });
      const separate = await sqlMetrics.volumeRows(handle.db, scope, period, timeZone);
      expect(volume.map(volumeKey).sort(), timeZone).toEqual(separate.map(volumeKey).sort());
      expect(volume.reduce((s, r) => s + r.n, 0)).toBe(150);
    }
  });
});
