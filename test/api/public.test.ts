import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../src/db/connection.js";
import { makeTenant, startApp, type Tenant, type TestWorld } from "../helpers/app.js";
import { testDatabases } from "../helpers/db.js";
import { createSurvey } from "../helpers/fixtures.js";

const NOW = new Date("2026-03-10T12:00:00Z");
const EVIL = `</title><script>alert("x")</script><!-- '&`;

interface Boot {
  survey: { id: string; name: string };
  language: string;
  token: string | null;
  attributes: Record<string, string>;
}

/** The page's boot JSON, read the way the browser would: the first script element's text. */
function bootOf(res: LightMyRequestResponse): Boot {
  const m = /<script type="application\/json" id="otklik-boot">([\s\S]*?)<\/script>/.exec(res.body);
  if (!m?.[1]) throw new Error(`no boot JSON in ${res.body}`);
  return JSON.parse(m[1]);
}

let keys = 0;
/** A fresh client key as the page makes one (22+ URL-safe characters). */
const clientKey = () => `k${String(++keys).padStart(4, "0")}-${"x".repeat(20)}`;

describe.each(testDatabases())("public survey page on $name", (database) => {
  let handle: DbHandle;
  let world: TestWorld;
  let t: Tenant;
  let surveyId: string;

  beforeAll(async () => {
    handle = await database.open();
    world = await startApp(handle, { now: NOW });
    t = await makeTenant(world);
    surveyId = (await createSurvey(t, "relational-nps", { name: EVIL })).id;
  });

  afterAll(async () => {
    await world?.app.close();
    await handle?.close();
  });

  const page = (query = "", headers: Record<string, string> = {}) =>
    world.app.inject({ method: "GET", url: `/s/${surveyId}${query}`, headers });
  const put = (key: string, body: object, id = surveyId) =>
    world.app.inject({ method: "PUT", url: `/api/public/surveys/${id}/responses/${key}`, payload: body });

  it("serves the page with the survey name escaped", async () => {
    const res = await page();
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/html/);
    expect(res.headers["content-security-policy"]).toContain("default-src 'self'");
    expect(res.body).toContain("<title>&lt;/title&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(res.body).not.toContain('<script>alert("x")');
    // Only the page's own two script elements close.
    expect(res.body.match(/<\/script/gi)).toHaveLength(2);
    expect(res.body.match(/<title>/g)).toHaveLength(1);
    expect(bootOf(res).survey).toMatchObject({ id: surveyId, name: EVIL });
  });

  it("keeps query parameters inside the boot JSON and makes them attributes", async () => {
    const res = await page(
      `?store=Kazan-1&utm_source=${encodeURIComponent("</script><script>alert(1)</script>")}&lang=ru&t=bogus`,
    );
    expect(res.statusCode).toBe(200);
    expect(res.body.match(/<\/script/gi)).toHaveLength(2);
    expect(res.body).toContain('<html lang="ru">');
    const boot = bootOf(res);
    expect(boot.language).toBe("ru");
    expect(boot.token).toBeNull();
    expect(boot.attributes).toEqual({ store: "Kazan-1", utm_source: "</script><script>alert(1)</script>" });
  });

  it("escapes line and paragraph separators in the boot JSON instead of dropping them", async () => {
    const res = await page(`?note=${encodeURIComponent("a\u2028b\u2029c")}`);
    expect(res.body).not.toMatch(/[\u2028\u2029]/);
    expect(bootOf(res).attributes.note).toBe("a\u2028b\u2029c");
  });

  it("opens a link whose query repeats a parameter", async () => {
    const res = await page("?store=A&store=B&lang=en&lang=ru");
    expect(res.statusCode).toBe(200);
    const boot = bootOf(res);
    expect(boot.attributes).toEqual({ store: "A" });
    expect(boot.language).toBe("en");
  });

  it("picks the language from the browser when the link has none", async () => {
    expect(bootOf(await page("", { "accept-language": "ru-RU,ru;q=0.9" })).language).toBe("ru");
    expect(bootOf(await page("", { "accept-language": "de-DE" })).language).toBe("en");
  });

  it("updates one response per client key across repeated saves", async () => {
    const key = clientKey();
    const first = await put(key, { answers: { nps: 3 }, attributes: { store: "Kazan-1" } });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().status).toBe("partial");
    const again = await put(key, { answers: { nps: 3 }, attributes: { store: "Kazan-1" } });
    expect(again.json().responseId).toBe(first.json().responseId);
    const followUp = await put(key, {
      answers: { nps: 3, why: "Долгая доставка", reasons: ["delivery"] },
      complete: true,
      language: "ru",
    });
    expect(followUp.json()).toEqual({ responseId: first.json().responseId, status: "complete" });

    const r = (await t.call("GET", `/api/v1/responses/${first.json().responseId}`)).json();
    expect(r).toMatchObject({
      channel: "link",
      status: "complete",
      language: "ru",
      externalId: `page:${key}`,
      customerId: null,
      attributes: { store: "Kazan-1" },
    });
    expect(r.answers).toHaveLength(3);
    const list = (await t.call("GET", `/api/v1/responses?surveyId=${surveyId}`)).json();
    expect(list.items.filter((x: { externalId: string }) => x.externalId === `page:${key}`)).toHaveLength(1);
  });

  it("refuses bad answers and malformed client keys, naming the field", async () => {
    const bad = await put(clientKey(), { answers: { nps: 11 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe("answers.nps");
    const short = await put("short", { answers: { nps: 1 } });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.field).toBe("path.clientKey");
    const unknown = await put(clientKey(), { answers: { nps: 1 } }, "0190a0a0-0000-7000-8000-000000000000");
    expect(unknown.statusCode).toBe(404);
  });

  it("attributes a response made through a personal link to its recipient", async () => {
    const link = (
      await t.call("POST", `/api/v1/surveys/${surveyId}/links`, {
        customer: { externalId: "crm-42", email: "ivan@example.com" },
        attributes: { order: "A-1" },
      })
    ).json();
    const token = new URL(link.url).searchParams.get("t");
    expect(token).toBe(link.token);
    expect(bootOf(await page(`?t=${encodeURIComponent(link.token)}`)).token).toBe(link.token);

    const saved = await put(clientKey(), {
      answers: { nps: 10 },
      attributes: { order: "forged", utm_source: "mail" },
      token: link.token,
      complete: true,
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const r = (await t.call("GET", `/api/v1/responses/${saved.json().responseId}`)).json();
    expect(r.customerExternalId).toBe("crm-42");
    expect(r.attributes).toEqual({ order: "A-1", utm_source: "mail" });
  });

  it("refuses an invalid, foreign or expired token with field token", async () => {
    const other = await createSurvey(t, "support-ces");
    const foreign = (
      await t.call("POST", `/api/v1/surveys/${other.id}/links`, { customer: { externalId: "crm-7" } })
    ).json();
    const own = (
      await t.call("POST", `/api/v1/surveys/${surveyId}/links`, { customer: { externalId: "crm-8" } })
    ).json();
    const before = (await t.call("GET", `/api/v1/responses?surveyId=${surveyId}&limit=500`)).json().items
      .length;

    for (const token of ["not-a-token", foreign.token]) {
      const res = await put(clientKey(), { answers: { nps: 5 }, token });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({ code: "validation_failed", field: "token" });
    }
    world.setNow(new Date(NOW.getTime() + 61 * 86_400_000));
    const expired = await put(clientKey(), { answers: { nps: 5 }, token: own.token });
    expect(expired.statusCode).toBe(400);
    expect(expired.json().error.field).toBe("token");
    expect(bootOf(await page(`?t=${own.token}`)).token).toBeNull();
    world.setNow(NOW);

    const after = (await t.call("GET", `/api/v1/responses?surveyId=${surveyId}&limit=500`)).json().items
      .length;
    expect(after).toBe(before);
  });

  it("serves the survey definition to the page script", async () => {
    const res = await world.app.inject({ method: "GET", url: `/api/public/surveys/${surveyId}?lang=ru` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ survey: { id: surveyId, name: EVIL }, language: "ru" });
  });
});

describe.each(testDatabases())("public rate limit on $name", (database) => {
  let handle: DbHandle;
  let world: TestWorld;
  let t: Tenant;
  let surveyId: string;

  beforeAll(async () => {
    handle = await database.open();
    world = await startApp(handle, { now: NOW, config: { publicRateLimit: 3 } });
    t = await makeTenant(world);
    surveyId = (await createSurvey(t)).id;
  });

  afterAll(async () => {
    await world?.app.close();
    await handle?.close();
  });

  it("limits public requests per client and answers 429 in the error format", async () => {
    const statuses: number[] = [];
    let last: LightMyRequestResponse | undefined;
    for (let i = 0; i < 5; i++) {
      last = await world.app.inject({ method: "GET", url: `/s/${surveyId}` });
      statuses.push(last.statusCode);
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(last?.json()).toEqual({ error: { code: "rate_limited", message: expect.any(String) } });
    const save = await world.app.inject({
      method: "PUT",
      url: `/api/public/surveys/${surveyId}/responses/${clientKey()}`,
      payload: { answers: { nps: 9 } },
    });
    expect(save.statusCode).toBe(200);
    for (let i = 0; i < 3; i++) {
      await world.app.inject({
        method: "PUT",
        url: `/api/public/surveys/${surveyId}/responses/${clientKey()}`,
        payload: { answers: { nps: 9 } },
      });
    }
    const limited = await world.app.inject({
      method: "PUT",
      url: `/api/public/surveys/${surveyId}/responses/${clientKey()}`,
      payload: { answers: { nps: 9 } },
    });
    expect(limited.statusCode).toBe(429);
    // Another client is not affected, nor is the authenticated API.
    const other = await world.app.inject({ method: "GET", url: `/s/${surveyId}`, remoteAddress: "10.0.0.2" });
    expect(other.statusCode).toBe(200);
    for (let i = 0; i < 5; i++) expect((await t.call("GET", "/api/v1/surveys")).statusCode).toBe(200);
  });

  it("ignores a forged X-Forwarded-For unless a proxy is trusted", async () => {
    const from = (ip: string) => ({ "x-forwarded-for": ip });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await world.app.inject({
        method: "GET",
        url: `/s/${surveyId}`,
        remoteAddress: "10.0.0.3",
        headers: from(`192.0.2.${i}`),
      });
      statuses.push(res.statusCode);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);

    const proxied = await startApp(handle, {
      now: NOW,
      config: { publicRateLimit: 3, trustProxy: ["10.0.0.9"] },
    });
    try {
      const via = (ip: string) =>
        proxied.app.inject({
          method: "GET",
          url: `/s/${surveyId}`,
          remoteAddress: "10.0.0.9",
          headers: from(ip),
        });
      for (let i = 0; i < 3; i++) expect((await via("198.51.100.1")).statusCode).toBe(200);
      expect((await via("198.51.100.1")).statusCode).toBe(429);
      expect((await via("198.51.100.2")).statusCode).toBe(200);
    } finally {
      await proxied.app.close();
    }
  });
});
