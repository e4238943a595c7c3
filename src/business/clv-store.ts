/**
 * Predictive CLV in the database: the per-customer purchase summary the models fit on (the SQL form of
 * `summarizeTransactions`, property-tested against it), and the latest fit with its predictions.
 */
import { sql } from "kysely";
import type { Db } from "../db/connection.js";
import { type Grouping, groupKey, joinGroups } from "./groups.js";
import { PURCHASE } from "./retention-store.js";

export interface SummaryRow {
  customer_id: string;
  /** Distinct purchase days − 1. */
  frequency: number;
  /** Days from the first to the last purchase day. */
  recency_days: number;
  /** Days from the first purchase day to the calibration end. */
  age_days: number;
  /** Total of the repeat purchase days (all but the first); null without repeats. */
  repeat_total: number | null;
  first_purchase: string;
}

/**
 * One row per customer with a purchase on or before `calibrationEnd` (a local day): purchases on the
 * same local day are one purchase, their amounts added. Refunds are not purchases.
 */
export async function purchaseSummarySql(
  db: Db,
  workspaceId: string,
  options: { calibrationEnd: string; endInstant: Date; timeZone: string },
): Promise<SummaryRow[]> {
  const { rows } = await sql<SummaryRow>`
    with days as (
      select o.customer_id, (o.ordered_at at time zone ${options.timeZone})::date as day, sum(o.amount) as total
      from orders o
      where o.workspace_id = ${workspaceId} and ${PURCHASE} and o.ordered_at < ${options.endInstant}
      group by 1, 2),
    numbered as (
      select customer_id, day, total, row_number() over (partition by customer_id order by day) as k from days)
    select customer_id, (count(*) - 1)::int as frequency, (max(day) - min(day))::int as recency_days,
      (${options.calibrationEnd}::date - min(day))::int as age_days,
      sum(total) filter (where k > 1)::float8 as repeat_total, to_char(min(day), 'YYYY-MM-DD') as first_purchase
    from numbered group by customer_id order by customer_id`.execute(db);
  return rows;
}

export interface FitInsert {
  id: string;
  calibrationEnd: string;
  unit: string;
  horizonMonths: number;
  monthlyDiscountRate: number;
  purchases: unknown;
  spend: unknown;
  totals: unknown;
  createdAt: Date;
}

export interface PredictionInsert {
  customer_id: string;
  frequency: number;
  recency: number;
  age: number;
  monetary: number | null;
  probability_alive: number | null;
  expected_purchases: number | null;
  expected_spend: number | null;
  clv: number | null;
}

const CHUNK = 5000;

/** Stores a fit and its predictions, replacing earlier fits of the workspace (call in a transaction). */
export async function replaceFit(
  db: Db,
  workspaceId: string,
  fit: FitInsert,
  predictions: PredictionInsert[],
) {
  await db.deleteFrom("clv_fits").where("workspace_id", "=", workspaceId).execute();
  await db
    .insertInto("clv_fits")
    .values({
      workspace_id: workspaceId,
      id: fit.id,
      calibration_end: fit.calibrationEnd,
      unit: fit.unit,
      horizon_months: fit.horizonMonths,
      monthly_discount_rate: fit.monthlyDiscountRate,
      purchases: fit.purchases === null ? null : JSON.stringify(fit.purchases),
      spend: fit.spend === null ? null : JSON.stringify(fit.spend),
      totals: JSON.stringify(fit.totals),
      created_at: fit.createdAt,
    })
    .execute();
  for (let i = 0; i < predictions.length; i += CHUNK) {
    const json = JSON.stringify(predictions.slice(i, i + CHUNK));
    await sql`insert into clv_predictions (workspace_id, fit_id, customer_id, frequency, recency, age, monetary,
        probability_alive, expected_purchases, expected_spend, clv)
      select ${workspaceId}, ${fit.id}, p.* from jsonb_to_recordset(${json}::jsonb) as p(customer_id uuid,
        frequency integer, recency double precision, age double precision, monetary double precision,
        probability_alive double precision, expected_purchases double precision, expected_spend double precision,
        clv double precision)`.execute(db);
  }
}

/** The workspace's latest fit. */
export function latestFit(db: Db, workspaceId: string) {
  return db
    .selectFrom("clv_fits")
    .select([
      "id",
      "unit",
      "horizon_months",
      "monthly_discount_rate",
      "purchases",
      "spend",
      "totals",
      "created_at",
      (eb) => eb.cast<string>("calibration_end", "text").as("calibration_end"),
    ])
    .where("workspace_id", "=", workspaceId)
    .orderBy("created_at", "desc")
    .executeTakeFirst();
}

export type PredictionSort = "clv" | "probabilityAlive" | "expectedPurchases";

const SORT_COLUMN = {
  clv: "p.clv",
  probabilityAlive: "p.probability_alive",
  expectedPurchases: "p.expected_purchases",
} as const;

const PREDICTION_COLUMNS = [
  "p.customer_id",
  "c.external_id",
  "c.name",
  "p.frequency",
  "p.recency",
  "p.age",
  "p.monetary",
  "p.probability_alive",
  "p.expected_purchases",
  "p.expected_spend",
  "p.clv",
] as const;

function predictions(db: Db, workspaceId: string, fitId: string) {
  return db
    .selectFrom("clv_predictions as p")
    .innerJoin("customers as c", (j) =>
      j.onRef("c.workspace_id", "=", "p.workspace_id").onRef("c.id", "=", "p.customer_id"),
    )
    .select(PREDICTION_COLUMNS)
    .where("p.workspace_id", "=", workspaceId)
    .where("p.fit_id", "=", fitId);
}

export type PredictionRow = Awaited<ReturnType<typeof predictionsPage>>[number];

/** A page of a fit's predictions with the customers' external ids, best first, by offset. */
export function predictionsPage(
  db: Db,
  workspaceId: string,
  fitId: string,
  options: { sort: PredictionSort; offset: number; limit: number },
) {
  const column = SORT_COLUMN[options.sort];
  return predictions(db, workspaceId, fitId)
    .orderBy(sql`${sql.ref(column)} desc nulls last`)
    .orderBy("p.customer_id")
    .offset(options.offset)
    .limit(options.limit)
    .execute();
}

/** The predictions after a keyset position, by CLV (missing last) then customer id, both descending. */
export function predictionsAfter(
  db: Db,
  workspaceId: string,
  fitId: string,
  after: { clv: number; customerId: string } | null,
  limit: number,
) {
  const key = sql`coalesce(p.clv, '-Infinity'::float8)`;
  let query = predictions(db, workspaceId, fitId);
  if (after)
    query = query.where(
      sql<boolean>`(${key}, p.customer_id) < (${after.clv}::float8, ${after.customerId}::uuid)`,
    );
  return query.orderBy(sql`${key} desc`).orderBy("p.customer_id", "desc").limit(limit).execute();
}

/** Customers in a fit. */
export async function predictionCount(db: Db, workspaceId: string, fitId: string): Promise<number> {
  const row = await db
    .selectFrom("clv_predictions")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("workspace_id", "=", workspaceId)
    .where("fit_id", "=", fitId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Predicted CLV per group: customers with a prediction, their summed and mean CLV and P(alive). */
export async function predictedValueSql(db: Db, workspaceId: string, fitId: string, grouping?: Grouping) {
  const { rows } = await sql<{
    grp: string;
    n: number;
    clv_sum: number | null;
    clv_mean: number | null;
    alive_mean: number | null;
  }>`
    select ${groupKey(grouping)} as grp, count(*)::int as n, sum(p.clv)::float8 as clv_sum,
      avg(p.clv)::float8 as clv_mean, avg(p.probability_alive)::float8 as alive_mean
    from clv_predictions p ${joinGroups(grouping, sql`p.customer_id`)}
    where p.workspace_id = ${workspaceId} and p.fit_id = ${fitId}
    group by 1`.execute(db);
  return new Map(rows.map((r) => [r.grp, r]));
}
