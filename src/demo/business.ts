/**
 * Demo orders, subscriptions, costs and usage for the demo customers, so the business pages have two
 * years of history. Customers who score higher buy more often and stay longer, so promoters are worth
 * more than detractors, as in the field.
 */

import { sql } from "kysely";
import { fitClv } from "../business/clv-service.js";
import { updateBusinessSettings } from "../business/settings.js";
import { upsertRecords } from "../customers/ingest.js";
import type { EntityInputs } from "../customers/records.js";
import type {
  TCostInput,
  TCustomerInput,
  TEntity,
  TOrderInput,
  TSubscriptionInput,
  TUsageEventInput,
} from "../customers/schema.js";
import type { Db } from "../db/connection.js";
import type { Rng } from "./random.js";

const DAY = 86_400_000;
const MONTH = 30.44 * DAY;
const CATEGORIES = ["Electronics", "Home", "Kitchen", "Books", "Garden"] as const;
const TICKET: Record<string, number> = { Basic: 2400, Pro: 4200, Enterprise: 11000 };
const CHANNELS = [
  ["search", 4],
  ["social", 3],
  ["referral", 2],
  ["offline", 1],
] as const;
const CLUB = [
  ["Club", 299],
  ["Club Plus", 799],
] as const;

/** What the demo knows about a customer: their external id, product line and score effect (NPS points). */
export interface DemoBuyer {
  externalId: string;
  product: string;
  effect: number;
}

const iso = (ms: number) => new Date(ms).toISOString();
const money = (x: number) => Math.round(x * 100) / 100;

async function inBatches<E extends TEntity>(
  db: Db,
  workspaceId: string,
  entity: E,
  rows: EntityInputs[E][],
  now: Date,
) {
  for (let i = 0; i < rows.length; i += 1000) {
    await upsertRecords(db, workspaceId, entity, rows.slice(i, i + 1000), { now });
  }
}

/** Two years of customer data for the demo workspace, then a first predictive CLV fit. */
export async function seedBusinessData(
  db: Db,
  workspaceId: string,
  buyers: readonly DemoBuyer[],
  r: Rng,
  now: Date,
) {
  const end = now.getTime() - DAY;
  const start = end - 24 * MONTH;
  const customers: TCustomerInput[] = [];
  const orders: TOrderInput[] = [];
  const subscriptions: TSubscriptionInput[] = [];
  const usage: TUsageEventInput[] = [];
  buyers.forEach((b, i) => {
    // Later signups are more common (a growing shop); loyal customers stay and buy more.
    const joined = start + Math.sqrt(r.next()) * (end - start - 7 * DAY);
    const loyalty = Math.max(-0.85, Math.min(2, b.effect / 12));
    const lifetime = -Math.log(1 - r.next()) * MONTH * 14 * (1 + loyalty);
    const leaves = Math.min(end, joined + lifetime);
    const channel = r.weighted(CHANNELS.map(([c, w]) => [c, w] as const));
    const referrer = channel === "referral" && i > 0 ? buyers[r.int(0, i - 1)]?.externalId : undefined;
    customers.push({
      externalId: b.externalId,
      createdAt: iso(joined),
      acquisitionChannel: channel,
      referredBy: referrer ?? null,
    });
    const favourite = r.pick(CATEGORIES);
    const ticket = TICKET[b.product] ?? 3000;
    const gap = (MONTH * 1.5) / (1 + Math.max(-0.6, loyalty));
    let k = 0;
    for (let at = joined; at < leaves && k < 40; at += -Math.log(1 - r.next()) * gap, k++) {
      orders.push({
        externalId: `${b.externalId}-O${k + 1}`,
        customerExternalId: b.externalId,
        orderedAt: iso(at),
        amount: money(ticket * (0.4 + r.next() * 1.2)),
        currency: "RUB",
        product: b.product,
        category: r.next() < 0.7 ? favourite : r.pick(CATEGORIES),
      });
    }
    if (r.next() < 0.3) {
      const [plan, mrr] = r.pick(CLUB);
      const started = joined + r.next() * 30 * DAY;
      if (started < end) {
        subscriptions.push({
          externalId: `${b.externalId}-S1`,
          customerExternalId: b.externalId,
          plan,
          mrr,
          currency: "RUB",
          startedAt: iso(started),
          endedAt: leaves < end ? iso(Math.max(started, leaves)) : null,
        });
      }
    }
    if (r.next() < 0.25) {
      for (let at = Math.max(joined, end - 90 * DAY); at < leaves; at += -Math.log(1 - r.next()) * 9 * DAY) {
        usage.push({
          customerExternalId: b.externalId,
          occurredAt: iso(at),
          name: "session",
          duration: r.int(30, 900),
        });
        if (r.next() < 0.3)
          usage.push({
            customerExternalId: b.externalId,
            occurredAt: iso(at + 60_000),
            name: r.pick(["wishlist", "review", "compare"]),
          });
      }
    }
  });
  const costs: TCostInput[] = [];
  for (let m = 0; m < 24; m++) {
    const d = new Date(end - m * MONTH);
    const month = `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
    const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).toISOString().slice(0, 10);
    const period = { periodStart: `${month}-01`, periodEnd: last, currency: "RUB" };
    costs.push(
      { kind: "acquisition", name: "Ads", amount: 450_000 + r.int(0, 100_000), ...period },
      { kind: "retention", name: "Loyalty programme", amount: 120_000, ...period },
      { kind: "support", name: "Support team", amount: 260_000, ...period },
    );
  }
  await inBatches(db, workspaceId, "customers", customers, now);
  await inBatches(db, workspaceId, "orders", orders, now);
  await inBatches(db, workspaceId, "subscriptions", subscriptions, now);
  await inBatches(db, workspaceId, "costs", costs, now);
  await inBatches(db, workspaceId, "usage", usage, now);
  await updateBusinessSettings(
    db,
    workspaceId,
    { lost: { kind: "noPurchaseFor", days: 180 }, coreActions: ["wishlist", "review"] },
    now,
  );
  // The planner's statistics, for the answers seeded before as much as for these tables.
  await sql`analyze`.execute(db);
  await fitClv(db, workspaceId, {}, now);
  return {
    customers: customers.length,
    orders: orders.length,
    subscriptions: subscriptions.length,
    usage: usage.length,
  };
}
