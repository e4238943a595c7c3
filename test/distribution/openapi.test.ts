import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DbHandle, openDatabase } from "../../src/db/connection.js";
import { migrateToLatest } from "../../src/db/migrate.js";
import { startApp, type TestWorld } from "../helpers/app.js";

describe("distribution in the OpenAPI document", () => {
  let handle: DbHandle;
  let world: TestWorld;

  beforeAll(async () => {
    handle = await openDatabase({ url: "memory://" });
    await migrateToLatest(handle.db);
    world = await startApp(handle);
  });

  afterAll(async () => {
    await world?.app.close();
    await handle?.close();
  });

  it("documents the events, triggers, invitations, settings and widget endpoints", async () => {
    const res = await world.app.inject({ method: "GET", url: "/api/docs/json" });
    expect(res.statusCode).toBe(200);
    const paths = Object.keys(res.json().paths);
    for (const p of [
      "/api/v1/events",
      "/api/v1/triggers",
      "/api/v1/triggers/{id}",
      "/api/v1/invitations",
      "/api/v1/invitations/rates",
      "/api/v1/outbox",
      "/api/v1/suppressions",
      "/api/v1/distribution/settings",
      "/api/v1/distribution/smtp",
      "/api/v1/distribution/smtp/test",
      "/api/v1/distribution/sms",
      "/api/v1/distribution/widget",
      "/api/public/widget/{key}/show",
    ]) {
      expect(paths).toContain(p);
    }
    // Link pages are not API.
    expect(paths.some((p) => p.startsWith("/e/") || p.startsWith("/u/") || p.startsWith("/l/"))).toBe(false);
  });
});
