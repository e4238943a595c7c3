import { z } from "zod";
import { patchOf } from "../http/patch-schema.js";

/** What an alert rule can be told about. */
export const ZAlertEvent = z.enum(["detractor", "low_csat", "case_overdue", "early_warning"]);
export type TAlertEvent = z.infer<typeof ZAlertEvent>;

const ZEmails = z.array(z.string().trim().toLowerCase().email().max(320)).max(20);

/** Only http(s) targets: a webhook URL is fetched by the server. */
const ZHttpUrl = z
  .string()
  .trim()
  .max(2000)
  .url()
  .refine((u) => /^https?:\/\//i.test(u), "must be an http or https URL");

export const ZWebhookInput = z.object({
  url: ZHttpUrl,
  secret: z
    .string()
    .min(16)
    .max(200)
    .optional()
    .describe(
      "HMAC-SHA256 key for the X-Otklik-Signature header; write-only, leave out to keep the stored one",
    ),
});

export const ZAlertRuleInput = z.object({
  name: z.string().trim().min(1).max(200),
  enabled: z.boolean().default(true),
  events: z.array(ZAlertEvent).min(1),
  surveyIds: z
    .array(z.string().uuid())
    .min(1)
    .nullable()
    .default(null)
    .describe("Only answers and cases of these surveys; null = all surveys"),
  emails: ZEmails.default([]),
  webhook: ZWebhookInput.nullable().default(null),
});
export type TAlertRuleInput = z.infer<typeof ZAlertRuleInput>;
export const ZAlertRulePatch = patchOf(ZAlertRuleInput);
export type TAlertRulePatch = z.infer<typeof ZAlertRulePatch>;

export const ZAlertRule = z.object({
  id: z.string(),
  name: z.string(),
  enabled: z.boolean(),
  events: z.array(ZAlertEvent),
  surveyIds: z.array(z.string()).nullable(),
  emails: z.array(z.string()),
  webhook: z.object({ url: z.string(), secretSet: z.boolean() }).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TAlertRule = z.infer<typeof ZAlertRule>;

export const ZDigestInput = z.object({
  name: z.string().trim().min(1).max(200),
  enabled: z.boolean().default(true),
  frequency: z.enum(["weekly", "daily"]).default("weekly"),
  weekday: z
    .number()
    .int()
    .min(1)
    .max(7)
    .default(1)
    .describe("ISO weekday the weekly digest goes out (1 = Monday); ignored for daily"),
  hour: z.number().int().min(0).max(23).default(9).describe("Local hour in the workspace time zone"),
  recipients: ZEmails.min(1),
  language: z.enum(["ru", "en"]).default("en"),
  surveyIds: z.array(z.string().uuid()).min(1).nullable().default(null).describe("null = all surveys"),
});
export type TDigestInput = z.infer<typeof ZDigestInput>;
export const ZDigestPatch = patchOf(ZDigestInput);
export type TDigestPatch = z.infer<typeof ZDigestPatch>;

export const ZDigest = ZDigestInput.extend({
  id: z.string(),
  lastPeriodEnd: z.string().nullable().describe("End of the last period sent"),
  nextSendAt: z.string().nullable().describe("When the next digest goes out (null when disabled)"),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TDigest = z.infer<typeof ZDigest>;

export const ZDigestContent = z.object({
  from: z.string(),
  to: z.string(),
  language: z.enum(["ru", "en"]),
  subject: z.string(),
  text: z.string(),
  answers: z.number(),
  nps: z.array(
    z.object({
      surveyId: z.string(),
      surveyName: z.string(),
      period: z.object({ value: z.number().nullable(), n: z.number() }),
      lifetime: z.object({ value: z.number().nullable(), n: z.number() }),
    }),
  ),
  topCategories: z.array(
    z.object({ id: z.string(), name: z.string(), volume: z.number(), share: z.number().nullable() }),
  ),
  cases: z.object({ open: z.number(), overdue: z.number() }),
});
export type TDigestContent = z.infer<typeof ZDigestContent>;

export const ZWarningMetric = z.enum(["nps", "csat", "category_share"]);

const ZWarningRuleBase = z.object({
  name: z.string().trim().min(1).max(200),
  enabled: z.boolean().default(true),
  metric: ZWarningMetric,
  surveyId: z.string().uuid().nullable().default(null),
  categoryId: z.string().uuid().nullable().default(null).describe("The category whose share is watched"),
  segmentBy: z
    .array(z.string().trim().min(1).max(100))
    .max(5)
    .default([])
    .describe("Attributes to split by (e.g. country); the whole scope is always checked too"),
  windowDays: z.number().int().min(1).max(90).default(7),
  baselineDays: z.number().int().min(7).max(365).default(28),
  minN: z.number().int().min(10).max(100_000).default(30).describe("Minimum answers on each side"),
});
export const ZWarningRuleInput = ZWarningRuleBase.superRefine((r, ctx) => {
  if (r.metric === "category_share" && !r.categoryId)
    ctx.addIssue({ code: "custom", path: ["categoryId"], message: "required for category_share" });
});
export type TWarningRuleInput = z.infer<typeof ZWarningRuleInput>;
export const ZWarningRulePatch = patchOf(ZWarningRuleBase);
export type TWarningRulePatch = z.infer<typeof ZWarningRulePatch>;

export const ZWarningRule = ZWarningRuleBase.extend({
  id: z.string(),
  lastRunAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TWarningRule = z.infer<typeof ZWarningRule>;

export const ZEarlyWarning = z.object({
  id: z.string(),
  ruleId: z.string(),
  metric: ZWarningMetric,
  segment: z.object({ name: z.string(), value: z.string() }).nullable(),
  window: z.object({ from: z.string(), to: z.string() }),
  baseline: z.object({ from: z.string(), to: z.string() }),
  current: z.object({ value: z.number(), n: z.number() }),
  previous: z.object({ value: z.number(), n: z.number() }),
  diff: z.number(),
  z: z.number(),
  pValue: z.number(),
  createdAt: z.string(),
});
export type TEarlyWarning = z.infer<typeof ZEarlyWarning>;

export const ZDelivery = z.object({
  id: z.string(),
  kind: z.string(),
  channel: z.enum(["email", "webhook"]),
  target: z.string(),
  ruleId: z.string().nullable(),
  digestId: z.string().nullable(),
  subject: z.string(),
  status: z.enum(["pending", "sending", "sent", "kept", "failed"]),
  attempts: z.number(),
  nextAttemptAt: z.string(),
  sentAt: z.string().nullable(),
  detail: z.string().nullable(),
  createdAt: z.string(),
});
export type TDelivery = z.infer<typeof ZDelivery>;

export const ZPageQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const ZDeliveryQuery = ZPageQuery.extend({
  status: z.enum(["pending", "sending", "sent", "kept", "failed"]).optional(),
  kind: z.string().max(40).optional(),
});
export type TDeliveryQuery = z.infer<typeof ZDeliveryQuery>;

export const ZReferralSettingsInput = z.object({
  enabled: z.boolean(),
  landingUrl: ZHttpUrl.nullable().describe("Where the referral link leads; ?ref=CODE is added"),
});
export type TReferralSettingsInput = z.infer<typeof ZReferralSettingsInput>;
export const ZReferralSettings = ZReferralSettingsInput;

export const ZReferralLink = z.object({
  code: z.string(),
  url: z.string(),
  customerId: z.string(),
  responseId: z.string().nullable(),
  visits: z.number(),
  signups: z.number(),
  lastVisitAt: z.string().nullable(),
  createdAt: z.string(),
});

export const ZReferralSignupInput = z.object({
  code: z.string().trim().min(4).max(40),
  customer: z.object({
    externalId: z.string().trim().min(1).max(200),
    email: z.string().trim().email().max(320).optional(),
    name: z.string().trim().max(200).optional(),
    language: z.enum(["ru", "en"]).optional(),
  }),
});
export type TReferralSignupInput = z.infer<typeof ZReferralSignupInput>;
