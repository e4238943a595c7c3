/**
 * The support cards against the previous period: 40 tickets and 30 calls a period, built so each test
 * result can be worked out by hand (two-proportion z, Welch's t), a filtered view with fewer than 30
 * tickets a side (never significant), and a second workspace that must not leak into the first.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../src/db/connection.js";
import { twoSidedPValue } from "../../src/metrics/stats.js";
import { makeTenant, startApp, type Tenant, type TestWorld } from "../helpers/app.js";
import { testDatabases } from "../helpers/db.js";

const NOW = new Date("2026-03-31T12:00:00Z");
const MIN = 60_000;
const HOUR = 60 * MIN;
const iso = (ms: number) => new Date(ms).toISOString();

/** The period under test and the 30 days before it (UTC workspace). */
const CURRENT = "from=2026-03-01&to=2026-03-31";
const PREVIOUS = "from=2026-01-30&to=2026-03-01";

/**
 * 40 tickets twelve hours apart from `start`; every fourth by chat. A human reply after `replyMin(i)`
 * minutes; solved after 1 h or 3 h alternately, or closed unresolved when `unresolved(i)`.
 */
function tickets(
  prefix: string,
  start: string,
  replyMin: (i: number) => number,
  unresolved = (_: number) => false,
) {
  return Array.from({ length: 40 }, (_, i) => {
    const created = Date.parse(start) + i * 12 * HOUR;
    const closing = unresolved(i)
      ? { status: "closed", statusAt: iso(created + 2 * HOUR) }
      : { status: "solved", solvedAt: iso(created + (i % 2 ? 3 : 1) * HOUR) };
    return {
      externalId: `${prefix}${i}`,
      createdAt: iso(created),
      channel: i % 4 === 0 ? "chat" : "email",
      assignee: "anna",
      ...closing,
      messages: [
        { externalId: `${prefix}${i}-c`, author: "customer", at: iso(created) },
        {
          externalId: `${prefix}${i}-a`,
          author: "agent",
          at: iso(created + replyMin(i) * MIN),
          agent: "anna",
        },
      ],
    };
  });
}

/** 30 answered calls from `start`, answered after `waitS(i)` seconds, talk 100 s or 200 s alternately. */
function calls(prefix: string, start: string, waitS: (i: number) => number) {
  return Array.from({ length: 30 }, (_, i) => {
    const queued = Date.parse(start) + i * 12 * HOUR;
    const answered = queued + waitS(i) * 1000;
    return {
      externalId: `${prefix}${i}`,
      outcome: "answered",
      queuedAt: iso(queued),
      answeredAt: iso(answered),
      talkSeconds: i % 2 ? 200 : 100,
      agent: "anna",
    };
  });
}

/** The pooled two-proportion z of c₁/n₁ against c₂/n₂, written out. */
function pooledZ(c1: number, n1: number, c2: number, n2: number) {
  const p = (c1 + c2) / (n1 + n2);
  return (c1 / n1 - c2 / n2) / Math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2));
}

describe.each(testDatabases())("support period comparison on $name", (database) => {
  let handle: DbHandle;
  let world: TestWorld;
  let a: Tenant;
  let b: Tenant;

  beforeAll(async () => {
    handle = await database.open();
    world = await startApp(handle, { now: NOW });
    a = await makeTenant(world);
    b = await makeTenant(world);
    const policy = await a.call("POST", "/api/v1/support/sla-policies", {
      name: "Half an hour",
      targets: [{ name: "All", match: {}, firstReplyMinutes: 30 }],
    });
    expect(policy.statusCode, policy.body).toBe(201);
    // Before: replies after 50 or 70 min (all breach the 30-min target), 10 of 40 closed unresolved.
    // Now: replies after 5 or 15 min (all met), all 40 solved.
    const ticketsA = [
      ...tickets(
        "P",
        "2026-02-01T00:00:00Z",
        (i) => (i % 2 ? 70 : 50),
        (i) => i < 10,
      ),
      ...tickets("C", "2026-03-02T00:00:00Z", (i) => (i % 2 ? 15 : 5)),
    ];
    const ingested = await a.call("POST", "/api/v1/support/tickets", { tickets: ticketsA });
    expect(ingested.statusCode, ingested.body).toBe(201);
    // Calls answered after 30 or 50 s before, 5 or 15 s now; now also 10 blocked calls.
    const blocked = Array.from({ length: 10 }, (_, i) => ({
      externalId: `K${i}`,
      outcome: "blocked",
      queuedAt: iso(Date.parse("2026-03-05T10:00:00Z") + i * HOUR),
    }));
    const callsA = [
      ...calls("PK", "2026-02-01T10:00:00Z", (i) => (i % 2 ? 50 : 30)),
      ...calls("CK", "2026-03-02T10:00:00Z", (i) => (i % 2 ? 15 : 5)),
      ...blocked,
    ];
    const callsIn = await a.call("POST", "/api/v1/support/calls", { calls: callsA });
    expect(callsIn.statusCode, callsIn.body).toBe(201);
    // Another workspace with tickets in both periods, all replied to at once.
    const ticketsB = await b.call("POST", "/api/v1/support/tickets", {
      tickets: [
        ...tickets("P", "2026-02-01T00:00:00Z", () => 1).slice(0, 7),
        ...tickets("C", "2026-03-02T00:00:00Z", () => 1).slice(0, 3),
      ],
    });
    expect(ticketsB.statusCode, ticketsB.body).toBe(201);
  });

  afterAll(async () => {
    await world?.app.close();
    await handle?.close();
  });

  const get = async (t: Tenant, query: string) => {
    const res = await t.call("GET", `/api/v1/support/metrics?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  it("compares each card with the previous period of equal length", async () => {
    const m = await get(a, CURRENT);
    const c = m.comparison;
    expect([c.from, c.to]).toEqual(["2026-01-30T00:00:00.000Z", "2026-03-01T00:00:00.000Z"]);
    expect(c.previous).toEqual({
      volume: 40,
      callsOffered: 30,
      firstReplyMedian: 60 * MIN,
      resolutionTimeMedian: 2 * HOUR,
    });

    // SLA first reply 40/40 against 0/40: z = 1 / √(½ · ½ · 2/40).
    const sla = c.slaFirstReply;
    expect(sla).toMatchObject({
      current: 100,
      previous: 0,
      previousN: 40,
      diff: 100,
      test: "twoProportionZ",
    });
    expect(sla.statistic).toBeCloseTo(pooledZ(40, 40, 0, 40), 10);
    expect(sla.statistic).toBeCloseTo(8.944, 3);
    expect(sla.pValue).toBeCloseTo(twoSidedPValue(sla.statistic), 12);
    expect([sla.significant, sla.lowSample, sla.lowerIsBetter]).toEqual([true, false, false]);

    // AFRT 10 min (sd 5·√(40/39)) against 60 min (sd 10·√(40/39)): Welch's t on the per-ticket values.
    const frt = c.firstReply;
    const se = Math.sqrt((((100 + 25) * 40) / 39 / 40) * MIN * MIN);
    expect(frt).toMatchObject({ current: 10 * MIN, previous: 60 * MIN, diff: -50 * MIN, test: "welchT" });
    expect(frt.statistic).toBeCloseTo((-50 * MIN) / se, 8);
    expect(frt.pValue).toBeLessThan(1e-12);
    expect([frt.significant, frt.lowerIsBetter]).toEqual([true, true]);

    // Resolution time: 1 h and 3 h alternately on both sides, so no change at all.
    expect(c.resolutionTime).toMatchObject({ diff: 0, statistic: 0, pValue: 1, significant: false });

    // Resolution rate 40/40 against 30/40.
    expect(c.resolutionRate).toMatchObject({ current: 100, previous: 75, diff: 25, significant: true });
    expect(c.resolutionRate.statistic).toBeCloseTo(pooledZ(40, 40, 30, 40), 10);

    // FCR 100% on both sides (no customer wrote again): no variance to test against.
    expect(c.fcr).toMatchObject({ current: 100, previous: 100, diff: 0, statistic: null, pValue: null });
    expect(c.fcr.significant).toBe(false);

    // No CSAT answers: nothing to compare.
    expect(c.csat).toMatchObject({ current: null, previous: null, diff: null, significant: false });

    // Calls: service level 30/40 (10 blocked) against 0/30; blockage 10/40 against 0/30.
    expect(c.serviceLevel).toMatchObject({ current: 75, previous: 0, significant: true });
    expect(c.serviceLevel.statistic).toBeCloseTo(pooledZ(30, 40, 0, 30), 10);
    expect(c.blockage).toMatchObject({ current: 25, previous: 0, lowerIsBetter: true, significant: true });
    expect(c.blockage.statistic).toBeCloseTo(pooledZ(10, 40, 0, 30), 10);
    expect(c.abandonment).toMatchObject({ current: 0, previous: 0, statistic: null, significant: false });
    // ASA 10 s against 40 s; AHT 150 s on both sides.
    expect(c.asa).toMatchObject({ current: 10_000, previous: 40_000, diff: -30_000, significant: true });
    expect(c.aht).toMatchObject({ diff: 0, significant: false });
  });

  it("states the previous figures exactly as the previous period's own query does", async () => {
    const [m, before] = await Promise.all([get(a, CURRENT), get(a, PREVIOUS)]);
    const c = m.comparison;
    expect(c.slaFirstReply.previous).toBe(before.sla.firstReply.value);
    expect(c.firstReply.previous).toBe(before.tickets.firstReply.mean);
    expect(c.firstReply.previousN).toBe(before.tickets.firstReply.n);
    expect(c.resolutionRate.previous).toBe(before.tickets.resolutionRate.value);
    expect(c.serviceLevel.previous).toBe(before.calls.serviceLevel.value);
    expect(c.asa.previous).toBe(before.calls.asa.mean);
    expect(c.previous.volume).toBe(before.tickets.volume);
    // The period before the previous one has no data: every change there is untestable.
    expect(before.comparison.firstReply).toMatchObject({ previousN: 0, diff: null, significant: false });
  });

  it("never calls a change significant when a side has fewer than 30 tickets", async () => {
    const m = await get(a, `${CURRENT}&channel=chat`);
    const sla = m.comparison.slaFirstReply;
    // 10 chats a side, 10/10 against 0/10: p is tiny, but 10 cases are too few for the normal approximation.
    expect(sla).toMatchObject({
      current: 100,
      previous: 0,
      previousN: 10,
      lowSample: true,
      significant: false,
    });
    expect(sla.pValue).toBeLessThan(0.001);
    expect(m.comparison.firstReply).toMatchObject({ lowSample: true, significant: false });
  });

  it("compares within the workspace only", async () => {
    const m = await get(b, CURRENT);
    expect(m.tickets.volume).toBe(3);
    expect(m.comparison.previous.volume).toBe(7);
    expect(m.comparison.firstReply).toMatchObject({ current: MIN, previous: MIN, previousN: 7 });
    // Workspace b has no SLA policy and no calls of its own.
    expect(m.comparison.slaFirstReply).toBeNull();
    expect(m.comparison.asa).toMatchObject({ previousN: 0, previous: null });
    const own = await get(a, CURRENT);
    expect(own.tickets.volume).toBe(40);
    expect(own.comparison.previous.volume).toBe(40);
  });

  it("names the field of a bad period", async () => {
    const res = await a.call("GET", "/api/v1/support/metrics?from=2026-03-10&to=2026-03-01");
    expect(res.statusCode).toBe(400);
    expect(res.json().error.field).toBe("query.from");
  });
});
