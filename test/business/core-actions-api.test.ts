import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../src/db/connection.js";
import { makeTenant, startApp, type Tenant, type TestWorld } from "../helpers/app.js";
import { testDatabases } from "../helpers/db.js";

const NOW = new Date("2026-03-10T12:00:00Z");
const SETTINGS = "/api/v1/business/settings";

describe.each(testDatabases())("core actions in the business settings on $name", (database) => {
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

  it("saves them trimmed, changing nothing else, and refuses bad ones naming the item", async () => {
    expect((await t.call("GET", SETTINGS)).json().coreActions).toEqual([]);
    const saved = await t.call("PATCH", SETTINGS, { coreActions: [" export ", "invite_sent"] });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().coreActions).toEqual(["export", "invite_sent"]);
    expect(saved.json().lost).toEqual({ kind: "noPurchaseFor", days: 180 });

    const blank = await t.call("PATCH", SETTINGS, { coreActions: ["export", "  "] });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().error.field).toBe("coreActions.1");
    const long = await t.call("PATCH", SETTINGS, { coreActions: ["x".repeat(201)] });
    expect(long.statusCode).toBe(400);
    expect(long.json().error.field).toBe("coreActions.0");
    const many = await t.call("PATCH", SETTINGS, {
      coreActions: Array.from({ length: 51 }, (_, i) => `a${i}`),
    });
    expect(many.statusCode).toBe(400);
    expect(many.json().error.field).toBe("coreActions");
    expect((await t.call("GET", SETTINGS)).json().coreActions).toEqual(["export", "invite_sent"]);
  });

  it("keeps each workspace's core actions to itself, and only writers change them", async () => {
    await t.call("PATCH", SETTINGS, { coreActions: ["export"] });
    const other = await makeTenant(world);
    expect((await other.call("GET", SETTINGS)).json().coreActions).toEqual([]);
    await other.call("PATCH", SETTINGS, { coreActions: ["share"] });
    expect((await t.call("GET", SETTINGS)).json().coreActions).toEqual(["export"]);

    const reader = await makeTenant(world, { scopes: ["metrics:read"] });
    expect((await reader.call("GET", SETTINGS)).statusCode).toBe(200);
    expect((await reader.call("PATCH", SETTINGS, { coreActions: ["x"] })).statusCode).toBe(403);
  });
});
