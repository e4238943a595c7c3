/** How predicted CLV is spread over the customers of the latest fit: a histogram with its summary. */
import { parseFilter, type TFilter } from "../analytics/filter.js";
import { getSegment } from "../analytics/segments-service.js";
import type { Db } from "../db/connection.js";
import type { TClvDistribution, TClvDistributionQuery } from "./chart-schema.js";
import { clvBinCountsSql, clvStatsSql } from "./clv-distribution-store.js";
import { getClvFit } from "./clv-service.js";
import { customerGrouping } from "./groups.js";
import { binLayout } from "./histogram.js";

/** The latest fit's predicted CLV per customer as `bins` bins up to the 99th percentile plus a tail bin. */
export async function clvDistribution(
  db: Db,
  workspaceId: string,
  query: TClvDistributionQuery,
): Promise<TClvDistribution> {
  const fit = await getClvFit(db, workspaceId);
  const conditions: TFilter = query.filter ? parseFilter(query.filter) : [];
  if (query.segmentId) conditions.push(...(await getSegment(db, workspaceId, query.segmentId)).conditions);
  const customers = customerGrouping(workspaceId, conditions);
  const stats = await clvStatsSql(db, workspaceId, fit.id, customers);
  const summary = {
    fit: {
      id: fit.id,
      calibrationEnd: fit.calibrationEnd,
      horizonMonths: fit.horizonMonths,
      createdAt: fit.createdAt,
    },
    n: stats.n,
    missing: stats.missing,
    total: stats.total,
    mean: stats.mean,
    median: stats.median,
    p90: stats.p90,
    p99: stats.p99,
    max: stats.max,
  };
  if (stats.n === 0 || stats.min === null || stats.max === null || stats.p99 === null) {
    return { ...summary, binWidth: null, bins: [] };
  }
  const layout = binLayout({ min: stats.min, max: stats.max, p99: stats.p99 }, query.bins);
  const counts = await clvBinCountsSql(db, workspaceId, fit.id, customers, layout);
  // Rounded so that 3 × 0.2 reads 0.6, not 0.6000000000000001.
  const edge = (i: number) => Number((layout.start + i * layout.width).toPrecision(12));
  const bins: TClvDistribution["bins"] = Array.from({ length: layout.count }, (_, i) => ({
    from: edge(i),
    to: edge(i + 1),
    count: counts.get(i) ?? 0,
  }));
  if (layout.overflow)
    bins.push({ from: edge(layout.count), to: null, count: counts.get(layout.count) ?? 0 });
  return { ...summary, binWidth: layout.width, bins };
}
