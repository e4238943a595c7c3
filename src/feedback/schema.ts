import { z } from "zod";
import { patchOf } from "../http/patch-schema.js";

/** A query-string flag: "true" or "false" (z.coerce.boolean would read "false" as true). */
export const ZQueryBool = z.enum(["true", "false"]).transform((v) => v === "true");

export const ZSentiment = z.enum(["positive", "neutral", "negative"]);
export type TSentiment = z.infer<typeof ZSentiment>;

export const ZLocalizedName = z.object({
  ru: z.string().trim().min(1).max(200),
  en: z.string().trim().min(1).max(200),
});

const ZKeyword = z.string().trim().min(1).max(100);
export const ZCategoryKeywords = z.object({
  ru: z.array(ZKeyword).max(300).optional(),
  en: z.array(ZKeyword).max(300).optional(),
});

export const ZCategory = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  key: z.string(),
  name: ZLocalizedName,
  keywords: ZCategoryKeywords,
  position: z.number(),
  archived: z.boolean(),
});
export type TCategory = z.infer<typeof ZCategory>;

export const ZCategoryInput = z.object({
  key: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .regex(/^[a-z0-9][a-z0-9._-]*$/, "lowercase letters, digits, . _ - only")
    .optional()
    .describe("Stable identifier; derived from the English name when omitted."),
  parentId: z.string().uuid().nullable().optional(),
  name: ZLocalizedName,
  keywords: ZCategoryKeywords.optional().describe(
    'Rules per language: a word matches by its stem, "word*" by its beginning, several words as a phrase.',
  ),
  position: z.number().int().min(0).max(10_000).optional(),
  archived: z.boolean().optional(),
});
export type TCategoryInput = z.infer<typeof ZCategoryInput>;
export const ZCategoryPatch = patchOf(ZCategoryInput);
export type TCategoryPatch = z.infer<typeof ZCategoryPatch>;

export const ZItemCategory = z.object({
  id: z.string(),
  key: z.string(),
  parentId: z.string().nullable(),
  name: ZLocalizedName,
  source: z.enum(["rule", "model", "manual"]),
  confidence: z.number(),
  explanation: z.array(z.object({ kind: z.enum(["rule", "model"]), term: z.string() })),
});

export const ZFeedbackItem = z.object({
  responseId: z.string(),
  surveyId: z.string(),
  customerId: z.string().nullable(),
  text: z.string(),
  language: z.string(),
  sentiment: ZSentiment,
  sentimentScore: z.number(),
  score: z.object({ kind: z.string(), value: z.number(), group: z.string().nullable() }).nullable(),
  categories: z.array(ZItemCategory),
  manual: z.boolean(),
  submittedAt: z.string(),
  categorizedAt: z.string(),
});
export type TFeedbackItem = z.infer<typeof ZFeedbackItem>;

export const ZFeedbackQuery = z.object({
  surveyId: z.string().uuid().optional(),
  categoryId: z.string().uuid().optional().describe("Includes the category's sub-categories."),
  sentiment: ZSentiment.optional(),
  group: z.enum(["detractor", "passive", "promoter", "low", "neutral", "high"]).optional(),
  uncategorized: ZQueryBool.optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  q: z.string().trim().min(1).max(200).optional(),
  cursor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type TFeedbackQuery = z.infer<typeof ZFeedbackQuery>;

export const ZCorrectionInput = z.object({
  categoryIds: z.array(z.string().uuid()).max(10).describe("The right categories; empty when none fits."),
  sentiment: ZSentiment.optional(),
});
export type TCorrectionInput = z.infer<typeof ZCorrectionInput>;

export const ZRecategorizeInput = z.object({
  surveyId: z.string().uuid().optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  keepManual: z.boolean().default(true).describe("Leave answers whose categories a person set."),
});
export type TRecategorizeInput = z.infer<typeof ZRecategorizeInput>;

export const ZStatsQuery = z.object({
  surveyId: z.string().uuid().optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  interval: z.enum(["day", "week", "month"]).default("week"),
});
export type TStatsQuery = z.infer<typeof ZStatsQuery>;

const ZNullableNumber = z.number().nullable();

export const ZCategoryStat = z.object({
  id: z.string(),
  key: z.string(),
  parentId: z.string().nullable(),
  name: ZLocalizedName,
  volume: z
    .number()
    .describe("Answers with the category (a parent counts its sub-categories' answers once)."),
  share: ZNullableNumber.describe("volume / categorized answers, in %"),
  sentiment: z.object({ positive: z.number(), neutral: z.number(), negative: z.number() }),
  nps: z.object({
    n: z.number(),
    value: ZNullableNumber,
    promoters: z.number(),
    passives: z.number(),
    detractors: z.number(),
  }),
  csat: z.object({ n: z.number(), value: ZNullableNumber.describe("% satisfied") }),
  impact: z.object({
    nps: ZNullableNumber.describe(
      "NPS points gained overall if this category's detractors had been passives: 100 · D_c / N.",
    ),
    csat: ZNullableNumber.describe(
      "CSAT points gained if this category's dissatisfied answers had been satisfied.",
    ),
  }),
  trend: z.array(z.object({ period: z.string(), volume: z.number(), share: ZNullableNumber })),
});

export const ZCategoryStats = z.object({
  from: z.string().nullable(),
  to: z.string().nullable(),
  interval: z.enum(["day", "week", "month"]),
  total: z.object({
    answers: z.number().describe("Answers with open text in the period"),
    categorized: z.number(),
    nps: z.object({ n: z.number(), value: ZNullableNumber }),
    csat: z.object({ n: z.number(), value: ZNullableNumber }),
  }),
  categories: z.array(ZCategoryStat),
});
export type TCategoryStats = z.infer<typeof ZCategoryStats>;
