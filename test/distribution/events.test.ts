import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../src/db/connection.js";
import { makeTenant, startApp, type Tenant, type TestWorld } from "../helpers/app.js";
import { testDatabases } from "../helpers/db.js";
import { createSurvey } from "../helpers/fixtures.js";

const NOW = new Date("2026-03-10T12:00:00Z");

describe.each(testDatabases())("events API on $name", (database) => {
  let handle: DbHandle;
  let world: TestWorld;
  let t: Tenant;
  let other: Tenant;
  let surveyId: string;

  beforeAll(async () => {
    handle = await database.open();
    world = await startApp(handle, { now: NOW });
    t = await makeTenant(world);
    other = await makeTenant(world);
    surveyId = (await createSurvey(t, "relational-nps")).id;
  });

  afterAll(async () => {
    await world?.app.close();
    await handle?.close();
  });

  const event = (externalId: string, extra: object = {}) => ({
    externalId,
    type: "order_delivered",
    occurredAt: "2026-03-10T10:00:00Z",
    customer: {
      externalId: "c-1",
      email: "anna@example.com",
      phone: "+79990000001",
      language: "ru",
      timeZone: "Europe/Moscow",
      attributes: { plan: "pro" },
    },
    properties: { orderId: "o-1", amount: 1200 },
    ...extra,
  });

  it("stores an event and upserts its customer", async () => {
    const res = await t.call("POST", "/api/v1/events", event("e-1"));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ externalId: "e-1", duplicate: false, invitations: 0 });
    const list = await t.call("GET", "/api/v1/events?customer=c-1");
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toEqual([
      expect.objectContaining({
        id: res.json().id,
        externalId: "e-1",
        type: "order_delivered",
        customerExternalId: "c-1",
        properties: { orderId: "o-1", amount: 1200 },
        occurredAt: "2026-03-10T10:00:00.000Z",
      }),
    ]);
  });

  it("is idempotent by externalId", async () => {
    const first = await t.call("POST", "/api/v1/events", event("e-2"));
    const again = await t.call("POST", "/api/v1/events", event("e-2", { type: "something_else" }));
    expect(again.statusCode).toBe(201);
    expect(again.json()).toMatchObject({ id: first.json().id, duplicate: true, invitations: 0 });
    const list = await t.call("GET", "/api/v1/events?type=something_else");
    expect(list.json().items).toEqual([]);
  });

  it("takes a batch and reports the bad row by index", async () => {
    const ok = await t.call("POST", "/api/v1/events", { events: [event("b-1"), event("b-2"), event("e-1")] });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().items.map((i: { duplicate: boolean }) => i.duplicate)).toEqual([false, false, true]);

    const twice = await t.call("POST", "/api/v1/events", { events: [event("b-3"), event("b-3")] });
    expect(twice.statusCode).toBe(400);
    expect(twice.json().error.field).toBe("events.1.externalId");

    const badZone = await t.call("POST", "/api/v1/events", {
      events: [event("b-4"), event("b-5", { customer: { externalId: "c-2", timeZone: "Mars/Olympus" } })],
    });
    expect(badZone.statusCode).toBe(400);
    expect(badZone.json().error.field).toBe("events.1.customer.timeZone");
    // Nothing of a refused batch is stored.
    const list = await t.call("GET", "/api/v1/events?limit=500");
    expect(list.json().items.map((e: { externalId: string }) => e.externalId)).not.toContain("b-4");

    const future = await t.call(
      "POST",
      "/api/v1/events",
      event("b-6", { occurredAt: "2026-04-01T00:00:00Z" }),
    );
    expect(future.statusCode).toBe(400);
    expect(future.json().error.field).toBe("occurredAt");

    const tooMany = await t.call("POST", "/api/v1/events", {
      events: Array.from({ length: 1001 }, (_, i) => event(`x-${i}`)),
    });
    expect(tooMany.statusCode).toBe(400);
  });

  it("pages through events newest first", async () => {
    await t.call("POST", "/api/v1/events", {
      events: Array.from({ length: 7 }, (_, i) =>
        event(`p-${i}`, {
          type: "page_test",
          occurredAt: new Date(NOW.getTime() - i * 60_000).toISOString(),
        }),
      ),
    });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await t.call(
        "GET",
        `/api/v1/events?type=page_test&limit=3${cursor ? `&cursor=${cursor}` : ""}`,
      );
      expect(res.statusCode).toBe(200);
      seen.push(...res.json().items.map((e: { externalId: string }) => e.externalId));
      cursor = res.json().nextCursor;
    } while (cursor);
    expect(seen).toEqual(["p-0", "p-1", "p-2", "p-3", "p-4", "p-5", "p-6"]);
  });

  it("queues invitations for matching triggers, after the delay, sampled", async () => {
    const trigger = await t.call("POST", "/api/v1/triggers", {
      name: "NPS after delivery",
      surveyId,
      channel: "email",
      rule: {
        kind: "event",
        eventType: "delivered",
        delayMinutes: 10 * 24 * 60,
        conditions: [
          { field: "event.amount", op: "gte", value: 1000 },
          { field: "customer.plan", op: "in", value: ["pro", "team"] },
        ],
      },
      samplePercent: 50,
    });
    expect(trigger.statusCode, trigger.body).toBe(201);
    const triggerId = trigger.json().id;

    const events = Array.from({ length: 200 }, (_, i) => ({
      externalId: `d-${i}`,
      type: "delivered",
      occurredAt: "2026-03-10T09:00:00Z",
      customer: {
        externalId: `dc-${i}`,
        email: `c${i}@example.com`,
        attributes: { plan: i % 10 === 0 ? "free" : "pro" },
      },
      properties: { amount: i % 4 === 0 ? 500 : 1500 },
    }));
    const res = await t.call("POST", "/api/v1/events", { events });
    expect(res.statusCode, res.body).toBe(201);
    // Matching: amount ≥ 1000 (3 in 4) and plan pro (9 in 10).
    const matching = events.filter((_e, i) => i % 4 !== 0 && i % 10 !== 0).length;
    const counted = res.json().items.reduce((a: number, i: { invitations: number }) => a + i.invitations, 0);
    expect(counted).toBe(matching);

    const all: { status: string; reason: string | null; sendAt: string; triggerId: string }[] = [];
    let cursor: string | null = null;
    do {
      const page = await t.call(
        "GET",
        `/api/v1/invitations?triggerId=${triggerId}&limit=100${cursor ? `&cursor=${cursor}` : ""}`,
      );
      all.push(...page.json().items);
      cursor = page.json().nextCursor;
    } while (cursor);
    expect(all).toHaveLength(matching);
    const queued = all.filter((i) => i.status === "queued");
    const sampledOut = all.filter((i) => i.status === "suppressed" && i.reason === "sampled_out");
    expect(queued.length + sampledOut.length).toBe(matching);
    expect(queued.length).toBeGreaterThan(matching * 0.3);
    expect(queued.length).toBeLessThan(matching * 0.7);
    expect(new Set(queued.map((i) => i.sendAt))).toEqual(new Set(["2026-03-20T09:00:00.000Z"]));

    // A retry of the whole batch queues nothing more.
    const again = await t.call("POST", "/api/v1/events", { events });
    expect(again.json().items.every((i: { duplicate: boolean }) => i.duplicate)).toBe(true);
    const rates = await t.call("GET", `/api/v1/invitations/rates?triggerId=${triggerId}`);
    expect(rates.json().items).toEqual([
      expect.objectContaining({ key: "email", queued: queued.length, suppressed: sampledOut.length }),
    ]);
  });

  it("records an old event's invitation as stale instead of sending it", async () => {
    await t.call("POST", "/api/v1/triggers", {
      name: "CSAT after ticket",
      surveyId,
      channel: "link",
      rule: { kind: "event", eventType: "ticket_closed", delayMinutes: 360 },
    });
    const res = await t.call("POST", "/api/v1/events", {
      type: "ticket_closed",
      occurredAt: "2026-01-01T00:00:00Z",
      customer: { externalId: "c-old" },
    });
    expect(res.json().invitations).toBe(1);
    const list = await t.call("GET", "/api/v1/invitations?customer=c-old");
    expect(list.json().items).toEqual([
      expect.objectContaining({ status: "suppressed", reason: "stale_event", channel: "link" }),
    ]);
  });

  it("keeps workspaces apart", async () => {
    expect((await other.call("GET", "/api/v1/events")).json().items).toEqual([]);
    expect((await other.call("GET", "/api/v1/triggers")).json().items).toEqual([]);
    expect((await other.call("GET", "/api/v1/invitations")).json().items).toEqual([]);
    // The same external ids in another workspace are another customer and another event.
    const res = await other.call("POST", "/api/v1/events", event("e-1"));
    expect(res.json().duplicate).toBe(false);
    const mine = (await t.call("GET", "/api/v1/triggers")).json().items[0].id;
    expect((await other.call("GET", `/api/v1/triggers/${mine}`)).statusCode).toBe(404);
    expect((await other.call("DELETE", `/api/v1/triggers/${mine}`)).statusCode).toBe(404);
  });

  it("needs the right scopes", async () => {
    const reader = await makeTenant(world, { scopes: ["responses:read", "surveys:read"] });
    expect((await reader.call("POST", "/api/v1/events", event("s-1"))).statusCode).toBe(403);
    expect((await reader.call("GET", "/api/v1/events")).statusCode).toBe(200);
    expect(
      (
        await reader.call("POST", "/api/v1/triggers", {
          name: "x",
          surveyId,
          channel: "email",
          rule: { kind: "event", eventType: "x" },
        })
      ).statusCode,
    ).toBe(403);
  });
});
