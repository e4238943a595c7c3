import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Ticket } from "./support-tickets.js";
import {
  backlogAt,
  openCasesAt,
  requestVolume,
  volumeByChannel,
  volumeByHourOfWeek,
} from "./support-workload.js";

const HOUR = 3_600_000;
const t0 = Date.parse("2025-06-02T00:00:00Z"); // Monday
const h = (hours: number) => new Date(t0 + hours * HOUR);
const ticket = (over: Partial<Ticket> = {}): Ticket => ({
  id: "t",
  customerId: "c",
  channel: "email",
  createdAt: h(0),
  messages: [],
  ...over,
});

describe("open cases and backlog", () => {
  const tickets = [
    ticket({ id: "new", createdAt: h(1) }),
    ticket({ id: "answered", createdAt: h(1), messages: [{ author: "agent", at: h(2) }] }),
    ticket({
      id: "customer wrote back",
      createdAt: h(1),
      messages: [
        { author: "agent", at: h(2) },
        { author: "customer", at: h(3) },
      ],
    }),
    ticket({ id: "bot only", createdAt: h(1), messages: [{ author: "bot", at: h(1) }] }),
    ticket({ id: "solved", createdAt: h(1), resolved: true, solvedAt: h(4) }),
    ticket({ id: "future", createdAt: h(10) }),
  ];

  it("open cases are tickets waiting for a reply now [000]", () => {
    expect(openCasesAt(tickets, h(5))).toBe(3);
    expect(openCasesAt(tickets, h(3.5))).toBe(4);
    expect(openCasesAt(tickets, h(0))).toBe(0);
  });

  it("backlog is tickets not resolved at period end; a close exactly at the end belongs to the next period", () => {
    expect(backlogAt(tickets, h(5))).toBe(4);
    expect(backlogAt(tickets, h(4))).toBe(5);
    expect(backlogAt(tickets, h(11))).toBe(5);
    const pending = ticket({ statusHistory: [{ status: "pending", at: h(1) }] });
    expect(backlogAt([pending], h(2))).toBe(1);
    expect(openCasesAt([pending], h(2))).toBe(1); // nobody has replied yet
  });

  it("backlog = created before t − closed before t (no reopens)", () => {
    const random = fc.array(
      fc
        .record({
          created: fc.integer({ min: 0, max: 100 }),
          solved: fc.option(fc.integer({ min: 0, max: 100 })),
        })
        .map(({ created, solved }) =>
          ticket({ createdAt: h(created), solvedAt: solved === null ? null : h(created + solved) }),
        ),
      { maxLength: 40 },
    );
    fc.assert(
      fc.property(random, fc.integer({ min: 0, max: 220 }), (list, t) => {
        const created = list.filter((x) => x.createdAt < h(t)).length;
        const closed = list.filter((x) => x.solvedAt != null && x.solvedAt < h(t)).length;
        expect(backlogAt(list, h(t))).toBe(created - closed);
        expect(openCasesAt(list, h(t))).toBeLessThanOrEqual(backlogAt(list, h(t + 1e-6)));
      }),
      { numRuns: 150 },
    );
  });
});

describe("request volume", () => {
  const requests = [
    { createdAt: h(9), channel: "chat" },
    { createdAt: h(10), channel: "email" },
    { createdAt: h(10.5), channel: "chat" },
    { createdAt: h(24 * 6 + 23), channel: "voice" }, // Sunday 23:00Z
    { createdAt: h(24 * 7), channel: "chat" }, // next week
  ];
  const week = { from: h(0), to: h(24 * 7) };

  it("counts by channel, largest first", () => {
    expect(requestVolume(requests, week)).toBe(4);
    expect(volumeByChannel(requests, week)).toEqual([
      { channel: "chat", count: 2, percent: 50 },
      { channel: "email", count: 1, percent: 25 },
      { channel: "voice", count: 1, percent: 25 },
    ]);
  });

  it("counts by local weekday and hour", () => {
    const utc = volumeByHourOfWeek(requests, week, "UTC");
    expect(utc[0]?.[9]).toBe(1);
    expect(utc[0]?.[10]).toBe(2);
    expect(utc[6]?.[23]).toBe(1);
    // In Moscow (UTC+3) Sunday 23:00Z is Monday 02:00 and 09:00Z is 12:00.
    const moscow = volumeByHourOfWeek(requests, week, "Europe/Moscow");
    expect(moscow[0]?.[2]).toBe(1);
    expect(moscow[0]?.[12]).toBe(1);
    expect(moscow.flat().reduce((a, b) => a + b, 0)).toBe(4);
  });

  it("channel and hour-of-week counts both sum to the volume", () => {
    const random = fc.array(
      fc.record({
        at: fc.integer({ min: -50, max: 250 }),
        channel: fc.constantFrom("chat", "email", "voice"),
      }),
      { maxLength: 50 },
    );
    fc.assert(
      fc.property(random, (list) => {
        const items = list.map(({ at, channel }) => ({ createdAt: h(at), channel }));
        const total = requestVolume(items, week);
        expect(volumeByChannel(items, week).reduce((sum, x) => sum + x.count, 0)).toBe(total);
        expect(
          volumeByHourOfWeek(items, week, "America/New_York")
            .flat()
            .reduce((a, b) => a + b, 0),
        ).toBe(total);
      }),
      { numRuns: 100 },
    );
  });
});
