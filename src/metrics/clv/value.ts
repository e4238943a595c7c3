/**
 * Predictive customer lifetime value: BG/NBD for how many purchases a customer will make, Gamma-Gamma
 * for how much each is worth, discounted month by month as in `lifetimes`' `customer_lifetime_value`
 * (a discounted-cash-flow sum over monthly increments of the expected purchases).
 */
import { type BgNbdParams, bgNbdConditionalExpectedPurchases, bgNbdProbabilityAlive } from "./bg-nbd.js";
import { type GammaGammaParams, gammaGammaExpectedSpend } from "./gamma-gamma.js";
import type { RfmmCustomer } from "./rfm.js";
import type { TimeUnit } from "./summary.js";

/** Model time units per month, as `lifetimes` counts them (4.345 weeks, 30 days). */
export const PERIODS_PER_MONTH: Readonly<Record<TimeUnit, number>> = { weeks: 4.345, days: 30 };

export interface DiscountOptions {
  /** Horizon in months (a positive integer). */
  months: number;
  /** Discount rate per month, e.g. 0.01 (≈ 12.7% a year). */
  monthlyDiscountRate: number;
  /** Model time units in a month, e.g. PERIODS_PER_MONTH.weeks. */
  periodsPerMonth: number;
}

function assertDiscount({ months, monthlyDiscountRate, periodsPerMonth }: DiscountOptions): void {
  if (!Number.isSafeInteger(months) || months < 1) {
    throw new RangeError(`months must be a positive integer, got ${months}`);
  }
  if (!Number.isFinite(monthlyDiscountRate) || monthlyDiscountRate <= -1) {
    throw new RangeError(`monthlyDiscountRate must be a finite number > −1, got ${monthlyDiscountRate}`);
  }
  if (!(periodsPerMonth > 0) || !Number.isFinite(periodsPerMonth)) {
    throw new RangeError(`periodsPerMonth must be a positive finite number, got ${periodsPerMonth}`);
  }
}

/**
 * Discounted expected value of a customer's purchases over the next `months` months:
 * CLV = Σ_{i=1..months} spend · (E[X(i·f)] − E[X((i−1)·f)]) / (1 + d)^i, where E[X(t)] is the BG/NBD
 * conditional expectation of purchases in (T, T + t], f the periods per month and d the monthly rate.
 */
export function discountedClv(
  params: BgNbdParams,
  customer: RfmmCustomer | { frequency: number; recency: number; age: number },
  expectedSpend: number,
  options: DiscountOptions,
): number {
  assertDiscount(options);
  if (!Number.isFinite(expectedSpend)) {
    throw new RangeError(`expectedSpend must be a finite number, got ${expectedSpend}`);
  }
  const { months, monthlyDiscountRate, periodsPerMonth } = options;
  let value = 0;
  let previous = 0;
  for (let i = 1; i <= months; i++) {
    const cumulative = bgNbdConditionalExpectedPurchases(params, customer, i * periodsPerMonth);
    value += (expectedSpend * (cumulative - previous)) / (1 + monthlyDiscountRate) ** i;
    previous = cumulative;
  }
  return value;
}

/** A customer's predictions over the horizon. */
export interface CustomerValue {
  /** P(alive at the end of calibration). */
  probabilityAlive: number;
  /** Expected purchases over the horizon (months · periodsPerMonth). */
  expectedPurchases: number;
  /** Gamma-Gamma expected spend per purchase; null when the model's mean does not exist. */
  expectedSpend: number | null;
  /** Discounted CLV over the horizon; null with expectedSpend. */
  clv: number | null;
}

export interface CustomerBaseValue {
  customers: CustomerValue[];
  /** Sums over customers; clv is null when any customer's is. */
  total: { n: number; expectedPurchases: number; clv: number | null };
}

/**
 * P(alive), expected purchases, expected spend and discounted CLV for each customer (in input order),
 * and their totals over the customer base.
 */
export function customerBaseValue(
  models: { purchases: BgNbdParams; spend: GammaGammaParams },
  customers: readonly RfmmCustomer[],
  options: DiscountOptions,
): CustomerBaseValue {
  assertDiscount(options);
  const horizon = options.months * options.periodsPerMonth;
  let expectedTotal = 0;
  let clvTotal: number | null = 0;
  const values = customers.map((customer): CustomerValue => {
    const expectedSpend = gammaGammaExpectedSpend(models.spend, customer);
    const expectedPurchases = bgNbdConditionalExpectedPurchases(models.purchases, customer, horizon);
    const clv =
      expectedSpend === null ? null : discountedClv(models.purchases, customer, expectedSpend, options);
    expectedTotal += expectedPurchases;
    clvTotal = clv === null || clvTotal === null ? null : clvTotal + clv;
    return {
      probabilityAlive: bgNbdProbabilityAlive(models.purchases, customer),
      expectedPurchases,
      expectedSpend,
      clv,
    };
  });
  return {
    customers: values,
    total: { n: customers.length, expectedPurchases: expectedTotal, clv: clvTotal },
  };
}
