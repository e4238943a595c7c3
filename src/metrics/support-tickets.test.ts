import { describe, expect, it } from "vitest";
import {
  closedAt,
  firstClosedAt,
  firstHumanReplyAt,
  inSupportPeriod,
  isAwaitingReply,
  isBotResolved,
  type Ticket,
} from "./support-tickets.js";

const MIN = 60_000;
const t0 = Date.parse("2025-06-02T09:00:00Z");
const m = (minutes: number) => new Date(t0 + minutes * MIN);
const ticket = (over: Partial<Ticket> = {}): Ticket => ({
  id: "t1",
  customerId: "c1",
  channel: "email",
  createdAt: m(0),
  messages: [],
  ...over,
});

describe("first human reply", () => {
  it("skips bot, system and internal messages", () => {
    const t = ticket({
      messages: [
        { author: "customer", at: m(0) },
        { author: "system", at: m(0) }, // "we got your request"
        { author: "bot", at: m(1) },
        { author: "agent", at: m(5), internal: true },
        { author: "agent", at: m(30) },
        { author: "agent", at: m(20) },
      ],
    });
    expect(firstHumanReplyAt(t)).toEqual(m(20));
    expect(firstHumanReplyAt(t, m(19))).toBeNull();
  });

  it("clamps a message dated before creation to the creation time", () => {
    expect(firstHumanReplyAt(ticket({ messages: [{ author: "agent", at: m(-2) }] }))).toEqual(m(0));
  });
});

describe("closing", () => {
  it("reads the status history: last entry into a closed status", () => {
    const t = ticket({
      statusHistory: [
        { status: "solved", at: m(60) },
        { status: "open", at: m(10) },
        { status: "closed", at: m(70) },
        { status: "open", at: m(100) },
        { status: "solved", at: m(120) },
      ],
      solvedAt: m(120),
    });
    expect(closedAt(t, m(59))).toBeNull();
    expect(closedAt(t, m(60))).toEqual(m(60));
    expect(closedAt(t, m(80))).toEqual(m(60));
    expect(closedAt(t, m(100))).toBeNull();
    expect(closedAt(t, m(120))).toEqual(m(120));
    expect(closedAt(t, m(120), true)).toBeNull();
    expect(firstClosedAt(t)).toEqual(m(60));
  });

  it("falls back to solvedAt without a history", () => {
    const t = ticket({ solvedAt: m(30) });
    expect(closedAt(t, m(29))).toBeNull();
    expect(closedAt(t, m(30))).toEqual(m(30));
    expect(firstClosedAt(t)).toEqual(m(30));
    expect(firstClosedAt(ticket())).toBeNull();
  });
});

describe("resolved entirely by a bot", () => {
  it("needs a resolved close, a bot message and no human reply", () => {
    const bot = ticket({ messages: [{ author: "bot", at: m(1) }], resolved: true, solvedAt: m(3) });
    expect(isBotResolved(bot)).toBe(true);
    expect(isBotResolved(bot, m(2))).toBe(false);
    expect(isBotResolved({ ...bot, resolved: false })).toBe(false);
    expect(isBotResolved({ ...bot, messages: [...bot.messages, { author: "agent", at: m(2) }] })).toBe(false);
    expect(isBotResolved({ ...bot, messages: [] })).toBe(false);
  });
});

describe("waiting for a reply", () => {
  it("waits until a human answers and again after the customer writes", () => {
    const t = ticket({
      messages: [
        { author: "customer", at: m(0) },
        { author: "bot", at: m(1) },
        { author: "agent", at: m(10) },
        { author: "customer", at: m(20) },
      ],
      solvedAt: m(40),
    });
    expect(isAwaitingReply(t, m(-1))).toBe(false);
    expect(isAwaitingReply(t, m(5))).toBe(true);
    expect(isAwaitingReply(t, m(15))).toBe(false);
    expect(isAwaitingReply(t, m(25))).toBe(true);
    expect(isAwaitingReply(t, m(40))).toBe(false);
  });
});

describe("periods", () => {
  it("are half-open", () => {
    const period = { from: m(0), to: m(60) };
    expect(inSupportPeriod(period, m(0))).toBe(true);
    expect(inSupportPeriod(period, m(59))).toBe(true);
    expect(inSupportPeriod(period, m(60))).toBe(false);
    expect(() => inSupportPeriod({ from: m(1), to: m(0) }, m(0))).toThrow(RangeError);
  });
});
