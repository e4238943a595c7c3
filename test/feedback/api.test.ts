import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../src/db/connection.js";
import { makeTenant, startApp, type Tenant, type TestWorld } from "../helpers/app.js";
import { testDatabases } from "../helpers/db.js";
import { createSurvey } from "../helpers/fixtures.js";

interface Category {
  id: string;
  key: string;
  parentId: string | null;
}

describe.each(testDatabases())("feedback categories on $name", (database) => {
  let handle: DbHandle;
  let world: TestWorld;
  let t: Tenant;
  let surveyId: string;
  let byKey: Map<string, Category>;
  const now = new Date("2026-03-10T12:00:00Z");

  const post = (answers: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    t.call("POST", "/api/v1/responses", { surveyId, answers, submittedAt: now.toISOString(), ...extra });

  beforeAll(async () => {
    handle = await database.open();
    world = await startApp(handle, { now });
    t = await makeTenant(world);
    surveyId = (await createSurvey(t)).id;
    const res = await t.call("GET", "/api/v1/categories");
    byKey = new Map((res.json().items as Category[]).map((c) => [c.key, c]));
  });
  afterAll(async () => {
    await world.app.close();
    await handle.close();
  });

  it("starts with the default RU/EN taxonomy and edits it", async () => {
    expect(byKey.size).toBe(14);
    const delivery = byKey.get("service.delivery");
    expect(delivery?.parentId).toBe(byKey.get("service")?.id);
    const created = await t.call("POST", "/api/v1/categories", {
      parentId: byKey.get("service")?.id,
      name: { ru: "Возвраты", en: "Returns" },
      keywords: { ru: ["возврат*"], en: ["return*"] },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().key).toBe("service.returns");
    expect(
      (await t.call("POST", "/api/v1/categories", { key: "service.returns", name: { ru: "a", en: "b" } }))
        .statusCode,
    ).toBe(409);
    const nested = await t.call("POST", "/api/v1/categories", {
      parentId: created.json().id,
      name: { ru: "Слишком глубоко", en: "Too deep" },
    });
    expect(nested.statusCode).toBe(400);
    const renamed = await t.call("PATCH", `/api/v1/categories/${created.json().id}`, {
      name: { ru: "Возвраты и обмен", en: "Returns and exchanges" },
    });
    expect(renamed.json().name.en).toBe("Returns and exchanges");
    expect((await t.call("DELETE", `/api/v1/categories/${created.json().id}`)).statusCode).toBe(204);
    expect((await t.call("DELETE", `/api/v1/categories/${created.json().id}`)).statusCode).toBe(404);
  });

  it("categorizes open text on ingest, with sentiment, in Russian and English", async () => {
    const ru = await post({ nps: 2, why: "Курьер опоздал на три часа и даже не позвонил" });
    const en = await post({ nps: 10, why: "The app is so easy to use, great job!" });
    expect(ru.statusCode).toBe(201);
    const a = (await t.call("GET", `/api/v1/responses/${ru.json().id}/categories`)).json();
    expect(a.categories.map((c: Category) => c.key)).toEqual(["service.delivery"]);
    expect(a.sentiment).toBe("negative");
    expect(a.language).toBe("ru");
    expect(a.score).toEqual({ kind: "nps", value: 2, group: "detractor" });
    expect(a.categories[0].explanation.map((e: { term: string }) => e.term)).toContain("курьер*");
    const b = (await t.call("GET", `/api/v1/responses/${en.json().id}/categories`)).json();
    expect(b.categories.map((c: Category) => c.key)).toEqual(["service.website"]);
    expect(b.sentiment).toBe("positive");
    // A score alone has nothing to categorize.
    const bare = await post({ nps: 8 });
    expect((await t.call("GET", `/api/v1/responses/${bare.json().id}/categories`)).statusCode).toBe(404);
  });

  it("categorizes a follow-up comment that arrives after the score", async () => {
    const first = await post({ nps: 4 }, { externalId: "follow-1" });
    await post({ why: "Оплата картой не проходит" }, { externalId: "follow-1" });
    const item = (await t.call("GET", `/api/v1/responses/${first.json().id}/categories`)).json();
    expect(item.categories.map((c: Category) => c.key)).toEqual(["price.billing"]);
    expect(item.score.group).toBe("detractor");
  });

  it("lists the inbox with filters by category (parent includes sub-categories), sentiment and group", async () => {
    const service = byKey.get("service")?.id;
    const list = (await t.call("GET", `/api/v1/feedback?categoryId=${service}&group=detractor`)).json();
    expect(list.items.map((i: { text: string }) => i.text)).toEqual([
      "Курьер опоздал на три часа и даже не позвонил",
    ]);
    const positive = (await t.call("GET", "/api/v1/feedback?sentiment=positive")).json();
    expect(positive.items).toHaveLength(1);
    const page = (await t.call("GET", "/api/v1/feedback?limit=1")).json();
    expect(page.items).toHaveLength(1);
    const next = (await t.call("GET", `/api/v1/feedback?limit=5&cursor=${page.nextCursor}`)).json();
    expect(next.items.map((i: { responseId: string }) => i.responseId)).not.toContain(
      page.items[0].responseId,
    );
  });

  it("records manual corrections, keeps them on re-categorization, and learns from them", async () => {
    const delivery = byKey.get("service.delivery")?.id ?? "";
    const texts = [
      "Самокатчик перепутал подъезд",
      "Самокатчик был вежливый",
      "Самокатчик не дождался у двери",
    ];
    const ids: string[] = [];
    for (const why of texts) ids.push((await post({ nps: 6, why })).json().id);
    const before = (await t.call("GET", `/api/v1/responses/${ids[0]}/categories`)).json();
    expect(before.categories).toEqual([]);
    for (const id of ids) {
      const res = await t.call("PUT", `/api/v1/responses/${id}/categories`, { categoryIds: [delivery] });
      expect(res.statusCode).toBe(200);
      expect(res.json().manual).toBe(true);
      expect(res.json().categories[0]).toMatchObject({ key: "service.delivery", source: "manual" });
    }
    const unknown = await t.call("PUT", `/api/v1/responses/${ids[0]}/categories`, {
      categoryIds: ["00000000-0000-7000-8000-000000000000"],
    });
    expect(unknown.statusCode).toBe(400);
    // New answers with the learned word are categorized by the trained model.
    const later = (await post({ nps: 5, why: "Самокатчик опять опоздал" })).json().id;
    const learned = (await t.call("GET", `/api/v1/responses/${later}/categories`)).json();
    expect(learned.categories[0]).toMatchObject({ key: "service.delivery", source: "model" });
    const re = await t.call("POST", "/api/v1/feedback/recategorize", {});
    expect(re.statusCode).toBe(200);
    expect(re.json().processed).toBeGreaterThanOrEqual(7);
    const kept = (await t.call("GET", `/api/v1/responses/${ids[1]}/categories`)).json();
    expect(kept).toMatchObject({ manual: true, categories: [{ key: "service.delivery", source: "manual" }] });
  });
});

describe.each(testDatabases())("category statistics on $name", (database) => {
  let handle: DbHandle;
  let world: TestWorld;
  let t: Tenant;

  beforeAll(async () => {
    handle = await database.open();
    world = await startApp(handle, { now: new Date("2026-04-10T00:00:00Z") });
    t = await makeTenant(world);
  });
  afterAll(async () => {
    await world.app.close();
    await handle.close();
  });

  it("counts volume, share, trend, NPS and driver impact per category", async () => {
    const surveyId = (await createSurvey(t)).id;
    const rows: [string, number, string][] = [
      ["2026-03-02T10:00:00Z", 2, "Курьер опоздал"],
      ["2026-03-03T10:00:00Z", 3, "Доставка задержалась на день, и поддержка не ответила"],
      ["2026-03-04T10:00:00Z", 9, "Курьер вежливый"],
      ["2026-03-10T10:00:00Z", 8, "Слишком дорого"],
      ["2026-03-11T10:00:00Z", 10, "Всё отлично"],
      ["2026-04-02T10:00:00Z", 0, "Курьер нагрубил"],
    ];
    const res = await t.call("POST", "/api/v1/responses", {
      responses: rows.map(([at, nps, why]) => ({ surveyId, submittedAt: at, answers: { nps, why } })),
    });
    expect(res.statusCode).toBe(201);
    const stats = await t.call(
      "GET",
      `/api/v1/categories/stats?surveyId=${surveyId}&from=2026-03-01T00:00:00Z&to=2026-04-01T00:00:00Z&interval=week`,
    );
    expect(stats.statusCode).toBe(200);
    const body = stats.json();
    expect(body.total).toMatchObject({ answers: 5, categorized: 4, nps: { n: 5, value: 0 } });
    const get = (key: string) => body.categories.find((c: { key: string }) => c.key === key);
    const delivery = get("service.delivery");
    expect(delivery).toMatchObject({
      volume: 3,
      share: 75,
      nps: { n: 3, value: -33.3, promoters: 1, passives: 0, detractors: 2 },
      // Two detractors of five NPS answers with text: 40 points if they had been passives.
      impact: { nps: 40 },
      sentiment: { negative: 2 },
    });
    // The parent counts the answer with two sub-categories (delivery and support) once.
    expect(get("service")).toMatchObject({ volume: 3, impact: { nps: 40 } });
    expect(get("service.support")).toMatchObject({ volume: 1 });
    expect(get("price.level")).toMatchObject({ volume: 1, impact: { nps: 0 } });
    expect(delivery.trend).toEqual([
      { period: "2026-03-02", volume: 3, share: 100 },
      { period: "2026-03-09", volume: 0, share: 0 },
    ]);
  });
});
