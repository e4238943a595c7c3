/**
 * Customer data the business metrics rest on: profiles, orders, subscriptions, costs and usage events.
 * One zod schema per record is the API body, the CSV row (after column mapping) and the OpenAPI type.
 */
import { z } from "zod";
import { ZCustomerRef } from "../surveys/schema.js";

/** The most records one API call (or one import chunk) carries. */
export const MAX_BATCH = 1000;

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME_RE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?$/;

function isCalendarDate(value: string): boolean {
  const [y, m, d] = value.slice(0, 10).split("-").map(Number);
  const t = new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1));
  return t.getUTCFullYear() === y && t.getUTCMonth() === (m ?? 1) - 1 && t.getUTCDate() === d;
}

/** Whether a trimmed string is a {@link ZInstant}. */
export function isInstant(value: string): boolean {
  return (DATE_RE.test(value) || DATE_TIME_RE.test(value)) && isCalendarDate(value);
}

/**
 * An instant: an ISO date-time with a zone (`2026-03-01T10:15:00Z`, `…+03:00`), a date-time without one
 * (`2026-03-01 10:15`, the workspace's local time) or a date (`2026-03-01`, the start of that local day).
 */
export const ZInstant = z.string().trim().refine(isInstant, {
  message: "expected a date (2026-03-01) or an ISO 8601 date-time (2026-03-01T10:15:00Z)",
});

/** A calendar day `YYYY-MM-DD`. */
export const ZDay = z
  .string()
  .trim()
  .refine((v) => DATE_RE.test(v) && isCalendarDate(v), { message: "expected a date like 2026-03-01" });

/** Longest external id or label. */
export const MAX_LABEL = 200;
const ZExternalId = z.string().trim().min(1).max(MAX_LABEL);
const ZLabel = z.string().trim().min(1).max(MAX_LABEL);
const ZCurrency = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{3}$/, "expected a 3-letter currency code, e.g. EUR")
  .transform((c) => c.toUpperCase());
const ZMoney = z.number({ error: "expected a number" });
const ZNonNegativeMoney = ZMoney.min(0, "must not be negative");

export const ZCustomerInput = ZCustomerRef.extend({
  /** When the customer signed up in the company's own system; defaults to their first order or subscription. */
  createdAt: ZInstant.nullish(),
  /** How the customer was acquired: ads, organic, partner… */
  acquisitionChannel: ZLabel.nullish(),
  /** The referrer's external id or a referral code; present = acquired by referral. */
  referredBy: ZLabel.nullish(),
});
export type TCustomerInput = z.infer<typeof ZCustomerInput>;

export const ZOrderInput = z.object({
  externalId: ZExternalId,
  /** The customer's external id; an unknown one creates the customer. */
  customerExternalId: ZExternalId,
  orderedAt: ZInstant,
  /** In the workspace's currency; negative for refunds. */
  amount: ZMoney,
  currency: ZCurrency.nullish(),
  product: ZLabel.nullish(),
  category: ZLabel.nullish(),
  quantity: z.number().nullish(),
});
export type TOrderInput = z.infer<typeof ZOrderInput>;

export const ZSubscriptionInput = z.object({
  externalId: ZExternalId,
  customerExternalId: ZExternalId,
  plan: ZLabel.nullish(),
  /** Monthly recurring revenue of the subscription. */
  mrr: ZNonNegativeMoney,
  currency: ZCurrency.nullish(),
  startedAt: ZInstant,
  /** When it ended (or will end, e.g. at the end of the paid period); null while running. */
  endedAt: ZInstant.nullish(),
  /** When the customer cancelled; it ends then unless endedAt says later. */
  cancelledAt: ZInstant.nullish(),
});
export type TSubscriptionInput = z.infer<typeof ZSubscriptionInput>;

export const ZCostKind = z.enum(["acquisition", "retention", "support"]);

export const ZCostInput = z.object({
  /** Defaults to kind:periodStart:periodEnd:name, so re-sending the same line replaces it. */
  externalId: ZExternalId.nullish(),
  kind: ZCostKind,
  /** What the money went to: "Search ads", "Support team"… */
  name: ZLabel.nullish(),
  /** First day of the period (workspace time zone). */
  periodStart: ZDay,
  /** Last day of the period, inclusive. */
  periodEnd: ZDay,
  amount: ZNonNegativeMoney,
  currency: ZCurrency.nullish(),
});
export type TCostInput = z.infer<typeof ZCostInput>;

export const ZUsageEventInput = z.object({
  /** Defaults to customer|occurredAt|name, so re-sending the same event adds nothing. */
  externalId: ZExternalId.nullish(),
  customerExternalId: ZExternalId,
  occurredAt: ZInstant,
  /** "session" for a visit, or the action performed: "report_exported"… */
  name: ZLabel,
  /** Seconds of activity; give it on sessions (visits). */
  duration: z.number().min(0, "must not be negative").nullish(),
});
export type TUsageEventInput = z.infer<typeof ZUsageEventInput>;

export const ENTITIES = ["customers", "orders", "subscriptions", "costs", "usage"] as const;
export const ZEntity = z.enum(ENTITIES);
export type TEntity = z.infer<typeof ZEntity>;

/** The input schema of each entity, by the plural the API and CLI name it with. */
export const ENTITY_INPUT = {
  customers: ZCustomerInput,
  orders: ZOrderInput,
  subscriptions: ZSubscriptionInput,
  costs: ZCostInput,
  usage: ZUsageEventInput,
} as const;

/** What storing a batch did. */
export const ZUpsertResult = z.object({
  inserted: z.number(),
  updated: z.number(),
});
export type TUpsertResult = z.infer<typeof ZUpsertResult>;

/** One problem of an import: the file's line (1 = header), the column and what is wrong. */
export const ZImportProblem = z.object({
  line: z.number(),
  column: z.string().optional(),
  message: z.string(),
});
export type TImportProblem = z.infer<typeof ZImportProblem>;

export const ZImportResult = ZUpsertResult.extend({
  entity: ZEntity,
  /** Data rows read (the header not counted). */
  rows: z.number(),
  /** Bad rows left out under skipBadRows. */
  skipped: z.number(),
  problems: z.array(ZImportProblem),
  dryRun: z.boolean(),
});
export type TImportResult = z.infer<typeof ZImportResult>;

export const ZImportFailure = z.object({
  error: z.object({ code: z.string(), message: z.string(), field: z.string().optional() }),
  problems: z.array(ZImportProblem),
});
