/**
 * What feedback is worth in money (spec §2, feedback × money): revenue, churn and predicted CLV of
 * promoters, passives and detractors by their latest NPS answer, and the revenue at risk from current
 * detractors.
 */
import type { Db } from "../db/connection.js";
import { customerChurnRate } from "../metrics/business.js";
import { compareShares } from "../metrics/stats.js";
import { latestFit, predictedValueSql } from "./clv-store.js";
import { groupSizes, npsGrouping } from "./feedback-value-store.js";
import { trailingYear } from "./period.js";
import { retentionCountsSql } from "./retention-store.js";
import { revenueSql } from "./revenue-store.js";
import { NPS_GROUPS, type TBusinessScope, type TFeedbackValueResult } from "./schema.js";
import { resolveBusinessScope } from "./scope.js";

export async function feedbackValue(
  db: Db,
  workspaceId: string,
  query: TBusinessScope,
  now: Date,
): Promise<TFeedbackValueResult> {
  const scope = await resolveBusinessScope(db, workspaceId, query, now);
  const { period, timeZone, settings } = scope;
  const grouping = npsGrouping(workspaceId, period.to, scope.conditions);
  if (!grouping) throw new Error("the NPS grouping is a relation");
  const sizes = new Map((await groupSizes(grouping).execute(db)).rows.map((r) => [r.grp, r.n]));
  const revenue = await revenueSql(db, workspaceId, period, grouping);
  const trailing = await revenueSql(db, workspaceId, trailingYear(period, timeZone), grouping);
  const retention = await retentionCountsSql(db, workspaceId, period, settings.lost, grouping);
  const fit = await latestFit(db, workspaceId);
  const predicted = fit ? await predictedValueSql(db, workspaceId, fit.id, grouping) : null;

  const groups = NPS_GROUPS.map((group) => {
    const customers = sizes.get(group) ?? 0;
    const amount = revenue.get(group)?.revenue ?? 0;
    const value = predicted?.get(group);
    return {
      group,
      customers,
      revenue: amount,
      revenuePerCustomer: customers ? amount / customers : null,
      trailingRevenue: trailing.get(group)?.revenue ?? 0,
      churn: customerChurnRate(retention.get(group) ?? { lost: 0, atStart: 0 }),
      predictedClv: predicted
        ? { n: value?.n ?? 0, mean: value?.clv_mean ?? null, total: value?.clv_sum ?? null }
        : null,
    };
  });
  const churnOf = (group: string) => groups.find((g) => g.group === group)?.churn ?? { count: 0, n: 0 };
  const detractors = groups.find((g) => g.group === "detractor");
  const totalTrailing = groups.reduce((sum, g) => sum + g.trailingRevenue, 0);
  return {
    from: period.from.toISOString(),
    to: period.to.toISOString(),
    groups,
    churnDetractorsVsPromoters: compareShares(churnOf("detractor"), churnOf("promoter")),
    revenueAtRisk: {
      amount: detractors?.trailingRevenue ?? 0,
      customers: trailing.get("detractor")?.customers ?? 0,
      share: totalTrailing > 0 ? (100 * (detractors?.trailingRevenue ?? 0)) / totalTrailing : null,
    },
  };
}
