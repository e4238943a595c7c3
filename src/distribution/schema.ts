import { z } from "zod";
import { patchOf } from "../http/patch-schema.js";
import { ZAttributes, ZCustomerRef, ZLocalizedText } from "../surveys/schema.js";

/** The channels an invitation goes out on. */
export const ZDistChannel = z.enum(["email", "sms", "widget", "link"]);
export type TDistChannel = z.infer<typeof ZDistChannel>;

export const ZTimeZone = z
  .string()
  .max(64)
  .refine((tz) => isTimeZone(tz), "unknown time zone: use an IANA name such as Europe/Moscow");

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------- events

export const MAX_EVENTS = 1000;

export const ZEventInput = z.object({
  /** The caller's id of the event: a retry with the same id changes nothing. */
  externalId: z.string().trim().min(1).max(200).optional(),
  type: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.:-]{1,100}$/, "use letters, digits and _ . : - (≤ 100)"),
  occurredAt: z.coerce.date({ error: "must be an ISO 8601 date-time, e.g. 2026-03-01T10:15:00Z" }).optional(),
  customer: ZCustomerRef.extend({ timeZone: ZTimeZone.nullish() }),
  properties: ZAttributes.default({}),
});
export type TEventInput = z.infer<typeof ZEventInput>;

export const ZEvent = z.object({
  id: z.string(),
  externalId: z.string().nullable(),
  type: z.string(),
  customerId: z.string(),
  customerExternalId: z.string().nullable(),
  properties: ZAttributes,
  occurredAt: z.string(),
  createdAt: z.string(),
});
export type TEvent = z.infer<typeof ZEvent>;

export const ZEventResult = z.object({
  id: z.string(),
  externalId: z.string().nullable(),
  /** True when an event with this externalId was already stored (nothing was done again). */
  duplicate: z.boolean(),
  /** Invitations this event queued (including those suppressed by sampling). */
  invitations: z.number(),
});

// -------------------------------------------------------------------------------------------- triggers

const ZFieldPath = z
  .string()
  .regex(
    /^(event\.(type|[A-Za-z0-9_.:-]{1,100})|customer\.[A-Za-z0-9_.:-]{1,100})$/,
    "use event.<property> or customer.<attribute> (also customer.email, customer.phone, customer.language, customer.timeZone, customer.externalId)",
  );

const ZScalar = z.union([z.string().max(1000), z.number(), z.boolean()]);

/** One condition on the event's properties or the customer's profile; every condition of a rule must hold. */
export const ZRuleCondition = z.discriminatedUnion("op", [
  z.object({ field: ZFieldPath, op: z.enum(["eq", "neq"]), value: ZScalar }),
  z.object({ field: ZFieldPath, op: z.enum(["in", "notIn"]), value: z.array(ZScalar).min(1).max(500) }),
  z.object({ field: ZFieldPath, op: z.enum(["gt", "gte", "lt", "lte"]), value: z.number() }),
  z.object({ field: ZFieldPath, op: z.literal("contains"), value: z.string().min(1).max(1000) }),
  z.object({ field: ZFieldPath, op: z.enum(["exists", "notExists"]) }),
]);
export type TRuleCondition = z.infer<typeof ZRuleCondition>;

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "use HH:MM, 24-hour");

/** A daily window, in the customer's local time, when nothing is sent (may wrap midnight: 22:00–09:00). */
export const ZQuietHours = z
  .object({ from: HHMM, to: HHMM })
  .refine((q) => q.from !== q.to, { message: "from and to must differ" });
export type TQuietHours = z.infer<typeof ZQuietHours>;

export const ZDailyCaps = z.object({
  email: z.number().int().min(0).optional(),
  sms: z.number().int().min(0).optional(),
  widget: z.number().int().min(0).optional(),
  link: z.number().int().min(0).optional(),
});
export type TDailyCaps = z.infer<typeof ZDailyCaps>;

export const MAX_DELAY_MINUTES = 366 * 24 * 60;

/** `event`: after an event (API or import), optionally delayed; email, sms or link. */
export const ZEventRule = z.object({
  kind: z.literal("event"),
  eventType: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,100}$/, "use letters, digits and _ . : - (≤ 100), e.g. order_delivered"),
  conditions: z.array(ZRuleCondition).max(50).default([]),
  /** Minutes between the event and the invitation (10 days = 14400). */
  delayMinutes: z.number().int().min(0).max(MAX_DELAY_MINUTES).default(0),
});

/** `schedule`: a recurring (relational) campaign over the customers matching the conditions. */
export const ZScheduleRule = z.object({
  kind: z.literal("schedule"),
  every: z.number().int().min(1).max(365),
  unit: z.enum(["day", "week", "month"]),
  /** The first occurrence; later ones follow at every × unit from it. */
  startAt: z.coerce.date(),
  /** Conditions on `customer.*` fields. */
  conditions: z.array(ZRuleCondition).max(50).default([]),
  /**
   * A saved segment the customers must also match, evaluated on their profile at each occurrence (so
   * the campaign follows the segment as it changes). Its filter may use customer attributes and
   * `language`; fields of responses or surveys are refused.
   */
  segmentId: z.string().uuid().nullish(),
});

/** `page`: the website widget shows the survey when the visitor's page, event or behaviour matches. */
export const ZPageRule = z.object({
  kind: z.literal("page"),
  /** The widget event (`otklik('track', name)`) that shows the survey. */
  event: z.string().max(100).nullish(),
  /** Substring of the page URL, or a regular expression written as /…/. */
  urlMatch: z.string().max(500).nullish(),
  /** Show after this many seconds on a matching page. */
  secondsOnPage: z.number().int().min(0).max(3600).nullish(),
  /** Show when the pointer leaves the window towards the browser's tabs (desktop). */
  exitIntent: z.boolean().default(false),
  /** Conditions on `customer.*` fields (identified visitors). */
  conditions: z.array(ZRuleCondition).max(50).default([]),
  display: z
    .object({
      mode: z.enum(["popup", "inline"]).default("popup"),
      /** Inline mode: CSS selector of the element the survey is placed in. */
      selector: z.string().max(200).nullish(),
    })
    .default({ mode: "popup" }),
  /** Show to visitors who did not identify themselves (throttled per browser). */
  anonymous: z.boolean().default(false),
});

export const ZTriggerRule = z.discriminatedUnion("kind", [ZEventRule, ZScheduleRule, ZPageRule]);
export type TTriggerRule = z.infer<typeof ZTriggerRule>;

export const ZMessage = z.object({
  subject: ZLocalizedText.optional(),
  /** A sentence above the scale in the email, or the SMS text before the link. */
  intro: ZLocalizedText.optional(),
});

const triggerFields = {
  name: z.string().trim().min(1).max(200),
  enabled: z.boolean().default(true),
  surveyId: z.string().uuid(),
  channel: ZDistChannel,
  rule: ZTriggerRule,
  /** Share of matching customers invited, 0–100 (the rest are recorded as suppressed: sampled_out). */
  samplePercent: z.number().min(0).max(100).default(100),
  /** Overrides the workspace's recontact period for this trigger's invitations (0 = never throttled). */
  recontactDays: z.number().int().min(0).max(3650).nullish(),
  /** Overrides the workspace's quiet hours for this trigger; null uses the workspace's. */
  quietHours: ZQuietHours.nullish(),
  message: ZMessage.default({}),
};

export const ZTriggerInput = z.object(triggerFields);
export type TTriggerInput = z.infer<typeof ZTriggerInput>;
export const ZTriggerPatch = patchOf(ZTriggerInput);
export type TTriggerPatch = z.infer<typeof ZTriggerPatch>;

/** The trigger's settings as stored in its `config` column (everything but the indexed columns). */
export interface TTriggerConfig {
  rule: TTriggerRule;
  samplePercent: number;
  recontactDays: number | null;
  quietHours: TQuietHours | null;
  message: z.infer<typeof ZMessage>;
}

export const ZTrigger = z.object({
  id: z.string(),
  ...triggerFields,
  samplePercent: z.number(),
  recontactDays: z.number().nullable(),
  quietHours: ZQuietHours.nullable(),
  nextRunAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TTrigger = z.infer<typeof ZTrigger>;

// ----------------------------------------------------------------------------------------- invitations

export const ZInvitationStatus = z.enum([
  "queued",
  "sending",
  "sent",
  "opened",
  "answered",
  "bounced",
  "suppressed",
  "failed",
]);
export type TInvitationStatus = z.infer<typeof ZInvitationStatus>;

export const ZInvitation = z.object({
  id: z.string(),
  triggerId: z.string().nullable(),
  surveyId: z.string(),
  customerId: z.string(),
  eventId: z.string().nullable(),
  channel: ZDistChannel,
  status: ZInvitationStatus,
  /** Why it was suppressed or failed: unsubscribed, throttled, sampled_out, no_email, bounced… */
  reason: z.string().nullable(),
  detail: z.string().nullable(),
  language: z.string().nullable(),
  sendAt: z.string(),
  sentAt: z.string().nullable(),
  openedAt: z.string().nullable(),
  answeredAt: z.string().nullable(),
  /** The personal link (link channel only). */
  url: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TInvitation = z.infer<typeof ZInvitation>;

/** What response rates are grouped by: a dimension, or a period in the workspace's time zone. */
export const ZRateGroup = z.enum(["channel", "survey", "trigger", "day", "week", "month"]);
export type TRateGroup = z.infer<typeof ZRateGroup>;

export const ZRateRow = z.object({
  /** The channel, survey id, trigger id, or the period's first day (YYYY-MM-DD). */
  key: z.string(),
  queued: z.number(),
  delivered: z.number(),
  opened: z.number(),
  answered: z.number(),
  bounced: z.number(),
  suppressed: z.number(),
  failed: z.number(),
  /** answered / delivered, in percent, with a 95% Wilson interval; null when nothing was delivered. */
  responseRate: z.number().nullable(),
  low: z.number().nullable(),
  high: z.number().nullable(),
  /** Too few delivered invitations for the rate to mean much (metrics kernel's threshold). */
  lowSample: z.boolean(),
});

// -------------------------------------------------------------------------------------------- settings

export const ZSettings = z.object({
  /** A customer gets at most one invitation per this many days, across all surveys (0 = no limit). */
  recontactDays: z.number().int().min(0).max(3650),
  /** Default quiet hours in each customer's time zone (the workspace's when the customer has none). */
  quietHours: ZQuietHours.nullable(),
  /** Invitations per channel per local day of the workspace; beyond it they wait for the next day. */
  dailyCaps: ZDailyCaps,
  /** Origins (scheme://host[:port]) allowed to embed the widget; empty = none. */
  allowedOrigins: z.array(z.string().regex(/^https?:\/\/[^/\s]+$/, "use scheme://host[:port]")).max(100),
});
export type TSettings = z.infer<typeof ZSettings>;
export const ZSettingsPatch = patchOf(ZSettings);

export const ZSmtpInput = z.object({
  host: z.string().trim().min(1).max(255),
  port: z.number().int().min(1).max(65535).default(587),
  /** TLS from the start (port 465); otherwise STARTTLS is used when the server offers it. */
  secure: z.boolean().default(false),
  user: z.string().max(255).nullish(),
  /** Write-only; leave out to keep the stored password. */
  password: z.string().max(1000).nullish(),
  /** The From header, e.g. `Acme <feedback@acme.example>`. */
  from: z.string().trim().min(3).max(300),
  replyTo: z.string().trim().max(300).nullish(),
});
export type TSmtpInput = z.infer<typeof ZSmtpInput>;
export type TSmtpStored = Omit<TSmtpInput, "password"> & { password: string | null };

export const ZSmtp = ZSmtpInput.omit({ password: true }).extend({
  user: z.string().nullable(),
  replyTo: z.string().nullable(),
  passwordSet: z.boolean(),
});

export const ZSmsProviderInput = z.object({
  /** The provider's endpoint; `{{phone}}`, `{{text}}` and `{{link}}` are replaced (URL-encoded). */
  url: z.string().url().max(2000),
  method: z.enum(["POST", "PUT", "GET"]).default("POST"),
  /** Request headers (e.g. Authorization); write-only values, leave out to keep the stored ones. */
  headers: z.record(z.string().regex(/^[A-Za-z0-9-]{1,100}$/), z.string().max(2000)).optional(),
  /** Request body with `{{phone}}`, `{{text}}`, `{{link}}`, escaped for JSON or form bodies by content type. */
  bodyTemplate: z.string().max(10_000).default('{"to":"{{phone}}","text":"{{text}}"}'),
  /** The message; `{{link}}` is the short survey link, `{{name}}` the workspace name. */
  text: ZLocalizedText.optional(),
});
export type TSmsProviderInput = z.infer<typeof ZSmsProviderInput>;
export type TSmsProviderStored = Omit<TSmsProviderInput, "headers"> & { headers: Record<string, string> };

export const ZSmsProvider = ZSmsProviderInput.omit({ headers: true }).extend({
  headerNames: z.array(z.string()),
});

export const ZOutboxItem = z.object({
  id: z.string(),
  invitationId: z.string().nullable(),
  to: z.string(),
  subject: z.string(),
  html: z.string(),
  text: z.string(),
  headers: z.record(z.string(), z.string()),
  createdAt: z.string(),
});
