/** Business API types, derived from the server's zod schemas by type-only imports. */
import type { z } from "zod";
import type { ZClvDistribution, ZTrendResult } from "../../../src/business/chart-schema.js";
import type {
  ZClvCustomer,
  ZClvFit,
  ZCohortResult,
  ZEngagementResult,
  ZFeedbackValueResult,
  ZMetricsResult,
  ZShare,
} from "../../../src/business/schema.js";
import type { ZBusinessSettings, ZBusinessSettingsPatch } from "../../../src/business/settings.js";

export type BusinessMetrics = z.infer<typeof ZMetricsResult>;
export type MetricsBlock = BusinessMetrics["metrics"];
export type Cohorts = z.infer<typeof ZCohortResult>;
export type FeedbackValue = z.infer<typeof ZFeedbackValueResult>;
export type ClvFit = z.infer<typeof ZClvFit>;
export type ClvCustomer = z.infer<typeof ZClvCustomer>;
export type Share = z.infer<typeof ZShare>;
export type Trend = z.infer<typeof ZTrendResult>;
export type TrendPoint = Trend["points"][number];
export type ClvDistribution = z.infer<typeof ZClvDistribution>;
export type Engagement = z.infer<typeof ZEngagementResult>;
export type BusinessSettings = z.infer<typeof ZBusinessSettings>;
export type BusinessSettingsPatch = z.input<typeof ZBusinessSettingsPatch>;
