import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../src/db/connection.js";
import { newId } from "../../src/ids.js";
import { claimCode, insertCodes, insertPool } from "../../src/loop/store.js";
import { makeTenant, startApp, type Tenant, type TestWorld } from "../helpers/app.js";
import { testDatabases } from "../helpers/db.js";
import { createSurvey } from "../helpers/fixtures.js";

const HOUR = 3_600_000;

describe.each(testDatabases())("routing and cases on $name", (database) => {
  let handle: DbHandle;
  let world: TestWorld;
  let t: Tenant;
  let surveyId: string;
  let delivery: string;
  let poolId: string;
  let caseId: string;
  const now = new Date("2026-03-10T12:00:00Z");

  beforeAll(async () => {
    handle = await database.open();
    world = await startApp(handle, { now });
    t = await makeTenant(world);
    surveyId = (await createSurvey(t)).id;
    const cats = (await t.call("GET", "/api/v1/categories")).json().items as { id: string; key: string }[];
    delivery = cats.find((c) => c.key === "service.delivery")?.id ?? "";
    const pool = await t.call("POST", "/api/v1/promo-pools", {
      name: "Sorry bonus",
      codes: ["SORRY-1", "SORRY-2", "SORRY-1"],
    });
    expect(pool.statusCode).toBe(201);
    expect(pool.json()).toMatchObject({ total: 2, used: 0 });
    poolId = pool.json().id;
  });
  afterAll(async () => {
    await world.app.close();
    await handle.close();
  });

  const respond = (nps: number, why: string | undefined, externalId: string, attributes = {}) =>
    t.call("POST", "/api/v1/responses", {
      surveyId,
      externalId,
      attributes,
      customer: {
        externalId: `c-${externalId}`,
        email: `${externalId}@example.com`,
        name: "Анна",
        language: "ru",
      },
      answers: why ? { nps, why } : { nps },
    });

  it("routes answers by rules into cases with team, due time and a sorry-bonus code", async () => {
    const rule = await t.call("POST", "/api/v1/routing-rules", {
      name: "Detractors about delivery → logistics",
      position: 1,
      conditions: { groups: ["detractor"], categoryIds: [delivery] },
      team: "logistics",
      dueHours: 48,
      promoPoolId: poolId,
    });
    expect(rule.statusCode).toBe(201);
    const vip = await t.call("POST", "/api/v1/routing-rules", {
      name: "Every detractor in Germany → DACH team",
      position: 2,
      conditions: { groups: ["detractor"], attribute: { name: "country", values: ["DE"] } },
      team: "dach",
      dueHours: 24,
    });
    expect(vip.statusCode).toBe(201);
    const bad = await t.call("POST", "/api/v1/routing-rules", {
      name: "x",
      conditions: { categoryIds: [newId()] },
      dueHours: 1,
    });
    expect(bad.statusCode).toBe(400);
    // A PATCH changes only what it names: defaults do not overwrite the rest.
    const renamed = await t.call("PATCH", `/api/v1/routing-rules/${vip.json().id}`, {
      name: "DACH detractors",
    });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({
      name: "DACH detractors",
      position: 2,
      team: "dach",
      dueHours: 24,
    });

    const r1 = (await respond(3, "Курьер опоздал на два часа", "r1")).json().id;
    await respond(2, "Дорого", "r2", { country: "DE" });
    await respond(9, "Курьер молодец", "r3");
    await respond(4, "Цены высокие", "r4");
    const list = (await t.call("GET", "/api/v1/cases")).json().items;
    expect(list).toHaveLength(2);
    const logistics = list.find((c: { team: string }) => c.team === "logistics");
    expect(logistics).toMatchObject({
      responseId: r1,
      status: "new",
      scoreGroup: "detractor",
      promoCode: "SORRY-1",
      dueAt: new Date(now.getTime() + 48 * HOUR).toISOString(),
      overdue: false,
      language: "ru",
    });
    expect(logistics.summary).toContain("Курьер опоздал");
    expect(list.find((c: { team: string }) => c.team === "dach")).toMatchObject({ promoCode: null });
    caseId = logistics.id;
    // A retry of the same answer opens no second case.
    await respond(3, "Курьер опоздал на два часа", "r1");
    expect((await t.call("GET", "/api/v1/cases")).json().items).toHaveLength(2);
    const pools = (await t.call("GET", "/api/v1/promo-pools")).json().items;
    expect(pools[0]).toMatchObject({ total: 2, used: 1 });
  });

  it("opens the case when the comment arrives after the score", async () => {
    await respond(1, undefined, "late-comment");
    const before = (await t.call("GET", "/api/v1/cases")).json().items.length;
    await t.call("POST", "/api/v1/responses", {
      surveyId,
      externalId: "late-comment",
      answers: { why: "Посылку потеряли" },
    });
    const after = (await t.call("GET", "/api/v1/cases")).json().items;
    expect(after.length).toBe(before + 1);
    expect(after[0]).toMatchObject({ team: "logistics", promoCode: "SORRY-2" });
  });

  it("moves a case through its states, notifying the customer at acknowledge, in progress and resolve", async () => {
    const move = (to: string, extra: Record<string, unknown> = {}) =>
      t.call("POST", `/api/v1/cases/${caseId}/transitions`, { to, ...extra });
    expect((await move("closed", {})).statusCode).toBe(200);
    // closed is final; use another case for the happy path
    expect((await move("in_progress")).statusCode).toBe(409);
    const open = (await t.call("GET", "/api/v1/cases?status=new")).json().items[0];
    caseId = open.id;
    expect((await move("acknowledged", { note: "Позвонила клиентке, извинилась" })).statusCode).toBe(200);
    expect((await move("acknowledged")).statusCode).toBe(409);
    expect(
      (
        await t.call("POST", `/api/v1/cases/${caseId}/notes`, {
          note: "Курьерская служба обещала разобраться",
        })
      ).statusCode,
    ).toBe(200);
    expect((await move("in_progress")).statusCode).toBe(200);
    const resolved = await move("resolved", {
      note: "Сменили курьерскую службу в этом районе",
      customerMessage: "Мы сменили курьерскую службу в вашем районе.",
    });
    expect(resolved.statusCode).toBe(200);
    const c = resolved.json();
    expect(c.status).toBe("resolved");
    expect(c.acknowledgedAt).toBe(now.toISOString());
    expect(c.resolvedAt).toBe(now.toISOString());
    expect(c.history.map((e: { kind: string }) => e.kind)).toEqual([
      "created",
      "promo",
      "status",
      "notified",
      "note",
      "status",
      "notified",
      "status",
      "notified",
    ]);
    const outbox = (await t.call("GET", `/api/v1/case-notifications?caseId=${caseId}`)).json().items;
    expect(outbox.map((o: { template: string }) => o.template)).toEqual([
      "acknowledged",
      "in_progress",
      "resolved",
    ]);
    expect(outbox[0]).toMatchObject({
      channel: "email",
      language: "ru",
      subject: "Мы получили ваш отзыв",
      status: "pending",
    });
    expect(outbox[0].recipient).toMatch(/@example\.com$/);
    expect(outbox[2].body).toContain("Мы сменили курьерскую службу в вашем районе.");
    expect(outbox[2].body).toContain(c.promoCode);
    expect(outbox[2].body).toContain(c.reference);
    expect((await move("closed")).json().closedAt).toBe(now.toISOString());
  });

  it("flags open cases past their due time as overdue", async () => {
    world.setNow(new Date(now.getTime() + 49 * HOUR));
    const overdue = (await t.call("GET", "/api/v1/cases?overdue=true")).json().items;
    expect(overdue.length).toBeGreaterThan(0);
    expect(
      overdue.every((c: { overdue: boolean; status: string }) => c.overdue && c.status !== "closed"),
    ).toBe(true);
    const all = (await t.call("GET", "/api/v1/cases?overdue=false")).json().items;
    expect(all.length).toBeGreaterThan(overdue.length);
    expect((await t.call("GET", "/api/v1/cases?overdue=yes")).statusCode).toBe(400);
    const closed = (await t.call("GET", "/api/v1/cases?status=closed")).json().items;
    expect(closed.every((c: { overdue: boolean }) => !c.overdue)).toBe(true);
    world.setNow(now);
  });

  it("assigns a case and grants a code by hand; an empty pool says so", async () => {
    const c = (await t.call("GET", "/api/v1/cases?team=dach")).json().items[0];
    const patched = await t.call("PATCH", `/api/v1/cases/${c.id}`, {
      team: "support",
      dueAt: "2026-03-20T00:00:00Z",
    });
    expect(patched.json()).toMatchObject({ team: "support", dueAt: "2026-03-20T00:00:00.000Z" });
    const empty = await t.call("POST", `/api/v1/cases/${c.id}/promo`, { poolId });
    expect(empty.statusCode).toBe(409);
    await t.call("POST", `/api/v1/promo-pools/${poolId}/codes`, { codes: ["SORRY-2", "SORRY-3"] });
    const granted = await t.call("POST", `/api/v1/cases/${c.id}/promo`, { poolId });
    expect(granted.json().promoCode).toBe("SORRY-3");
    expect((await t.call("POST", `/api/v1/cases/${c.id}/promo`, { poolId })).statusCode).toBe(409);
  });

  it("gives each code to one case only, even when many transactions claim at once", async () => {
    const { db } = world.ctx;
    const ws = t.workspaceId;
    const pool = newId();
    await insertPool(db, ws, pool, "race", now);
    await insertCodes(
      db,
      ws,
      pool,
      Array.from({ length: 5 }, (_, i) => `RACE-${i}`),
    );
    const claims = await Promise.all(
      Array.from({ length: 20 }, () =>
        db.transaction().execute(async (trx) => {
          const code = await claimCode(trx, ws, pool, newId(), now);
          // Hold the transaction open a moment so the claims overlap on a server.
          await new Promise((r) => setTimeout(r, 20));
          return code;
        }),
      ),
    );
    const got = claims.filter((c): c is string => c !== null);
    expect(got.sort()).toEqual(["RACE-0", "RACE-1", "RACE-2", "RACE-3", "RACE-4"]);
  });
});
