import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { BusinessCalendar } from "./business-hours.js";
import {
  evaluateSla,
  matchSlaTarget,
  type SlaPolicy,
  type SlaTarget,
  slaCompliance,
  slaComplianceFromCounts,
  slaDeadline,
} from "./sla.js";
import type { Ticket, TicketMessage } from "./support-tickets.js";

const MIN = 60_000;
const t0 = Date.parse("2025-06-02T09:00:00Z"); // Monday 12:00 in Moscow
const m = (minutes: number) => new Date(t0 + minutes * MIN);
const ticket = (over: Partial<Ticket> = {}): Ticket => ({
  id: "t",
  customerId: "c",
  channel: "chat",
  createdAt: m(0),
  messages: [],
  ...over,
});
const agent = (minutes: number): TicketMessage => ({ author: "agent", at: m(minutes) });
const bot = (minutes: number): TicketMessage => ({ author: "bot", at: m(minutes) });
const moscow: BusinessCalendar = {
  timeZone: "Europe/Moscow",
  week: Object.fromEntries(
    ["mon", "tue", "wed", "thu", "fri"].map((d) => [d, [{ start: "09:00", end: "18:00" }]]),
  ),
};

/** The spec's example: payment questions answered within 10 minutes, everything else within 1 hour. */
const policy: SlaPolicy = [
  { name: "payments", match: { topic: "payment" }, firstReplyMinutes: 10, businessHours: false },
  { name: "others", match: {}, firstReplyMinutes: 60, resolutionMinutes: 8 * 60, businessHours: false },
];
const period = { from: m(0), to: m(24 * 60) };

describe("SLA targets", () => {
  it("first match wins; conditions may list several values", () => {
    const vip: SlaTarget = {
      match: { priority: ["urgent", "high"], channel: "chat" },
      firstReplyMinutes: 5,
      businessHours: false,
    };
    const full = [vip, ...policy];
    expect(matchSlaTarget(full, ticket({ priority: "high", topic: "payment" }))).toBe(0);
    expect(matchSlaTarget(full, ticket({ priority: "high", topic: "payment", channel: "email" }))).toBe(1);
    expect(matchSlaTarget(full, ticket({ priority: "low" }))).toBe(2);
    expect(matchSlaTarget(policy.slice(0, 1), ticket({ topic: null }))).toBe(-1);
  });

  it("deadlines run in calendar or business time", () => {
    expect(slaDeadline(m(0), 60, false, undefined)).toEqual(m(60));
    // Monday 17:30 Moscow + 60 business minutes → Tuesday 09:30 (06:30Z).
    expect(slaDeadline(new Date("2025-06-02T14:30:00Z"), 60, true, moscow)).toEqual(
      new Date("2025-06-03T06:30:00Z"),
    );
    expect(() => slaDeadline(m(0), 60, true, undefined)).toThrow(RangeError);
    expect(() => slaDeadline(m(0), -1, false, undefined)).toThrow(RangeError);
  });
});

describe("SLA compliance (spec: payments 10 min, others 1 h)", () => {
  const tickets = [
    ticket({ id: "pay-met", topic: "payment", messages: [agent(8)] }),
    ticket({ id: "pay-late", topic: "payment", messages: [bot(0), agent(15)] }),
    ticket({ id: "other-met", topic: "delivery", messages: [agent(45)] }),
    // The auto-reply "we got your request" at once is not a reply: the human one came at 70 min.
    ticket({ id: "auto-reply", topic: "delivery", messages: [{ author: "system", at: m(0) }, agent(70)] }),
    ticket({ id: "open-late", createdAt: m(100) }),
    ticket({ id: "open-in-time", createdAt: m(150) }),
    ticket({ id: "bot-resolved", messages: [bot(1)], resolved: true, solvedAt: m(2) }),
    ticket({ id: "spam", resolved: false, solvedAt: m(5) }),
  ];
  const asOf = m(180);

  it("evaluates each ticket", () => {
    const states = tickets.map((t) => [t.id, evaluateSla(t, policy, { asOf })?.firstReply.state]);
    expect(states).toEqual([
      ["pay-met", "met"],
      ["pay-late", "breached"],
      ["other-met", "met"],
      ["auto-reply", "breached"],
      ["open-late", "breached"],
      ["open-in-time", "pending"],
      ["bot-resolved", "notApplicable"],
      ["spam", "notApplicable"],
    ]);
    expect(evaluateSla(tickets[0] as Ticket, policy, { asOf })).toMatchObject({
      targetIndex: 0,
      firstReply: { deadline: m(10), achievedAt: m(8) },
      resolution: null,
    });
  });

  it("% achieved = met / (met + breached); pending and not-applicable are left out", () => {
    expect(slaCompliance(tickets, policy, { period, asOf })).toMatchObject({
      value: 40,
      count: 2,
      n: 5,
      met: 2,
      breached: 3,
      pending: 1,
      notApplicable: 2,
      untargeted: 0,
    });
    expect(slaComplianceFromCounts({ met: 2, breached: 3, pending: 1, notApplicable: 2 }).value).toBe(40);
  });

  it("scores resolution against its own target", () => {
    const resolution = [
      ticket({ id: "in-time", resolved: true, solvedAt: m(300) }),
      ticket({ id: "late", resolved: true, solvedAt: m(600) }),
      ticket({ id: "closed-unresolved-late", resolved: false, solvedAt: m(500) }),
      ticket({ id: "open-late" }),
      ticket({ id: "no-goal", topic: "payment", resolved: true, solvedAt: m(1) }),
    ];
    expect(slaCompliance(resolution, policy, { period, asOf: m(700), measure: "resolution" })).toMatchObject({
      met: 1,
      breached: 3,
      untargeted: 1,
      value: 25,
    });
  });

  it("counts a closed-unanswered ticket as breached once it sat past the deadline", () => {
    const t = ticket({ resolved: false, solvedAt: m(90) });
    expect(evaluateSla(t, policy, { asOf: m(100) })?.firstReply.state).toBe("breached");
    // Resolved by a bot, but only after the customer had waited past the deadline: still breached.
    const slowBot = ticket({ messages: [bot(1)], resolved: true, solvedAt: m(90) });
    expect(evaluateSla(slowBot, policy, { asOf: m(100) })?.firstReply.state).toBe("breached");
    // A human reply written after the close does not count as the first reply.
    const lateNote = ticket({ resolved: false, solvedAt: m(5), messages: [agent(30)] });
    expect(evaluateSla(lateNote, policy, { asOf: m(100) })?.firstReply).toMatchObject({
      state: "notApplicable",
      achievedAt: null,
    });
  });

  it("runs the clock in business hours", () => {
    const businessPolicy: SlaPolicy = [{ match: {}, firstReplyMinutes: 60, businessHours: true }];
    // Friday 17:30 Moscow (14:30Z); answered Monday 09:20 (06:20Z): 50 business minutes → met.
    const t = ticket({
      createdAt: new Date("2025-06-06T14:30:00Z"),
      messages: [{ author: "agent", at: new Date("2025-06-09T06:20:00Z") }],
    });
    const evaluation = evaluateSla(t, businessPolicy, {
      asOf: new Date("2025-06-10T00:00:00Z"),
      calendar: moscow,
    });
    expect(evaluation?.firstReply).toEqual({
      deadline: new Date("2025-06-09T06:30:00Z"),
      state: "met",
      achievedAt: new Date("2025-06-09T06:20:00Z"),
    });
    expect(
      evaluateSla(t, businessPolicy, { asOf: new Date("2025-06-07T00:00:00Z"), calendar: moscow })?.firstReply
        .state,
    ).toBe("pending");
  });
});

const author = fc.constantFrom<TicketMessage["author"]>("customer", "agent", "bot", "system");
const randomTicket = fc
  .record({
    created: fc.integer({ min: 0, max: 20 * 60 }),
    topic: fc.constantFrom("payment", "delivery", null),
    messages: fc.array(fc.record({ author, after: fc.integer({ min: 0, max: 600 }) }), { maxLength: 5 }),
    solvedAfter: fc.option(fc.integer({ min: 0, max: 900 })),
    resolved: fc.boolean(),
  })
  .map(
    (x): Ticket =>
      ticket({
        createdAt: m(x.created),
        topic: x.topic,
        messages: x.messages.map(({ author, after }) => ({ author, at: m(x.created + after) })),
        solvedAt: x.solvedAfter === null ? null : m(x.created + x.solvedAfter),
        resolved: x.resolved,
      }),
  );

describe("SLA properties", () => {
  it("states partition the period's tickets, and settled states never change as time goes on", () => {
    fc.assert(
      fc.property(
        fc.array(randomTicket, { maxLength: 25 }),
        fc.integer({ min: 0, max: 2000 }),
        fc.nat(2000),
        (list, a, extra) => {
          const asOf = m(a);
          const result = slaCompliance(list, policy, { period, asOf });
          const known = list.filter((t) => t.createdAt <= asOf).length;
          expect(
            result.met + result.breached + result.pending + result.notApplicable + result.untargeted,
          ).toBe(known);
          expect(result.n).toBe(result.met + result.breached);
          for (const t of list) {
            if (t.createdAt > asOf) continue;
            const now = evaluateSla(t, policy, { asOf })?.firstReply.state;
            const later = evaluateSla(t, policy, { asOf: m(a + extra) })?.firstReply.state;
            if (now !== "pending") expect(later).toBe(now);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it("a business-hours deadline is never earlier than the calendar one", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60 * 24 * 14 }),
        fc.integer({ min: 0, max: 3000 }),
        (start, minutes) => {
          const business = slaDeadline(m(start), minutes, true, moscow);
          expect(business.getTime()).toBeGreaterThanOrEqual(
            slaDeadline(m(start), minutes, false, undefined).getTime(),
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it("the matched target is the first that fits", () => {
    const target = fc.record({
      match: fc.record(
        { topic: fc.constantFrom("payment", "delivery"), priority: fc.constantFrom("high", "low") },
        { requiredKeys: [] },
      ),
      firstReplyMinutes: fc.integer({ min: 1, max: 100 }),
      businessHours: fc.constant(false),
    });
    fc.assert(
      fc.property(
        fc.array(target, { maxLength: 5 }),
        fc.constantFrom("payment", "delivery"),
        fc.constantFrom("high", "low"),
        (targets, topic, priority) => {
          const t = ticket({ topic, priority });
          const index = matchSlaTarget(targets, t);
          const fits = (x: (typeof targets)[number]) =>
            (x.match.topic === undefined || x.match.topic === topic) &&
            (x.match.priority === undefined || x.match.priority === priority);
          expect(index).toBe(targets.findIndex(fits));
        },
      ),
      { numRuns: 100 },
    );
  });
});
