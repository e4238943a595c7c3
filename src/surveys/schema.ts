import { z } from "zod";
import { patchOf } from "../http/patch-schema.js";

/** Languages a survey, the UI and emails are written in. */
export const ZLanguage = z.enum(["ru", "en"]);
export type TLanguage = z.infer<typeof ZLanguage>;

/** Text per language; at least one language must be present. */
export const ZLocalizedText = z
  .object({ ru: z.string().max(2000).optional(), en: z.string().max(2000).optional() })
  .refine((t) => t.ru !== undefined || t.en !== undefined, { message: "give the text in ru or en" });
export type TLocalizedText = z.infer<typeof ZLocalizedText>;

export const ZAttributeValue = z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]);
/** Free-form attributes on responses and customers (country, product, order id, agent…). */
export const ZAttributes = z.record(z.string().min(1).max(100), ZAttributeValue);
export type Attributes = z.infer<typeof ZAttributes>;

/** Score groups used by conditions: NPS groups, and low/high for CSAT, CES, ratings. */
export const ZScoreGroup = z.enum(["detractor", "passive", "promoter", "low", "neutral", "high"]);
export type TScoreGroup = z.infer<typeof ZScoreGroup>;

/** A condition on an earlier answer; every given clause must hold. */
export const ZCondition = z.object({
  question: z.string(),
  groups: z.array(ZScoreGroup).min(1).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  anyOf: z.array(z.string()).min(1).optional(),
  answered: z.boolean().optional(),
});
export type TCondition = z.infer<typeof ZCondition>;

const questionBase = {
  id: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,39}$/, "use lowercase letters, digits and _ (start with a letter, ≤ 40)"),
  title: ZLocalizedText,
  description: ZLocalizedText.optional(),
  required: z.boolean().default(false),
  /** Skip logic: the question is shown only when the condition holds. */
  showIf: ZCondition.optional(),
  /** Wording that depends on earlier answers (e.g. the "why?" per NPS group); first match wins. */
  variants: z.array(z.object({ when: ZCondition, title: ZLocalizedText })).optional(),
};

export const ZNpsQuestion = z.object({
  ...questionBase,
  type: z.literal("nps"),
  lowLabel: ZLocalizedText.optional(),
  highLabel: ZLocalizedText.optional(),
});
export const ZCsatScale = z.union([z.literal(2), z.literal(3), z.literal(5), z.literal(7), z.literal(10)]);
export const ZCsatQuestion = z.object({
  ...questionBase,
  type: z.literal("csat"),
  scale: ZCsatScale,
  /** Labels from the lowest to the highest point; length must equal the scale. */
  labels: z.array(ZLocalizedText).optional(),
  /** Lowest value counted as satisfied; defaults per scale (metrics.md §1). */
  positiveThreshold: z.number().int().optional(),
});
export const ZCesQuestion = z.object({
  ...questionBase,
  type: z.literal("ces"),
  variant: z.enum(["agreement", "verbal"]).default("agreement"),
});
export const ZCliQuestion = z.object({
  ...questionBase,
  type: z.literal("cli"),
  /** The three loyalty statements, each answered 1 (definitely yes) … 6 (definitely no). */
  items: z
    .array(z.object({ id: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/), title: ZLocalizedText }))
    .min(1)
    .max(6),
});
export const ZMissUsQuestion = z.object({ ...questionBase, type: z.literal("missus") });
export const ZRatingQuestion = z.object({ ...questionBase, type: z.literal("rating") });
export const ZChoiceQuestion = z.object({
  ...questionBase,
  type: z.literal("choice"),
  multiple: z.boolean().default(false),
  options: z
    .array(z.object({ id: z.string().regex(/^[a-z0-9_]{1,40}$/), label: ZLocalizedText }))
    .min(1)
    .max(50),
});
export const ZTextQuestion = z.object({
  ...questionBase,
  type: z.literal("text"),
  placeholder: ZLocalizedText.optional(),
});

export const ZQuestion = z.discriminatedUnion("type", [
  ZNpsQuestion,
  ZCsatQuestion,
  ZCesQuestion,
  ZCliQuestion,
  ZMissUsQuestion,
  ZRatingQuestion,
  ZChoiceQuestion,
  ZTextQuestion,
]);
export type TQuestion = z.infer<typeof ZQuestion>;
export type TQuestionType = TQuestion["type"];

export const ZThankYou = z.object({
  title: ZLocalizedText,
  body: ZLocalizedText.optional(),
  /** e.g. a referral link for promoters. */
  link: z.object({ url: z.string().url(), label: ZLocalizedText }).optional(),
});

export const ZSurveyDefinition = z.object({
  languages: z.array(ZLanguage).min(1),
  defaultLanguage: ZLanguage,
  questions: z.array(ZQuestion).min(1).max(50),
  thankYou: ZThankYou,
  /** Thank-you screens per condition (e.g. promoters get a referral ask); first match wins. */
  thankYouVariants: z.array(z.object({ when: ZCondition, screen: ZThankYou })).default([]),
  design: z
    .object({
      primaryColor: z
        .string()
        .regex(/^#[0-9a-fA-F]{6}$/)
        .default("#4f46e5"),
      logoUrl: z.string().url().optional(),
    })
    .default({ primaryColor: "#4f46e5" }),
});
export type SurveyDefinition = z.infer<typeof ZSurveyDefinition>;

export const ZSurveyKind = z.enum(["relational", "transactional", "in_the_moment"]);
export const ZSurveyStatus = z.enum(["draft", "active", "archived"]);

export const ZSurveyInput = z.object({
  name: z.string().trim().min(1).max(200),
  kind: ZSurveyKind,
  status: ZSurveyStatus.default("active"),
  touchpoint: z.string().trim().max(100).nullish(),
  stage: z.string().trim().max(100).nullish(),
  definition: ZSurveyDefinition,
});
export type TSurveyInput = z.infer<typeof ZSurveyInput>;

/** An edit: fields left out keep their stored value (no creation defaults, so a rename keeps the status). */
export const ZSurveyPatch = patchOf(ZSurveyInput.extend({ status: ZSurveyStatus }));

export const ZSurvey = z.object({
  id: z.string(),
  name: z.string(),
  kind: ZSurveyKind,
  status: ZSurveyStatus,
  touchpoint: z.string().nullable(),
  stage: z.string().nullable(),
  definition: ZSurveyDefinition,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TSurvey = z.infer<typeof ZSurvey>;

/** An answer as sent by API callers and the survey page. */
export const ZAnswerValue = z.union([
  z.number(),
  z.string().max(10_000),
  z.array(z.string().max(200)).max(50),
  z.record(z.string(), z.number()),
  z.null(),
]);
export type TAnswerValue = z.infer<typeof ZAnswerValue>;

export const ZChannel = z.enum(["link", "email", "widget", "sms", "api", "import"]);
export type TChannel = z.infer<typeof ZChannel>;

export const ZCustomerRef = z.object({
  externalId: z.string().trim().min(1).max(200),
  email: z.string().email().nullish(),
  phone: z.string().max(50).nullish(),
  name: z.string().max(200).nullish(),
  language: ZLanguage.nullish(),
  timeZone: z.string().max(64).nullish(),
  attributes: ZAttributes.optional(),
});
export type TCustomerRef = z.infer<typeof ZCustomerRef>;

export const ZResponseInput = z.object({
  externalId: z.string().trim().min(1).max(200).optional(),
  surveyId: z.string().uuid(),
  submittedAt: z.coerce
    .date({ error: "must be an ISO 8601 date-time, e.g. 2026-03-01T10:15:00Z" })
    .optional(),
  channel: ZChannel.default("api"),
  language: ZLanguage.optional(),
  complete: z.boolean().default(true),
  customer: ZCustomerRef.optional(),
  attributes: ZAttributes.default({}),
  /** The support ticket the response rates (its external id), stored as `attributes.ticketId` (support CSAT). */
  ticketId: z.string().trim().min(1).max(200).optional(),
  answers: z.record(z.string(), ZAnswerValue),
});
export type TResponseInput = z.infer<typeof ZResponseInput>;

export const ZAnswer = z.object({
  questionId: z.string(),
  type: z.string(),
  value: z.number().nullable(),
  choices: z.array(z.string()).nullable(),
  text: z.string().nullable(),
  items: z.record(z.string(), z.number()).nullable(),
});

export const ZResponse = z.object({
  id: z.string(),
  externalId: z.string().nullable(),
  surveyId: z.string(),
  customerId: z.string().nullable(),
  customerExternalId: z.string().nullable(),
  channel: z.string(),
  language: z.string(),
  status: z.enum(["partial", "complete"]),
  attributes: ZAttributes,
  submittedAt: z.string(),
  answers: z.array(ZAnswer),
});
export type TResponse = z.infer<typeof ZResponse>;
