import { z } from "zod";
import { ZQueryBool } from "../feedback/schema.js";
import { patchOf } from "../http/patch-schema.js";

export const ZCaseStatus = z.enum(["new", "acknowledged", "in_progress", "resolved", "closed"]);
export type TCaseStatus = z.infer<typeof ZCaseStatus>;

export const ZRuleConditions = z.object({
  groups: z
    .array(z.enum(["detractor", "passive", "promoter", "low", "neutral", "high"]))
    .min(1)
    .optional()
    .describe("Score groups of the answer's first score question"),
  categoryIds: z
    .array(z.string().uuid())
    .min(1)
    .optional()
    .describe("Any of these categories (a parent also takes its sub-categories)"),
  surveyIds: z.array(z.string().uuid()).min(1).optional(),
  attribute: z
    .object({ name: z.string().trim().min(1).max(100), values: z.array(z.string().max(1000)).min(1) })
    .optional()
    .describe("A segment: the response's or customer's attribute has one of the values"),
});

export const ZRoutingRuleInput = z.object({
  name: z.string().trim().min(1).max(200),
  position: z
    .number()
    .int()
    .min(0)
    .max(10_000)
    .default(0)
    .describe("Rules are tried in position order; the first match wins"),
  enabled: z.boolean().default(true),
  conditions: ZRuleConditions,
  team: z.string().trim().min(1).max(100).nullable().default(null),
  ownerId: z.string().uuid().nullable().default(null),
  dueHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 90),
  promoPoolId: z
    .string()
    .uuid()
    .nullable()
    .default(null)
    .describe("Sorry-bonus: a detractor's (or low score's) case gets a code from this pool"),
});
export type TRoutingRuleInput = z.infer<typeof ZRoutingRuleInput>;
export const ZRoutingRulePatch = patchOf(ZRoutingRuleInput);
export type TRoutingRulePatch = z.infer<typeof ZRoutingRulePatch>;

export const ZRoutingRule = ZRoutingRuleInput.extend({
  id: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TRoutingRule = z.infer<typeof ZRoutingRule>;

export const ZCase = z.object({
  id: z.string(),
  reference: z.string().describe("Short reference quoted to the customer"),
  responseId: z.string(),
  surveyId: z.string(),
  customerId: z.string().nullable(),
  ruleId: z.string().nullable(),
  status: ZCaseStatus,
  team: z.string().nullable(),
  ownerId: z.string().nullable(),
  scoreGroup: z.string().nullable(),
  language: z.string(),
  summary: z.string(),
  promoCode: z.string().nullable(),
  dueAt: z.string(),
  overdue: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
});
export type TCase = z.infer<typeof ZCase>;

export const ZCaseEvent = z.object({
  id: z.string(),
  kind: z.string(),
  fromStatus: z.string().nullable(),
  toStatus: z.string().nullable(),
  note: z.string().nullable(),
  userId: z.string().nullable(),
  createdAt: z.string(),
});

export const ZCaseDetail = ZCase.extend({ history: z.array(ZCaseEvent) });

export const ZCaseQuery = z.object({
  status: ZCaseStatus.optional(),
  open: ZQueryBool.optional().describe("Only cases not resolved or closed"),
  overdue: ZQueryBool.optional(),
  ownerId: z.string().uuid().optional(),
  team: z.string().max(100).optional(),
  surveyId: z.string().uuid().optional(),
  customerId: z.string().uuid().optional().describe("The customer's cases (their timeline)"),
  responseId: z.string().uuid().optional().describe("The case of one answer"),
  cursor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type TCaseQuery = z.infer<typeof ZCaseQuery>;

export const ZCasePatch = z.object({
  ownerId: z.string().uuid().nullable().optional(),
  team: z.string().trim().min(1).max(100).nullable().optional(),
  dueAt: z.coerce.date().optional(),
});
export type TCasePatch = z.infer<typeof ZCasePatch>;

export const ZTransitionInput = z.object({
  to: ZCaseStatus,
  note: z.string().trim().min(1).max(5000).optional().describe("Internal note kept in the history"),
  customerMessage: z
    .string()
    .trim()
    .min(1)
    .max(2000)
    .optional()
    .describe("Added to the customer's notification (e.g. what was changed, on resolve)"),
});
export type TTransitionInput = z.infer<typeof ZTransitionInput>;

export const ZNoteInput = z.object({ note: z.string().trim().min(1).max(5000) });

export const ZOutboxMessage = z.object({
  id: z.string(),
  caseId: z.string().nullable(),
  customerId: z.string().nullable(),
  channel: z.string(),
  recipient: z.string().nullable(),
  language: z.string(),
  template: z.string(),
  subject: z.string(),
  body: z.string(),
  status: z.string().describe("pending, sending, sent, kept (in the outbox: no SMTP server), failed"),
  attempts: z.number(),
  detail: z.string().nullable().describe("What the mail server or SMS provider answered"),
  sentAt: z.string().nullable(),
  createdAt: z.string(),
});

const ZCode = z.string().trim().min(1).max(100);
export const ZPromoPoolInput = z.object({
  name: z.string().trim().min(1).max(200),
  codes: z.array(ZCode).max(100_000).default([]),
});
export const ZPromoCodesInput = z.object({ codes: z.array(ZCode).min(1).max(100_000) });
export const ZPromoPool = z.object({
  id: z.string(),
  name: z.string(),
  total: z.number(),
  used: z.number(),
  createdAt: z.string(),
});
