/**
 * The dashboard's chart series against the kernel: every point of the churn/retention trend equals
 * `retentionCounts`, `customerChurnRate`, `customerRetentionRate` and `revenueChurn` computed here from
 * the loaded records over the same local months, and the CLV histogram and its percentiles match the
 * per-customer predictions counted and summarized with the kernel's `percentile`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { binIndex, binLayout, niceStep } from "../../src/business/histogram.js";
import type { DbHandle } from "../../src/db/connection.js";
import {
  type CustomerActivity,
  customerChurnRate,
  customerRetentionRate,
  type LostDefinition,
  recurringRevenueMovements,
  retentionCounts,
  revenueChurn,
} from "../../src/metrics/business.js";
import { percentile } from "../../src/metrics/stats.js";
import { makeTenant, startApp, type Tenant, type TestWorld } from "../helpers/app.js";
import { testDatabases } from "../helpers/db.js";

const NOW = new Date("2026-03-10T12:00:00Z");
const ZONE = "Europe/Berlin";
const HOUR = 3_600_000;

/** A small deterministic generator (mulberry32), so both databases get the same records. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Sub {
  start: number;
  end: number | null;
  mrr: number;
}
interface Generated {
  plan: "Pro" | "Basic";
  purchases: number[];
  subscriptions: Sub[];
}

const FIRST = Date.parse("2024-11-01T00:00:00Z");
const LAST = Date.parse("2026-03-01T00:00:00Z");

/** 40 customers: orders at random hours (some at local midnight), subscriptions that end, shrink or grow. */
function generate(): Generated[] {
  const next = random(20260310);
  const at = () => FIRST + Math.floor(next() * ((LAST - FIRST) / HOUR)) * HOUR;
  return Array.from({ length: 40 }, (_, i) => {
    const purchases = Array.from({ length: Math.floor(next() * 7) }, at).sort((x, y) => x - y);
    const subscriptions: Sub[] = [];
    if (i % 3 === 0) {
      const start = at();
      const end = next() < 0.5 ? null : Math.min(LAST, start + Math.floor(next() * 4000) * HOUR);
      const mrr = [10, 25, 49.5, 100][Math.floor(next() * 4)] ?? 10;
      subscriptions.push({ start, end, mrr });
      // A plan change: the next subscription starts when the first one ends.
      if (end !== null && end < LAST && next() < 0.5)
        subscriptions.push({ start: end, end: null, mrr: mrr * 2 });
    }
    return { plan: i % 2 ? "Pro" : "Basic", purchases, subscriptions };
  });
}

/** The instant a local month starts in Berlin: midnight CEST (UTC+2) from April to October, else CET. */
function berlinMonthStart(year: number, month: number): number {
  const y = year + Math.floor((month - 1) / 12);
  const m = ((((month - 1) % 12) + 12) % 12) + 1;
  return Date.UTC(y, m - 1, 1) - (m >= 4 && m <= 10 ? 2 : 1) * HOUR;
}

async function load(t: Tenant, customers: Generated[]) {
  const post = async (path: string, body: unknown) => {
    const res = await t.call("POST", path, body);
    if (res.statusCode !== 201) throw new Error(`${path}: ${res.body}`);
  };
  await post("/api/v1/customers", {
    customers: customers.map((c, i) => ({ externalId: `c${i}`, attributes: { plan: c.plan } })),
  });
  await post("/api/v1/orders", {
    orders: customers.flatMap((c, i) =>
      c.purchases.map((p, k) => ({
        externalId: `o${i}-${k}`,
        customerExternalId: `c${i}`,
        orderedAt: new Date(p).toISOString(),
        amount: 20 + ((i * 7 + k * 13) % 90),
      })),
    ),
  });
  await post("/api/v1/subscriptions", {
    subscriptions: customers.flatMap((c, i) =>
      c.subscriptions.map((s, k) => ({
        externalId: `s${i}-${k}`,
        customerExternalId: `c${i}`,
        mrr: s.mrr,
        startedAt: new Date(s.start).toISOString(),
        endedAt: s.end === null ? undefined : new Date(s.end).toISOString(),
      })),
    ),
  });
}

/** The kernel's point for one period over the given customers. */
function expectedPoint(customers: Generated[], from: number, to: number, lost: LostDefinition) {
  const activities: CustomerActivity[] = customers.map((c, i) => ({
    customerId: `c${i}`,
    purchases: c.purchases,
    subscriptions: c.subscriptions.map((s) => ({ start: s.start, end: s.end })),
  }));
  const counts = retentionCounts(activities, { from, to }, lost);
  // Recurring revenue "at" t: started before t and not ended before t (start < t ≤ end).
  const mrrAt = (c: Generated, t: number) =>
    c.subscriptions
      .filter((s) => s.start < t && (s.end === null || s.end >= t))
      .reduce((sum, s) => sum + s.mrr, 0);
  const movements = recurringRevenueMovements(
    customers.map((c) => ({ atStart: mrrAt(c, from), atEnd: mrrAt(c, to) })),
  );
  const revenue = revenueChurn(movements);
  return {
    customers: counts,
    churn: customerChurnRate(counts),
    retention: customerRetentionRate(counts),
    revenueChurn: {
      gross: revenue.gross,
      net: revenue.net,
      mrrAtStart: movements.atStart,
      mrrAtEnd: customers.reduce((sum, c) => sum + mrrAt(c, to), 0),
    },
  };
}

describe("histogram bins", () => {
  it("rounds the width to 1, 2 or 5 × 10^k and puts the tail past the 99th percentile in one bin", () => {
    expect([0.37, 1, 3, 10, 120, 4999].map(niceStep)).toEqual([0.5, 1, 5, 10, 200, 5000]);
    const layout = binLayout({ min: 3, max: 5000, p99: 380 }, 20);
    expect(layout).toEqual({ start: 0, width: 20, count: 20, overflow: true });
    expect([0, 19.99, 20, 399, 400, 5000].map((v) => binIndex(layout, v))).toEqual([0, 0, 1, 19, 20, 20]);
    // Without a long tail the bins stop at the maximum; all equal values make one bin.
    expect(binLayout({ min: 0, max: 95, p99: 94 }, 20)).toEqual({
      start: 0,
      width: 5,
      count: 20,
      overflow: false,
    });
    expect(binLayout({ min: 7, max: 7, p99: 7 }, 10)).toEqual({
      start: 7,
      width: 1,
      count: 1,
      overflow: false,
    });
  });
});

describe.each(testDatabases())("business chart series on $name", (database) => {
  let handle: DbHandle;
  let world: TestWorld;
  let t: Tenant;
  const customers = generate();

  beforeAll(async () => {
    handle = await database.open();
    world = await startApp(handle, { now: NOW });
    t = await makeTenant(world, { timeZone: ZONE });
    await load(t, customers);
  });
  afterAll(async () => {
    await world?.app.close();
    await handle?.close();
  });

  const trend = async (query: string) => {
    const res = await t.call("GET", `/api/v1/business/trend?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  for (const lost of [
    { kind: "noPurchaseFor", days: 60 },
    { kind: "subscriptionEnded" },
  ] satisfies LostDefinition[]) {
    it(`gives the kernel's churn, CRR and revenue churn per local month (lost: ${lost.kind})`, async () => {
      const res = await t.call("PATCH", "/api/v1/business/settings", { lost });
      expect(res.statusCode, res.body).toBe(200);
      const body = await trend("from=2025-03-15&to=2026-03-01&unit=month");
      expect(body.unit).toBe("month");
      expect(body.lost).toEqual(lost);
      expect(body.points.map((p: { period: string }) => p.period)).toEqual([
        "2025-03",
        "2025-04",
        "2025-05",
        "2025-06",
        "2025-07",
        "2025-08",
        "2025-09",
        "2025-10",
        "2025-11",
        "2025-12",
        "2026-01",
        "2026-02",
      ]);
      expect(body.points.map((p: { partial: boolean }) => p.partial)).toEqual([
        true,
        ...Array(11).fill(false),
      ]);
      for (const [k, point] of body.points.entries()) {
        const from = k === 0 ? Date.UTC(2025, 2, 15) - HOUR : berlinMonthStart(2025, 3 + k);
        const to = berlinMonthStart(2025, 4 + k);
        expect([point.from, point.to]).toEqual([new Date(from).toISOString(), new Date(to).toISOString()]);
        const { customers: counts, ...rates } = expectedPoint(customers, from, to, lost);
        expect(point.customers, point.period).toEqual(counts);
        expect(point.churn).toEqual(rates.churn);
        expect(point.retention).toEqual(rates.retention);
        expect(point.revenueChurn.gross).toBeCloseTo(rates.revenueChurn.gross ?? Number.NaN, 9);
        expect(point.revenueChurn.mrrAtStart).toBeCloseTo(rates.revenueChurn.mrrAtStart, 9);
        expect(point.revenueChurn.mrrAtEnd).toBeCloseTo(rates.revenueChurn.mrrAtEnd, 9);
        if (rates.revenueChurn.net === null) expect(point.revenueChurn.net).toBeNull();
        else expect(point.revenueChurn.net).toBeCloseTo(rates.revenueChurn.net, 9);
      }
      // Somebody churns somewhere, so the comparison is not between empty periods.
      expect(body.points.some((p: { customers: { lost: number } }) => p.customers.lost > 0)).toBe(true);
    });
  }

  it("splits quarters and narrows to a filter", async () => {
    const lost = { kind: "noPurchaseFor", days: 90 } as const;
    await t.call("PATCH", "/api/v1/business/settings", { lost });
    const body = await trend(
      `from=2025-01-01&to=2026-01-01&unit=quarter&filter=${encodeURIComponent("plan = Pro")}`,
    );
    expect(body.points.map((p: { period: string }) => p.period)).toEqual([
      "2025-Q1",
      "2025-Q2",
      "2025-Q3",
      "2025-Q4",
    ]);
    const pro = customers.filter((c) => c.plan === "Pro");
    for (const [k, point] of body.points.entries()) {
      const expected = expectedPoint(
        pro,
        berlinMonthStart(2025, 1 + 3 * k),
        berlinMonthStart(2025, 4 + 3 * k),
        lost,
      );
      expect(point.customers).toEqual(expected.customers);
      expect(point.churn).toEqual(expected.churn);
    }
  });

  it("names the field of a bad query", async () => {
    const week = await t.call("GET", "/api/v1/business/trend?unit=week");
    expect(week.statusCode).toBe(400);
    expect(week.json().error.field).toBe("query.unit");
    const long = await t.call("GET", "/api/v1/business/trend?from=2018-01-01&to=2026-01-01&unit=month");
    expect(long.statusCode).toBe(400);
    expect(long.json().error).toMatchObject({ code: "validation_failed", field: "query.unit" });
    expect(
      (await t.call("GET", "/api/v1/business/trend?from=2026-02-01&to=2026-01-01")).json().error.field,
    ).toBe("query.from");
    // Eight years by quarter is 32 points: allowed.
    expect((await trend("from=2018-01-01&to=2026-01-01&unit=quarter")).points).toHaveLength(32);
    const bins = await t.call("GET", "/api/v1/clv/distribution?bins=1");
    expect(bins.statusCode).toBe(400);
    expect(bins.json().error.field).toBe("query.bins");
  });

  it("histograms the predicted CLV of the latest fit as the predictions say", async () => {
    expect((await t.call("GET", "/api/v1/clv/distribution")).statusCode).toBe(404);
    const fit = await t.call("POST", "/api/v1/clv/fit", { calibrationEnd: "2026-02-28" });
    expect(fit.statusCode, fit.body).toBe(201);
    const list = await t.call("GET", "/api/v1/clv/customers?limit=500");
    const values = (list.json().items as { clv: number | null }[])
      .map((c) => c.clv)
      .filter((v): v is number => v !== null)
      .sort((x, y) => x - y);
    expect(values.length).toBeGreaterThan(20);

    for (const bins of [20, 5]) {
      const res = await t.call("GET", `/api/v1/clv/distribution?bins=${bins}`);
      expect(res.statusCode, res.body).toBe(200);
      const d = res.json();
      expect(d.fit.id).toBe(fit.json().id);
      expect(d.n).toBe(values.length);
      expect(d.missing).toBe(list.json().total - values.length);
      expect(d.total).toBeCloseTo(
        values.reduce((a, b) => a + b, 0),
        6,
      );
      expect(d.mean).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 6);
      expect(d.median).toBeCloseTo(percentile(values, 0.5) ?? Number.NaN, 6);
      expect(d.p90).toBeCloseTo(percentile(values, 0.9) ?? Number.NaN, 6);
      expect(d.p99).toBeCloseTo(percentile(values, 0.99) ?? Number.NaN, 6);
      expect(d.max).toBeCloseTo(values.at(-1) ?? Number.NaN, 9);
      expect(d.bins.length).toBeLessThanOrEqual(bins + 1);
      // Every customer is counted once, in the bin whose edges hold their value.
      expect(d.bins.reduce((s: number, b: { count: number }) => s + b.count, 0)).toBe(values.length);
      for (const bin of d.bins as { from: number; to: number | null; count: number }[]) {
        const inside = values.filter((v) => v >= bin.from - 1e-9 && (bin.to === null || v < bin.to - 1e-9));
        expect(bin.count).toBe(inside.length);
      }
      expect(d.bins[0].from).toBeLessThanOrEqual(values[0] ?? 0);
    }
  });

  it("keeps every series inside its workspace", async () => {
    const other = await makeTenant(world, { timeZone: ZONE });
    const empty = (await other.call("GET", "/api/v1/business/trend?from=2025-03-01&to=2026-03-01")).json();
    expect(empty.points).toHaveLength(12);
    for (const p of empty.points) {
      expect(p.customers).toEqual({ atStart: 0, atEnd: 0, acquired: 0, lost: 0, joinedAndLost: 0 });
      expect(p.revenueChurn.mrrAtStart).toBe(0);
    }
    // The first workspace has a fit; the other one does not see it.
    expect((await other.call("GET", "/api/v1/clv/distribution")).statusCode).toBe(404);
    await load(other, customers.slice(0, 3));
    expect((await other.call("POST", "/api/v1/clv/fit", { calibrationEnd: "2026-02-28" })).statusCode).toBe(
      201,
    );
    const d = (await other.call("GET", "/api/v1/clv/distribution")).json();
    expect(d.n + d.missing).toBe(customers.slice(0, 3).filter((c) => c.purchases.length).length);
  });
});
