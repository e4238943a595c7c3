/**
 * Money per customer (spec §2): the formula form of CLV and its inputs, ARPU, CRC and revenue churn.
 * Amounts are in the workspace's currency; a value that would divide by zero is null.
 */
import { assertCount, assertFinite } from "./validate.js";

/** A per-customer amount: value = amount / n. */
export interface PerCustomer {
  /** Null when n = 0. */
  value: number | null;
  n: number;
}

function perCustomer(amount: number, n: number): PerCustomer {
  return { value: n === 0 ? null : amount / n, n };
}

function assertNonNegative(name: string, value: number): void {
  assertFinite(name, value);
  if (value < 0) throw new RangeError(`${name} must not be negative, got ${value}`);
}

/**
 * ARPU [004] = revenue in the period / active customers in the period. Revenue may be negative (refunds).
 */
export function arpu({
  revenue,
  activeCustomers,
}: {
  revenue: number;
  activeCustomers: number;
}): PerCustomer {
  assertFinite("revenue", revenue);
  assertCount("activeCustomers", activeCustomers);
  return perCustomer(revenue, activeCustomers);
}

/**
 * CRC — customer retention cost [000] = annual cost of support and retention teams and projects / number
 * of active customers.
 */
export function customerRetentionCost({
  annualRetentionCost,
  activeCustomers,
}: {
  annualRetentionCost: number;
  activeCustomers: number;
}): PerCustomer {
  assertNonNegative("annualRetentionCost", annualRetentionCost);
  assertCount("activeCustomers", activeCustomers);
  return perCustomer(annualRetentionCost, activeCustomers);
}

/** CLV input: annual revenue per customer = trailing-12-month revenue / customers active in that window. */
export function annualRevenuePerCustomer({
  trailingYearRevenue,
  activeCustomers,
}: {
  trailingYearRevenue: number;
  activeCustomers: number;
}): PerCustomer {
  assertFinite("trailingYearRevenue", trailingYearRevenue);
  assertCount("activeCustomers", activeCustomers);
  return perCustomer(trailingYearRevenue, activeCustomers);
}

/** CAC — customer acquisition cost = acquisition costs / new customers (a CLV input). */
export function customerAcquisitionCost({
  acquisitionCosts,
  newCustomers,
}: {
  acquisitionCosts: number;
  newCustomers: number;
}): PerCustomer {
  assertNonNegative("acquisitionCosts", acquisitionCosts);
  assertCount("newCustomers", newCustomers);
  return perCustomer(acquisitionCosts, newCustomers);
}

/**
 * CLV input: expected relationship length in years = 1 / annual churn rate, the mean of a geometric
 * lifetime; with the rate in percent, 100 / churn%. 25% → 4 years. Null at 0% (no observed churn, no
 * finite estimate).
 */
export function relationshipYearsFromChurn(annualChurnPercent: number): number | null {
  assertFinite("annualChurnPercent", annualChurnPercent);
  if (annualChurnPercent < 0 || annualChurnPercent > 100) {
    throw new RangeError(`annualChurnPercent must be in 0..100, got ${annualChurnPercent}`);
  }
  return annualChurnPercent === 0 ? null : 100 / annualChurnPercent;
}

/**
 * CLV input: observed mean lifespan in years of churned customers (from first purchase or signup to being
 * lost). Null without churned customers. It understates the true mean while long-lived customers are still
 * active, which is why the churn-rate form exists.
 */
export function meanLifespanYears(lifespansYears: readonly number[]): number | null {
  let sum = 0;
  for (const years of lifespansYears) {
    assertNonNegative("lifespan", years);
    sum += years;
  }
  return lifespansYears.length === 0 ? null : sum / lifespansYears.length;
}

/** The inputs of the formula CLV, each given by the user or derived by the functions above. */
export interface ClvFormulaInputs {
  annualRevenuePerCustomer: number | null;
  relationshipYears: number | null;
  cac: number | null;
}

/**
 * CLV, formula form [000]: annual revenue per customer × relationship length in years − CAC. E.g. 1 200 a
 * year, 25% annual churn (4 years), CAC 300 → 4 500. Null when any input is null (not enough data).
 */
export function clvFromFormula({
  annualRevenuePerCustomer,
  relationshipYears,
  cac,
}: ClvFormulaInputs): number | null {
  if (annualRevenuePerCustomer === null || relationshipYears === null || cac === null) return null;
  assertFinite("annualRevenuePerCustomer", annualRevenuePerCustomer);
  assertNonNegative("relationshipYears", relationshipYears);
  assertNonNegative("cac", cac);
  return annualRevenuePerCustomer * relationshipYears - cac;
}

/** Recurring revenue (e.g. MRR) movements over a period, by customers who had some at its start. */
export interface RecurringRevenueMovements {
  /** Recurring revenue at the period start. */
  atStart: number;
  /** Lost with customers who churned (their whole start amount). */
  churned: number;
  /** Lost by customers who stayed but pay less (downgrades). */
  contraction: number;
  /** Gained from customers who were paying at the start and pay more (upgrades); new customers excluded. */
  expansion: number;
}

/**
 * Classifies each customer's recurring revenue at the start and end of the period: 0 at the end is churn,
 * less is contraction, more is expansion. Customers with nothing at the start (new or returning) are new
 * business, not expansion, and are left out.
 */
export function recurringRevenueMovements(
  customers: readonly { atStart: number; atEnd: number }[],
): RecurringRevenueMovements {
  const movements: RecurringRevenueMovements = { atStart: 0, churned: 0, contraction: 0, expansion: 0 };
  for (const { atStart, atEnd } of customers) {
    assertNonNegative("atStart", atStart);
    assertNonNegative("atEnd", atEnd);
    if (atStart === 0) continue;
    movements.atStart += atStart;
    if (atEnd === 0) movements.churned += atStart;
    else if (atEnd < atStart) movements.contraction += atStart - atEnd;
    else movements.expansion += atEnd - atStart;
  }
  return movements;
}

export interface RevenueChurn {
  /** 100 · (churned + contraction) / atStart, in 0..100; null when atStart = 0. */
  gross: number | null;
  /** 100 · (churned + contraction − expansion) / atStart, ≤ gross; negative when expansion outgrows losses. */
  net: number | null;
  atStart: number;
}

/**
 * Revenue churn [000] = 100 · recurring revenue lost from churned and downgraded customers / recurring
 * revenue at the period start; net revenue churn subtracts expansion. RangeError when the losses exceed
 * the starting revenue.
 */
export function revenueChurn({
  atStart,
  churned,
  contraction,
  expansion,
}: RecurringRevenueMovements): RevenueChurn {
  for (const [name, value] of Object.entries({ atStart, churned, contraction, expansion })) {
    assertNonNegative(name, value);
  }
  const losses = churned + contraction;
  // A relative tolerance absorbs rounding in sums of decimal amounts.
  if (losses > atStart * (1 + 1e-12)) {
    throw new RangeError(`churned + contraction (${losses}) must not exceed atStart (${atStart})`);
  }
  if (atStart === 0) return { gross: null, net: null, atStart };
  return {
    gross: Math.min(100, (100 * losses) / atStart),
    net: Math.min(100, (100 * (losses - expansion)) / atStart),
    atStart,
  };
}
