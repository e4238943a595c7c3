import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../src/db/connection.js";
import { DEMO_LOGIN, seedDemo } from "../../src/demo/seed.js";
import { makeTenant, startApp, type TestWorld } from "../helpers/app.js";
import { testDatabases } from "../helpers/db.js";
import { type Session, signIn } from "../helpers/session.js";

interface Case {
  id: string;
  status: string;
  overdue: boolean;
  team: string | null;
  promoCode: string | null;
  language: string;
}

describe.each(testDatabases())("demo workspace's feedback loop on $name", (database) => {
  let handle: DbHandle;
  let world: TestWorld;
  let demo: Session;
  let cases: Case[];
  const now = new Date("2026-03-10T12:00:00Z");

  beforeAll(async () => {
    handle = await database.open();
    // A smaller demo than the first start's; the loop part is the same size either way.
    await seedDemo(handle.db, {
      now,
      customers: 600,
      answers: 3000,
      support: { tickets: 150, calls: 40, days: 30 },
    });
    world = await startApp(handle, { now });
    demo = await signIn(world, DEMO_LOGIN.email, DEMO_LOGIN.password);
    cases = (await demo.call("GET", "/api/v1/cases?limit=500")).json().items;
  }, 300_000);
  afterAll(async () => {
    await world?.app.close();
    await handle?.close();
  });

  it("has cases in every state, some overdue, with codes, notes, history and customer messages", async () => {
    const states = new Set(cases.map((c) => c.status));
    expect([...states].sort()).toEqual(["acknowledged", "closed", "in_progress", "new", "resolved"]);
    const overdue = cases.filter((c) => c.overdue);
    expect(overdue.length).toBeGreaterThan(0);
    expect(overdue.every((c) => ["new", "acknowledged", "in_progress"].includes(c.status))).toBe(true);
    expect(cases.some((c) => c.team === "Logistics" && c.promoCode?.startsWith("SORRY-"))).toBe(true);
    expect(new Set(cases.map((c) => c.language))).toEqual(new Set(["ru", "en"]));

    const closed = cases.find((c) => c.status === "closed");
    const detail = (await demo.call("GET", `/api/v1/cases/${closed?.id}`)).json();
    const kinds = detail.history.map((h: { kind: string }) => h.kind);
    expect(kinds).toEqual(expect.arrayContaining(["created", "status", "notified"]));
    expect(detail.history.filter((h: { kind: string }) => h.kind === "status")).toHaveLength(4);
    const times = detail.history.map((h: { createdAt: string }) => Date.parse(h.createdAt));
    expect(Math.max(...times)).toBeLessThanOrEqual(now.getTime());

    const messages = (await demo.call("GET", "/api/v1/case-notifications?limit=200")).json().items;
    const templates = new Set(messages.map((m: { template: string }) => m.template));
    expect([...templates]).toEqual(expect.arrayContaining(["acknowledged", "in_progress", "resolved"]));
  });

  it("shows categorized detractors in the inbox, the newest first", async () => {
    const res = await demo.call("GET", "/api/v1/feedback?group=detractor&limit=50");
    expect(res.statusCode).toBe(200);
    const items = res.json().items as {
      score: { group: string } | null;
      categories: { key?: string; categoryId?: string }[];
      language: string;
      submittedAt: string;
    }[];
    expect(items).toHaveLength(50);
    expect(items.every((i) => i.score?.group === "detractor")).toBe(true);
    expect(items.filter((i) => i.categories.length > 0).length).toBeGreaterThan(40);
    expect(new Set(items.map((i) => i.language))).toEqual(new Set(["ru", "en"]));
    const times = items.map((i) => Date.parse(i.submittedAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it("has the routing rule, promo pool, alerts, digest, early warnings and referrals set up", async () => {
    const rules = (await demo.call("GET", "/api/v1/routing-rules")).json().items;
    expect(rules[0]).toMatchObject({
      team: "Logistics",
      dueHours: 48,
      conditions: { groups: ["detractor"] },
    });
    expect(rules[0].promoPoolId).toBeTruthy();
    const pools = (await demo.call("GET", "/api/v1/promo-pools")).json().items;
    expect(pools[0].used).toBeGreaterThan(0);
    expect(pools[0].total).toBeGreaterThan(pools[0].used);

    const alerts = (await demo.call("GET", "/api/v1/alerts/rules")).json().items;
    expect(alerts[0]).toMatchObject({ emails: [DEMO_LOGIN.email] });
    expect(alerts[0].events).toContain("detractor");
    const digests = (await demo.call("GET", "/api/v1/alerts/digests")).json().items;
    expect(digests[0]).toMatchObject({ frequency: "weekly", weekday: 1 });
    expect(digests[0].recipients).toHaveLength(3);
    const warnings = (await demo.call("GET", "/api/v1/alerts/warning-rules")).json().items;
    expect(warnings.map((w: { segmentBy: string[] }) => w.segmentBy)).toContainEqual(["country"]);
    const referrals = (await demo.call("GET", "/api/v1/referrals/settings")).json();
    expect(referrals.enabled).toBe(true);
    const deliveries = (await demo.call("GET", "/api/v1/alerts/deliveries?kind=detractor")).json().items;
    expect(deliveries.length).toBeGreaterThan(0);
  });

  it("keeps all of it inside the demo workspace", async () => {
    const other = await makeTenant(world);
    expect((await other.call("GET", "/api/v1/cases")).json().items).toEqual([]);
    expect((await other.call("GET", "/api/v1/routing-rules")).json().items).toEqual([]);
    expect((await other.call("GET", "/api/v1/alerts/rules")).json().items).toEqual([]);
  });
});
