/**
 * Finishes a feedback metric from an answer histogram (counts per question and value, what the SQL
 * returns). The histogram is the sufficient statistic of every score metric, so the arithmetic stays
 * in `metrics/` and SQL only counts.
 */
import {
  type Comparison,
  cesFromAggregates,
  cliFromAggregates,
  compareCsat,
  compareMeans,
  compareNps,
  csatDefaultThreshold,
  csatFromAggregates,
  csatMappedValue,
  type Interval,
  isCsatScale,
  type MeanSummary,
  missUsFromAggregates,
  npsFromCounts,
  ratingFromAggregates,
} from "../metrics/index.js";
import type { TQuestion } from "../surveys/schema.js";

export const METRICS = ["nps", "csat", "ces", "cli", "missus", "rating"] as const;
export type MetricName = (typeof METRICS)[number];

/** count of answers with this value to this question. */
export interface HistogramRow {
  questionKey: string;
  value: number;
  n: number;
}

export interface Score {
  value: number | null;
  n: number;
  ci: Interval | null;
  lowSample: boolean;
  /** Metric-specific parts: group counts, distribution, % easy, mean… */
  detail: Record<string, unknown>;
  /** What a significance test needs. */
  sample:
    | { kind: "nps"; value: number | null; variance: number | null; n: number }
    | {
        kind: "share";
        positive: number;
        n: number;
        value: number | null;
        ci: Interval | null;
        lowSample: boolean;
      }
    | { kind: "mean"; summary: MeanSummary };
}

function distribution(rows: HistogramRow[]) {
  const counts = new Map<number, number>();
  for (const r of rows) counts.set(r.value, (counts.get(r.value) ?? 0) + r.n);
  return [...counts.entries()].sort((a, b) => a[0] - b[0]).map(([score, count]) => ({ score, count }));
}

function stats(rows: HistogramRow[]) {
  let n = 0;
  let sum = 0;
  let sumSquares = 0;
  for (const r of rows) {
    n += r.n;
    sum += r.n * r.value;
    sumSquares += r.n * r.value * r.value;
  }
  return { n, sum, sumSquares };
}

const fromMean = (m: MeanSummary, detail: Record<string, unknown>): Score => ({
  value: m.mean,
  n: m.n,
  ci: m.ci,
  lowSample: m.lowSample,
  detail: { sd: m.sd, ...detail },
  sample: { kind: "mean", summary: m },
});

/** The metric over the histogram; `questions` gives each question's scale (CSAT thresholds). */
export function scoreOf(metric: MetricName, rows: HistogramRow[], questions: Map<string, TQuestion>): Score {
  switch (metric) {
    case "nps": {
      let promoters = 0;
      let passives = 0;
      let detractors = 0;
      for (const r of rows) {
        if (r.value >= 9) promoters += r.n;
        else if (r.value >= 7) passives += r.n;
        else detractors += r.n;
      }
      const nps = npsFromCounts({ promoters, passives, detractors });
      return {
        value: nps.value,
        n: nps.n,
        ci: nps.ci,
        lowSample: nps.lowSample,
        detail: { promoters, passives, detractors, distribution: distribution(rows) },
        sample: { kind: "nps", value: nps.value, variance: nps.variance, n: nps.n },
      };
    }
    case "csat": {
      const agg = { n: 0, positive: 0, sum: 0, sumSquares: 0 };
      for (const r of rows) {
        const q = questions.get(r.questionKey);
        const scale = q?.type === "csat" && isCsatScale(q.scale) ? q.scale : 5;
        const threshold =
          q?.type === "csat"
            ? (q.positiveThreshold ?? csatDefaultThreshold(scale))
            : csatDefaultThreshold(scale);
        const mapped = csatMappedValue(r.value, scale);
        agg.n += r.n;
        if (r.value >= threshold) agg.positive += r.n;
        agg.sum += r.n * mapped;
        agg.sumSquares += r.n * mapped * mapped;
      }
      const { percent, mean } = csatFromAggregates(agg);
      return {
        value: percent.value,
        n: percent.n,
        ci: percent.ci,
        lowSample: percent.lowSample,
        detail: {
          positive: percent.positive,
          mean: mean.mean,
          meanCi: mean.ci,
          distribution: distribution(rows),
        },
        sample: { kind: "share", ...percent },
      };
    }
    case "ces": {
      const s = stats(rows);
      const easy = rows.filter((r) => r.value >= 5).reduce((a, r) => a + r.n, 0);
      const ces = cesFromAggregates({ ...s, easy });
      return fromMean(ces, { percentEasy: ces.percentEasy, distribution: distribution(rows) });
    }
    case "cli": {
      const cli = cliFromAggregates(stats(rows));
      return fromMean(cli, { lowerIsBetter: true, distribution: distribution(rows) });
    }
    case "missus": {
      const m = missUsFromAggregates(distribution(rows));
      return fromMean(m, { top: m.top, distribution: m.distribution });
    }
    case "rating": {
      const m = ratingFromAggregates(distribution(rows));
      return fromMean(m, { distribution: m.distribution });
    }
  }
}

export interface ScoreComparison {
  diff: number | null;
  /** z for NPS and CSAT%, Welch t for means. */
  z: number | null;
  pValue: number | null;
  /** At the 5% level, and only when neither side rests on fewer than 30 answers (`lowSample`). */
  significant: boolean;
}

/**
 * Significance of `a − b` with the test that fits the metric (metrics.md §1). A difference is called
 * significant only when both sides have enough answers (not `lowSample`): with a handful of answers
 * the normal approximation behind the z-test claims certainty it does not have.
 */
export function compareScores(a: Score, b: Score): ScoreComparison {
  const s = a.sample;
  const t = b.sample;
  const lowSample = a.lowSample || b.lowSample;
  let c: Comparison | null = null;
  if (s.kind === "nps" && t.kind === "nps") c = compareNps(s, t);
  else if (s.kind === "share" && t.kind === "share") c = compareCsat(s, t);
  if (c) return { diff: c.diff, z: c.z, pValue: c.pValue, significant: c.significant && !lowSample };
  if (s.kind === "mean" && t.kind === "mean") {
    const m = compareMeans(s.summary, t.summary);
    return { diff: m.diff, z: m.t, pValue: m.pValue, significant: m.significant && !lowSample };
  }
  throw new Error("cannot compare scores of different metrics");
}
