/**
 * The support cards against the previous period of equal length, each change with its significance test.
 * The tests are the ones the feedback analytics uses (`compareScores`): the pooled two-proportion z test
 * for shares, Welch's t for means, and no difference called significant when either side has fewer than
 * 30 cases. Means are tested from each side's n, Σx and Σx² (what the SQL returns per ticket or call),
 * so the per-ticket values are never loaded.
 */

import { previousPeriod } from "../analytics/scope.js";
import { compareScores, type Score } from "../analytics/score.js";
import { dayIfStartOfDay } from "../analytics/time.js";
import type { Db } from "../db/connection.js";
import { type MeanSummary, shareFromCounts } from "../metrics/stats.js";
import type {
  TSupportChange,
  TSupportComparison,
  TSupportMetrics,
  TSupportMetricsCompared,
  TSupportMetricsQuery,
} from "./metrics-schema.js";
import { resolveScope, supportMetrics } from "./metrics-service.js";

interface Counted {
  count: number;
  n: number;
}

const shareScore = ({ count, n }: Counted): Score => {
  const s = shareFromCounts(count, n);
  return {
    value: s.value,
    n,
    ci: s.ci,
    lowSample: s.lowSample,
    detail: {},
    sample: { kind: "share", positive: count, n, value: s.value, ci: s.ci, lowSample: s.lowSample },
  };
};

const meanScore = (m: MeanSummary): Score => ({
  value: m.mean,
  n: m.n,
  ci: m.ci,
  lowSample: m.lowSample,
  detail: {},
  sample: { kind: "mean", summary: m },
});

function change(a: Score, b: Score, test: TSupportChange["test"], lowerIsBetter: boolean): TSupportChange {
  const c = compareScores(a, b);
  return {
    current: a.value,
    previous: b.value,
    previousN: b.n,
    diff: c.diff,
    test,
    statistic: c.z,
    pValue: c.pValue,
    significant: c.significant,
    lowSample: a.lowSample || b.lowSample,
    lowerIsBetter,
  };
}

const shareChange = (a: Counted, b: Counted, lowerIsBetter = false) =>
  change(shareScore(a), shareScore(b), "twoProportionZ", lowerIsBetter);
const meanChange = (a: MeanSummary, b: MeanSummary) => change(meanScore(a), meanScore(b), "welchT", true);

/** Each card's change from `previous` to `current` (two results of `supportMetrics`). */
export function supportChanges(
  current: TSupportMetrics,
  previous: TSupportMetrics,
): Omit<TSupportComparison, "from" | "to"> {
  const [c, p] = [current, previous];
  const abandonment = (m: TSupportMetrics) => ({ count: m.calls.abandoned, n: m.calls.offered });
  const blockage = (m: TSupportMetrics) => ({ count: m.calls.blocked, n: m.calls.offered });
  const csat = (m: TSupportMetrics) => ({ count: m.csat.overall.positive, n: m.csat.overall.n });
  return {
    slaFirstReply:
      c.sla.firstReply && p.sla.firstReply ? shareChange(c.sla.firstReply, p.sla.firstReply) : null,
    slaResolution:
      c.sla.resolution && p.sla.resolution ? shareChange(c.sla.resolution, p.sla.resolution) : null,
    firstReply: meanChange(c.tickets.firstReply, p.tickets.firstReply),
    resolutionTime: meanChange(c.tickets.resolutionTime, p.tickets.resolutionTime),
    fcr: shareChange(c.tickets.fcr, p.tickets.fcr),
    resolutionRate: shareChange(c.tickets.resolutionRate, p.tickets.resolutionRate),
    csat: shareChange(csat(c), csat(p)),
    serviceLevel: shareChange(c.calls.serviceLevel, p.calls.serviceLevel),
    abandonment: shareChange(abandonment(c), abandonment(p), true),
    blockage: shareChange(blockage(c), blockage(p), true),
    asa: meanChange(c.calls.asa, p.calls.asa),
    aht: meanChange(c.calls.aht, p.calls.aht),
    previous: {
      volume: p.tickets.volume,
      callsOffered: p.calls.offered,
      firstReplyMedian: p.tickets.firstReply.median,
      resolutionTimeMedian: p.tickets.resolutionTime.median,
    },
  };
}

/** The support figures of the query's period with each card compared to the previous period. */
export async function supportMetricsCompared(
  db: Db,
  workspaceId: string,
  q: TSupportMetricsQuery,
  now: Date,
): Promise<TSupportMetricsCompared> {
  const { period, timeZone } = await resolveScope(db, workspaceId, q, now);
  const { from, to } = period;
  // Whole local days step back by days (a DST change keeps the local dates); other bounds by duration.
  const before = previousPeriod(
    {
      from,
      to,
      fromDay: dayIfStartOfDay(from, timeZone) ?? undefined,
      toDay: dayIfStartOfDay(to, timeZone) ?? undefined,
    },
    timeZone,
  );
  const beforeFrom = before?.from ?? new Date(2 * from.getTime() - to.getTime());
  const previousQuery = {
    ...q,
    from: beforeFrom.toISOString(),
    to: from.toISOString(),
    groupBy: undefined,
  };
  const [current, previous] = await Promise.all([
    supportMetrics(db, workspaceId, q, now),
    supportMetrics(db, workspaceId, previousQuery, now),
  ]);
  return {
    ...current,
    comparison: { from: previousQuery.from, to: previousQuery.to, ...supportChanges(current, previous) },
  };
}
