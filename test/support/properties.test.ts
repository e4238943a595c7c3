/**
 * The SQL of every support metric against its pure kernel function, on random ticket histories and calls
 * (fast-check), on each test database. Tickets go in through the ingestion service and come back through
 * the loader the SLA pages use, so the kernel sees exactly what is stored.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../src/db/connection.js";
import {
  afrt,
  averageHandleTime,
  averageResolutionTime,
  averageSpeedOfAnswer,
  backlogAt,
  blockage,
  type Call,
  firstContactResolution,
  openCasesAt,
  resolutionByAssignee,
  resolutionRate,
  serviceLevel,
  type Ticket,
  volumeByChannel,
  volumeByHourOfWeek,
} from "../../src/metrics/support.js";
import { callsOf, durationOf, firstReplyOf } from "../../src/support/metrics-service.js";
import type { SupportGroup, TicketScope } from "../../src/support/metrics-sql.js";
import * as sqlMetrics from "../../src/support/metrics-store.js";
import { testDatabases } from "../helpers/db.js";
import {
  callsArb,
  close,
  eventTimes,
  freshWorkspace,
  ingestGenerated,
  ingestGeneratedCalls,
  instantPickArb,
  loadAll,
  periodArb,
  ticketInputs,
  ticketsArb,
} from "./generate.js";

const RUNS = Number(process.env.SUPPORT_PROPERTY_RUNS ?? 25);

function sameDuration(
  sql: { mean: number | null; n: number; median: number | null; p90: number | null; sd: number | null },
  kernel: { mean: number | null; n: number; median: number | null; p90: number | null; sd: number | null },
) {
  expect(sql.n).toBe(kernel.n);
  for (const k of ["mean", "median", "p90", "sd"] as const) {
    expect(close(sql[k], kernel[k]), `${k}: sql ${sql[k]} kernel ${kernel[k]}`).toBe(true);
  }
}

/** The kernel's tickets in the SQL group `key` of a grouping. */
function inGroup(tickets: Ticket[], group: SupportGroup, key: string | null) {
  const value = (t: Ticket) =>
    group === "team"
      ? t.team
      : group === "agent"
        ? t.assigneeId
        : group === "channel"
          ? t.channel
          : group === "priority"
            ? t.priority
            : t.topic;
  return tickets.filter((t) => (value(t) ?? null) === key);
}

type Pick = (events: number[]) => Date;

/** A period and an instant, each bound free or on one of the data's event times. */
function instants(generated: Parameters<typeof eventTimes>[0], [a, b, c]: [Pick, Pick, Pick]) {
  const events = eventTimes(generated);
  const [x, y] = [a(events), b(events)];
  const period = x <= y ? { from: x, to: y } : { from: y, to: x };
  return { period, asOf: c(events) };
}

describe.each(testDatabases())("support SQL against the kernel on $name", (database) => {
  let handle: DbHandle;

  beforeAll(async () => {
    handle = await database.open();
  });
  afterAll(async () => {
    await handle?.close();
  });

  it("ingestion keeps every status change in time order (ties in arrival order) and every message", async () => {
    await fc.assert(
      fc.asyncProperty(ticketsArb, async (generated) => {
        const ws = await freshWorkspace(handle.db);
        await ingestGenerated(handle.db, ws, generated);
        const { rows, tickets } = await loadAll(handle.db, ws);
        const inputs = ticketInputs(generated);
        for (const input of inputs) {
          const i = rows.findIndex((r) => r.external_id === input.externalId);
          const ticket = tickets[i];
          const unique = (input.statusHistory ?? []).filter(
            (h, k, all) => all.findIndex((o) => o.status === h.status && o.at === h.at) === k,
          );
          const expected = unique
            .map((h, k) => ({ ...h, k }))
            .sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.k - b.k)
            .map((h) => `${h.status}@${Date.parse(h.at)}`);
          expect(ticket?.statusHistory?.map((h) => `${h.status}@${h.at.getTime()}`)).toEqual(expected);
          expect(ticket?.messages).toHaveLength(input.messages?.length ?? 0);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("first reply, resolution, FCR, RR, resolution per agent/team, open cases, backlog and volume", async () => {
    await fc.assert(
      fc.asyncProperty(
        ticketsArb,
        fc.tuple(instantPickArb, instantPickArb, instantPickArb),
        fc.integer({ min: 0, max: 3 * 96 }).map((q) => q * 15 * 60_000),
        fc.constantFrom("UTC", "Europe/Moscow", "America/New_York", "Europe/Berlin"),
        async (generated, picks, windowMs, timeZone) => {
          const { period, asOf } = instants(generated, picks);
          const ws = await freshWorkspace(handle.db, timeZone);
          await ingestGenerated(handle.db, ws, generated);
          const { tickets } = await loadAll(handle.db, ws);
          const scope: TicketScope = { workspaceId: ws };
          const one = <T extends { key: string | null }>(rows: T[]) => rows.find((r) => r.key === "");

          const reply = firstReplyOf(
            one(await sqlMetrics.firstReplyRows(handle.db, scope, period, asOf, null)),
          );
          const kernelReply = afrt(tickets, { period, asOf });
          sameDuration(reply, kernelReply);
          expect([reply.open, reply.botResolved, reply.closedWithoutReply]).toEqual([
            kernelReply.open,
            kernelReply.botResolved,
            kernelReply.closedWithoutReply,
          ]);
          expect(close(reply.longestOpenWaitMs, kernelReply.longestOpenWaitMs)).toBe(true);

          const solved = one(await sqlMetrics.solvedRows(handle.db, scope, period, null));
          sameDuration(durationOf(solved), averageResolutionTime(tickets, period));
          const rr = resolutionRate(tickets, period);
          expect([solved?.resolved ?? 0, solved?.closed ?? 0]).toEqual([rr.count, rr.n]);

          const fcr = one(await sqlMetrics.fcrRows(handle.db, scope, period, asOf, windowMs, null));
          const kernelFcr = firstContactResolution(tickets, { period, windowMs, asOf });
          expect([fcr?.first_contact ?? 0, fcr?.resolved ?? 0, fcr?.pending ?? 0]).toEqual([
            kernelFcr.count,
            kernelFcr.n,
            kernelFcr.pending,
          ]);

          for (const [group, by] of [
            ["agent", "assignee"],
            ["team", "team"],
          ] as const) {
            const rows = await sqlMetrics.resolutionRows(handle.db, scope, period, group);
            const fromSql = rows
              .filter((r) => r.key !== null)
              .map((r) => ({ key: r.key, count: r.resolved, n: r.assigned }))
              .sort((a, b) => ((a.key ?? "") < (b.key ?? "") ? -1 : 1));
            const kernel = resolutionByAssignee(tickets, period, by).map((g) => ({
              key: g.key,
              count: g.count,
              n: g.n,
            }));
            expect(fromSql).toEqual(kernel);
          }

          expect(one(await sqlMetrics.openCaseRows(handle.db, scope, asOf, null))?.n ?? 0).toBe(
            openCasesAt(tickets, asOf),
          );
          expect(one(await sqlMetrics.backlogRows(handle.db, scope, period.to, null))?.n ?? 0).toBe(
            backlogAt(tickets, period.to),
          );

          const volume = await sqlMetrics.volumeRows(handle.db, scope, period, timeZone);
          const byChannel = new Map<string, number>();
          const hours = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
          for (const r of volume) {
            byChannel.set(r.channel, (byChannel.get(r.channel) ?? 0) + r.n);
            const row = hours[r.weekday - 1];
            if (row) row[r.hour] = (row[r.hour] ?? 0) + r.n;
          }
          const requests = tickets.map((t) => ({ createdAt: t.createdAt, channel: t.channel }));
          expect(Object.fromEntries(byChannel)).toEqual(
            Object.fromEntries(volumeByChannel(requests, period).map((c) => [c.channel, c.count])),
          );
          expect(hours).toEqual(volumeByHourOfWeek(requests, period, timeZone));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("grouped and filtered figures equal the kernel on each group's tickets", async () => {
    await fc.assert(
      fc.asyncProperty(
        ticketsArb,
        fc.tuple(instantPickArb, instantPickArb, instantPickArb),
        fc.constantFrom<SupportGroup>("channel", "priority", "topic", "team", "agent"),
        async (generated, picks, group) => {
          const { period, asOf } = instants(generated, picks);
          const ws = await freshWorkspace(handle.db);
          await ingestGenerated(handle.db, ws, generated);
          const { tickets } = await loadAll(handle.db, ws);
          const scope: TicketScope = { workspaceId: ws };
          const replies = await sqlMetrics.firstReplyRows(handle.db, scope, period, asOf, group);
          const backlog = await sqlMetrics.backlogRows(handle.db, scope, period.to, group);
          for (const r of replies)
            sameDuration(firstReplyOf(r), afrt(inGroup(tickets, group, r.key), { period, asOf }));
          for (const r of backlog) expect(r.n).toBe(backlogAt(inGroup(tickets, group, r.key), period.to));
          const counted = replies.reduce(
            (s, r) => s + r.n + r.open + r.bot_resolved + r.closed_without_reply,
            0,
          );
          const k = afrt(tickets, { period, asOf });
          expect(counted).toBe(k.n + k.open + k.botResolved + k.closedWithoutReply);

          // A filter narrows to the same tickets as the group.
          const filtered: TicketScope = { workspaceId: ws, channel: ["chat", "phone"] };
          const chat = tickets.filter((t) => t.channel === "chat" || t.channel === "phone");
          const [row] = await sqlMetrics.firstReplyRows(handle.db, filtered, period, asOf, null);
          sameDuration(firstReplyOf(row), afrt(chat, { period, asOf }));
          const solved = await sqlMetrics.solvedRows(handle.db, filtered, period, null);
          sameDuration(durationOf(solved[0]), averageResolutionTime(chat, period));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("ASA, AHT, service level and blockage", async () => {
    await fc.assert(
      fc.asyncProperty(
        callsArb,
        periodArb,
        fc.integer({ min: 0, max: 60 }),
        fc.constantFrom("count", "excludeShort", "exclude") as fc.Arbitrary<
          "count" | "excludeShort" | "exclude"
        >,
        async (generated, period, thresholdSeconds, abandoned) => {
          const ws = await freshWorkspace(handle.db);
          await ingestGeneratedCalls(handle.db, ws, generated);
          const calls: Call[] = generated.map((c) => ({
            outcome: c.outcome,
            queuedAt: new Date(c.queuedAt),
            answeredAt: c.answeredAt ? new Date(c.answeredAt) : null,
            endedAt: c.endedAt ? new Date(c.endedAt) : null,
            talkMs: c.talkSeconds == null ? null : Math.round(c.talkSeconds * 1000),
            holdMs: c.holdSeconds == null ? null : Math.round(c.holdSeconds * 1000),
            acwMs: c.acwSeconds == null ? null : Math.round(c.acwSeconds * 1000),
          }));
          const [row] = await sqlMetrics.callRows(
            handle.db,
            { workspaceId: ws },
            period,
            thresholdSeconds * 1000,
            null,
          );
          const figures = callsOf(row, 80, thresholdSeconds, abandoned);
          sameDuration(figures.asa, averageSpeedOfAnswer(calls, period));
          sameDuration(figures.aht, averageHandleTime(calls, period));
          const sl = serviceLevel(calls, { period, thresholdMs: thresholdSeconds * 1000, abandoned });
          expect([figures.serviceLevel.count, figures.serviceLevel.n]).toEqual([sl.count, sl.n]);
          const b = blockage(calls, period);
          expect([figures.blockage.count, figures.blockage.n]).toEqual([b.count, b.n]);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
