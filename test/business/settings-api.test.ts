import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../src/db/connection.js";
import { makeTenant, startApp, type Tenant, type TestWorld } from "../helpers/app.js";
import { testDatabases } from "../helpers/db.js";

const NOW = new Date("2026-03-10T12:00:00Z");
const SETTINGS = "/api/v1/business/settings";

describe.each(testDatabases())("business settings on $name", (database) => {
  let handle: DbHandle;
  let world: TestWorld;
  let t: Tenant;

  beforeAll(async () => {
    handle = await database.open();
    world = await startApp(handle, { now: NOW });
    t = await makeTenant(world);
  });
  afterAll(async () => {
    await world?.app.close();
    await handle?.close();
  });

  it("saves a part of the settings, keeping the rest, and a given CLV input back to derived", async () => {
    const saved = await t.call("PATCH", SETTINGS, {
      lost: { kind: "subscriptionEnded" },
      upsellBy: "product",
      clvInputs: { cac: 50, relationshipYears: 2.5 },
      clvHorizonMonths: 24,
      clvMonthlyDiscountRate: 0.015,
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toEqual({
      lost: { kind: "subscriptionEnded" },
      upsellBy: "product",
      coreActions: [],
      clvInputs: { annualRevenuePerCustomer: null, relationshipYears: 2.5, cac: 50 },
      clvHorizonMonths: 24,
      clvMonthlyDiscountRate: 0.015,
    });
    const back = await t.call("PATCH", SETTINGS, {
      lost: { kind: "noPurchaseFor", days: 90 },
      clvInputs: { cac: null },
    });
    expect(back.json()).toMatchObject({
      lost: { kind: "noPurchaseFor", days: 90 },
      upsellBy: "product",
      clvInputs: { annualRevenuePerCustomer: null, relationshipYears: 2.5, cac: null },
      clvHorizonMonths: 24,
    });
    expect((await t.call("GET", SETTINGS)).json()).toEqual(back.json());
  });

  it("refuses a bad value with 400 naming its field, and saves nothing", async () => {
    const before = (await t.call("GET", SETTINGS)).json();
    const cases: [Record<string, unknown>, string][] = [
      [{ clvHorizonMonths: 0 }, "clvHorizonMonths"],
      [{ clvHorizonMonths: 1.5 }, "clvHorizonMonths"],
      [{ clvMonthlyDiscountRate: 1.5 }, "clvMonthlyDiscountRate"],
      [{ clvInputs: { cac: -1 } }, "clvInputs.cac"],
      [{ lost: { kind: "noPurchaseFor", days: 0 } }, "lost.days"],
      [{ lost: { kind: "never" } }, "lost.kind"],
      [{ upsellBy: "brand" }, "upsellBy"],
    ];
    for (const [body, field] of cases) {
      const res = await t.call("PATCH", SETTINGS, { upsellBy: "category", ...body });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error).toMatchObject({ code: "validation_failed", field });
    }
    expect((await t.call("GET", SETTINGS)).json()).toEqual(before);
  });

  it("keeps each workspace's settings to itself, and the figures follow its own", async () => {
    await t.call("PATCH", SETTINGS, { lost: { kind: "noPurchaseFor", days: 30 }, clvInputs: { cac: 75 } });
    const other = await makeTenant(world);
    expect((await other.call("GET", SETTINGS)).json()).toMatchObject({
      lost: { kind: "noPurchaseFor", days: 180 },
      clvInputs: { cac: null },
    });
    await other.call("PATCH", SETTINGS, { lost: { kind: "subscriptionEnded" }, clvInputs: { cac: 10 } });
    expect((await t.call("GET", SETTINGS)).json()).toMatchObject({
      lost: { kind: "noPurchaseFor", days: 30 },
      clvInputs: { cac: 75 },
    });
    const metrics = (await t.call("GET", "/api/v1/business/metrics?from=2026-01-01&to=2026-03-01")).json();
    expect(metrics.lost).toEqual({ kind: "noPurchaseFor", days: 30 });
    expect(metrics.metrics.clv.inputs.cac).toEqual({ value: 75, source: "given" });
  });
});
