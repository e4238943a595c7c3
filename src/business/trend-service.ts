/**
 * Churn and retention over consecutive months or quarters: each period's counts come from the same SQL
 * as the score cards and are turned into rates by the kernel, so a point of the trend equals the card
 * for that period.
 */
import { periodKeys, startOfLocalDay } from "../analytics/time.js";
import type { Db } from "../db/connection.js";
import { invalid } from "../http/errors.js";
import { customerChurnRate, customerRetentionRate, revenueChurn } from "../metrics/business.js";
import { MAX_TREND_PERIODS, type TTrendPoint, type TTrendQuery, type TTrendResult } from "./chart-schema.js";
import { ALL } from "./groups.js";
import { addMonths, type BusinessPeriod } from "./period.js";
import { type Instants, recurringMovementsSql, retentionCountsSql } from "./retention-store.js";
import { resolveBusinessScope } from "./scope.js";

interface Bucket extends Instants {
  label: string;
  partial: boolean;
}

/** A period's label as the cohorts name it: 2026-03, or 2026-Q1. */
function label(start: string, unit: TTrendQuery["unit"]): string {
  if (unit === "month") return start.slice(0, 7);
  return `${start.slice(0, 4)}-Q${Math.floor((Number(start.slice(5, 7)) - 1) / 3) + 1}`;
}

/** The local months (quarters) overlapping [from, to), clipped to it. */
export function trendBuckets(period: BusinessPeriod, unit: TTrendQuery["unit"], timeZone: string): Bucket[] {
  const starts = periodKeys(period.from, period.to, unit, timeZone, MAX_TREND_PERIODS + 1);
  if (starts.length > MAX_TREND_PERIODS) {
    throw invalid(
      "query.unit",
      `the period spans more than ${MAX_TREND_PERIODS} ${unit}s; choose a shorter period or unit=quarter`,
    );
  }
  const step = unit === "month" ? 1 : 3;
  return starts.map((start) => {
    const begin = startOfLocalDay(start, timeZone);
    const end = startOfLocalDay(addMonths(start, step), timeZone);
    const from = new Date(Math.max(begin.getTime(), period.from.getTime()));
    const to = new Date(Math.min(end.getTime(), period.to.getTime()));
    return {
      from,
      to,
      label: label(start, unit),
      partial: from.getTime() !== begin.getTime() || to.getTime() !== end.getTime(),
    };
  });
}

/** Customer churn, CRR and revenue churn (gross and net) per month or quarter of [from, to). */
export async function churnTrend(
  db: Db,
  workspaceId: string,
  query: TTrendQuery,
  now: Date,
): Promise<TTrendResult> {
  const scope = await resolveBusinessScope(db, workspaceId, query, now);
  const { period, timeZone, settings } = scope;
  const points: TTrendPoint[] = [];
  for (const bucket of trendBuckets(period, query.unit, timeZone)) {
    const retention = (await retentionCountsSql(db, workspaceId, bucket, settings.lost, scope.customers)).get(
      ALL,
    ) ?? { atStart: 0, atEnd: 0, acquired: 0, lost: 0, joinedAndLost: 0, active: 0 };
    const recurring = (await recurringMovementsSql(db, workspaceId, bucket, scope.customers)).get(ALL) ?? {
      atStart: 0,
      churned: 0,
      contraction: 0,
      expansion: 0,
      atEnd: 0,
    };
    const revenue = revenueChurn(recurring);
    points.push({
      period: bucket.label,
      from: bucket.from.toISOString(),
      to: bucket.to.toISOString(),
      partial: bucket.partial,
      customers: {
        atStart: retention.atStart,
        atEnd: retention.atEnd,
        acquired: retention.acquired,
        lost: retention.lost,
        joinedAndLost: retention.joinedAndLost,
      },
      churn: customerChurnRate(retention),
      retention: customerRetentionRate(retention),
      revenueChurn: {
        gross: revenue.gross,
        net: revenue.net,
        mrrAtStart: recurring.atStart,
        mrrAtEnd: recurring.atEnd,
      },
    });
  }
  return {
    from: period.from.toISOString(),
    to: period.to.toISOString(),
    unit: query.unit,
    lost: settings.lost,
    points,
  };
}
