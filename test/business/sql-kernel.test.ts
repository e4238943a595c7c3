/**
 * The SQL aggregations of the business metrics agree with the pure definitions in src/metrics on random
 * customer data, on every test database.
 */
import fc from "fast-check";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localDayOf } from "../../src/analytics/time.js";
import { createWorkspace } from "../../src/auth/service.js";
import { purchaseSummarySql } from "../../src/business/clv-store.js";
import { cohortCountsSql, periodIndexSql } from "../../src/business/cohort-store.js";
import { engagementSql } from "../../src/business/engagement-store.js";
import { customerGrouping } from "../../src/business/groups.js";
import { recurringMovementsSql, retentionCountsSql } from "../../src/business/retention-store.js";
import {
  breadthCountsSql,
  buyerCountsSql,
  newCustomersSql,
  revenueSql,
} from "../../src/business/revenue-store.js";
import type { DbHandle } from "../../src/db/connection.js";
import { newId } from "../../src/ids.js";
import {
  activeSpans,
  activityTime,
  buyerCounts,
  type CustomerActivity,
  cohortRetention,
  coreActionShares,
  type LostDefinition,
  productBreadthCounts,
  recurringRevenueMovements,
  referralCounts,
  retentionCounts,
  visitFrequency,
} from "../../src/metrics/business.js";
import { summarizeTransactions } from "../../src/metrics/clv/summary.js";
import { meanSummary } from "../../src/metrics/stats.js";
import { testDatabases } from "../helpers/db.js";

const DAY = 86_400_000;
const BASE = Date.parse("2025-06-01T00:00:00Z");
const RUNS = Number(process.env.PROPERTY_RUNS ?? 25);

interface Order {
  at: number;
  amount: number;
  product: string | null;
}
interface Subscription {
  start: number;
  end: number | null;
  cancelled: number | null;
  mrr: number;
}
interface Usage {
  at: number;
  name: string;
  duration: number | null;
}
interface Customer {
  segment: "a" | "b";
  acquired: number | null;
  referred: boolean;
  orders: Order[];
  subscriptions: Subscription[];
  usage: Usage[];
}

/** Instants on a coarse grid (hours) so that touching and equal boundaries happen often. */
const instant = fc.integer({ min: -200 * 24, max: 200 * 24 }).map((h) => BASE + h * 3_600_000);
const orderArb: fc.Arbitrary<Order> = fc.record({
  at: instant,
  amount: fc.oneof(fc.integer({ min: 1, max: 500 }), fc.constantFrom(0, -20, 12.5)),
  product: fc.option(fc.constantFrom("Pro", "Basic", "Books"), { nil: null }),
});
const subscriptionArb: fc.Arbitrary<Subscription> = fc
  .record({
    start: instant,
    length: fc.option(fc.integer({ min: 0, max: 300 * 24 }), { nil: null }),
    cancelledOnly: fc.boolean(),
    mrr: fc.constantFrom(0, 10, 25, 49.5, 100),
  })
  .map(({ start, length, cancelledOnly, mrr }) => {
    const end = length === null ? null : start + length * 3_600_000;
    return { start, end: cancelledOnly ? null : end, cancelled: cancelledOnly ? end : null, mrr };
  });
const usageArb: fc.Arbitrary<Usage> = fc.record({
  at: instant,
  name: fc.constantFrom("session", "export", "invite"),
  duration: fc.option(fc.integer({ min: 0, max: 3600 }), { nil: null }),
});
const customerArb: fc.Arbitrary<Customer> = fc.record({
  segment: fc.constantFrom("a", "b"),
  acquired: fc.option(instant, { nil: null }),
  referred: fc.boolean(),
  orders: fc.array(orderArb, { maxLength: 6 }),
  subscriptions: fc.array(subscriptionArb, { maxLength: 3 }),
  usage: fc.array(usageArb, { maxLength: 6 }),
});
const periodArb = fc
  .tuple(instant, fc.integer({ min: 1, max: 120 * 24 }))
  .map(([from, hours]) => ({ from, to: from + hours * 3_600_000 }));
const lostArb: fc.Arbitrary<LostDefinition> = fc.oneof(
  fc.constant({ kind: "subscriptionEnded" as const }),
  fc.integer({ min: 1, max: 90 }).map((days) => ({ kind: "noPurchaseFor" as const, days })),
);

const end = (s: Subscription) => s.end ?? s.cancelled;
const purchases = (c: Customer) => c.orders.filter((o) => o.amount >= 0);

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) out.set(key(item), [...(out.get(key(item)) ?? []), item]);
  return out;
}

describe.each(testDatabases())("business SQL = kernel on $name", (database) => {
  let handle: DbHandle;
  let workspaceId: string;
  let ids: string[] = [];

  beforeAll(async () => {
    handle = await database.open();
    const ws = await createWorkspace(handle.db, { name: "Prop", slug: `prop-${newId()}`, timeZone: "UTC" });
    workspaceId = ws.id;
  });
  afterAll(async () => {
    await handle?.close();
  });

  /** Replaces the workspace's customer data with the generated customers. */
  async function load(customers: readonly Customer[]) {
    const { db } = handle;
    await db.deleteFrom("customers").where("workspace_id", "=", workspaceId).execute();
    ids = customers.map(() => newId());
    if (!customers.length) return;
    await db
      .insertInto("customers")
      .values(
        customers.map((c, i) => ({
          workspace_id: workspaceId,
          id: ids[i] ?? "",
          external_id: `c-${i}`,
          attributes: JSON.stringify({ seg: c.segment }),
          acquired_at: c.acquired === null ? null : new Date(c.acquired),
          referred_by: c.referred ? "someone" : null,
        })),
      )
      .execute();
    const orders = customers.flatMap((c, i) =>
      c.orders.map((o, k) => ({
        workspace_id: workspaceId,
        id: newId(),
        external_id: `o-${i}-${k}`,
        customer_id: ids[i] ?? "",
        ordered_at: new Date(o.at),
        amount: o.amount,
        product: o.product,
        category: o.product,
      })),
    );
    if (orders.length) await db.insertInto("orders").values(orders).execute();
    const subs = customers.flatMap((c, i) =>
      c.subscriptions.map((s, k) => ({
        workspace_id: workspaceId,
        id: newId(),
        external_id: `s-${i}-${k}`,
        customer_id: ids[i] ?? "",
        mrr: s.mrr,
        started_at: new Date(s.start),
        ended_at: s.end === null ? null : new Date(s.end),
        cancelled_at: s.cancelled === null ? null : new Date(s.cancelled),
      })),
    );
    if (subs.length) await db.insertInto("subscriptions").values(subs).execute();
    const usage = customers.flatMap((c, i) =>
      c.usage.map((u, k) => ({
        workspace_id: workspaceId,
        id: newId(),
        external_id: `u-${i}-${k}`,
        customer_id: ids[i] ?? "",
        occurred_at: new Date(u.at),
        name: u.name,
        duration: u.duration,
      })),
    );
    if (usage.length) await db.insertInto("usage_events").values(usage).execute();
  }

  const activity = (c: Customer, i: number): CustomerActivity => ({
    customerId: ids[i] ?? "",
    purchases: purchases(c).map((o) => o.at),
    subscriptions: c.subscriptions.map((s) => ({ start: s.start, end: end(s) })),
  });

  it("retention counts and active customers, whole and by segment", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(customerArb, { maxLength: 8 }),
        periodArb,
        lostArb,
        async (customers, p, lost) => {
          await load(customers);
          const period = { from: new Date(p.from), to: new Date(p.to) };
          const grouping = customerGrouping(workspaceId, [], "seg");
          const [all, split] = [
            await retentionCountsSql(handle.db, workspaceId, period, lost),
            await retentionCountsSql(handle.db, workspaceId, period, lost, grouping),
          ];
          const expected = (list: { c: Customer; i: number }[]) => {
            const counts = retentionCounts(
              list.map(({ c, i }) => activity(c, i)),
              p,
              lost,
            );
            const active = list.filter(({ c, i }) =>
              activeSpans(activity(c, i), lost).some(
                (s) => s.start < p.to && (s.end === null || s.end >= p.from),
              ),
            ).length;
            return active ? { ...counts, active } : undefined;
          };
          const indexed = customers.map((c, i) => ({ c, i }));
          expect(all.get("")).toEqual(expected(indexed));
          for (const [segment, list] of groupBy(indexed, ({ c }) => c.segment)) {
            expect(split.get(segment)).toEqual(expected(list));
          }
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("recurring revenue movements", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(customerArb, { maxLength: 8 }), periodArb, async (customers, p) => {
        await load(customers);
        const got = await recurringMovementsSql(handle.db, workspaceId, {
          from: new Date(p.from),
          to: new Date(p.to),
        });
        const mrrAt = (c: Customer, t: number) =>
          c.subscriptions
            .filter((s) => s.start < t && (end(s) === null || (end(s) ?? 0) >= t))
            .reduce((sum, s) => sum + s.mrr, 0);
        const touching = customers.filter((c) =>
          c.subscriptions.some((s) => s.start < p.to && (end(s) === null || (end(s) ?? 0) >= p.from)),
        );
        const want = recurringRevenueMovements(
          touching.map((c) => ({ atStart: mrrAt(c, p.from), atEnd: mrrAt(c, p.to) })),
        );
        const row = got.get("");
        if (!touching.length) {
          expect(row).toBeUndefined();
          return;
        }
        expect(row).toMatchObject(want);
        expect(row?.atEnd).toBeCloseTo(
          touching.reduce((s, c) => s + mrrAt(c, p.to), 0),
          9,
        );
      }),
      { numRuns: RUNS },
    );
  });

  it("revenue, buyers, product breadth and referrals", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(customerArb, { maxLength: 8 }),
        periodArb,
        fc.constantFrom("product" as const, "category" as const),
        async (customers, p, by) => {
          await load(customers);
          const period = { from: new Date(p.from), to: new Date(p.to) };
          const inPeriod = (at: number) => at >= p.from && at < p.to;
          const orders = customers.flatMap((c, i) =>
            c.orders.filter((o) => inPeriod(o.at)).map((o) => ({ ...o, customerId: `${i}` })),
          );
          const bought = orders.filter((o) => o.amount >= 0);

          const revenue = (await revenueSql(handle.db, workspaceId, period)).get("");
          if (orders.length)
            expect(revenue?.revenue).toBeCloseTo(
              orders.reduce((s, o) => s + o.amount, 0),
              9,
            );
          else expect(revenue).toBeUndefined();

          const buyers = (await buyerCountsSql(handle.db, workspaceId, period)).get("") ?? {
            buyers: 0,
            repeatBuyers: 0,
          };
          expect(buyers).toEqual(buyerCounts(bought));

          const breadth = (await breadthCountsSql(handle.db, workspaceId, period, by)).get("") ?? {
            singleProduct: 0,
            multiProduct: 0,
          };
          expect(breadth).toEqual(
            productBreadthCounts(
              bought
                .filter((o) => o.product !== null)
                .map((o) => ({ customerId: o.customerId, product: o.product ?? "" })),
            ),
          );

          const acquiredAt = (c: Customer) => {
            if (c.acquired !== null) return c.acquired;
            const firsts = [...c.orders.map((o) => o.at), ...c.subscriptions.map((s) => s.start)];
            return firsts.length ? Math.min(...firsts) : null;
          };
          const joined = customers.filter((c) => {
            const at = acquiredAt(c);
            return at !== null && inPeriod(at);
          });
          const referrals = (await newCustomersSql(handle.db, workspaceId, period)).get("") ?? {
            newCustomers: 0,
            referred: 0,
          };
          expect(referrals).toEqual(
            referralCounts(joined.map((c) => ({ referredBy: c.referred ? "someone" : null }))),
          );
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("cohort triangle, by purchases or by subscriptions, in a time zone with DST", async () => {
    const timeZone = "America/New_York";
    const monthIndex = (at: number) => {
      const [y, m] = localDayOf(new Date(at), timeZone).split("-").map(Number);
      return (y ?? 0) * 12 + (m ?? 1) - 1;
    };
    await fc.assert(
      fc.asyncProperty(
        fc.array(customerArb, { maxLength: 8 }),
        periodArb,
        lostArb,
        async (customers, p, lost) => {
          await load(customers);
          const firstPeriod = monthIndex(p.from);
          const lastPeriod = monthIndex(p.to - 1);
          const counts = await cohortCountsSql(
            handle.db,
            workspaceId,
            { from: new Date(p.from), to: new Date(p.to) },
            { lost, unit: "month", timeZone, firstPeriod, lastPeriod },
          );
          const members = customers.flatMap((c) => {
            let periods: number[];
            if (lost.kind === "noPurchaseFor") {
              periods = purchases(c)
                .filter((o) => o.at < p.to)
                .map((o) => monthIndex(o.at));
            } else {
              periods = c.subscriptions
                .filter((s) => s.start < p.to && (end(s) === null || (end(s) ?? 0) > s.start))
                .flatMap((s) => {
                  const e = end(s);
                  const last = e === null ? lastPeriod : Math.min(lastPeriod, monthIndex(e - 0.001));
                  const first = monthIndex(s.start);
                  return Array.from({ length: Math.max(0, last - first + 1) }, (_, k) => first + k);
                });
            }
            if (!periods.length) return [];
            const first = Math.min(...periods);
            return first >= firstPeriod ? [{ firstPeriod: first, activePeriods: periods }] : [];
          });
          const triangle = cohortRetention(members, lastPeriod);
          const fromSql = new Map(counts.map((r) => [`${r.cohort}/${r.k}`, r.active]));
          const fromKernel = new Map<string, number>();
          for (const row of triangle.rows) {
            row.active.forEach((n, k) => {
              if (n > 0) fromKernel.set(`${row.cohort}/${k}`, n);
            });
          }
          expect(fromSql).toEqual(fromKernel);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("period indexes of weeks and quarters", async () => {
    const at = new Date("2026-01-04T23:30:00Z");
    const { rows } = await sql<{
      w: number;
      q: number;
      m: number;
    }>`select ${periodIndexSql("week", sql`${at}::timestamptz`, "Europe/Moscow")} as w,
      ${periodIndexSql("quarter", sql`${at}::timestamptz`, "UTC")} as q, ${periodIndexSql("month", sql`${at}::timestamptz`, "Europe/Moscow")} as m`.execute(
      handle.db,
    );
    // 2026-01-05 02:30 in Moscow is a Monday: the first day of a week.
    expect(rows[0]).toEqual({
      w: (Date.parse("2026-01-05") - Date.parse("1970-01-05")) / (7 * DAY),
      q: 2026 * 4,
      m: 2026 * 12,
    });
  });

  it("purchase summary for the CLV models, in local days", async () => {
    const timeZone = "Europe/Moscow";
    await fc.assert(
      fc.asyncProperty(fc.array(customerArb, { maxLength: 8 }), instant, async (customers, endAt) => {
        await load(customers);
        const calibrationEnd = localDayOf(new Date(endAt), timeZone);
        const next = new Date(Date.parse(`${calibrationEnd}T00:00:00+03:00`) + DAY);
        const rows = await purchaseSummarySql(handle.db, workspaceId, {
          calibrationEnd,
          endInstant: next,
          timeZone,
        });
        const want = summarizeTransactions(
          customers.flatMap((c, i) =>
            purchases(c).map((o) => ({
              customerId: ids[i] ?? "",
              date: localDayOf(new Date(o.at), timeZone),
              amount: o.amount,
            })),
          ),
          { calibrationEnd, unit: "days" },
        );
        expect(rows.length).toBe(want.length);
        const byId = new Map(want.map((w) => [w.customerId, w]));
        for (const row of rows) {
          const w = byId.get(row.customer_id);
          expect(w).toBeDefined();
          expect([row.frequency, row.recency_days, row.age_days, row.first_purchase]).toEqual([
            w?.frequency,
            w?.recency,
            w?.age,
            w?.firstPurchase,
          ]);
          if (w?.monetary === null) expect(row.repeat_total).toBeNull();
          else expect((row.repeat_total ?? 0) / row.frequency).toBeCloseTo(w?.monetary ?? 0, 9);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("engagement: activity time, visit frequency and core actions", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(customerArb, { maxLength: 8 }), periodArb, async (customers, p) => {
        await load(customers);
        const core = ["export", "invite"];
        const [got] = await engagementSql(
          handle.db,
          workspaceId,
          { from: new Date(p.from), to: new Date(p.to) },
          { timeZone: "UTC", coreActions: core },
        );
        const events = customers.flatMap((c, i) =>
          c.usage.filter((u) => u.at >= p.from && u.at < p.to).map((u) => ({ ...u, userId: `${i}` })),
        );
        if (!events.length) {
          expect(got).toBeUndefined();
          return;
        }
        const sessions = events
          .filter((e) => e.duration !== null)
          .map((e) => ({ userId: e.userId, duration: e.duration ?? 0 }));
        expect(meanSummary(got?.time ?? { n: 0, sum: 0, sumSquares: 0 })).toEqual(activityTime(sessions));
        expect(meanSummary(got?.visits ?? { n: 0, sum: 0, sumSquares: 0 })).toEqual(visitFrequency(sessions));
        const shares = coreActionShares(
          events.map((e) => ({ userId: e.userId, action: e.name })),
          core,
          sessions.map((s) => s.userId),
        );
        expect(got?.activeUsers).toBe(shares.activeUsers);
        for (const { action, share } of shares.actions)
          expect(got?.actions.get(action) ?? 0).toBe(share.count);
      }),
      { numRuns: RUNS },
    );
  });
});
