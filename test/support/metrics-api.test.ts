/**
 * The head of support's story through the API: a business-hours calendar with a holiday, an SLA policy
 * (payment questions 10 minutes, the rest 1 hour), tickets with bot and human replies, calls and CSAT
 * answers linked to tickets; the figures are worked out by hand below.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../src/db/connection.js";
import { makeTenant, startApp, type Tenant, type TestWorld } from "../helpers/app.js";
import { testDatabases } from "../helpers/db.js";
import { createSurvey } from "../helpers/fixtures.js";

/** Tuesday 2026-03-10 15:00 in Moscow. */
const NOW = new Date("2026-03-10T12:00:00Z");
const MIN = 60_000;

/** Moscow wall time (UTC+3, no DST) as an ISO instant. */
const msk = (wall: string) => new Date(`${wall}:00+03:00`).toISOString();
const msg = (externalId: string, author: string, wall: string, agent?: string) => ({
  externalId,
  author,
  at: msk(wall),
  ...(agent ? { agent } : {}),
});

/**
 * P1 payment: bot at once, anna after 5 min → met. P2 payment: Friday 17:55, reply Tuesday 09:04 (Monday is a
 * holiday) → 9 business minutes, met. P3 payment: bot and system at once, boris after 30 min → breached.
 * G1: after hours Wednesday, reply Thursday 09:50 → 50 business minutes, met; the customer wrote again (open
 * case). G2: no reply since Thursday → breached. G3: created 30 min ago → pending. B1: a bot solved it →
 * needed no reply. S1: closed as spam, unresolved.
 */
const TICKETS = [
  {
    externalId: "P1",
    createdAt: msk("2026-03-02T09:00"),
    channel: "email",
    topic: "payment",
    assignee: "anna",
    team: "billing",
    customer: { externalId: "C1" },
    status: "solved",
    solvedAt: msk("2026-03-02T10:00"),
    messages: [
      msg("p1-1", "customer", "2026-03-02T09:00"),
      msg("p1-2", "bot", "2026-03-02T09:00"),
      msg("p1-3", "agent", "2026-03-02T09:05", "anna"),
    ],
  },
  {
    externalId: "P2",
    createdAt: msk("2026-03-06T17:55"),
    channel: "chat",
    topic: "payment",
    assignee: "anna",
    team: "billing",
    customer: { externalId: "C2" },
    status: "solved",
    solvedAt: msk("2026-03-10T09:30"),
    messages: [msg("p2-1", "customer", "2026-03-06T17:55"), msg("p2-2", "agent", "2026-03-10T09:04", "anna")],
  },
  {
    externalId: "P3",
    createdAt: msk("2026-03-02T20:00"),
    channel: "email",
    topic: "payment",
    assignee: "boris",
    team: "billing",
    customer: { externalId: "C1" },
    status: "solved",
    solvedAt: msk("2026-03-03T12:00"),
    messages: [
      msg("p3-1", "customer", "2026-03-02T20:00"),
      msg("p3-2", "bot", "2026-03-02T20:00"),
      msg("p3-3", "system", "2026-03-03T09:00"),
      msg("p3-4", "agent", "2026-03-03T09:30", "boris"),
    ],
  },
  {
    externalId: "G1",
    createdAt: msk("2026-03-04T20:00"),
    channel: "email",
    topic: "delivery",
    assignee: "anna",
    team: "l1",
    status: "open",
    messages: [
      msg("g1-1", "customer", "2026-03-04T20:00"),
      msg("g1-2", "agent", "2026-03-05T09:50", "anna"),
      msg("g1-3", "customer", "2026-03-05T10:00"),
    ],
  },
  {
    externalId: "G2",
    createdAt: msk("2026-03-05T10:00"),
    channel: "email",
    topic: "delivery",
    assignee: "boris",
    team: "l1",
    status: "open",
    messages: [
      msg("g2-1", "customer", "2026-03-05T10:00"),
      msg("g2-2", "agent", "2026-03-05T10:20", "boris"),
    ].map((m, i) => (i === 1 ? { ...m, internal: true } : m)),
  },
  {
    externalId: "G3",
    createdAt: msk("2026-03-10T14:30"),
    channel: "chat",
    topic: "delivery",
    messages: [msg("g3-1", "customer", "2026-03-10T14:30")],
  },
  {
    externalId: "B1",
    createdAt: msk("2026-03-05T11:00"),
    channel: "chat",
    topic: "delivery",
    customer: { externalId: "C3" },
    status: "solved",
    solvedAt: msk("2026-03-05T11:02"),
    messages: [msg("b1-1", "customer", "2026-03-05T11:00"), msg("b1-2", "bot", "2026-03-05T11:01")],
  },
  {
    externalId: "S1",
    createdAt: msk("2026-03-06T12:00"),
    channel: "email",
    status: "closed",
    statusAt: msk("2026-03-06T12:05"),
  },
];

const CALLS = [
  {
    externalId: "k1",
    outcome: "answered",
    queuedAt: msk("2026-03-03T10:00"),
    answeredAt: "2026-03-03T07:00:15Z",
    endedAt: "2026-03-03T07:05:45Z",
    holdSeconds: 30,
    acwSeconds: 60,
    agent: "anna",
  },
  {
    externalId: "k2",
    outcome: "answered",
    queuedAt: msk("2026-03-03T11:00"),
    answeredAt: "2026-03-03T08:00:40Z",
    talkSeconds: 200,
    agent: "boris",
  },
  {
    externalId: "k3",
    outcome: "abandoned",
    queuedAt: msk("2026-03-03T12:00"),
    endedAt: "2026-03-03T09:00:10Z",
  },
  { externalId: "k4", outcome: "blocked", queuedAt: msk("2026-03-03T13:00") },
];

describe.each(testDatabases())("support metrics API on $name", (database) => {
  let handle: DbHandle;
  let world: TestWorld;
  let t: Tenant;
  let policyId: string;

  beforeAll(async () => {
    handle = await database.open();
    world = await startApp(handle, { now: NOW });
    t = await makeTenant(world, { timeZone: "Europe/Moscow" });
    const weekdays = Object.fromEntries(
      ["mon", "tue", "wed", "thu", "fri"].map((d) => [d, [{ start: "09:00", end: "18:00" }]]),
    );
    const calendar = await t.call("POST", "/api/v1/support/calendars", {
      name: "Moscow office",
      timeZone: "Europe/Moscow",
      week: weekdays,
      holidays: ["2026-03-09"],
    });
    expect(calendar.statusCode, calendar.body).toBe(201);
    const policy = await t.call("POST", "/api/v1/support/sla-policies", {
      name: "Standard",
      calendarId: calendar.json().id,
      targets: [
        {
          name: "Payment",
          match: { topic: "payment" },
          firstReplyMinutes: 10,
          resolutionMinutes: 240,
          businessHours: true,
        },
        { name: "Other", match: {}, firstReplyMinutes: 60, businessHours: true },
      ],
    });
    expect(policy.statusCode, policy.body).toBe(201);
    expect(policy.json().isDefault).toBe(true);
    policyId = policy.json().id;
    const tickets = await t.call("POST", "/api/v1/support/tickets", { tickets: TICKETS });
    expect(tickets.statusCode, tickets.body).toBe(201);
    const calls = await t.call("POST", "/api/v1/support/calls", { calls: CALLS });
    expect(calls.statusCode, calls.body).toBe(201);
    const survey = await createSurvey(t, "transactional-csat");
    const ratings: [string, number][] = [
      ["P1", 5],
      ["P3", 2],
      ["G1", 4],
    ];
    const responses = await t.call("POST", "/api/v1/responses", {
      responses: ratings.map(([ticketId, csat]) => ({
        surveyId: survey.id,
        ticketId,
        submittedAt: "2026-03-06T10:00:00Z",
        answers: { csat },
      })),
    });
    expect(responses.statusCode, responses.body).toBe(201);
  });

  afterAll(async () => {
    await world?.app.close();
    await handle?.close();
  });

  const metrics = async (query: string) => {
    const res = await t.call("GET", `/api/v1/support/metrics?from=2026-03-01&to=2026-03-11${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  it("states every figure of the period", async () => {
    const m = await metrics("");
    expect(m.timeZone).toBe("Europe/Moscow");
    expect(m.from).toBe("2026-02-28T21:00:00.000Z");
    expect(m.sla.policy.name).toBe("Standard");
    expect(m.sla.firstReply).toMatchObject({ met: 3, breached: 2, pending: 1, notApplicable: 2, value: 60 });
    // Resolution goal only on payment: P1 (1 h), P2 (35 business minutes) and P3 (3 business hours) met.
    expect(m.sla.resolution).toMatchObject({ met: 3, breached: 0, untargeted: 5 });

    const fr = m.tickets.firstReply;
    expect(fr.n).toBe(4);
    expect([fr.open, fr.botResolved, fr.closedWithoutReply]).toEqual([2, 1, 1]);
    // 5 min, 13 h 30 min (P3), 13 h 50 min (G1), 3 d 15 h 9 min (P2), in calendar time.
    expect(fr.median).toBe(((810 + 830) / 2) * MIN);
    expect(fr.mean).toBe(((5 + 810 + 830 + 5229) / 4) * MIN);
    expect(fr.longestOpenWaitMs).toBe(NOW.getTime() - Date.parse(msk("2026-03-05T10:00")));

    // B1 2 min, P1 1 h, P3 16 h, P2 3 d 15 h 35 min.
    expect(m.tickets.resolutionTime).toMatchObject({ n: 4, median: ((60 + 960) / 2) * MIN });
    expect(m.tickets.resolutionRate).toMatchObject({ count: 4, n: 5, value: 80 });
    // P1 fails (C1 wrote again about payment 10 h after), P3 and B1 pass, P2's window is still open.
    expect(m.tickets.fcr).toMatchObject({ count: 2, n: 3, pending: 1, windowHours: 24 });
    expect(m.tickets.openNow).toBe(3);
    expect(m.tickets.backlog).toBe(3);
    expect(m.tickets.volume).toBe(8);
    expect(m.tickets.byChannel).toEqual([
      { channel: "email", count: 5, percent: 62.5 },
      { channel: "chat", count: 3, percent: 37.5 },
    ]);
    // Monday 09:00 Moscow (P1), row Monday, column 9.
    expect(m.tickets.byHourOfWeek[0][9]).toBe(1);
    expect(m.tickets.byHourOfWeek.flat().reduce((s: number, n: number) => s + n, 0)).toBe(8);

    expect(
      m.resolutionByAgent.map((r: { key: string; count: number; n: number }) => [r.key, r.count, r.n]),
    ).toEqual([
      ["anna", 2, 3],
      ["boris", 1, 2],
    ]);

    expect(m.calls).toMatchObject({ offered: 4, answered: 2, abandoned: 1, blocked: 1 });
    expect(m.calls.asa.mean).toBe(27_500);
    expect(m.calls.aht.mean).toBe(((300 + 30 + 60 + 200) / 2) * 1000);
    expect(m.calls.serviceLevel).toMatchObject({
      count: 1,
      n: 4,
      value: 25,
      targetPercent: 80,
      thresholdSeconds: 20,
    });
    expect(m.calls.blockage).toMatchObject({ count: 1, n: 4, value: 25 });
    expect((await metrics("&serviceLevel=90/45")).calls.serviceLevel).toMatchObject({ count: 2, n: 4 });
    expect((await metrics("&abandoned=excludeShort")).calls.serviceLevel).toMatchObject({ count: 1, n: 3 });

    expect(m.csat.overall).toMatchObject({ n: 3, positive: 2 });
    const byAgent = Object.fromEntries(
      m.csat.byAgent.map((r: { key: string; value: number }) => [r.key, r.value]),
    );
    expect(byAgent).toEqual({ anna: 100, boris: 0 });
    expect(m.csat.byTopic.map((r: { key: string; n: number }) => [r.key, r.n]).sort()).toEqual([
      ["delivery", 1],
      ["payment", 2],
    ]);
  });

  it("breaks the figures down per agent and narrows them by filters", async () => {
    const m = await metrics("&groupBy=agent");
    const rows = Object.fromEntries(m.groups.rows.map((r: { key: string }) => [r.key, r]));
    expect(Object.keys(rows)).toEqual(["anna", "boris", "(none)"]);
    expect(rows.anna).toMatchObject({ volume: 3, openNow: 1, backlog: 1 });
    expect(rows.anna.sla).toMatchObject({ met: 3, breached: 0 });
    expect(rows.boris.sla).toMatchObject({ met: 0, breached: 2 });
    expect(rows.anna.csat).toMatchObject({ n: 2, value: 100 });
    expect(rows.anna.calls).toMatchObject({ offered: 1, answered: 1 });

    const billing = await metrics("&team=billing");
    expect(billing.tickets.volume).toBe(3);
    expect(billing.sla.firstReply).toMatchObject({ met: 2, breached: 1 });
    const chat = await metrics("&channel=chat&priority=high");
    expect(chat.tickets.volume).toBe(0);
    expect((await metrics("&agent=nobody")).tickets.volume).toBe(0);
  });

  it("drills down from the breached figure to its tickets", async () => {
    const res = await t.call("GET", "/api/v1/support/sla/breaches?from=2026-03-01&to=2026-03-11");
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.items.map((i: { externalId: string }) => i.externalId)).toEqual(["P3", "G2"]);
    expect(body.items[0]).toMatchObject({
      agent: "boris",
      target: "Payment",
      deadline: msk("2026-03-03T09:10"),
      achievedAt: msk("2026-03-03T09:30"),
      overdueMs: 20 * MIN,
    });
    // The internal note on G2 is no reply: it is still breached, and still waiting.
    expect(body.items[1]).toMatchObject({ achievedAt: null, target: "Other" });

    const first = await t.call("GET", "/api/v1/support/sla/breaches?from=2026-03-01&to=2026-03-11&limit=1");
    expect(first.json().items.map((i: { externalId: string }) => i.externalId)).toEqual(["P3"]);
    const next = await t.call(
      "GET",
      `/api/v1/support/sla/breaches?from=2026-03-01&to=2026-03-11&limit=1&cursor=${first.json().nextCursor}`,
    );
    expect(next.json()).toMatchObject({ nextCursor: null, items: [{ externalId: "G2" }] });
    const byAgent = await t.call(
      "GET",
      "/api/v1/support/sla/breaches?from=2026-03-01&to=2026-03-11&agent=anna",
    );
    expect(byAgent.json().items).toEqual([]);
  });

  it("states the SLA trend, the FRT distribution and business-hours reply times, and exports them", async () => {
    const m = await metrics("");
    const sla = m.sla.firstReply;
    const trend = m.sla.trend;
    expect(trend.step).toBe("day");
    const sum = (k: "met" | "breached" | "pending") =>
      trend.points.reduce((s: number, p: Record<string, number>) => s + (p[k] ?? 0), 0);
    expect([sum("met"), sum("breached"), sum("pending")]).toEqual([sla.met, sla.breached, sla.pending]);
    expect(trend.points.map((p: { start: string }) => p.start)).toEqual(
      [...trend.points.map((p: { start: string }) => p.start)].sort(),
    );
    const buckets = m.tickets.firstReplyDistribution;
    expect(buckets.at(-1).upToMs).toBeNull();
    expect(buckets.reduce((s: number, b: { count: number }) => s + b.count, 0)).toBe(m.tickets.firstReply.n);
    // Business hours stop the clock at night and on the weekend: never longer than calendar time.
    expect(m.tickets.firstReplyBusiness.n).toBe(m.tickets.firstReply.n);
    expect(m.tickets.firstReplyBusiness.mean).toBeLessThanOrEqual(m.tickets.firstReply.mean);

    const csv = await t.call(
      "GET",
      "/api/v1/support/exports/metrics.csv?from=2026-03-01&to=2026-03-11&groupBy=agent",
    );
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers["content-disposition"]).toContain("support-");
    const lines = csv.body
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines[0]).toBe("figure,unit,value,n,ci_low,ci_high");
    expect(lines).toContain(`SLA first reply,%,${sla.value},${sla.n},${sla.ci[0]},${sla.ci[1]}`);
    expect(lines.some((l: string) => l.startsWith("agent "))).toBe(true);

    const breaches = await t.call(
      "GET",
      "/api/v1/support/exports/breaches.csv?from=2026-03-01&to=2026-03-11",
    );
    expect(breaches.statusCode, breaches.body).toBe(200);
    const rows = breaches.body
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(rows.slice(1).map((r: string) => r.split(",")[0])).toEqual(["P3", "G2"]);
    const xlsx = await t.call("GET", "/api/v1/support/exports/breaches.xlsx?from=2026-03-01&to=2026-03-11");
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe("PK");
    const bad = await t.call("GET", "/api/v1/support/exports/breaches.csv?from=yesterday");
    expect(bad.statusCode).toBe(400);
  });

  it("manages calendars, policies and settings", async () => {
    const calendars = (await t.call("GET", "/api/v1/support/calendars")).json().items;
    const inUse = await t.call("DELETE", `/api/v1/support/calendars/${calendars[0].id}`);
    expect(inUse.statusCode).toBe(409);
    const bad = await t.call("POST", "/api/v1/support/sla-policies", {
      name: "No calendar",
      targets: [{ match: {}, firstReplyMinutes: 30, businessHours: true }],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe("targets.0.businessHours");
    const badCalendar = await t.call("POST", "/api/v1/support/calendars", {
      name: "x",
      timeZone: "Mars/Olympus",
      week: {},
    });
    expect(badCalendar.json().error.field).toBe("timeZone");
    const inverted = await t.call("POST", "/api/v1/support/calendars", {
      name: "x",
      timeZone: "UTC",
      week: { mon: [{ start: "18:00", end: "09:00" }] },
    });
    expect(inverted.statusCode).toBe(400);

    // A stricter calendar-time policy made the default changes the SLA figure.
    const strict = await t.call("POST", "/api/v1/support/sla-policies", {
      name: "24/7",
      isDefault: true,
      targets: [{ match: {}, firstReplyMinutes: 10 }],
    });
    expect(strict.statusCode, strict.body).toBe(201);
    expect((await t.call("GET", `/api/v1/support/sla-policies/${policyId}`)).json().isDefault).toBe(false);
    const m = await metrics("");
    expect(m.sla.policy.name).toBe("24/7");
    expect(m.sla.firstReply).toMatchObject({ met: 1, breached: 5 });
    expect((await metrics(`&policyId=${policyId}`)).sla.firstReply).toMatchObject({ met: 3, breached: 2 });
    expect((await t.call("DELETE", `/api/v1/support/sla-policies/${strict.json().id}`)).statusCode).toBe(204);

    const settings = await t.call("PUT", "/api/v1/support/settings", {
      fcrWindowHours: 6,
      serviceLevel: { targetPercent: 90, thresholdSeconds: 45 },
    });
    expect(settings.statusCode, settings.body).toBe(200);
    const after = await metrics("");
    // With a 6 h window P1's re-contact (10 h later) no longer counts; P2's window closes at 15:30.
    expect(after.tickets.fcr).toMatchObject({ count: 3, n: 3, pending: 1, windowHours: 6 });
    expect(after.calls.serviceLevel).toMatchObject({ count: 2, targetPercent: 90, thresholdSeconds: 45 });
  });

  it("shows another workspace nothing", async () => {
    const other = await makeTenant(world, { timeZone: "Europe/Moscow" });
    const res = await other.call("GET", "/api/v1/support/metrics?from=2026-03-01&to=2026-03-11");
    const m = res.json();
    expect(m.tickets.volume).toBe(0);
    expect(m.calls.offered).toBe(0);
    expect(m.csat.overall.n).toBe(0);
    expect(m.sla.policy).toBeNull();
    expect((await other.call("GET", "/api/v1/support/agents")).json().items).toEqual([]);
    expect((await other.call("GET", `/api/v1/support/sla-policies/${policyId}`)).statusCode).toBe(404);
    expect(
      (await other.call("GET", "/api/v1/support/sla/breaches?from=2026-03-01&to=2026-03-11")).json().items,
    ).toEqual([]);
  });
});
