import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../src/db/connection.js";
import { makeTenant, startApp, type Tenant, type TestWorld } from "../helpers/app.js";
import { testDatabases } from "../helpers/db.js";
import { createSurvey } from "../helpers/fixtures.js";
import { runAt, startSmtp, type TestSmtp } from "./helpers.js";

const NOW = new Date("2026-06-15T10:00:00Z");

interface Invitation {
  status: string;
  reason: string | null;
  sendAt: string;
  customerExternalId: string;
  url: string | null;
}

describe.each(testDatabases())("trigger rules and limits on $name", (database) => {
  let handle: DbHandle;
  let world: TestWorld;
  let t: Tenant;
  let smtp: TestSmtp;
  let surveyId: string;
  let refusals = 0;

  const trigger = async (body: object) => {
    const res = await t.call("POST", "/api/v1/triggers", { surveyId, channel: "link", ...body });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const event = (type: string, customer: string, extra: object = {}) =>
    t.call("POST", "/api/v1/events", { type, customer: { externalId: customer, ...extra } });
  const invitations = async (query: string): Promise<Invitation[]> =>
    (await t.call("GET", `/api/v1/invitations?limit=500&${query}`)).json().items;

  beforeAll(async () => {
    // Refuses the first two deliveries to retry@ with a temporary error, then accepts.
    smtp = await startSmtp({
      refuse: (a) => (a.startsWith("retry@") && refusals++ < 2 ? 451 : undefined),
    });
    handle = await database.open();
    world = await startApp(handle, { now: NOW });
    t = await makeTenant(world, { timeZone: "Europe/Moscow" });
    surveyId = (await createSurvey(t, "transactional-csat")).id;
    await t.call("PATCH", "/api/v1/distribution/settings", { recontactDays: 0 });
  });

  afterAll(async () => {
    await world?.app.close();
    await handle?.close();
    await smtp?.close();
  });

  it("changes only the named fields on PATCH", async () => {
    const id = await trigger({
      name: "half",
      enabled: false,
      samplePercent: 50,
      rule: { kind: "event", eventType: "half" },
    });
    const res = await t.call("PATCH", `/api/v1/triggers/${id}`, { name: "half, renamed" });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ name: "half, renamed", enabled: false, samplePercent: 50 });
    await t.call("DELETE", `/api/v1/triggers/${id}`);
  });

  it("holds invitations beyond the daily cap until the next local day", async () => {
    const id = await trigger({ name: "capped", rule: { kind: "event", eventType: "capped" } });
    await t.call("PATCH", "/api/v1/distribution/settings", { dailyCaps: { link: 2 } });
    for (const c of ["k1", "k2", "k3"]) await event("capped", c);
    expect(await runAt(world, NOW)).toMatchObject({ sent: 2, deferred: 1 });
    const items = await invitations(`triggerId=${id}`);
    const waiting = items.filter((i) => i.status === "queued");
    // Midnight in Moscow (the workspace's zone) is 21:00 UTC.
    expect(waiting).toEqual([expect.objectContaining({ sendAt: "2026-06-15T21:00:00.000Z" })]);
    expect(await runAt(world, new Date("2026-06-15T21:00:00Z"))).toMatchObject({ sent: 1 });
    await t.call("PATCH", "/api/v1/distribution/settings", { dailyCaps: {} });
    // A link invitation is delivered by handing over its personal link.
    const sent = await invitations(`triggerId=${id}&status=sent`);
    expect(sent).toHaveLength(3);
    const link = sent[0]?.url ?? "";
    expect(link).toMatch(/^http:\/\/otklik\.test\/l\/[A-Za-z0-9_-]{22}$/);
    const open = await world.app.inject({ method: "GET", url: new URL(link).pathname });
    expect(open.statusCode).toBe(302);
  });

  it("throttles per customer across triggers, with a per-trigger override", async () => {
    await t.call("PATCH", "/api/v1/distribution/settings", { recontactDays: 30 });
    const a = await trigger({ name: "a", rule: { kind: "event", eventType: "visit", delayMinutes: 1 } });
    const b = await trigger({
      name: "b (every ticket)",
      rule: { kind: "event", eventType: "visit" },
      recontactDays: 0,
    });
    world.setNow(new Date("2026-06-16T10:00:00Z"));
    await event("visit", "th-1");
    await runAt(world, new Date("2026-06-16T10:00:00Z"));
    await runAt(world, new Date("2026-06-16T10:01:00Z"));
    // b ignores the period; a comes a minute later, within 30 days of b's contact.
    expect((await invitations(`triggerId=${b}`))[0]).toMatchObject({ status: "sent" });
    expect((await invitations(`triggerId=${a}`))[0]).toMatchObject({
      status: "suppressed",
      reason: "throttled",
    });
    // And b is not stopped by a's contact either: its override is 0 days.
    world.setNow(new Date("2026-06-16T12:00:00Z"));
    await event("visit", "th-1");
    await runAt(world, new Date("2026-06-16T12:00:00Z"));
    expect((await invitations(`triggerId=${b}&status=sent`)).length).toBe(2);
    await t.call("PATCH", "/api/v1/distribution/settings", { recontactDays: 0 });
    await t.call("DELETE", `/api/v1/triggers/${a}`);
    await t.call("DELETE", `/api/v1/triggers/${b}`);
  });

  it("suppresses invitations of a switched-off trigger and cancels those of a deleted one", async () => {
    const off = await trigger({ name: "off", rule: { kind: "event", eventType: "later", delayMinutes: 60 } });
    const gone = await trigger({
      name: "gone",
      rule: { kind: "event", eventType: "later", delayMinutes: 60 },
    });
    world.setNow(new Date("2026-06-17T10:00:00Z"));
    await event("later", "off-1");
    await t.call("PATCH", `/api/v1/triggers/${off}`, { enabled: false });
    await t.call("DELETE", `/api/v1/triggers/${gone}`);
    await runAt(world, new Date("2026-06-17T11:00:00Z"));
    const items = await invitations("customer=off-1");
    expect(items.map((i) => i.reason).sort()).toEqual(["trigger_deleted", "trigger_disabled"]);
    await t.call("DELETE", `/api/v1/triggers/${off}`);
  });

  it("does not send an archived survey", async () => {
    const archived = (await createSurvey(t, "relational-nps")).id;
    await t.call("POST", "/api/v1/triggers", {
      name: "archived",
      surveyId: archived,
      channel: "link",
      rule: { kind: "event", eventType: "arch" },
    });
    await t.call("POST", `/api/v1/surveys/${archived}/archive`);
    world.setNow(new Date("2026-06-18T10:00:00Z"));
    await event("arch", "arch-1");
    await runAt(world, new Date("2026-06-18T10:00:00Z"));
    expect((await invitations("customer=arch-1"))[0]).toMatchObject({
      status: "suppressed",
      reason: "survey_inactive",
    });
  });

  it("runs a recurring campaign over the matching customers, once per occurrence", async () => {
    world.setNow(new Date("2026-06-19T10:00:00Z"));
    await t.call("POST", "/api/v1/events", {
      events: ["gold", "gold", "silver"].map((tier, i) => ({
        type: "signup",
        customer: { externalId: `camp-${i}`, attributes: { tier } },
      })),
    });
    const id = await trigger({
      name: "Monthly to gold customers",
      rule: {
        kind: "schedule",
        every: 1,
        unit: "month",
        startAt: "2026-07-01T07:00:00Z",
        conditions: [{ field: "customer.tier", op: "eq", value: "gold" }],
      },
    });
    expect((await t.call("GET", `/api/v1/triggers/${id}`)).json().nextRunAt).toBe("2026-07-01T07:00:00.000Z");
    expect(await runAt(world, new Date("2026-06-30T07:00:00Z"))).toMatchObject({ scheduled: 0 });
    expect(await runAt(world, new Date("2026-07-01T07:00:00Z"))).toMatchObject({ scheduled: 2, sent: 2 });
    expect(await runAt(world, new Date("2026-07-01T08:00:00Z"))).toMatchObject({ scheduled: 0 });
    const items = await invitations(`triggerId=${id}`);
    expect(items.map((i) => i.customerExternalId).sort()).toEqual(["camp-0", "camp-1"]);
    expect((await t.call("GET", `/api/v1/triggers/${id}`)).json().nextRunAt).toBe("2026-08-01T07:00:00.000Z");
    // Missed occurrences (the servers were down all August) are skipped, not caught up.
    expect(await runAt(world, new Date("2026-09-15T07:00:00Z"))).toMatchObject({ scheduled: 2 });
    expect((await t.call("GET", `/api/v1/triggers/${id}`)).json().nextRunAt).toBe("2026-10-01T07:00:00.000Z");
    await t.call("DELETE", `/api/v1/triggers/${id}`);
  });

  it("retries an email the SMTP server refused for now, and sends it later", async () => {
    await t.call("PUT", "/api/v1/distribution/smtp", {
      host: "127.0.0.1",
      port: smtp.port,
      from: "csat@acme.test",
    });
    await t.call("POST", "/api/v1/triggers", {
      name: "email",
      surveyId,
      channel: "email",
      rule: { kind: "event", eventType: "paid" },
    });
    const at = new Date("2026-10-01T10:00:00Z");
    world.setNow(at);
    await event("paid", "retry-1", { email: "retry@example.com" });
    expect(await runAt(world, at)).toMatchObject({ retry: 1 });
    const [first] = await invitations("customer=retry-1");
    expect(first).toMatchObject({ status: "queued", sendAt: "2026-10-01T10:05:00.000Z" });
    expect(await runAt(world, new Date("2026-10-01T10:05:00Z"))).toMatchObject({ retry: 1 });
    expect(await runAt(world, new Date("2026-10-01T10:15:00Z"))).toMatchObject({ sent: 1 });
    expect(smtp.messages.map((m) => m.envelope.to[0])).toEqual(["retry@example.com"]);
  });
});
