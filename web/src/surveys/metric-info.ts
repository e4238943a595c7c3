import type { MetricName, TQuestion } from "../api/types.js";
import type { MessageKey } from "../i18n/I18nProvider.js";

/** Question types that carry a score, and the metric each one feeds. */
export const SCORE_TYPES = [
  "nps",
  "csat",
  "ces",
  "cli",
  "missus",
  "rating",
] as const satisfies readonly MetricName[];

export const isScoreQuestion = (q: TQuestion): q is TQuestion & { type: MetricName } =>
  (SCORE_TYPES as readonly string[]).includes(q.type);

/** Short name shown on cards ("NPS", "CSAT, %"). */
export const METRIC_LABEL: Record<MetricName, MessageKey> = {
  nps: "metric.nps",
  csat: "metric.csat",
  ces: "metric.ces",
  cli: "metric.cli",
  missus: "metric.missus",
  rating: "metric.rating",
};

export const METRIC_NAME: Record<MetricName, MessageKey> = {
  nps: "metric.nps.long",
  csat: "metric.csat.long",
  ces: "metric.ces.long",
  cli: "metric.cli.long",
  missus: "metric.missus.long",
  rating: "metric.rating.long",
};

/** Decimals a metric's value is shown with: scores on a 100-point scale get one, means two. */
export const METRIC_DIGITS: Record<MetricName, number> = {
  nps: 1,
  csat: 1,
  ces: 2,
  cli: 2,
  missus: 2,
  rating: 2,
};

/** Whether the metric is a percentage (CSAT). */
export const IS_PERCENT: Record<MetricName, boolean> = {
  nps: false,
  csat: true,
  ces: false,
  cli: false,
  missus: false,
  rating: false,
};

/** The range a metric's value can take (CLI: 1 best … 6 worst). */
export const METRIC_RANGE: Record<MetricName, [number, number]> = {
  nps: [-100, 100],
  csat: [0, 100],
  ces: [1, 7],
  cli: [1, 6],
  missus: [1, 10],
  rating: [1, 5],
};
