import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../src/db/connection.js";
import { makeTenant, startApp, type Tenant, type TestWorld } from "../helpers/app.js";
import { testDatabases } from "../helpers/db.js";
import { createSurvey } from "../helpers/fixtures.js";

/** Workspace B never sees or changes A's categories, categorized answers, rules, cases or pools. */
describe.each(testDatabases())("feedback and case tenancy on $name", (database) => {
  let handle: DbHandle;
  let world: TestWorld;
  let a: Tenant;
  let b: Tenant;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    handle = await database.open();
    world = await startApp(handle);
    a = await makeTenant(world);
    b = await makeTenant(world);
    const surveyId = (await createSurvey(a)).id;
    const cats = (await a.call("GET", "/api/v1/categories")).json().items as { id: string; key: string }[];
    ids.category = cats.find((c) => c.key === "service.delivery")?.id ?? "";
    ids.pool = (await a.call("POST", "/api/v1/promo-pools", { name: "A", codes: ["A-1"] })).json().id;
    ids.rule = (
      await a.call("POST", "/api/v1/routing-rules", {
        name: "all detractors",
        conditions: { groups: ["detractor"] },
        dueHours: 24,
        promoPoolId: ids.pool,
      })
    ).json().id;
    ids.response = (
      await a.call("POST", "/api/v1/responses", {
        surveyId,
        answers: { nps: 1, why: "Курьер потерял посылку" },
      })
    ).json().id;
    ids.case = (await a.call("GET", "/api/v1/cases")).json().items[0].id;
  });
  afterAll(async () => {
    await world.app.close();
    await handle.close();
  });

  it("lists only the caller's own", async () => {
    const bCats = (await b.call("GET", "/api/v1/categories")).json().items as { id: string }[];
    expect(bCats).toHaveLength(14);
    expect(bCats.map((c) => c.id)).not.toContain(ids.category);
    expect((await b.call("GET", "/api/v1/feedback")).json().items).toEqual([]);
    expect((await b.call("GET", "/api/v1/cases")).json().items).toEqual([]);
    expect((await b.call("GET", "/api/v1/routing-rules")).json().items).toEqual([]);
    expect((await b.call("GET", "/api/v1/promo-pools")).json().items).toEqual([]);
    expect((await b.call("GET", "/api/v1/case-notifications")).json().items).toEqual([]);
    const stats = (await b.call("GET", "/api/v1/categories/stats")).json();
    expect(stats.total.answers).toBe(0);
  });

  it("cannot read or change another workspace's records by id", async () => {
    expect((await b.call("GET", `/api/v1/responses/${ids.response}/categories`)).statusCode).toBe(404);
    expect(
      (await b.call("PUT", `/api/v1/responses/${ids.response}/categories`, { categoryIds: [] })).statusCode,
    ).toBe(404);
    expect((await b.call("PATCH", `/api/v1/categories/${ids.category}`, { archived: true })).statusCode).toBe(
      404,
    );
    expect((await b.call("DELETE", `/api/v1/categories/${ids.category}`)).statusCode).toBe(404);
    expect((await b.call("GET", `/api/v1/cases/${ids.case}`)).statusCode).toBe(404);
    expect(
      (await b.call("POST", `/api/v1/cases/${ids.case}/transitions`, { to: "acknowledged" })).statusCode,
    ).toBe(404);
    expect((await b.call("POST", `/api/v1/cases/${ids.case}/notes`, { note: "x" })).statusCode).toBe(404);
    expect((await b.call("PATCH", `/api/v1/routing-rules/${ids.rule}`, { enabled: false })).statusCode).toBe(
      404,
    );
    expect(
      (await b.call("POST", `/api/v1/promo-pools/${ids.pool}/codes`, { codes: ["B-1"] })).statusCode,
    ).toBe(404);
    // Nor point its own rules at A's categories or pools.
    const rule = await b.call("POST", "/api/v1/routing-rules", {
      name: "x",
      conditions: { categoryIds: [ids.category] },
      dueHours: 1,
    });
    expect(rule.statusCode).toBe(400);
    const pooled = await b.call("POST", "/api/v1/routing-rules", {
      name: "y",
      conditions: { groups: ["detractor"] },
      dueHours: 1,
      promoPoolId: ids.pool,
    });
    expect(pooled.statusCode).toBe(400);
    // A's records are untouched.
    expect((await a.call("GET", `/api/v1/cases/${ids.case}`)).json().status).toBe("new");
    expect((await a.call("GET", `/api/v1/responses/${ids.response}/categories`)).json().manual).toBe(false);
  });

  it("needs the scopes: a read-only key cannot correct, edit rules or work cases", async () => {
    const viewer = await makeTenant(world, { scopes: ["responses:read", "metrics:read"] });
    expect((await viewer.call("POST", "/api/v1/categories", { name: { ru: "a", en: "b" } })).statusCode).toBe(
      403,
    );
    expect(
      (await viewer.call("POST", "/api/v1/routing-rules", { name: "x", conditions: {}, dueHours: 1 }))
        .statusCode,
    ).toBe(403);
    expect((await viewer.call("GET", "/api/v1/categories/stats")).statusCode).toBe(200);
  });
});
