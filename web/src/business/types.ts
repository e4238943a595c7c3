/** Business API types, derived from the server's zod schemas by type-only imports. */
import type { z } from "zod";
import type {
  ZClvCustomer,
  ZClvFit,
  ZCohortResult,
  ZFeedbackValueResult,
  ZMetricsResult,
  ZShare,
} from "../../../src/business/schema.js";

export type BusinessMetrics = z.infer<typeof ZMetricsResult>;
export type MetricsBlock = BusinessMetrics["metrics"];
export type Cohorts = z.infer<typeof ZCohortResult>;
export type FeedbackValue = z.infer<typeof ZFeedbackValueResult>;
export type ClvFit = z.infer<typeof ZClvFit>;
export type ClvCustomer = z.infer<typeof ZClvCustomer>;
export type Share = z.infer<typeof ZShare>;
