/**
 * The business score cards (spec §2) for a period and segment: the database counts, the pure
 * definitions in src/metrics turn the counts into metrics, so the API and the kernel agree by construction.
 */
import type { Db } from "../db/connection.js";
import {
  annualRevenuePerCustomer,
  arpu,
  clvFromFormula,
  customerAcquisitionCost,
  customerChurnRate,
  customerRetentionCost,
  customerRetentionRate,
  referralRate,
  relationshipYearsFromChurn,
  repeatPurchaseRate,
  repurchaseRatio,
  revenueChurn,
  upsellingRatio,
} from "../metrics/business.js";
import { compareShares, type PercentShare } from "../metrics/stats.js";
import { ALL, customerGrouping, type Grouping } from "./groups.js";
import { type BusinessPeriod, previousOf, trailingYear, yearsOf } from "./period.js";
import { type GroupRetention, recurringMovementsSql, retentionCountsSql } from "./retention-store.js";
import {
  breadthCountsSql,
  buyerCountsSql,
  costsSql,
  currenciesSql,
  newCustomersSql,
  revenueSql,
} from "./revenue-store.js";
import type { TMetricsBlock, TMetricsQuery, TMetricsResult } from "./schema.js";
import { type BusinessScope, resolveBusinessScope } from "./scope.js";

const NO_RETENTION: GroupRetention = {
  atStart: 0,
  atEnd: 0,
  acquired: 0,
  lost: 0,
  joinedAndLost: 0,
  active: 0,
};

/** Every per-group count of one period. */
async function periodCounts(db: Db, scope: BusinessScope, period: BusinessPeriod, grouping: Grouping) {
  const { workspaceId, settings } = scope;
  return {
    retention: await retentionCountsSql(db, workspaceId, period, settings.lost, grouping),
    recurring: await recurringMovementsSql(db, workspaceId, period, grouping),
    revenue: await revenueSql(db, workspaceId, period, grouping),
    buyers: await buyerCountsSql(db, workspaceId, period, grouping),
    breadth: await breadthCountsSql(db, workspaceId, period, settings.upsellBy, grouping),
    joined: await newCustomersSql(db, workspaceId, period, grouping),
  };
}
type PeriodCounts = Awaited<ReturnType<typeof periodCounts>>;

/** The trailing-year counts the CLV formula derives its inputs from. */
async function trailingCounts(db: Db, scope: BusinessScope, period: BusinessPeriod, grouping: Grouping) {
  const { workspaceId, settings } = scope;
  return {
    retention: await retentionCountsSql(db, workspaceId, period, settings.lost, grouping),
    revenue: await revenueSql(db, workspaceId, period, grouping),
  };
}
type TrailingCounts = Awaited<ReturnType<typeof trailingCounts>>;

/** Workspace-wide cost figures: CRC's annualized cost and active customers, and CAC. */
interface CostFigures {
  crc: { value: number | null; n: number } | null;
  cac: { value: number | null; n: number } | null;
  /** The trailing-year CAC the CLV formula uses. */
  trailingCac: number | null;
}

async function costFigures(
  db: Db,
  scope: BusinessScope,
  period: BusinessPeriod,
  counts: PeriodCounts | null,
) {
  const { workspaceId, timeZone } = scope;
  const trailing = trailingYear(period, timeZone);
  const trailingCosts = await costsSql(db, workspaceId, trailing, timeZone);
  const trailingJoined = (await newCustomersSql(db, workspaceId, trailing)).get(ALL)?.newCustomers ?? 0;
  const trailingCac = customerAcquisitionCost({
    acquisitionCosts: trailingCosts.acquisition,
    newCustomers: trailingJoined,
  }).value;
  if (!counts) return { crc: null, cac: null, trailingCac };
  const costs = await costsSql(db, workspaceId, period, timeZone);
  return {
    crc: customerRetentionCost({
      annualRetentionCost: (costs.retention + costs.support) / yearsOf(period),
      activeCustomers: counts.retention.get(ALL)?.active ?? 0,
    }),
    cac: customerAcquisitionCost({
      acquisitionCosts: costs.acquisition,
      newCustomers: counts.joined.get(ALL)?.newCustomers ?? 0,
    }),
    trailingCac,
  } satisfies CostFigures;
}

function block(
  key: string,
  counts: PeriodCounts,
  trailing: TrailingCounts,
  costs: CostFigures,
  scope: BusinessScope,
): TMetricsBlock {
  const retention = counts.retention.get(key) ?? NO_RETENTION;
  const recurring = counts.recurring.get(key) ?? {
    atStart: 0,
    churned: 0,
    contraction: 0,
    expansion: 0,
    atEnd: 0,
  };
  const revenue = counts.revenue.get(key) ?? { revenue: 0, orders: 0, customers: 0 };
  const buyers = counts.buyers.get(key) ?? { buyers: 0, repeatBuyers: 0 };
  const breadth = counts.breadth.get(key) ?? { singleProduct: 0, multiProduct: 0 };
  const joined = counts.joined.get(key) ?? { newCustomers: 0, referred: 0 };
  const revChurn = revenueChurn(recurring);

  const given = scope.settings.clvInputs;
  const yearRetention = trailing.retention.get(key) ?? NO_RETENTION;
  const annualChurn = customerChurnRate(yearRetention).value;
  const annualRevenue =
    given.annualRevenuePerCustomer ??
    annualRevenuePerCustomer({
      trailingYearRevenue: trailing.revenue.get(key)?.revenue ?? 0,
      activeCustomers: yearRetention.active,
    }).value;
  const years =
    given.relationshipYears ?? (annualChurn === null ? null : relationshipYearsFromChurn(annualChurn));
  const cac = given.cac ?? costs.trailingCac;
  const source = (v: number | null) => (v === null ? ("derived" as const) : ("given" as const));

  return {
    customers: { ...retention, new: joined.newCustomers },
    churn: customerChurnRate(retention),
    retention: customerRetentionRate(retention),
    revenue: { amount: revenue.revenue, orders: revenue.orders, buyers: buyers.buyers },
    arpu: arpu({ revenue: revenue.revenue, activeCustomers: retention.active }),
    revenueChurn: {
      gross: revChurn.gross,
      net: revChurn.net,
      mrrAtStart: recurring.atStart,
      mrrAtEnd: recurring.atEnd,
      churned: recurring.churned,
      contraction: recurring.contraction,
      expansion: recurring.expansion,
    },
    repeatPurchaseRate: repeatPurchaseRate(buyers),
    repurchaseRatio: repurchaseRatio({
      repeat: buyers.repeatBuyers,
      oneTime: buyers.buyers - buyers.repeatBuyers,
    }),
    upsellingRatio: upsellingRatio(breadth),
    referralRate: referralRate(joined),
    crc: costs.crc,
    cac: costs.cac,
    clv: {
      value: clvFromFormula({ annualRevenuePerCustomer: annualRevenue, relationshipYears: years, cac }),
      inputs: {
        annualRevenuePerCustomer: { value: annualRevenue, source: source(given.annualRevenuePerCustomer) },
        relationshipYears: { value: years, source: source(given.relationshipYears), annualChurn },
        cac: { value: cac, source: source(given.cac) },
      },
    },
  };
}

/** Every group's block for one period. */
async function blocks(
  db: Db,
  scope: BusinessScope,
  period: BusinessPeriod,
  grouping: Grouping,
  withCosts: boolean,
) {
  const counts = await periodCounts(db, scope, period, grouping);
  const trailing = await trailingCounts(db, scope, trailingYear(period, scope.timeZone), grouping);
  const costs = await costFigures(db, scope, period, withCosts ? counts : null);
  return { counts, build: (key: string) => block(key, counts, trailing, costs, scope) };
}

const counted = (s: PercentShare) => ({ count: s.count, n: s.n });

/**
 * Business metrics over [from, to) (default: the last twelve months) for the customers the filter
 * selects, with the previous period of equal length, the significance of the rate changes, and a
 * breakdown by a customer attribute (the `top` largest values by active customers).
 */
export async function businessMetrics(
  db: Db,
  workspaceId: string,
  query: TMetricsQuery,
  now: Date,
): Promise<TMetricsResult> {
  const scope = await resolveBusinessScope(db, workspaceId, query, now);
  const { period, timeZone } = scope;
  const wholeWorkspace = scope.customers === undefined;
  const current = (await blocks(db, scope, period, scope.customers, wholeWorkspace)).build(ALL);
  const prevPeriod = previousOf(period, timeZone);
  const previous = (await blocks(db, scope, prevPeriod, scope.customers, wholeWorkspace)).build(ALL);

  const breakdown: TMetricsResult["breakdown"] = [];
  if (query.segment) {
    const split = await blocks(
      db,
      scope,
      period,
      customerGrouping(workspaceId, scope.conditions, query.segment),
      false,
    );
    const keys = [...split.counts.retention.entries()]
      .sort(([ka, a], [kb, b]) => b.active - a.active || ka.localeCompare(kb))
      .slice(0, query.top)
      .map(([key]) => key);
    for (const key of keys) breakdown.push({ key, ...split.build(key) });
  }

  return {
    from: period.from.toISOString(),
    to: period.to.toISOString(),
    lost: scope.settings.lost,
    currencies: await currenciesSql(db, workspaceId, period),
    metrics: current,
    previous: { ...previous, from: prevPeriod.from.toISOString(), to: prevPeriod.to.toISOString() },
    changes: {
      churn: compareShares(counted(current.churn), counted(previous.churn)),
      retention: compareShares(counted(current.retention), counted(previous.retention)),
      repeatPurchaseRate: compareShares(
        counted(current.repeatPurchaseRate),
        counted(previous.repeatPurchaseRate),
      ),
      referralRate: compareShares(counted(current.referralRate), counted(previous.referralRate)),
    },
    segment: query.segment ?? null,
    breakdown,
  };
}
