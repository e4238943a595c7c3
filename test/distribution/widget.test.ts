import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../src/db/connection.js";
import { makeTenant, startApp, type Tenant, type TestWorld } from "../helpers/app.js";
import { testDatabases } from "../helpers/db.js";
import { createSurvey } from "../helpers/fixtures.js";

const NOW = new Date("2026-08-03T12:00:00Z");
const SITE = "https://shop.example";

describe.each(testDatabases())("widget endpoints on $name", (database) => {
  let handle: DbHandle;
  let world: TestWorld;
  let t: Tenant;
  let key: string;
  let checkout: string;
  let pricing: string;
  let surveyId: string;

  const call = (method: string, url: string, body?: unknown, origin: string | null = SITE) =>
    world.app.inject({
      method: method as "GET",
      url,
      headers: {
        ...(origin ? { origin } : {}),
        ...(body === undefined ? {} : { "content-type": "text/plain" }),
      },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
  const show = (triggerId: string, customer: object | null, visitorId = "v".repeat(22)) =>
    call("POST", `/api/public/widget/${key}/show`, {
      triggerId,
      visitorId,
      customer,
      url: `${SITE}/checkout`,
    });

  beforeAll(async () => {
    handle = await database.open();
    world = await startApp(handle, { now: NOW });
    t = await makeTenant(world);
    surveyId = (await createSurvey(t, "support-ces")).id;
    await t.call("PATCH", "/api/v1/distribution/settings", { allowedOrigins: [SITE], recontactDays: 30 });
    const widget = await t.call("GET", "/api/v1/distribution/widget");
    key = widget.json().widgetKey;
    expect(widget.json().snippet).toContain(`otklik('init',{key:"${key}"})`);
    expect(widget.json().snippet).toContain(
      '<script async src="http://otklik.test/static/embed.js"></script>',
    );
    const a = await t.call("POST", "/api/v1/triggers", {
      name: "CES after checkout",
      surveyId,
      channel: "widget",
      rule: {
        kind: "page",
        event: "checkout_completed",
        conditions: [{ field: "customer.plan", op: "neq", value: "staff" }],
      },
    });
    expect(a.statusCode, a.body).toBe(201);
    checkout = a.json().id;
    const b = await t.call("POST", "/api/v1/triggers", {
      name: "Pricing page",
      surveyId,
      channel: "widget",
      rule: {
        kind: "page",
        urlMatch: "/pricing",
        secondsOnPage: 20,
        anonymous: true,
        display: { mode: "inline", selector: "#feedback" },
      },
    });
    expect(b.statusCode, b.body).toBe(201);
    pricing = b.json().id;
  });

  afterAll(async () => {
    await world?.app.close();
    await handle?.close();
  });

  it("refuses the widget channel without a page rule, and inline mode without a selector", async () => {
    const noPage = await t.call("POST", "/api/v1/triggers", {
      name: "x",
      surveyId,
      channel: "widget",
      rule: { kind: "event", eventType: "x" },
    });
    expect(noPage.json().error.field).toBe("rule.kind");
    const noSelector = await t.call("POST", "/api/v1/triggers", {
      name: "x",
      surveyId,
      channel: "widget",
      rule: { kind: "page", display: { mode: "inline" } },
    });
    expect(noSelector.json().error.field).toBe("rule.display.selector");
  });

  it("serves the page triggers to allowed origins only, with CORS", async () => {
    const res = await call("GET", `/api/public/widget/${key}/config`);
    expect(res.statusCode).toBe(200);
    expect(res.headers["access-control-allow-origin"]).toBe(SITE);
    expect(res.json().triggers).toEqual([
      expect.objectContaining({ id: checkout, event: "checkout_completed", exitIntent: false }),
      expect.objectContaining({
        id: pricing,
        urlMatch: "/pricing",
        secondsOnPage: 20,
        display: { mode: "inline", selector: "#feedback" },
      }),
    ]);
    // Conditions stay on the server.
    expect(res.body).not.toContain("staff");
    const evil = await call("GET", `/api/public/widget/${key}/config`, undefined, "https://evil.example");
    expect(evil.statusCode).toBe(403);
    expect(evil.headers["access-control-allow-origin"]).toBeUndefined();
    const preflight = await call("OPTIONS", `/api/public/widget/${key}/show`);
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers["access-control-allow-methods"]).toContain("POST");
    expect((await call("GET", "/api/public/widget/wk_unknownunknown/config")).statusCode).toBe(404);
  });

  it("shows the survey once, saves answers, then throttles the visitor", async () => {
    const first = await show(checkout, { externalId: "v-1", email: "v1@example.com", language: "ru" });
    expect(first.statusCode, first.body).toBe(200);
    const body = first.json();
    expect(body).toMatchObject({
      show: true,
      language: "ru",
      survey: { id: surveyId },
      display: { mode: "popup" },
    });
    const save = await call("PUT", `/api/public/widget/${key}/responses/${body.token}`, {
      answers: { ces: 6 },
    });
    expect(save.statusCode, save.body).toBe(200);
    const done = await call("PUT", `/api/public/widget/${key}/responses/${body.token}`, {
      answers: { ces: 6, hardest: null },
      complete: true,
    });
    expect(done.json().responseId).toBe(save.json().responseId);
    const responses = (await t.call("GET", `/api/v1/responses?surveyId=${surveyId}`)).json().items;
    expect(responses).toEqual([
      expect.objectContaining({
        channel: "widget",
        customerExternalId: "v-1",
        status: "complete",
        attributes: { page: `${SITE}/checkout` },
      }),
    ]);
    const [inv] = (await t.call("GET", "/api/v1/invitations?channel=widget")).json().items;
    expect(inv).toMatchObject({ status: "answered", customerExternalId: "v-1" });

    world.setNow(new Date(NOW.getTime() + 86_400_000));
    const again = await show(checkout, { externalId: "v-1" });
    expect(again.json()).toEqual({ show: false, reason: "throttled" });
    // A throttled page view leaves no invitation behind.
    expect((await t.call("GET", "/api/v1/invitations?channel=widget")).json().items).toHaveLength(1);
  });

  it("checks conditions and anonymity on the server", async () => {
    expect((await show(checkout, { externalId: "staff-1", attributes: { plan: "staff" } })).json()).toEqual({
      show: false,
      reason: "conditions",
    });
    expect((await show(checkout, null)).json()).toEqual({ show: false, reason: "anonymous" });
    const anon = await show(pricing, null, "anonymous-visitor-0001");
    expect(anon.json()).toMatchObject({ show: true, display: { mode: "inline", selector: "#feedback" } });
    // The same browser is one visitor: throttled on its next page view.
    expect((await show(pricing, null, "anonymous-visitor-0001")).json()).toEqual({
      show: false,
      reason: "throttled",
    });
  });

  it("does not save through another workspace's key", async () => {
    const other = await makeTenant(world);
    const otherKey = (await other.call("GET", "/api/v1/distribution/widget")).json().widgetKey;
    await other.call("PATCH", "/api/v1/distribution/settings", { allowedOrigins: [SITE] });
    const mine = (await show(pricing, null, "anonymous-visitor-0002")).json();
    expect(mine.show).toBe(true);
    const res = await call("PUT", `/api/public/widget/${otherKey}/responses/${mine.token}`, {
      answers: { ces: 2 },
    });
    expect(res.statusCode).toBe(404);
  });
});
