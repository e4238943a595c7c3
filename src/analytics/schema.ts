import { z } from "zod";
import { METRICS } from "./score.js";
import { isDateOnly } from "./time.js";

export const ZMetricName = z.enum(METRICS);
export const ZGranularity = z.enum(["day", "week", "month", "quarter", "year"]);

/** A date (the start of that day in the workspace time zone) or an ISO date-time. */
const ZBound = z
  .string()
  .trim()
  .refine((v) => isDateOnly(v) || (/^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(Date.parse(v))), {
    message: "expected a date (2026-03-01) or an ISO date-time (2026-03-01T12:00:00Z)",
  });

/** What narrows every metric call. */
export const ZScopeQuery = z.object({
  surveyId: z.string().uuid().optional(),
  questionId: z.string().max(40).optional(),
  from: ZBound.optional(),
  to: ZBound.optional(),
  /** Conditions, e.g. `product = Pro AND city in (Kazan, Moscow)`; see docs/analytics.md. */
  filter: z.string().max(2000).optional(),
  /** A saved segment's id; its conditions are added to `filter`. */
  segmentId: z.string().uuid().optional(),
  channel: z.string().max(40).optional(),
  touchpoint: z.string().max(100).optional(),
});

export const ZMetricQuery = ZScopeQuery.extend({
  groupBy: ZGranularity.optional(),
  /** Breakdown by a response field (channel, language, status), survey field (survey, touchpoint, stage) or any attribute. */
  segment: z.string().trim().min(1).max(100).optional(),
  /** Breakdown size: the largest segments, the rest summed into "(other)". */
  top: z.coerce.number().int().min(1).max(200).default(20),
});
export type TMetricQuery = z.infer<typeof ZMetricQuery>;

const ZInterval = z.tuple([z.number(), z.number()]).readonly().nullable();
const ZPoint = z.object({
  value: z.number().nullable(),
  n: z.number(),
  ci: ZInterval,
  lowSample: z.boolean(),
});

const ZSignificance = z.object({
  diff: z.number().nullable(),
  /** z for NPS and CSAT%, Welch's t for means. */
  z: z.number().nullable(),
  pValue: z.number().nullable(),
  /** At the 5% level, and only when neither side is a low sample. */
  significant: z.boolean(),
});

export const ZMetricResult = ZPoint.extend({
  metric: ZMetricName,
  surveyId: z.string().nullable(),
  questionId: z.string().nullable(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  lowerIsBetter: z.boolean(),
  /** Whether the daily rollups answered, or the raw answers had to be scanned. */
  source: z.enum(["rollup", "raw"]),
  detail: z.record(z.string(), z.unknown()),
  previous: ZPoint.extend({ from: z.string(), to: z.string() }).merge(ZSignificance).nullable(),
  series: z.array(ZPoint.extend({ period: z.string() })),
  breakdown: z.array(ZPoint.extend({ key: z.string(), detail: z.record(z.string(), z.unknown()) })),
});
export type TMetricResult = z.infer<typeof ZMetricResult>;

export const ZCompareQuery = ZScopeQuery.extend({
  /** Before/after: a = [from, splitAt), b = [splitAt, to). */
  splitAt: ZBound.optional(),
  /** Segment comparison: a filter (or saved segment) per side, over the same period. */
  a: z.string().max(2000).optional(),
  b: z.string().max(2000).optional(),
  aSegmentId: z.string().uuid().optional(),
  bSegmentId: z.string().uuid().optional(),
});
export type TCompareQuery = z.infer<typeof ZCompareQuery>;

const ZSide = ZPoint.extend({
  label: z.string(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
});

/** `diff` is b − a; `significant` at the 5% level. */
export const ZCompareResult = z
  .object({ metric: ZMetricName, lowerIsBetter: z.boolean(), a: ZSide, b: ZSide })
  .merge(ZSignificance);
export type TCompareResult = z.infer<typeof ZCompareResult>;

export const ZPortfolioQuery = ZScopeQuery.omit({ questionId: true }).extend({
  /** The customer type: any response or customer attribute, or a response/survey field. */
  by: z.string().trim().min(1).max(100),
  metrics: z
    .string()
    .default(METRICS.join(","))
    .transform((s) => s.split(",").map((x) => x.trim()))
    .pipe(z.array(ZMetricName).min(1)),
  top: z.coerce.number().int().min(1).max(200).default(20),
});
export type TPortfolioQuery = z.infer<typeof ZPortfolioQuery>;

export const ZPortfolioResult = z.object({
  by: z.string(),
  metrics: z.array(ZMetricName),
  rows: z.array(z.object({ key: z.string(), cells: z.record(z.string(), ZPoint) })),
});
export type TPortfolioResult = z.infer<typeof ZPortfolioResult>;

export const ZSegment = z.object({
  id: z.string(),
  name: z.string(),
  filter: z.string(),
  conditions: z.array(
    z.object({ field: z.string(), op: z.enum(["eq", "ne", "in", "nin"]), values: z.array(z.string()) }),
  ),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const ZSegmentInput = z.object({
  name: z.string().trim().min(1).max(200),
  filter: z.string().trim().min(1).max(2000),
});
