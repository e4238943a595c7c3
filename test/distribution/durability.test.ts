import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DbHandle, openDatabase } from "../../src/db/connection.js";
import { migrateToLatest } from "../../src/db/migrate.js";
import { claimDue } from "../../src/distribution/invitations-store.js";
import { LEASE_MS, runDue } from "../../src/distribution/jobs.js";
import { makeTenant, startApp, type Tenant, type TestWorld } from "../helpers/app.js";
import { testDatabases } from "../helpers/db.js";
import { createSurvey } from "../helpers/fixtures.js";
import { openTwinPostgres, startSmtp, type TestSmtp } from "./helpers.js";

const NOW = new Date("2026-05-04T10:00:00Z");

async function setUp(t: Tenant, smtpPort: number, recontactDays = 0) {
  const survey = (await createSurvey(t, "relational-nps")).id;
  await t.call("PUT", "/api/v1/distribution/smtp", {
    host: "127.0.0.1",
    port: smtpPort,
    from: "nps@acme.test",
  });
  await t.call("PATCH", "/api/v1/distribution/settings", { recontactDays });
  const trigger = await t.call("POST", "/api/v1/triggers", {
    name: "NPS after purchase",
    surveyId: survey,
    channel: "email",
    rule: { kind: "event", eventType: "purchase" },
  });
  expect(trigger.statusCode, trigger.body).toBe(201);
  return survey;
}

const purchases = (n: number, prefix: string) => ({
  events: Array.from({ length: n }, (_, i) => ({
    externalId: `${prefix}-${i}`,
    type: "purchase",
    customer: { externalId: `${prefix}-c${i}`, email: `${prefix}${i}@example.com` },
  })),
});

describe("two server processes on one PostgreSQL database", () => {
  let twin: Awaited<ReturnType<typeof openTwinPostgres>>;
  let one: TestWorld;
  let two: TestWorld;
  let smtp: TestSmtp;
  let t: Tenant;

  beforeAll(async () => {
    twin = await openTwinPostgres();
    if (!twin) return;
    smtp = await startSmtp();
    one = await startApp(twin.a, { now: NOW });
    two = await startApp(twin.b, { now: NOW });
    t = await makeTenant(one);
  });

  afterAll(async () => {
    await one?.app.close();
    await two?.app.close();
    await twin?.close();
    await smtp?.close();
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)("send every invitation exactly once", async () => {
    const survey = await setUp(t, smtp.port, 30);
    // A second trigger on the same event: with a recontact period, only one of the two may go out.
    await t.call("POST", "/api/v1/triggers", {
      name: "second survey on the same event",
      surveyId: survey,
      channel: "email",
      rule: { kind: "event", eventType: "purchase" },
    });
    const res = await t.call("POST", "/api/v1/events", purchases(300, "p"));
    expect(res.statusCode, res.body).toBe(201);
    // Both servers work the same queue at the same time, several rounds each.
    const runs = await Promise.all(
      [one, two, one, two].map((w) => runDue(w.ctx, NOW, { batch: 25, concurrency: 8 })),
    );
    const claimed = runs.map((r) => r.claimed);
    expect(claimed.reduce((a, b) => a + b, 0)).toBe(600);
    expect(claimed[0]).toBeGreaterThan(0);
    expect(claimed[1]).toBeGreaterThan(0);
    const sentTo = smtp.messages.map((m) => m.envelope.to[0]);
    expect(sentTo).toHaveLength(300);
    expect(new Set(sentTo).size).toBe(300);
    const rates = (await t.call("GET", "/api/v1/invitations/rates")).json().items[0];
    expect(rates).toMatchObject({ delivered: 300, suppressed: 300, queued: 0, failed: 0 });
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)("run each campaign occurrence once", async () => {
    const survey = (await createSurvey(t, "relational-nps")).id;
    const campaign = await t.call("POST", "/api/v1/triggers", {
      name: "Quarterly NPS",
      surveyId: survey,
      channel: "link",
      rule: { kind: "schedule", every: 3, unit: "month", startAt: "2026-06-01T09:00:00Z" },
      recontactDays: 0,
    });
    expect(campaign.statusCode, campaign.body).toBe(201);
    const at = new Date("2026-06-01T09:00:00Z");
    one.setNow(at);
    two.setNow(at);
    await Promise.all([one, two, one].map((w) => runDue(w.ctx, at, { batch: 50 })));
    const list = await t.call("GET", `/api/v1/invitations?triggerId=${campaign.json().id}&limit=500`);
    const items = list.json().items;
    // Every customer once, though three runs on two servers raced over the occurrence.
    expect(items).toHaveLength(300);
    expect(new Set(items.map((i: { customerId: string }) => i.customerId)).size).toBe(300);
    expect(
      items.every((i: { status: string; url: string }) => i.status === "sent" && i.url.includes("/l/")),
    ).toBe(true);
    const next = (await t.call("GET", `/api/v1/triggers/${campaign.json().id}`)).json().nextRunAt;
    expect(next).toBe("2026-09-01T09:00:00.000Z");
  });
});

describe.each(testDatabases())("restarts and interrupted work on $name", (database) => {
  let handle: DbHandle;
  let world: TestWorld;
  let smtp: TestSmtp;
  let t: Tenant;

  beforeAll(async () => {
    smtp = await startSmtp();
    handle = await database.open();
    world = await startApp(handle, { now: NOW });
    t = await makeTenant(world);
    await setUp(t, smtp.port);
  });

  afterAll(async () => {
    await world?.app.close();
    await handle?.close();
    await smtp?.close();
  });

  it("re-queues invitations a stopped server claimed but never admitted, and never resends admitted ones", async () => {
    await t.call("POST", "/api/v1/events", purchases(4, "crash"));
    // A server claims the four, admits two, then stops before sending anything.
    const claimed = await claimDue(handle.db, NOW, 10);
    expect(claimed).toHaveLength(4);
    for (const inv of claimed.slice(0, 2)) {
      await handle.db
        .updateTable("invitations")
        .set({ contacted_at: NOW })
        .where("workspace_id", "=", inv.workspace_id)
        .where("id", "=", inv.id)
        .execute();
    }
    // Within the lease nobody touches them.
    expect(await runDue(world.ctx, new Date(NOW.getTime() + LEASE_MS - 1000))).toMatchObject({ claimed: 0 });
    const later = new Date(NOW.getTime() + LEASE_MS + 1000);
    world.setNow(later);
    const run = await runDue(world.ctx, later);
    expect(run).toMatchObject({ recovered: 4, claimed: 2, sent: 2 });
    expect(smtp.messages).toHaveLength(2);
    const items = (await t.call("GET", "/api/v1/invitations")).json().items;
    expect(items.filter((i: { status: string }) => i.status === "failed")).toEqual([
      expect.objectContaining({ reason: "interrupted" }),
      expect.objectContaining({ reason: "interrupted" }),
    ]);
  });
});

describe("a restart of the embedded database loses nothing", () => {
  const dir = mkdtempSync(join(tmpdir(), "otklik-restart-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("sends after a restart what was queued before it", async () => {
    const smtp = await startSmtp();
    try {
      let handle = await openDatabase({ dataDir: dir });
      await migrateToLatest(handle.db);
      let world = await startApp(handle, { now: NOW });
      const t = await makeTenant(world);
      await setUp(t, smtp.port);
      await t.call("POST", "/api/v1/triggers", {
        name: "later",
        surveyId: (await createSurvey(t, "transactional-csat")).id,
        channel: "email",
        rule: { kind: "event", eventType: "purchase", delayMinutes: 60 },
      });
      await t.call("POST", "/api/v1/events", purchases(3, "r"));
      await world.app.close();
      await handle.close();

      handle = await openDatabase({ dataDir: dir });
      await migrateToLatest(handle.db);
      world = await startApp(handle, { now: NOW });
      expect(await runDue(world.ctx, NOW)).toMatchObject({ sent: 3 });
      expect(await runDue(world.ctx, new Date(NOW.getTime() + 3_600_000))).toMatchObject({ sent: 3 });
      expect(smtp.messages).toHaveLength(6);
      await world.app.close();
      await handle.close();
    } finally {
      await smtp.close();
    }
  });
});
