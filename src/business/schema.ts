/** The business metrics API: queries and results (spec §2), one zod schema each. */
import { z } from "zod";

/** A date (the start of that local day) or an ISO date-time. */
const ZBound = z
  .string()
  .trim()
  .refine(
    (v) => /^\d{4}-\d{2}-\d{2}$/.test(v) || (/^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(Date.parse(v))),
    {
      message: "expected a date (2026-03-01) or an ISO date-time (2026-03-01T12:00:00Z)",
    },
  );

export const ZBusinessScope = z.object({
  from: ZBound.optional(),
  to: ZBound.optional(),
  /** Conditions on customer attributes and fields, e.g. `plan = Pro AND country in (RU, KZ)`. */
  filter: z.string().max(2000).optional(),
  /** A saved segment's id; its conditions are added to `filter`. */
  segmentId: z.string().uuid().optional(),
});
export type TBusinessScope = z.infer<typeof ZBusinessScope>;

export const ZMetricsQuery = ZBusinessScope.extend({
  /** Breakdown by a customer attribute or field (acquisitionChannel, language, referred). */
  segment: z.string().trim().min(1).max(100).optional(),
  top: z.coerce.number().int().min(1).max(50).default(10),
});
export type TMetricsQuery = z.infer<typeof ZMetricsQuery>;

const ZInterval = z.tuple([z.number(), z.number()]).readonly().nullable();
export const ZShare = z.object({
  value: z.number().nullable(),
  n: z.number(),
  count: z.number(),
  ci: ZInterval,
  lowSample: z.boolean(),
});
const ZPerCustomer = z.object({ value: z.number().nullable(), n: z.number() });
const ZCountRatio = z.object({
  value: z.number().nullable(),
  numerator: z.number(),
  denominator: z.number(),
  n: z.number(),
});
export const ZComparison = z.object({
  diff: z.number().nullable(),
  z: z.number().nullable(),
  pValue: z.number().nullable(),
  significant: z.boolean(),
});
export const ZMeanSummary = z.object({
  mean: z.number().nullable(),
  sd: z.number().nullable(),
  n: z.number(),
  ci: ZInterval,
  lowSample: z.boolean(),
});

const ZInput = z.object({ value: z.number().nullable(), source: z.enum(["given", "derived"]) });

export const ZMetricsBlock = z.object({
  customers: z.object({
    /** S: customers at the period start. */
    atStart: z.number(),
    /** E: customers at the period end. */
    atEnd: z.number(),
    /** N: customers at the end who were not customers throughout (new or returning). */
    acquired: z.number(),
    lost: z.number(),
    /** Joined and lost within the period: not in S, not in the churn rate. */
    joinedAndLost: z.number(),
    /** Customers at the start or joining during the period. */
    active: z.number(),
    /** Acquired in the period (signup date, else first order or subscription). */
    new: z.number(),
  }),
  churn: ZShare,
  retention: ZShare,
  revenue: z.object({ amount: z.number(), orders: z.number(), buyers: z.number() }),
  arpu: ZPerCustomer,
  revenueChurn: z.object({
    gross: z.number().nullable(),
    net: z.number().nullable(),
    mrrAtStart: z.number(),
    mrrAtEnd: z.number(),
    churned: z.number(),
    contraction: z.number(),
    expansion: z.number(),
  }),
  repeatPurchaseRate: ZShare,
  repurchaseRatio: ZCountRatio,
  upsellingRatio: ZCountRatio,
  referralRate: ZShare,
  /** Workspace-wide costs; null in a segment breakdown (costs are not per customer). */
  crc: ZPerCustomer.nullable(),
  cac: ZPerCustomer.nullable(),
  clv: z.object({
    value: z.number().nullable(),
    inputs: z.object({
      annualRevenuePerCustomer: ZInput,
      relationshipYears: ZInput.extend({ annualChurn: z.number().nullable() }),
      cac: ZInput,
    }),
  }),
});
export type TMetricsBlock = z.infer<typeof ZMetricsBlock>;

export const ZMetricsResult = z.object({
  from: z.string(),
  to: z.string(),
  lost: z.object({ kind: z.string(), days: z.number().optional() }),
  /** Currencies the period's orders were given in; amounts are summed as they are. */
  currencies: z.array(z.string()),
  metrics: ZMetricsBlock,
  previous: ZMetricsBlock.extend({ from: z.string(), to: z.string() }),
  /** Current vs previous period: rate differences in percentage points and their significance. */
  changes: z.object({
    churn: ZComparison,
    retention: ZComparison,
    repeatPurchaseRate: ZComparison,
    referralRate: ZComparison,
  }),
  segment: z.string().nullable(),
  breakdown: z.array(ZMetricsBlock.extend({ key: z.string() })),
});
export type TMetricsResult = z.infer<typeof ZMetricsResult>;

export const ZCohortQuery = ZBusinessScope.extend({
  unit: z.enum(["week", "month", "quarter"]).default("month"),
});
export type TCohortQuery = z.infer<typeof ZCohortQuery>;

export const ZCohortResult = z.object({
  unit: z.enum(["week", "month", "quarter"]),
  from: z.string(),
  to: z.string(),
  /** Cohorts are grouped by first purchase (or first subscription, when lost = subscription ended). */
  basis: z.enum(["purchase", "subscription"]),
  cohorts: z.array(
    z.object({
      cohort: z.string(),
      size: z.number(),
      active: z.array(z.number()),
      retention: z.array(z.number()),
    }),
  ),
  curve: z.array(ZShare),
});
export type TCohortResult = z.infer<typeof ZCohortResult>;

export const ZEngagementQuery = ZBusinessScope.extend({
  unit: z.enum(["day", "week", "month"]).default("week"),
  /** Core actions, comma-separated; default: the workspace's setting. */
  actions: z.string().max(2000).optional(),
});
export type TEngagementQuery = z.infer<typeof ZEngagementQuery>;

const ZEngagement = z.object({
  activeUsers: z.number(),
  /** Seconds per active user in the period. */
  activityTime: ZMeanSummary,
  /** Sessions per active user in the period. */
  visitFrequency: ZMeanSummary,
  coreActions: z.array(z.object({ action: z.string(), share: ZShare })),
});

export const ZEngagementResult = z.object({
  from: z.string(),
  to: z.string(),
  unit: z.enum(["day", "week", "month"]),
  coreActions: z.array(z.string()),
  overall: ZEngagement,
  series: z.array(ZEngagement.extend({ period: z.string() })),
});
export type TEngagementResult = z.infer<typeof ZEngagementResult>;

export const NPS_GROUPS = ["promoter", "passive", "detractor", "none"] as const;

export const ZFeedbackValueResult = z.object({
  from: z.string(),
  to: z.string(),
  groups: z.array(
    z.object({
      /** By the customer's latest NPS answer before `to`; "none": never answered. */
      group: z.enum(NPS_GROUPS),
      customers: z.number(),
      revenue: z.number(),
      revenuePerCustomer: z.number().nullable(),
      /** Revenue in the twelve months up to `to`. */
      trailingRevenue: z.number(),
      churn: ZShare,
      /** From the latest predictive-CLV fit; null before the first fit. */
      predictedClv: z
        .object({ n: z.number(), mean: z.number().nullable(), total: z.number().nullable() })
        .nullable(),
    }),
  ),
  /** Detractors' churn minus promoters' churn (points) and its significance. */
  churnDetractorsVsPromoters: ZComparison,
  revenueAtRisk: z.object({
    /** Trailing-year revenue of customers whose latest NPS answer is a detractor's. */
    amount: z.number(),
    customers: z.number(),
    /** Percent of all trailing-year revenue; null without revenue. */
    share: z.number().nullable(),
  }),
});
export type TFeedbackValueResult = z.infer<typeof ZFeedbackValueResult>;

const ZReport = <T extends z.ZodRawShape>(params: T) =>
  z.object({
    params: z.object(params),
    logLikelihood: z.number(),
    n: z.number(),
    converged: z.boolean(),
    iterations: z.number(),
  });

export const ZClvFitInput = z.object({
  /** Last day of the calibration period (workspace time zone); default today. */
  calibrationEnd: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "expected a date like 2026-03-01")
    .optional(),
  horizonMonths: z.number().int().min(1).max(120).optional(),
  monthlyDiscountRate: z.number().min(0).max(1).optional(),
});
export type TClvFitInput = z.infer<typeof ZClvFitInput>;

export const ZClvFit = z.object({
  id: z.string(),
  calibrationEnd: z.string(),
  /** Time unit of recency, age and the BG/NBD rate. */
  unit: z.literal("weeks"),
  horizonMonths: z.number(),
  monthlyDiscountRate: z.number(),
  /** BG/NBD fit (r, α, a, b); null when no customer has a repeat purchase. */
  purchases: ZReport({ r: z.number(), alpha: z.number(), a: z.number(), b: z.number() }).nullable(),
  /** Gamma-Gamma fit (p, q, γ) on repeat buyers; null without them. */
  spend: ZReport({ p: z.number(), q: z.number(), gamma: z.number() }).nullable(),
  totals: z.object({
    customers: z.number(),
    repeatBuyers: z.number(),
    expectedPurchases: z.number().nullable(),
    clv: z.number().nullable(),
    meanProbabilityAlive: z.number().nullable(),
  }),
  createdAt: z.string(),
});
export type TClvFit = z.infer<typeof ZClvFit>;

export const ZClvCustomer = z.object({
  customerId: z.string(),
  externalId: z.string(),
  name: z.string().nullable(),
  frequency: z.number(),
  recency: z.number(),
  age: z.number(),
  monetary: z.number().nullable(),
  probabilityAlive: z.number().nullable(),
  expectedPurchases: z.number().nullable(),
  expectedSpend: z.number().nullable(),
  clv: z.number().nullable(),
});
export type TClvCustomer = z.infer<typeof ZClvCustomer>;
