/**
 * Predictive CLV (spec §2): summarize each customer's purchases up to the calibration end (SQL, local
 * days, weeks), fit BG/NBD and Gamma-Gamma by maximum likelihood (src/metrics/clv), and store P(alive),
 * expected purchases and discounted CLV per customer. A new fit replaces the previous one.
 */
import { addDays, localDayOf, startOfLocalDay } from "../analytics/time.js";
import { getWorkspace } from "../auth/service.js";
import type { Db } from "../db/connection.js";
import { invalid, notFound } from "../http/errors.js";
import { newId } from "../ids.js";
import {
  type BgNbdParams,
  bgNbdConditionalExpectedPurchases,
  bgNbdProbabilityAlive,
  type CustomerValue,
  discountedClv,
  type FitReport,
  fitBgNbd,
  fitGammaGamma,
  type GammaGammaParams,
  gammaGammaExpectedSpend,
  PERIODS_PER_MONTH,
  type RfmmCustomer,
  repeatBuyers,
} from "../metrics/clv/index.js";
import {
  latestFit,
  type PredictionRow,
  type PredictionSort,
  predictionCount,
  predictionsAfter,
  predictionsPage,
  purchaseSummarySql,
  replaceFit,
} from "./clv-store.js";
import { type TClvCustomer, type TClvFit, type TClvFitInput, ZClvFit } from "./schema.js";
import { getBusinessSettings } from "./settings.js";

/**
 * Each customer's P(alive), expected purchases, expected spend and discounted CLV, as `customerBaseValue`
 * computes them, except that a customer whose repeat purchases were all free (mean 0, outside the spend
 * model) is given an expected spend of 0.
 */
function customerValues(
  purchases: BgNbdParams,
  spend: GammaGammaParams,
  customers: readonly RfmmCustomer[],
  months: number,
  monthlyDiscountRate: number,
): CustomerValue[] {
  const options = { months, monthlyDiscountRate, periodsPerMonth: PERIODS_PER_MONTH.weeks };
  const horizon = months * PERIODS_PER_MONTH.weeks;
  return customers.map((customer) => {
    const free = customer.frequency > 0 && !((customer.monetary ?? 0) > 0);
    const expectedSpend = finite(free ? 0 : gammaGammaExpectedSpend(spend, customer));
    return {
      probabilityAlive: bgNbdProbabilityAlive(purchases, customer),
      expectedPurchases: bgNbdConditionalExpectedPurchases(purchases, customer, horizon),
      expectedSpend,
      clv: expectedSpend === null ? null : finite(discountedClv(purchases, customer, expectedSpend, options)),
    };
  });
}

/** A number, or null when a degenerate fit made it infinite. */
const finite = (v: number | null) => (v !== null && Number.isFinite(v) ? v : null);

function report<P>(fit: FitReport<P> | null) {
  return fit
    ? {
        params: fit.params,
        logLikelihood: fit.logLikelihood,
        n: fit.n,
        converged: fit.converged,
        iterations: fit.iterations,
      }
    : null;
}

/** Fits the models on the workspace's orders and stores the per-customer predictions. */
export async function fitClv(db: Db, workspaceId: string, input: TClvFitInput, now: Date): Promise<TClvFit> {
  const { time_zone: timeZone } = await getWorkspace(db, workspaceId);
  const settings = await getBusinessSettings(db, workspaceId);
  const today = localDayOf(now, timeZone);
  const calibrationEnd = input.calibrationEnd ?? today;
  if (Number.isNaN(Date.parse(`${calibrationEnd}T00:00:00Z`)))
    throw invalid("calibrationEnd", "not a calendar day");
  if (calibrationEnd > today) throw invalid("calibrationEnd", "must not be in the future");
  const horizonMonths = input.horizonMonths ?? settings.clvHorizonMonths;
  const monthlyDiscountRate = input.monthlyDiscountRate ?? settings.clvMonthlyDiscountRate;

  const rows = await purchaseSummarySql(db, workspaceId, {
    calibrationEnd,
    endInstant: startOfLocalDay(addDays(calibrationEnd, 1), timeZone),
    timeZone,
  });
  const customers: RfmmCustomer[] = rows.map((r) => ({
    frequency: r.frequency,
    recency: r.recency_days / 7,
    age: r.age_days / 7,
    monetary: r.frequency > 0 && r.repeat_total !== null ? r.repeat_total / r.frequency : null,
  }));
  const purchases = fitBgNbd(customers);
  const buyers = repeatBuyers(customers);
  const spend = fitGammaGamma(buyers);
  const values =
    purchases && spend
      ? customerValues(purchases.params, spend.params, customers, horizonMonths, monthlyDiscountRate)
      : null;
  const value = values && {
    customers: values,
    total: {
      expectedPurchases: values.reduce((sum, v) => sum + v.expectedPurchases, 0),
      clv: values.some((v) => v.clv === null) ? null : values.reduce((sum, v) => sum + (v.clv ?? 0), 0),
    },
  };
  const alive = value?.customers.map((c) => c.probabilityAlive) ?? [];
  const fit: TClvFit = {
    id: newId(),
    calibrationEnd,
    unit: "weeks",
    horizonMonths,
    monthlyDiscountRate,
    purchases: report(purchases),
    spend: report(spend),
    totals: {
      customers: customers.length,
      repeatBuyers: buyers.length,
      expectedPurchases: value?.total.expectedPurchases ?? null,
      clv: value?.total.clv ?? null,
      meanProbabilityAlive: alive.length ? alive.reduce((a, b) => a + b, 0) / alive.length : null,
    },
    createdAt: now.toISOString(),
  };
  const predictions = rows.map((r, i) => {
    const c = customers[i];
    const v = value?.customers[i];
    return {
      customer_id: r.customer_id,
      frequency: r.frequency,
      recency: c?.recency ?? 0,
      age: c?.age ?? 0,
      monetary: c?.monetary ?? null,
      probability_alive: v?.probabilityAlive ?? null,
      expected_purchases: v?.expectedPurchases ?? null,
      expected_spend: v?.expectedSpend ?? null,
      clv: v?.clv ?? null,
    };
  });
  await db.transaction().execute((trx) =>
    replaceFit(
      trx,
      workspaceId,
      {
        id: fit.id,
        calibrationEnd,
        unit: fit.unit,
        horizonMonths,
        monthlyDiscountRate,
        purchases: fit.purchases,
        spend: fit.spend,
        totals: fit.totals,
        createdAt: now,
      },
      predictions,
    ),
  );
  return fit;
}

/** The latest fit; not_found before the first. */
export async function getClvFit(db: Db, workspaceId: string): Promise<TClvFit> {
  const row = await latestFit(db, workspaceId);
  if (!row) throw notFound("a CLV fit (POST /api/v1/clv/fit first)");
  return ZClvFit.parse({
    id: row.id,
    calibrationEnd: row.calibration_end,
    unit: row.unit,
    horizonMonths: row.horizon_months,
    monthlyDiscountRate: row.monthly_discount_rate,
    purchases: row.purchases,
    spend: row.spend,
    totals: row.totals,
    createdAt: row.created_at.toISOString(),
  });
}

const toCustomer = (r: PredictionRow): TClvCustomer => ({
  customerId: r.customer_id,
  externalId: r.external_id,
  name: r.name,
  frequency: r.frequency,
  recency: r.recency,
  age: r.age,
  monetary: r.monetary,
  probabilityAlive: r.probability_alive,
  expectedPurchases: r.expected_purchases,
  expectedSpend: r.expected_spend,
  clv: r.clv,
});

/** A page of the latest fit's per-customer predictions, highest first by `sort`. */
export async function clvCustomers(
  db: Db,
  workspaceId: string,
  options: { sort: PredictionSort; offset: number; limit: number },
): Promise<{ fit: TClvFit; total: number; items: TClvCustomer[] }> {
  const fit = await getClvFit(db, workspaceId);
  const rows = await predictionsPage(db, workspaceId, fit.id, options);
  return { fit, total: await predictionCount(db, workspaceId, fit.id), items: rows.map(toCustomer) };
}

/** Every prediction of a fit, highest CLV first, a page at a time (for the CSV export). */
export async function* allClvCustomers(db: Db, workspaceId: string, fitId: string, pageSize = 2000) {
  let after: { clv: number; customerId: string } | null = null;
  for (;;) {
    const rows = await predictionsAfter(db, workspaceId, fitId, after, pageSize);
    if (rows.length) yield rows.map(toCustomer);
    const last = rows.at(-1);
    if (!last || rows.length < pageSize) return;
    after = { clv: last.clv ?? Number.NEGATIVE_INFINITY, customerId: last.customer_id };
  }
}
