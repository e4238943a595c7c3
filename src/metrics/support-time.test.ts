import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { BusinessCalendar } from "./business-hours.js";
import type { Ticket, TicketMessage } from "./support-tickets.js";
import {
  afrt,
  averageResolutionTime,
  durationSummary,
  firstReplyTime,
  resolutionTime,
} from "./support-time.js";

const MIN = 60_000;
const HOUR = 60 * MIN;
const t0 = Date.parse("2025-06-02T09:00:00Z"); // Monday, 12:00 in Moscow
const m = (minutes: number) => new Date(t0 + minutes * MIN);
const ticket = (over: Partial<Ticket> = {}): Ticket => ({
  id: "t",
  customerId: "c",
  channel: "email",
  createdAt: m(0),
  messages: [],
  ...over,
});
const reply = (minutes: number): TicketMessage => ({ author: "agent", at: m(minutes) });
const week = { from: m(0), to: m(7 * 24 * 60) };
const moscow: BusinessCalendar = {
  timeZone: "Europe/Moscow",
  week: Object.fromEntries(
    ["mon", "tue", "wed", "thu", "fri"].map((d) => [d, [{ start: "09:00", end: "18:00" }]]),
  ),
};

describe("durationSummary", () => {
  it("gives mean, median and p90", () => {
    const summary = durationSummary([10, 20, 60, 30]);
    expect(summary).toMatchObject({ n: 4, mean: 30, median: 25, lowSample: true });
    // p90 (type 7): h = 3 · 0.9 = 2.7 → 30 + 0.7 · (60 − 30) = 51.
    expect(summary.p90).toBeCloseTo(51, 12);
    expect(durationSummary([])).toMatchObject({ n: 0, mean: null, median: null, p90: null });
    expect(() => durationSummary([-1])).toThrow(RangeError);
  });
});

describe("FRT / AFRT", () => {
  it("FRT is first human reply − created; bot and auto-replies do not count (spec)", () => {
    const t = ticket({ messages: [{ author: "system", at: m(0) }, { author: "bot", at: m(1) }, reply(25)] });
    expect(firstReplyTime(t, m(60))).toEqual({ kind: "replied", at: m(25), ms: 25 * MIN });
    expect(firstReplyTime(t, m(10))).toEqual({ kind: "open", waitingMs: 10 * MIN });
    expect(() => firstReplyTime(t, m(-1))).toThrow(RangeError);
  });

  it("AFRT: unanswered tickets are counted as open, not as zero (spec)", () => {
    const tickets = [
      ticket({ id: "a", messages: [reply(10)] }),
      ticket({ id: "b", messages: [reply(20)] }),
      ticket({ id: "c", messages: [reply(60)] }),
      ticket({ id: "d", messages: [{ author: "bot", at: m(1) }] }), // still waiting
      ticket({ id: "e", messages: [{ author: "bot", at: m(1) }], resolved: true, solvedAt: m(5) }),
      ticket({ id: "f", resolved: false, solvedAt: m(3) }), // spam, closed
      ticket({ id: "g", createdAt: m(-5), messages: [reply(0)] }), // before the period
    ];
    const summary = afrt(tickets, { period: week, asOf: m(120) });
    expect(summary).toMatchObject({
      n: 3,
      mean: 30 * MIN,
      median: 20 * MIN,
      open: 1,
      longestOpenWaitMs: 120 * MIN,
      botResolved: 1,
      closedWithoutReply: 1,
    });
    // Counting the open ticket as 0 would have given 22.5 min.
    expect(summary.mean).not.toBe(22.5 * MIN);
    expect(summary.p90).toBeCloseTo(52 * MIN, 6); // h = 1.8 → 20 + 0.8 · 40
  });

  it("measures in business hours with a calendar", () => {
    // Created Monday 17:30 Moscow (14:30Z), answered Tuesday 09:30: 1 business hour.
    const t = ticket({
      createdAt: new Date("2025-06-02T14:30:00Z"),
      messages: [{ author: "agent", at: new Date("2025-06-03T06:30:00Z") }],
    });
    expect(firstReplyTime(t, new Date("2025-06-04T00:00:00Z"), moscow)).toMatchObject({ ms: HOUR });
    expect(firstReplyTime(t, new Date("2025-06-04T00:00:00Z"))).toMatchObject({ ms: 16 * HOUR });
  });
});

describe("resolution time", () => {
  it("is solved_at − created_at over tickets resolved in the period", () => {
    const tickets = [
      ticket({ id: "a", resolved: true, solvedAt: m(60) }),
      ticket({ id: "b", resolved: true, solvedAt: m(180) }),
      ticket({ id: "c", resolved: false, solvedAt: m(5) }), // closed unresolved: left out
      ticket({ id: "d" }), // open
      ticket({ id: "e", createdAt: m(-100), resolved: true, solvedAt: m(8 * 24 * 60) }), // solved after the period
    ];
    expect(averageResolutionTime(tickets, week)).toMatchObject({ n: 2, mean: 120 * MIN, median: 120 * MIN });
    expect(resolutionTime(ticket({ resolved: true, solvedAt: m(90) }))).toBe(90 * MIN);
    expect(resolutionTime(ticket({ resolved: false, solvedAt: m(90) }))).toBeNull();
    expect(() => resolutionTime(ticket({ resolved: true, solvedAt: m(-1) }))).toThrow(RangeError);
  });
});

const author = fc.constantFrom<TicketMessage["author"]>("customer", "agent", "bot", "system");
const randomTicket = fc
  .record({
    created: fc.integer({ min: 0, max: 5 * 24 * 60 }),
    messages: fc.array(
      fc.record({ author, after: fc.integer({ min: 0, max: 3000 }), internal: fc.boolean() }),
      {
        maxLength: 6,
      },
    ),
    solvedAfter: fc.option(fc.integer({ min: 0, max: 4000 })),
    resolved: fc.boolean(),
  })
  .map(
    ({ created, messages, solvedAfter, resolved }): Ticket =>
      ticket({
        createdAt: m(created),
        messages: messages.map((x) => ({ author: x.author, at: m(created + x.after), internal: x.internal })),
        solvedAt: solvedAfter === null ? null : m(created + solvedAfter),
        resolved,
      }),
  );

describe("FRT properties", () => {
  it("every ticket in the period lands in exactly one bucket; the mean sits between min and max", () => {
    fc.assert(
      fc.property(
        fc.array(randomTicket, { maxLength: 30 }),
        fc.integer({ min: 0, max: 8000 }),
        (tickets, asOfMin) => {
          const asOf = m(asOfMin);
          const summary = afrt(tickets, { period: week, asOf });
          const known = tickets.filter((t) => t.createdAt.getTime() <= asOf.getTime()).length;
          expect(summary.n + summary.open + summary.botResolved + summary.closedWithoutReply).toBe(known);
          if (summary.mean === null) return;
          const values = tickets.flatMap((t) => {
            if (t.createdAt > asOf) return [];
            const r = firstReplyTime(t, asOf);
            return r.kind === "replied" ? [r.ms] : [];
          });
          expect(summary.mean).toBeGreaterThanOrEqual(Math.min(...values) - 1e-6);
          expect(summary.mean).toBeLessThanOrEqual(Math.max(...values) + 1e-6);
          expect(summary.median).toBeLessThanOrEqual(summary.p90 ?? Number.NaN);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("bot and system messages never change a first reply", () => {
    fc.assert(
      fc.property(randomTicket, fc.array(fc.integer({ min: 0, max: 3000 }), { maxLength: 5 }), (t, extra) => {
        const asOf = m(9000);
        const withBots = {
          ...t,
          resolved: false,
          messages: [
            ...t.messages,
            ...extra.map((x, i) => ({ author: i % 2 ? ("bot" as const) : ("system" as const), at: m(x) })),
          ],
        };
        expect(firstReplyTime(withBots, asOf)).toEqual(firstReplyTime({ ...t, resolved: false }, asOf));
      }),
      { numRuns: 150 },
    );
  });

  it("business-hours FRT never exceeds calendar FRT", () => {
    fc.assert(
      fc.property(randomTicket, (t) => {
        const asOf = m(9000);
        const business = firstReplyTime(t, asOf, moscow);
        const calendar = firstReplyTime(t, asOf);
        expect(business.kind).toBe(calendar.kind);
        if (business.kind === "replied" && calendar.kind === "replied") {
          expect(business.ms).toBeLessThanOrEqual(calendar.ms);
        }
      }),
      { numRuns: 100 },
    );
  });
});
