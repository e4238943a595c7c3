import { describe, expect, it } from "vitest";
import { makeTenant, useTenantWorld } from "../helpers/app.js";
import { testDatabases } from "../helpers/db.js";

const NOW = new Date("2026-03-10T12:00:00Z");
const SETTINGS = "/api/v1/business/settings";

describe.each(testDatabases())("business settings on $name", (database) => {
  const w = useTenantWorld(database, { now: NOW });

  it("saves a part of the settings, keeping the rest, and a given CLV input back to derived", async () => {
    const saved = await w.t.call("PATCH", SETTINGS, {
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
    const back = await w.t.call("PATCH", SETTINGS, {
      lost: { kind: "noPurchaseFor", days: 90 },
      clvInputs: { cac: null },
    });
    expect(back.json()).toMatchObject({
      lost: { kind: "noPurchaseFor", days: 90 },
      upsellBy: "product",
      clvInputs: { annualRevenuePerCustomer: null, relationshipYears: 2.5, cac: null },
      clvHorizonMonths: 24,
    });
    expect((await w.t.call("GET", SETTINGS)).json()).toEqual(back.json());
  });

  it("refuses a bad value with 400 naming its field, and saves nothing", async () => {
    const before = (await w.t.call("GET", SETTINGS)).json();
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
      const res = await w.t.call("PATCH", SETTINGS, { upsellBy: "category", ...body });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error).toMatchObject({ code: "validation_failed", field });
    }
    expect((await w.t.call("GET", SETTINGS)).json()).toEqual(before);
  });

  it("keeps each workspace's settings to itself, and the figures follow its own", async () => {
    await w.t.call("PATCH", SETTINGS, { lost: { kind: "noPurchaseFor", days: 30 }, clvInputs: { cac: 75 } });
    const other = await makeTenant(w.world);
    expect((await other.call("GET", SETTINGS)).json()).toMatchObject({
      lost: { kind: "noPurchaseFor", days: 180 },
      clvInputs: { cac: null },
    });
    await other.call("PATCH", SETTINGS, { lost: { kind: "subscriptionEnded" }, clvInputs: { cac: 10 } });
    expect((await w.t.call("GET", SETTINGS)).json()).toMatchObject({
      lost: { kind: "noPurchaseFor", days: 30 },
      clvInputs: { cac: 75 },
    });
    const metrics = (await w.t.call("GET", "/api/v1/business/metrics?from=2026-01-01&to=2026-03-01")).json();
    expect(metrics.lost).toEqual({ kind: "noPurchaseFor", days: 30 });
    expect(metrics.metrics.clv.inputs.cac).toEqual({ value: 75, source: "given" });
  });
});

describe.each(testDatabases())("core actions in the business settings on $name", (database) => {
  const w = useTenantWorld(database, { now: NOW });

  it("saves them trimmed, changing nothing else, and refuses bad ones naming the item", async () => {
    expect((await w.t.call("GET", SETTINGS)).json().coreActions).toEqual([]);
    const saved = await w.t.call("PATCH", SETTINGS, { coreActions: [" export ", "invite_sent"] });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().coreActions).toEqual(["export", "invite_sent"]);
    expect(saved.json().lost).toEqual({ kind: "noPurchaseFor", days: 180 });

    const blank = await w.t.call("PATCH", SETTINGS, { coreActions: ["export", "  "] });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().error.field).toBe("coreActions.1");
    const long = await w.t.call("PATCH", SETTINGS, { coreActions: ["x".repeat(201)] });
    expect(long.statusCode).toBe(400);
    expect(long.json().error.field).toBe("coreActions.0");
    const many = await w.t.call("PATCH", SETTINGS, {
      coreActions: Array.from({ length: 51 }, (_, i) => `a${i}`),
    });
    expect(many.statusCode).toBe(400);
    expect(many.json().error.field).toBe("coreActions");
    expect((await w.t.call("GET", SETTINGS)).json().coreActions).toEqual(["export", "invite_sent"]);
  });

  it("keeps each workspace's core actions to itself, and only writers change them", async () => {
    await w.t.call("PATCH", SETTINGS, { coreActions: ["export"] });
    const other = await makeTenant(w.world);
    expect((await other.call("GET", SETTINGS)).json().coreActions).toEqual([]);
    await other.call("PATCH", SETTINGS, { coreActions: ["share"] });
    expect((await w.t.call("GET", SETTINGS)).json().coreActions).toEqual(["export"]);

    const reader = await makeTenant(w.world, { scopes: ["metrics:read"] });
    expect((await reader.call("GET", SETTINGS)).statusCode).toBe(200);
    expect((await reader.call("PATCH", SETTINGS, { coreActions: ["x"] })).statusCode).toBe(403);
  });
});
