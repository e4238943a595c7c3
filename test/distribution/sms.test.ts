import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../src/db/connection.js";
import { buildRequest } from "../../src/distribution/sms/provider.js";
import { makeTenant, startApp, type Tenant, type TestWorld } from "../helpers/app.js";
import { testDatabases } from "../helpers/db.js";
import { createSurvey } from "../helpers/fixtures.js";
import { runAt, startProvider } from "./helpers.js";

const NOW = new Date("2026-07-01T09:00:00Z");

describe("SMS provider requests", () => {
  const provider = {
    url: "https://sms.example/send?to={{phone}}",
    method: "POST" as const,
    headers: { Authorization: "Bearer k" },
    bodyTemplate: '{"to":"{{phone}}","message":"{{text}}","url":"{{link}}"}',
    text: undefined,
  };

  it("escapes values for a JSON body and the URL", () => {
    const req = buildRequest(provider, {
      phone: "+7 999 000-00-01",
      text: 'Say "hi"\n',
      link: "https://x/l/abc",
    });
    expect(req.url).toBe("https://sms.example/send?to=%2B7%20999%20000-00-01");
    expect(JSON.parse(req.body ?? "")).toEqual({
      to: "+7 999 000-00-01",
      message: 'Say "hi"\n',
      url: "https://x/l/abc",
    });
    expect(req.headers).toMatchObject({ Authorization: "Bearer k", "content-type": "application/json" });
  });

  it("escapes values for a form body and sends no body with GET", () => {
    const form = buildRequest(
      {
        ...provider,
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        bodyTemplate: "to={{phone}}&text={{text}}",
      },
      { phone: "+7", text: "a&b=c", link: "" },
    );
    expect(form.body).toBe("to=%2B7&text=a%26b%3Dc");
    const get = buildRequest({ ...provider, method: "GET" }, { phone: "1", text: "t", link: "l" });
    expect(get.body).toBeUndefined();
  });
});

describe.each(testDatabases())("SMS invitations on $name", (database) => {
  let handle: DbHandle;
  let world: TestWorld;
  let t: Tenant;
  let provider: Awaited<ReturnType<typeof startProvider>>;
  let status = 200;
  let surveyId: string;

  beforeAll(async () => {
    provider = await startProvider(() => status);
    handle = await database.open();
    world = await startApp(handle, { now: NOW });
    t = await makeTenant(world);
    surveyId = (await createSurvey(t, "support-ces")).id;
    const sms = await t.call("PUT", "/api/v1/distribution/sms", {
      url: `${provider.url}/messages`,
      headers: { Authorization: "Bearer provider-secret" },
      bodyTemplate: '{"phone":"{{phone}}","text":"{{text}}"}',
      text: { en: "{{name}}: rate our support {{link}}", ru: "{{name}}: оцените поддержку {{link}}" },
    });
    expect(sms.statusCode, sms.body).toBe(200);
    expect(sms.json().sms.headerNames).toEqual(["Authorization"]);
    expect(sms.body).not.toContain("provider-secret");
    const trigger = await t.call("POST", "/api/v1/triggers", {
      name: "CES after the ticket",
      surveyId,
      channel: "sms",
      rule: { kind: "event", eventType: "ticket_closed", delayMinutes: 360 },
    });
    expect(trigger.statusCode, trigger.body).toBe(201);
  });

  afterAll(async () => {
    await world?.app.close();
    await handle?.close();
    await provider?.close();
  });

  it("test-sends through the provider", async () => {
    const res = await t.call("POST", "/api/v1/distribution/sms/test", { phone: "+79990000000" });
    expect(res.json()).toMatchObject({ ok: true });
    expect(provider.requests.at(-1)?.headers.authorization).toBe("Bearer provider-secret");
    provider.requests.length = 0;
  });

  it("sends the short link 6 hours after the event; the link opens the survey and answers count", async () => {
    await t.call("POST", "/api/v1/events", {
      type: "ticket_closed",
      customer: { externalId: "olga", phone: "+79990001122", language: "ru" },
      properties: { ticket: "T-1" },
    });
    expect(await runAt(world, new Date(NOW.getTime() + 5 * 3_600_000))).toMatchObject({ claimed: 0 });
    expect(await runAt(world, new Date(NOW.getTime() + 6 * 3_600_000))).toMatchObject({ sent: 1 });
    expect(provider.requests).toHaveLength(1);
    const req = provider.requests[0];
    expect(req?.method).toBe("POST");
    expect(req?.url).toBe("/messages");
    expect(req?.headers.authorization).toBe("Bearer provider-secret");
    const body = JSON.parse(req?.body ?? "{}");
    expect(body.phone).toBe("+79990001122");
    expect(body.text).toMatch(/^Test: оцените поддержку http:\/\/otklik\.test\/l\/[A-Za-z0-9_-]{22}$/);
    const link = /\/l\/[A-Za-z0-9_-]+/.exec(body.text)?.[0] ?? "";
    const token = link.slice(3);

    const open = await world.app.inject({ method: "GET", url: link });
    expect(open.statusCode).toBe(302);
    expect(open.headers.location).toBe(`/s/${surveyId}?t=${token}&lang=ru`);
    const [opened] = (await t.call("GET", "/api/v1/invitations?channel=sms")).json().items;
    expect(opened).toMatchObject({ status: "opened", customerExternalId: "olga" });

    const page = await world.app.inject({ method: "GET", url: String(open.headers.location) });
    expect(page.statusCode).toBe(200);
    const put = await world.app.inject({
      method: "PUT",
      url: `/api/public/surveys/${surveyId}/responses/${"k".repeat(32)}`,
      payload: { answers: { ces: 6 }, token, language: "ru" },
    });
    expect(put.statusCode, put.body).toBe(200);
    const responses = (await t.call("GET", `/api/v1/responses?surveyId=${surveyId}`)).json().items;
    expect(responses).toEqual([
      expect.objectContaining({ channel: "sms", customerExternalId: "olga", attributes: { ticket: "T-1" } }),
    ]);
    const [answered] = (await t.call("GET", "/api/v1/invitations?channel=sms")).json().items;
    expect(answered).toMatchObject({ status: "answered" });
  });

  it("records a provider refusal as failed and skips customers without a phone", async () => {
    status = 400;
    await t.call("POST", "/api/v1/events", {
      events: [
        { type: "ticket_closed", customer: { externalId: "p1", phone: "+100" } },
        { type: "ticket_closed", customer: { externalId: "p2" } },
      ],
    });
    await runAt(world, new Date(NOW.getTime() + 12 * 3_600_000));
    const items = (await t.call("GET", "/api/v1/invitations?channel=sms&limit=10")).json().items;
    const byCustomer = Object.fromEntries(
      items.map((i: { customerExternalId: string }) => [i.customerExternalId, i]),
    );
    expect(byCustomer.p1).toMatchObject({ status: "failed", reason: "provider_error" });
    expect(byCustomer.p1.detail).toContain("400");
    expect(byCustomer.p2).toMatchObject({ status: "suppressed", reason: "no_phone" });
    status = 200;
  });
});
