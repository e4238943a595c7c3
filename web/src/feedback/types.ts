/** Feedback and case types, derived from the server's zod schemas (type-only imports). */
import type { z } from "zod";
import type {
  ZCategory,
  ZCategoryInput,
  ZCategoryStats,
  ZFeedbackItem,
  ZItemCategory,
} from "../../../src/feedback/schema.js";
import type {
  ZCase,
  ZCaseDetail,
  ZOutboxMessage,
  ZPromoPool,
  ZRoutingRule,
  ZRoutingRuleInput,
} from "../../../src/loop/schema.js";

export type { TSentiment } from "../../../src/feedback/schema.js";
export type { TCaseStatus } from "../../../src/loop/schema.js";

export type Category = z.infer<typeof ZCategory>;
export type CategoryInput = z.input<typeof ZCategoryInput>;
export type ItemCategory = z.infer<typeof ZItemCategory>;
export type FeedbackItem = z.infer<typeof ZFeedbackItem>;
export type CategoryStats = z.infer<typeof ZCategoryStats>;
export type CategoryStat = CategoryStats["categories"][number];
export type Case = z.infer<typeof ZCase>;
export type CaseDetail = z.infer<typeof ZCaseDetail>;
export type CaseEvent = CaseDetail["history"][number];
export type OutboxMessage = z.infer<typeof ZOutboxMessage>;
export type PromoPool = z.infer<typeof ZPromoPool>;
export type RoutingRule = z.infer<typeof ZRoutingRule>;
export type RoutingRuleInput = z.input<typeof ZRoutingRuleInput>;
export type ScoreGroup = "detractor" | "passive" | "promoter" | "low" | "neutral" | "high";

export interface FeedbackFilters {
  surveyId?: string;
  categoryId?: string;
  sentiment?: "positive" | "neutral" | "negative";
  group?: ScoreGroup;
  uncategorized?: boolean;
  from?: string;
  to?: string;
  q?: string;
}

export interface CaseFilters {
  status?: string;
  team?: string;
  ownerId?: string;
  surveyId?: string;
  overdue?: boolean;
  customerId?: string;
  responseId?: string;
}
