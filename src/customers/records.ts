/**
 * Validated inputs → the rows the stores write. Dates are resolved in the workspace's time zone here,
 * and the checks a schema alone cannot make (an end before its start, an order in the future) are made,
 * so the JSON API and CSV imports accept and refuse exactly the same records.
 */
import { addDays, startOfLocalDay } from "../analytics/time.js";
import { newId } from "../ids.js";
import type { Attributes } from "../surveys/schema.js";
import type {
  TCostInput,
  TCustomerInput,
  TEntity,
  TOrderInput,
  TSubscriptionInput,
  TUsageEventInput,
} from "./schema.js";

/** What resolving needs: the workspace's time zone and the current time. */
export interface RecordEnv {
  timeZone: string;
  now: Date;
  /**
   * The id a customer named by external id gets if new. An import gives each customer one id (and keeps
   * the list of them); by default every record carries a fresh one.
   */
  customerId?: (externalId: string) => string;
}

/** A problem with one field of one record. */
export interface FieldProblem {
  field: string;
  message: string;
}

export type RecordResult<T> = { ok: true; record: T } | ({ ok: false } & FieldProblem);

/** Leeway for clocks: records up to a day ahead of the server's clock are accepted. */
const FUTURE_MS = 86_400_000;

/** Local midnights already resolved: imports repeat the same days many times, and resolving takes Intl. */
const midnights = new Map<string, number>();

function localMidnight(day: string, timeZone: string): number {
  const key = `${timeZone}|${day}`;
  let at = midnights.get(key);
  if (at === undefined) {
    if (midnights.size >= 20_000) midnights.clear();
    at = startOfLocalDay(day, timeZone).getTime();
    midnights.set(key, at);
  }
  return at;
}

/** The instant a {@link ZInstant} string names; local forms are read in the workspace's time zone. */
export function resolveInstant(value: string, timeZone: string): Date {
  const text = value.trim().replace(" ", "T");
  if (text.length === 10) return new Date(localMidnight(text, timeZone));
  if (/(Z|[+-]\d{2}:?\d{2})$/.test(text)) return new Date(text);
  // A wall-clock time: the start of its local day plus the time of day (exact except on a DST-change day).
  const [h = "0", m = "0", s = "0"] = text.slice(11).split(":");
  const ms = (Number(h) * 3600 + Number(m) * 60 + Number(s)) * 1000;
  return new Date(localMidnight(text.slice(0, 10), timeZone) + Math.round(ms));
}

const iso = (d: Date) => d.toISOString();
const orNull = <T>(v: T | null | undefined): T | null => v ?? null;

function notInFuture(field: string, at: Date, env: RecordEnv): FieldProblem | null {
  return at.getTime() > env.now.getTime() + FUTURE_MS
    ? { field, message: `${at.toISOString()} is in the future` }
    : null;
}

export interface CustomerRecord {
  id: string;
  external_id: string;
  email: string | null;
  phone: string | null;
  name: string | null;
  language: string | null;
  time_zone: string | null;
  attributes: Attributes;
  acquired_at: string | null;
  acquisition_channel: string | null;
  referred_by: string | null;
}

export function customerRecord(input: TCustomerInput, env: RecordEnv): RecordResult<CustomerRecord> {
  const acquired = input.createdAt ? resolveInstant(input.createdAt, env.timeZone) : null;
  const future = acquired && notInFuture("createdAt", acquired, env);
  if (future) return { ok: false, ...future };
  return {
    ok: true,
    record: {
      id: newId(),
      external_id: input.externalId,
      email: orNull(input.email),
      phone: orNull(input.phone),
      name: orNull(input.name),
      language: orNull(input.language),
      time_zone: orNull(input.timeZone),
      attributes: input.attributes ?? {},
      acquired_at: acquired && iso(acquired),
      acquisition_channel: orNull(input.acquisitionChannel),
      referred_by: orNull(input.referredBy),
    },
  };
}

/** Records that name a customer carry a fresh id for them, used only if the customer is new. */
interface CustomerLink {
  customer_external_id: string;
  customer_new_id: string;
}

export interface OrderRecord extends CustomerLink {
  id: string;
  external_id: string;
  ordered_at: string;
  amount: number;
  currency: string | null;
  product: string | null;
  category: string | null;
  quantity: number | null;
}

export function orderRecord(input: TOrderInput, env: RecordEnv): RecordResult<OrderRecord> {
  const at = resolveInstant(input.orderedAt, env.timeZone);
  const future = notInFuture("orderedAt", at, env);
  if (future) return { ok: false, ...future };
  return {
    ok: true,
    record: {
      id: newId(),
      external_id: input.externalId,
      customer_external_id: input.customerExternalId,
      customer_new_id: env.customerId?.(input.customerExternalId) ?? newId(),
      ordered_at: iso(at),
      amount: input.amount,
      currency: orNull(input.currency),
      product: orNull(input.product),
      category: orNull(input.category),
      quantity: orNull(input.quantity),
    },
  };
}

export interface SubscriptionRecord extends CustomerLink {
  id: string;
  external_id: string;
  plan: string | null;
  mrr: number;
  currency: string | null;
  started_at: string;
  ended_at: string | null;
  cancelled_at: string | null;
}

export function subscriptionRecord(
  input: TSubscriptionInput,
  env: RecordEnv,
): RecordResult<SubscriptionRecord> {
  const started = resolveInstant(input.startedAt, env.timeZone);
  const ended = input.endedAt ? resolveInstant(input.endedAt, env.timeZone) : null;
  const cancelled = input.cancelledAt ? resolveInstant(input.cancelledAt, env.timeZone) : null;
  const future = notInFuture("startedAt", started, env);
  if (future) return { ok: false, ...future };
  if (ended && ended < started)
    return { ok: false, field: "endedAt", message: "must not be before startedAt" };
  if (cancelled && cancelled < started) {
    return { ok: false, field: "cancelledAt", message: "must not be before startedAt" };
  }
  return {
    ok: true,
    record: {
      id: newId(),
      external_id: input.externalId,
      customer_external_id: input.customerExternalId,
      customer_new_id: env.customerId?.(input.customerExternalId) ?? newId(),
      plan: orNull(input.plan),
      mrr: input.mrr,
      currency: orNull(input.currency),
      started_at: iso(started),
      ended_at: ended && iso(ended),
      cancelled_at: cancelled && iso(cancelled),
    },
  };
}

export interface CostRecord {
  id: string;
  external_id: string;
  kind: string;
  name: string | null;
  period_start: string;
  /** Exclusive: the day after the last day given. */
  period_end: string;
  amount: number;
  currency: string | null;
}

export function costRecord(input: TCostInput, _env: RecordEnv): RecordResult<CostRecord> {
  if (input.periodEnd < input.periodStart) {
    return { ok: false, field: "periodEnd", message: "must not be before periodStart" };
  }
  const name = orNull(input.name);
  return {
    ok: true,
    record: {
      id: newId(),
      external_id:
        input.externalId ?? `${input.kind}:${input.periodStart}:${input.periodEnd}${name ? `:${name}` : ""}`,
      kind: input.kind,
      name,
      period_start: input.periodStart,
      period_end: addDays(input.periodEnd, 1),
      amount: input.amount,
      currency: orNull(input.currency),
    },
  };
}

export interface UsageRecord extends CustomerLink {
  id: string;
  external_id: string;
  occurred_at: string;
  name: string;
  duration: number | null;
}

export function usageRecord(input: TUsageEventInput, env: RecordEnv): RecordResult<UsageRecord> {
  const at = resolveInstant(input.occurredAt, env.timeZone);
  const future = notInFuture("occurredAt", at, env);
  if (future) return { ok: false, ...future };
  return {
    ok: true,
    record: {
      id: newId(),
      external_id: input.externalId ?? `${input.customerExternalId}|${iso(at)}|${input.name}`,
      customer_external_id: input.customerExternalId,
      customer_new_id: env.customerId?.(input.customerExternalId) ?? newId(),
      occurred_at: iso(at),
      name: input.name,
      duration: orNull(input.duration),
    },
  };
}

export interface EntityRecords {
  customers: CustomerRecord;
  orders: OrderRecord;
  subscriptions: SubscriptionRecord;
  costs: CostRecord;
  usage: UsageRecord;
}

export interface EntityInputs {
  customers: TCustomerInput;
  orders: TOrderInput;
  subscriptions: TSubscriptionInput;
  costs: TCostInput;
  usage: TUsageEventInput;
}

export const RECORD: {
  [E in TEntity]: (input: EntityInputs[E], env: RecordEnv) => RecordResult<EntityRecords[E]>;
} = {
  customers: customerRecord,
  orders: orderRecord,
  subscriptions: subscriptionRecord,
  costs: costRecord,
  usage: usageRecord,
};
