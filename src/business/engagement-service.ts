/** Engagement from usage events (spec §2): SQL sufficient statistics, metrics by the kernel's definitions. */
import type { Db } from "../db/connection.js";
import { meanSummary, shareFromCounts } from "../metrics/stats.js";
import { type EngagementPeriod, engagementSql } from "./engagement-store.js";
import type { TEngagementQuery, TEngagementResult } from "./schema.js";
import { resolveBusinessScope } from "./scope.js";

function engagement(row: EngagementPeriod | undefined, actions: readonly string[]) {
  const empty = { n: 0, sum: 0, sumSquares: 0 };
  const active = row?.activeUsers ?? 0;
  return {
    activeUsers: active,
    activityTime: meanSummary(row?.time ?? empty),
    visitFrequency: meanSummary(row?.visits ?? empty),
    coreActions: actions.map((action) => ({
      action,
      share: shareFromCounts(row?.actions.get(action) ?? 0, active),
    })),
  };
}

/**
 * Activity time and visit frequency per active user, and the share of active users performing each core
 * action: per period of `unit` (the activity unit: per day, week or month) and over the whole range.
 */
export async function engagementMetrics(
  db: Db,
  workspaceId: string,
  query: TEngagementQuery,
  now: Date,
): Promise<TEngagementResult> {
  const scope = await resolveBusinessScope(db, workspaceId, query, now);
  const actions = query.actions
    ? [
        ...new Set(
          query.actions
            .split(",")
            .map((a) => a.trim())
            .filter(Boolean),
        ),
      ]
    : scope.settings.coreActions;
  const options = { timeZone: scope.timeZone, coreActions: actions };
  const [overall] = await engagementSql(db, workspaceId, scope.period, options, scope.customers);
  const series = await engagementSql(
    db,
    workspaceId,
    scope.period,
    { ...options, unit: query.unit },
    scope.customers,
  );
  return {
    from: scope.period.from.toISOString(),
    to: scope.period.to.toISOString(),
    unit: query.unit,
    coreActions: actions,
    overall: engagement(overall, actions),
    series: series.map((row) => ({ period: row.period, ...engagement(row, actions) })),
  };
}
