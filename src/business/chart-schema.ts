/** The business dashboard's chart series: churn and retention over periods, and the predicted CLV histogram. */
import { z } from "zod";
import { ZBusinessScope, ZClvFit, ZShare } from "./schema.js";

export const TREND_UNITS = ["month", "quarter"] as const;

/** More periods than this would make one request run hundreds of queries; pick a coarser unit. */
export const MAX_TREND_PERIODS = 60;

export const ZTrendQuery = ZBusinessScope.extend({
  unit: z.enum(TREND_UNITS).default("month"),
});
export type TTrendQuery = z.infer<typeof ZTrendQuery>;

export const ZTrendPoint = z.object({
  /** 2026-03 for a month, 2026-Q1 for a quarter. */
  period: z.string(),
  from: z.string(),
  to: z.string(),
  /** The period was clipped to the query's range (the first or last one). */
  partial: z.boolean(),
  customers: z.object({
    atStart: z.number(),
    atEnd: z.number(),
    acquired: z.number(),
    lost: z.number(),
    joinedAndLost: z.number(),
  }),
  churn: ZShare,
  retention: ZShare,
  revenueChurn: z.object({
    gross: z.number().nullable(),
    net: z.number().nullable(),
    mrrAtStart: z.number(),
    mrrAtEnd: z.number(),
  }),
});
export type TTrendPoint = z.infer<typeof ZTrendPoint>;

export const ZTrendResult = z.object({
  from: z.string(),
  to: z.string(),
  unit: z.enum(TREND_UNITS),
  lost: z.object({ kind: z.string(), days: z.number().optional() }),
  points: z.array(ZTrendPoint),
});
export type TTrendResult = z.infer<typeof ZTrendResult>;

export const ZClvDistributionQuery = z.object({
  /** Regular bins up to the 99th percentile; larger values share one open-ended last bin. */
  bins: z.coerce.number().int().min(2).max(100).default(20),
  filter: ZBusinessScope.shape.filter,
  segmentId: ZBusinessScope.shape.segmentId,
});
export type TClvDistributionQuery = z.infer<typeof ZClvDistributionQuery>;

export const ZClvDistribution = z.object({
  /** Which fit the predictions come from. */
  fit: ZClvFit.pick({ id: true, calibrationEnd: true, horizonMonths: true, createdAt: true }),
  /** Customers with a predicted CLV. */
  n: z.number(),
  /** Customers of the fit without one (a degenerate fit, or no repeat buyers to fit spend on). */
  missing: z.number(),
  total: z.number().nullable(),
  mean: z.number().nullable(),
  median: z.number().nullable(),
  p90: z.number().nullable(),
  p99: z.number().nullable(),
  max: z.number().nullable(),
  binWidth: z.number().nullable(),
  /** `[from, to)`; `to` null on the open-ended last bin. */
  bins: z.array(z.object({ from: z.number(), to: z.number().nullable(), count: z.number() })),
});
export type TClvDistribution = z.infer<typeof ZClvDistribution>;
