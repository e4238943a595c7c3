/**
 * The business metrics API on a small, hand-computed workspace: January 2026, a customer is lost 30
 * days after their last purchase. Every expected figure is worked out in the comments.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../src/db/connection.js";
import { makeTenant, startApp, type Tenant, type TestWorld } from "../helpers/app.js";
import { testDatabases } from "../helpers/db.js";
import { createSurvey } from "../helpers/fixtures.js";

const NOW = new Date("2026-03-10T12:00:00Z");
const JANUARY = "from=2026-01-01&to=2026-02-01";

const order = (id: string, customer: string, at: string, amount: number, category: string) => ({
  externalId: id,
  customerExternalId: customer,
  orderedAt: at,
  amount,
  category,
});

/**
 * Orders: A buys in December and January (active throughout), B only in December (lost on Jan 14),
 * C joins in January with two orders in two categories (referred by A), D buys once on Jan 1 at noon
 * (lost again on Jan 31: joined and lost). Subscriptions: E steady 100, F 50 ends (churn), G 40 → 20
 * (contraction), H 30 → 60 (expansion).
 */
async function load(t: Tenant) {
  const post = async (path: string, body: unknown) => {
    const res = await t.call("POST", path, body);
    if (res.statusCode !== 201) throw new Error(`${path}: ${res.body}`);
  };
  await post("/api/v1/customers", {
    customers: [
      { externalId: "A", attributes: { plan: "Pro" } },
      { externalId: "B", attributes: { plan: "Pro" } },
      { externalId: "C", attributes: { plan: "Basic" }, referredBy: "A" },
    ],
  });
  await post("/api/v1/orders", {
    orders: [
      order("a1", "A", "2025-12-20", 100, "Software"),
      order("a2", "A", "2026-01-10", 50, "Books"),
      order("b1", "B", "2025-12-15", 80, "Software"),
      order("c1", "C", "2026-01-05", 30, "Software"),
      order("c2", "C", "2026-01-06", 30, "Books"),
      order("d1", "D", "2026-01-01T12:00:00Z", 40, "Books"),
    ],
  });
  const sub = (id: string, customer: string, mrr: number, startedAt: string, endedAt?: string) => ({
    externalId: id,
    customerExternalId: customer,
    mrr,
    startedAt,
    endedAt,
  });
  await post("/api/v1/subscriptions", {
    subscriptions: [
      sub("e1", "E", 100, "2025-06-01"),
      sub("f1", "F", 50, "2025-09-01", "2026-01-15"),
      sub("g1", "G", 40, "2025-10-01", "2026-01-10"),
      sub("g2", "G", 20, "2026-01-10"),
      sub("h1", "H", 30, "2025-11-01", "2026-01-20"),
      sub("h2", "H", 60, "2026-01-20"),
    ],
  });
  await post("/api/v1/costs", {
    costs: [
      { kind: "acquisition", periodStart: "2026-01-01", periodEnd: "2026-01-31", amount: 1000 },
      { kind: "support", periodStart: "2026-01-01", periodEnd: "2026-01-31", amount: 3100 },
    ],
  });
  await post("/api/v1/usage-events", {
    usage: [
      { customerExternalId: "A", occurredAt: "2026-01-05T10:00:00Z", name: "session", duration: 600 },
      { customerExternalId: "A", occurredAt: "2026-01-06T10:00:00Z", name: "session", duration: 300 },
      { customerExternalId: "A", occurredAt: "2026-01-06T10:05:00Z", name: "export" },
      { customerExternalId: "C", occurredAt: "2026-01-10T10:00:00Z", name: "session", duration: 120 },
      { customerExternalId: "D", occurredAt: "2026-01-12T10:00:00Z", name: "export" },
    ],
  });
  const res = await t.call("PATCH", "/api/v1/business/settings", {
    lost: { kind: "noPurchaseFor", days: 30 },
    coreActions: ["export"],
    clvInputs: { relationshipYears: 3 },
  });
  if (res.statusCode !== 200) throw new Error(res.body);
}

describe.each(testDatabases())("business metrics API on $name", (database) => {
  let handle: DbHandle;
  let world: TestWorld;
  let t: Tenant;

  beforeAll(async () => {
    handle = await database.open();
    world = await startApp(handle, { now: NOW });
    t = await makeTenant(world);
    await load(t);
  });
  afterAll(async () => {
    await world?.app.close();
    await handle?.close();
  });

  it("computes every score card for January", async () => {
    const res = await t.call("GET", `/api/v1/business/metrics?${JANUARY}`);
    expect(res.statusCode, res.body).toBe(200);
    const { metrics: m, lost } = res.json();
    expect(lost).toEqual({ kind: "noPurchaseFor", days: 30 });
    // S = {A, B}, E = {A, C}, N = {C}, lost = {B}, joined and lost = {D}; new = {C, D}.
    expect(m.customers).toEqual({
      atStart: 2,
      atEnd: 2,
      acquired: 1,
      lost: 1,
      joinedAndLost: 1,
      active: 4,
      new: 2,
    });
    expect(m.churn).toMatchObject({ value: 50, n: 2, count: 1 });
    expect(m.retention).toMatchObject({ value: 50, n: 2, count: 1 });
    // 50 + 30 + 30 + 40 over 4 active customers.
    expect(m.revenue).toEqual({ amount: 150, orders: 4, buyers: 3 });
    expect(m.arpu).toEqual({ value: 37.5, n: 4 });
    // MRR 220 → 180: F churned 50, G contracted 20, H expanded 30.
    expect(m.revenueChurn).toMatchObject({
      mrrAtStart: 220,
      mrrAtEnd: 180,
      churned: 50,
      contraction: 20,
      expansion: 30,
    });
    expect(m.revenueChurn.gross).toBeCloseTo((100 * 70) / 220, 9);
    expect(m.revenueChurn.net).toBeCloseTo((100 * 40) / 220, 9);
    // Buyers A (1), C (2), D (1): one repeat buyer of three; C bought two categories.
    expect(m.repeatPurchaseRate).toMatchObject({ count: 1, n: 3 });
    expect(m.repeatPurchaseRate.value).toBeCloseTo(100 / 3, 9);
    expect(m.repurchaseRatio).toEqual({ value: 0.5, numerator: 1, denominator: 2, n: 3 });
    expect(m.upsellingRatio).toEqual({ value: 0.5, numerator: 1, denominator: 2, n: 3 });
    expect(m.referralRate).toMatchObject({ value: 50, count: 1, n: 2 });
    // Support 3,100 in 31 days is 36,525 a year, over 4 active customers; acquisition 1,000 / 2 new.
    expect(m.crc.value).toBeCloseTo(36525 / 4, 6);
    expect(m.cac).toEqual({ value: 500, n: 2 });
    // Trailing year: 330 revenue over 4 active customers; 3 years given; CAC 1,000 over 8 new customers.
    expect(m.clv.inputs).toEqual({
      annualRevenuePerCustomer: { value: 82.5, source: "derived" },
      relationshipYears: { value: 3, source: "given", annualChurn: null },
      cac: { value: 125, source: "derived" },
    });
    expect(m.clv.value).toBeCloseTo(82.5 * 3 - 125, 9);
  });

  it("compares with the previous period and breaks down by an attribute", async () => {
    const res = (await t.call("GET", `/api/v1/business/metrics?${JANUARY}&segment=plan`)).json();
    expect(res.previous.from).toBe("2025-12-01T00:00:00.000Z");
    // December: A and B join.
    expect(res.previous.customers).toMatchObject({ atStart: 0, atEnd: 2, acquired: 2, lost: 0 });
    expect(res.changes.churn).toMatchObject({ diff: null, significant: false });
    const pro = res.breakdown.find((b: { key: string }) => b.key === "Pro");
    expect(pro.customers).toMatchObject({ atStart: 2, lost: 1, active: 2 });
    expect(pro.churn.value).toBe(50);
    expect(pro.crc).toBeNull();
    expect(res.breakdown.map((b: { key: string }) => b.key)).toEqual(["Pro", "(none)", "Basic"]);

    const filtered = (await t.call("GET", `/api/v1/business/metrics?${JANUARY}&filter=plan = Basic`)).json();
    expect(filtered.metrics.customers).toMatchObject({ atStart: 0, atEnd: 1, acquired: 1, active: 1 });
    expect(filtered.metrics.revenue.amount).toBe(60);

    const bad = await t.call("GET", "/api/v1/business/metrics?from=2026-02-01&to=2026-01-01");
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe("query.from");
  });

  it("builds the cohort triangle", async () => {
    const res = await t.call("GET", "/api/v1/business/cohorts?unit=month&from=2025-12-01&to=2026-02-01");
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.basis).toBe("purchase");
    expect(body.cohorts).toEqual([
      { cohort: "2025-12", size: 2, active: [2, 1], retention: [100, 50] },
      { cohort: "2026-01", size: 2, active: [2], retention: [100] },
    ]);
    expect(body.curve.map((p: { value: number }) => p.value)).toEqual([100, 50]);
  });

  it("measures engagement", async () => {
    const res = await t.call("GET", `/api/v1/business/engagement?${JANUARY}&unit=month`);
    expect(res.statusCode, res.body).toBe(200);
    const { overall, series, coreActions } = res.json();
    expect(coreActions).toEqual(["export"]);
    // Active A, C, D; sessions: A 900 s in 2, C 120 s in 1; export: A and D.
    expect(overall.activeUsers).toBe(3);
    expect(overall.activityTime).toMatchObject({ mean: 510, n: 2 });
    expect(overall.visitFrequency).toMatchObject({ mean: 1.5, n: 2 });
    expect(overall.coreActions[0].share).toMatchObject({ count: 2, n: 3 });
    expect(series).toHaveLength(1);
    expect(series[0].period).toBe("2026-01-01");
  });

  it("puts a value on feedback by NPS group", async () => {
    const survey = await createSurvey(t);
    const answer = (id: string, customer: string, nps: number, at: string) => ({
      externalId: id,
      surveyId: survey.id,
      submittedAt: at,
      customer: { externalId: customer },
      answers: { nps },
    });
    const res = await t.call("POST", "/api/v1/responses", {
      responses: [
        answer("r1", "A", 4, "2025-12-01T10:00:00Z"),
        answer("r2", "A", 10, "2026-01-02T10:00:00Z"),
        answer("r3", "B", 3, "2026-01-03T10:00:00Z"),
        answer("r4", "C", 8, "2026-01-07T10:00:00Z"),
        // After the period: not yet known at its end.
        answer("r5", "C", 0, "2026-02-15T10:00:00Z"),
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    const value = (await t.call("GET", `/api/v1/business/feedback-value?${JANUARY}`)).json();
    const group = (g: string) => value.groups.find((x: { group: string }) => x.group === g);
    expect(group("promoter")).toMatchObject({ customers: 1, revenue: 50, trailingRevenue: 150 });
    expect(group("promoter").churn).toMatchObject({ value: 0, n: 1 });
    expect(group("detractor")).toMatchObject({ customers: 1, revenue: 0, trailingRevenue: 80 });
    expect(group("detractor").churn).toMatchObject({ value: 100, n: 1 });
    expect(group("passive")).toMatchObject({ customers: 1, revenue: 60, revenuePerCustomer: 60 });
    expect(group("none")).toMatchObject({ customers: 5, revenue: 40 });
    expect(group("none").predictedClv).toBeNull();
    expect(value.churnDetractorsVsPromoters.diff).toBe(100);
    expect(value.revenueAtRisk.amount).toBe(80);
    expect(value.revenueAtRisk.customers).toBe(1);
    expect(value.revenueAtRisk.share).toBeCloseTo((100 * 80) / 330, 9);

    // With a fit, each group carries its predicted CLV.
    const fitted = await t.call("POST", "/api/v1/clv/fit", { calibrationEnd: "2026-01-31" });
    expect(fitted.statusCode, fitted.body).toBe(201);
    const withFit = (await t.call("GET", `/api/v1/business/feedback-value?${JANUARY}`)).json();
    expect(withFit.groups.find((x: { group: string }) => x.group === "promoter").predictedClv.n).toBe(1);
  });

  it("subscription businesses: lost when the subscription ends", async () => {
    const other = await makeTenant(world);
    await other.call("POST", "/api/v1/subscriptions", {
      subscriptions: [
        {
          externalId: "s1",
          customerExternalId: "X",
          mrr: 10,
          startedAt: "2025-11-01",
          endedAt: "2026-01-15",
        },
        { externalId: "s2", customerExternalId: "Y", mrr: 10, startedAt: "2025-11-01" },
        {
          externalId: "s3",
          customerExternalId: "Z",
          mrr: 10,
          startedAt: "2026-01-10",
          cancelledAt: "2026-01-20",
        },
      ],
    });
    await other.call("PATCH", "/api/v1/business/settings", { lost: { kind: "subscriptionEnded" } });
    const m = (await other.call("GET", `/api/v1/business/metrics?${JANUARY}`)).json().metrics;
    expect(m.customers).toMatchObject({ atStart: 2, atEnd: 1, lost: 1, joinedAndLost: 1, acquired: 0 });
    const cohorts = (
      await other.call("GET", "/api/v1/business/cohorts?from=2025-11-01&to=2026-02-01")
    ).json();
    expect(cohorts.basis).toBe("subscription");
    expect(cohorts.cohorts).toEqual([
      { cohort: "2025-11", size: 2, active: [2, 2, 2], retention: [100, 100, 100] },
      { cohort: "2026-01", size: 1, active: [1], retention: [100] },
    ]);
  });

  it("keeps workspaces apart", async () => {
    const other = await makeTenant(world);
    const m = (await other.call("GET", `/api/v1/business/metrics?${JANUARY}`)).json().metrics;
    expect(m.customers).toEqual({
      atStart: 0,
      atEnd: 0,
      acquired: 0,
      lost: 0,
      joinedAndLost: 0,
      active: 0,
      new: 0,
    });
    expect(m.revenue.amount).toBe(0);
    expect(m.revenueChurn.mrrAtStart).toBe(0);
    expect(m.crc).toEqual({ value: null, n: 0 });
    const cohorts = (
      await other.call("GET", "/api/v1/business/cohorts?from=2025-12-01&to=2026-02-01")
    ).json();
    expect(cohorts.cohorts).toEqual([]);
    const engagement = (await other.call("GET", `/api/v1/business/engagement?${JANUARY}`)).json();
    expect(engagement.overall.activeUsers).toBe(0);
    const value = (await other.call("GET", `/api/v1/business/feedback-value?${JANUARY}`)).json();
    expect(value.groups.every((g: { customers: number }) => g.customers === 0)).toBe(true);
    expect((await other.call("GET", "/api/v1/clv/customers")).statusCode).toBe(404);
    expect((await other.call("GET", "/api/v1/business/settings")).json().lost).toEqual({
      kind: "noPurchaseFor",
      days: 180,
    });
    // The other workspace's fit sees only its own (no) orders.
    const fit = (await other.call("POST", "/api/v1/clv/fit", {})).json();
    expect(fit.totals.customers).toBe(0);
    expect(fit.purchases).toBeNull();
  });
});
