import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../src/db/connection.js";
import { makeTenant, startApp, type Tenant, type TestWorld } from "../helpers/app.js";
import { testDatabases } from "../helpers/db.js";
import { createSurvey } from "../helpers/fixtures.js";
import { pathOf, runAt } from "./helpers.js";

const NOW = new Date("2026-01-10T10:00:00Z");

interface Invitation {
  status: string;
  customerExternalId: string;
  url: string | null;
}

describe.each(testDatabases())("campaigns over saved segments and rates by period on $name", (database) => {
  let handle: DbHandle;
  let world: TestWorld;
  let t: Tenant;
  let other: Tenant;
  let surveyId: string;
  let segmentId: string;

  const invitations = async (tenant: Tenant, query: string): Promise<Invitation[]> =>
    (await tenant.call("GET", `/api/v1/invitations?limit=500&${query}`)).json().items;

  beforeAll(async () => {
    handle = await database.open();
    world = await startApp(handle, { now: NOW });
    t = await makeTenant(world, { timeZone: "Europe/Moscow" });
    other = await makeTenant(world);
    surveyId = (await createSurvey(t)).id;
    await t.call("PATCH", "/api/v1/distribution/settings", { recontactDays: 0 });
    const customers = [
      { externalId: "pro-ru", language: "ru", attributes: { plan: "pro", seats: 5 } },
      { externalId: "pro-en", language: "en", attributes: { plan: "pro", seats: 12 } },
      { externalId: "free-ru", language: "ru", attributes: { plan: "free" } },
    ];
    const res = await t.call("POST", "/api/v1/events", {
      events: customers.map((customer, i) => ({ externalId: `signup-${i}`, type: "signup", customer })),
    });
    expect(res.statusCode, res.body).toBe(201);
    const seg = await t.call("POST", "/api/v1/segments", { name: "Pro", filter: "plan = pro" });
    expect(seg.statusCode, seg.body).toBe(201);
    segmentId = seg.json().id;
  });

  afterAll(async () => {
    await world?.app.close();
    await handle?.close();
  });

  it("refuses a segment that is unknown, another workspace's, or filters on answers", async () => {
    const rule = { kind: "schedule", every: 3, unit: "month", startAt: "2026-01-15T09:00:00Z" };
    const create = (tenant: Tenant, id: string, sid = surveyId) =>
      tenant.call("POST", "/api/v1/triggers", {
        name: "Quarterly NPS",
        surveyId: sid,
        channel: "link",
        rule: { ...rule, segmentId: id },
      });
    const unknown = await create(t, "01900000-0000-7000-8000-000000000000");
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error).toMatchObject({ field: "rule.segmentId" });
    // Tenancy: a segment id of this workspace means nothing in another one.
    const otherSurvey = (await createSurvey(other)).id;
    const foreign = await create(other, segmentId, otherSurvey);
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.field).toBe("rule.segmentId");
    const byChannel = await t.call("POST", "/api/v1/segments", {
      name: "Email answers",
      filter: "channel = email",
    });
    const answers = await create(t, byChannel.json().id);
    expect(answers.statusCode).toBe(400);
    expect(answers.json().error).toMatchObject({ field: "rule.segmentId" });
    expect(answers.json().error.message).toContain("channel");
  });

  it("invites the segment's customers each quarter, following the segment as it is edited", async () => {
    const res = await t.call("POST", "/api/v1/triggers", {
      name: "Quarterly NPS to Pro",
      surveyId,
      channel: "link",
      rule: {
        kind: "schedule",
        every: 3,
        unit: "month",
        startAt: "2026-01-15T09:00:00Z",
        segmentId,
        conditions: [{ field: "customer.seats", op: "gte", value: 1 }],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id as string;
    expect(res.json().rule.segmentId).toBe(segmentId);

    expect(await runAt(world, new Date("2026-01-15T09:00:00Z"))).toMatchObject({ scheduled: 2, sent: 2 });
    const first = await invitations(t, `triggerId=${id}`);
    expect(first.map((i) => i.customerExternalId).sort()).toEqual(["pro-en", "pro-ru"]);
    expect((await t.call("GET", `/api/v1/triggers/${id}`)).json().nextRunAt).toBe("2026-04-15T09:00:00.000Z");

    // The segment narrows to Russian speakers before the next quarter; the campaign follows.
    await t.call("PATCH", `/api/v1/segments/${segmentId}`, { filter: "plan = pro and language = ru" });
    expect(await runAt(world, new Date("2026-04-15T09:00:00Z"))).toMatchObject({ scheduled: 1 });
    const all = await invitations(t, `triggerId=${id}`);
    expect(all.map((i) => i.customerExternalId).sort()).toEqual(["pro-en", "pro-ru", "pro-ru"]);

    // A deleted segment invites nobody (never everybody).
    await t.call("DELETE", `/api/v1/segments/${segmentId}`);
    expect(await runAt(world, new Date("2026-07-15T09:00:00Z"))).toMatchObject({ scheduled: 0 });
    expect((await t.call("GET", `/api/v1/triggers/${id}`)).json().nextRunAt).toBe("2026-10-15T09:00:00.000Z");
    // The other workspace saw none of it.
    expect(await invitations(other, "")).toEqual([]);
  });

  it("gives response rates per local day, ISO week and month", async () => {
    // Two links went out on Jan 15 (Moscow) and one on Apr 15; one January link is opened.
    const jan = await invitations(t, "from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z");
    const link = jan.find((i) => i.url)?.url;
    expect(link).toBeTruthy();
    world.setNow(new Date("2026-01-16T10:00:00Z"));
    const open = await world.app.inject({ method: "GET", url: pathOf(link ?? "") });
    expect(open.statusCode).toBe(302);

    const rates = async (groupBy: string, extra = "") => {
      const r = await t.call("GET", `/api/v1/invitations/rates?groupBy=${groupBy}${extra}`);
      expect(r.statusCode, r.body).toBe(200);
      return r.json().items as {
        key: string;
        delivered: number;
        opened: number;
        responseRate: number | null;
      }[];
    };
    // Invitations are created at the time the occurrence ran: 09:00 UTC is 12:00 in Moscow, same day.
    const byDay = await rates("day");
    expect(byDay.map((r) => [r.key, r.delivered])).toEqual([
      ["2026-01-15", 2],
      ["2026-04-15", 1],
    ]);
    // 2026-01-15 is a Thursday: its ISO week starts on Monday the 12th.
    const byWeek = await rates("week", "&channel=link");
    expect(byWeek.map((r) => [r.key, r.delivered, r.opened])).toEqual([
      ["2026-01-12", 2, 1],
      ["2026-04-13", 1, 0],
    ]);
    const byMonth = await rates("month", `&surveyId=${surveyId}`);
    expect(byMonth.map((r) => [r.key, r.delivered])).toEqual([
      ["2026-01-01", 2],
      ["2026-04-01", 1],
    ]);
    expect(byMonth[0]?.responseRate).toBe(0);

    const bad = await t.call("GET", "/api/v1/invitations/rates?groupBy=year");
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toContain("groupBy");
    // Another workspace's rates are its own (none).
    expect((await other.call("GET", "/api/v1/invitations/rates?groupBy=month")).json().items).toEqual([]);
  });
});
